package org.borderpolice.federation.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Chinese full-text search on words, not characters: text is segmented into words with Lucene's
 * smartcn analyser, stored space-separated and turned into a PostgreSQL {@code tsvector} with the
 * {@code simple} configuration; queries are segmented the same way. Each query term must occur
 * as a phrase (its words adjacent, in order), so a name the analyser splits into characters
 * still only matches where those characters stand together.
 *
 * <p>The analyser sometimes glues a name to its neighbour (车主张三丰 becomes 车 主张 三 丰), and
 * then the words of the query 张三丰 never stand together. So the indexed text also carries the
 * Chinese characters of the text, in order, after its words; a query term of Chinese characters
 * matches as a word phrase or as a phrase of its characters (the characters adjacent, so a name
 * still never matches where its characters are scattered).
 */
public final class ChineseText {

    private static final Analyzer ANALYZER = new SmartChineseAnalyzer();

    private ChineseText() {
    }

    /** The words of a text, in order (lower-cased, punctuation and stop words dropped). */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return words;
        }
        try (TokenStream tokens = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                words.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** The text as stored for indexing: its words, then its Chinese characters, separated by spaces. */
    public static String forIndex(String text) {
        List<String> tokens = words(text);
        if (text != null) {
            tokens.addAll(characters(text));
        }
        return String.join(" ", tokens);
    }

    /** The Chinese (Han) characters of a text, in order, one per element. */
    static List<String> characters(String text) {
        List<String> characters = new ArrayList<>();
        text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
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
            if (allChinese && !characters.equals(words)) {
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
