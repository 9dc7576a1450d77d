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

    /** The text as stored for indexing: its words separated by spaces. */
    public static String forIndex(String text) {
        return String.join(" ", words(text));
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
            if (!words.isEmpty()) {
                phrases.add("(" + String.join(" <-> ", words.stream().map(ChineseText::lexeme).toList()) + ")");
            }
        }
        return phrases.isEmpty() ? Optional.empty() : Optional.of(String.join(" & ", phrases));
    }

    /** A quoted tsquery lexeme; quotes and backslashes inside are escaped. */
    static String lexeme(String word) {
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
