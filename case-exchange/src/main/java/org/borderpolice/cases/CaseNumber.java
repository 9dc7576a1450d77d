package org.borderpolice.cases;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 案件编号 {@code <origin>-<year>-<6 digits>}, e.g. {@code 330881-2026-000123}: unique per
 * originating jurisdiction, numbered without gaps within a year (the counter row is taken in the
 * transaction that files the case).
 */
public record CaseNumber(String origin, int year, int sequence) {

    public static final Pattern FORM = Pattern.compile("([0-9]{6})-([0-9]{4})-([0-9]{6})");
    public static final int MAX_SEQUENCE = 999_999;

    public CaseNumber {
        if (origin == null || !origin.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("origin must be a six-digit code");
        }
        if (year < 1900 || year > 9999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence must be 1 to " + MAX_SEQUENCE);
        }
    }

    @Override
    public String toString() {
        return "%s-%04d-%06d".formatted(origin, year, sequence);
    }

    /** The number a text spells, or null if it is not a case number. */
    public static CaseNumber parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            return new CaseNumber(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why a partner's case number may not be stored for a case of {@code origin}, or null. */
    public static String problem(String text, String origin) {
        CaseNumber n = parse(text);
        if (n == null) {
            return "must be <origin>-<year>-<6 digits>";
        }
        return n.origin().equals(origin) ? null : "does not start with the case's origin";
    }
}
