package org.borderpolice.federation.numbering;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A record's number {@code <origin>-<year>-<6 digits>}, e.g. {@code 330881-2026-000123}: unique per
 * originating jurisdiction, numbered without gaps within a year ({@link NumberCounter}).
 */
public record RecordNumber(String origin, int year, int sequence) {

    public static final Pattern FORM = Pattern.compile("([0-9]{6})-([0-9]{4})-([0-9]{6})");
    public static final int MAX_SEQUENCE = 999_999;
    /** The length of every number's text. */
    public static final int LENGTH = 18;

    public RecordNumber {
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

    /** The number a text spells, or null if it is not one. */
    public static RecordNumber parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            return new RecordNumber(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why a partner's number may not be stored for a record of {@code origin}, or null if it may. */
    public static String problem(String text, String origin) {
        RecordNumber n = parse(text);
        if (n == null) {
            return "must be <origin>-<year>-<6 digits>";
        }
        return n.origin().equals(origin) ? null : "does not start with the record's origin";
    }
}
