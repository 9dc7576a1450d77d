package org.borderpolice.mediation;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.borderpolice.federation.problem.InvalidProblem;

/**
 * Languages as ISO 639-1 codes ({@code zh}, {@code ru}, {@code az}): what a party prefers and
 * what a mediator speaks. Chinese ({@value #CHINESE}) needs no mediator of its own: every team
 * mediates in it.
 */
public final class Languages {

    public static final String CHINESE = "zh";

    /** At most this many languages per mediator. */
    public static final int MAX = 10;

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());

    private Languages() {}

    /** The code in normal form (lower case), or a refusal naming {@code field}. */
    public static String normalize(String field, String code) {
        String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        if (!ISO_639_1.contains(c)) {
            throw new InvalidProblem(field + ": " + code + " is no ISO 639-1 language code (zh, en, ru, ...)");
        }
        return c;
    }

    /** Codes in normal form, sorted, without repeats. */
    public static Set<String> normalizeAll(String field, Collection<String> codes) {
        Set<String> out = new TreeSet<>();
        for (String code : codes) {
            out.add(normalize(field, code));
        }
        if (out.size() > MAX) {
            throw new InvalidProblem(field + ": at most " + MAX + " languages");
        }
        return out;
    }

    /** Does a party preferring this language need a mediator who speaks it? */
    public static boolean needsSpeaker(String language) {
        return language != null && !language.equals(CHINESE);
    }
}
