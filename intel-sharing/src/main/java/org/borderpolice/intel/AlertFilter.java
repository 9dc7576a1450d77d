package org.borderpolice.intel;

import java.time.Instant;

/**
 * Filters of the analyst query (预警检索条件); null means "any".
 *
 * @param text words to find in title and body (all terms required, each as a phrase)
 * @param subject part of a subject identifier (ID number, plate, phone, account)
 */
public record AlertFilter(
        String text,
        Severity severity,
        AlertCategory category,
        String origin,
        AlertStatus status,
        Instant activeAt,
        String subject) {

    /** The same filters without any: every alert the caller may see. */
    public static AlertFilter none() {
        return new AlertFilter(null, null, null, null, null, null, null);
    }

    /** Subject identifiers are matched in normal form: upper case, no spaces, dots or dashes. */
    public static String normaliseIdentifier(String raw) {
        return raw == null ? null : raw.replaceAll("[\\s·.\\-]", "").toUpperCase(java.util.Locale.ROOT);
    }
}
