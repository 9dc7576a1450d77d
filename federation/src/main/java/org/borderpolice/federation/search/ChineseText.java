package org.borderpolice.federation.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Chinese full-text search on words, not characters: text is segmented into words with Lucene's
 * smartcn analyser, stored space-separated and turned into a PostgreSQL {@code tsvector} with the
 * {@code simple} configuration; queries are segmented the same way. Each query term must occur
 * as a phrase (its words adjacent, in order), so a name the analyser splits into characters
 * still only matches where those characters stand together.
 *
 * <p>smartcn does not know the border area's place names or police vocabulary and splits them
 * into characters (浦城 becomes 浦 城, 皮卡 皮 卡). A phrase of characters is not only less precise
 * than a word: PostgreSQL estimates how many rows match it by multiplying the frequencies of its
 * characters, as if they were independent, and for a common name expects a handful of rows where
 * there are tens of thousands, then picks the wrong plan. So where smartcn's pieces of a text
 * spell a word of {@code dictionary.txt} exactly, they are joined into that word (a word smartcn
 * found itself is never cut), and the word is one lexeme with its own statistics.
 *
 * <p>The analyser sometimes glues a name to its neighbour (车主张三丰 becomes 车 主张 三 丰), and
 * then the words of the query 张三丰 never stand together. So the indexed text also carries the
 * Chinese characters of the text, in order, after its words; a query term of Chinese characters
 * matches as a word phrase or as a phrase of its characters (the characters adjacent, so a name
 * still never matches where its characters are scattered).
 *
 * <p>A police term made of words smartcn knows (烟花爆竹 = 烟花 爆竹, 监控录像 = 监控 录像) is a phrase
 * of words, which PostgreSQL estimates by multiplying its words' frequencies (for 烟花爆竹 85 rows
 * where 2,850 match); it then fetches and sorts every match instead of walking the newest first
 * (64 ms instead of 6). Joining them in the dictionary would lose the word 监控 alone, so where
 * the words of a text spell a compound of {@code compounds.txt}, adjacent and in order, the
 * compound is indexed as an extra lexeme after the characters, and a query term that is one asks
 * for it first: the compound has its own statistics. Results do not change: the compound stands
 * only where the term's characters stand together, which the character phrase matches anyway.
 */
public final class ChineseText {

    private static final Analyzer ANALYZER = new SmartChineseAnalyzer();
    private static final Set<String> DICTIONARY = readDictionary("dictionary.txt");
    private static final int LONGEST_WORD =
            DICTIONARY.stream().mapToInt(String::length).max().orElse(0);
    private static final Set<String> COMPOUNDS = readDictionary("compounds.txt");
    private static final int LONGEST_COMPOUND =
            COMPOUNDS.stream().mapToInt(String::length).max().orElse(0);

    private ChineseText() {}

    /**
     * The words of a text, in order (lower-cased, punctuation and stop words dropped), adjacent
     * pieces that spell a dictionary word joined into it.
     */
    public static List<String> words(String text) {
        List<Piece> pieces = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try (TokenStream tokens = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                pieces.add(new Piece(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return joinDictionaryWords(pieces);
    }

    /** A token of the analyser and where it stands in the text. */
    private record Piece(String text, int start, int end) {}

    /** Left to right, the longest run of touching pieces that spells a dictionary word becomes one word. */
    private static List<String> joinDictionaryWords(List<Piece> pieces) {
        List<String> words = new ArrayList<>(pieces.size());
        int i = 0;
        while (i < pieces.size()) {
            String word = pieces.get(i).text();
            int last = i;
            StringBuilder spelled = new StringBuilder(word);
            for (int j = i + 1;
                    j < pieces.size()
                            && pieces.get(j).start() == pieces.get(j - 1).end();
                    j++) {
                spelled.append(pieces.get(j).text());
                if (spelled.length() > LONGEST_WORD) {
                    break;
                }
                if (DICTIONARY.contains(spelled.toString())) {
                    word = spelled.toString();
                    last = j;
                }
            }
            words.add(word);
            i = last + 1;
        }
        return words;
    }

    private static Set<String> readDictionary(String resource) {
        Set<String> words = new HashSet<>();
        var in = ChineseText.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource + " next to " + ChineseText.class.getName());
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            lines.lines()
                    .map(line -> line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT))
                    .filter(word -> !word.isEmpty())
                    .forEach(words::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }

    /**
     * The text as stored for indexing: its words, then its Chinese characters, then the compounds
     * its words spell, separated by spaces.
     */
    public static String forIndex(String text) {
        List<String> words = words(text);
        List<String> tokens = new ArrayList<>(words);
        if (text != null) {
            tokens.addAll(characters(text));
        }
        tokens.addAll(compounds(words));
        return String.join(" ", tokens);
    }

    /** The compounds of {@code compounds.txt} that two or more adjacent words spell, in order of their start. */
    static List<String> compounds(List<String> words) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            StringBuilder spelled = new StringBuilder(words.get(i));
            for (int j = i + 1; j < words.size(); j++) {
                spelled.append(words.get(j));
                if (spelled.length() > LONGEST_COMPOUND) {
                    break;
                }
                if (COMPOUNDS.contains(spelled.toString())) {
                    found.add(spelled.toString());
                }
            }
        }
        return found;
    }

    /** The Chinese (Han) characters of a text, in order, one per element. */
    static List<String> characters(String text) {
        List<String> characters = new ArrayList<>();
        text.codePoints()
                .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                .forEach(c -> characters.add(Character.toString(c)));
        return characters;
    }

    /**
     * A {@code to_tsquery('simple', ...)} expression for a user's query: whitespace-separated
     * terms, all required; each term's words adjacent and in order. Empty if nothing searchable.
     */
    public static Optional<String> tsquery(String userQuery) {
        if (userQuery == null) {
            return Optional.empty();
        }
        List<String> phrases = new ArrayList<>();
        for (String term : userQuery.trim().split("\\s+")) {
            List<String> words = words(term);
            if (words.isEmpty()) {
                continue;
            }
            List<String> characters = characters(term);
            boolean allChinese = String.join("", characters).equals(String.join("", words));
            String compound = String.join("", words);
            if (allChinese && words.size() > 1 && COMPOUNDS.contains(compound)) {
                // the compound first: its own statistics plan the query, and it is tested first
                phrases.add("((" + lexeme(compound) + ") | (" + phrase(words) + ") | (" + phrase(characters) + "))");
            } else if (allChinese && !characters.equals(words)) {
                phrases.add("((" + phrase(words) + ") | (" + phrase(characters) + "))");
            } else {
                phrases.add("(" + phrase(words) + ")");
            }
        }
        return phrases.isEmpty() ? Optional.empty() : Optional.of(String.join(" & ", phrases));
    }

    private static String phrase(List<String> tokens) {
        return String.join(" <-> ", tokens.stream().map(ChineseText::lexeme).toList());
    }

    /** A quoted tsquery lexeme; quotes and backslashes inside are escaped. */
    static String lexeme(String word) {
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
