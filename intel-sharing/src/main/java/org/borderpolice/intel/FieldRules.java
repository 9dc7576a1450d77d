package org.borderpolice.intel;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/**
 * The limits of the fields intel-sharing stores, shared by REST input and by replicas a partner
 * sends (a partner's payload must pass what our own users' input must pass, or it could make
 * the database refuse a whole batch). Lengths count UTF-16 characters, as Bean Validation's
 * {@code @Size} does, so every value also fits its column.
 */
public final class FieldRules {

    public static final int TITLE = 200;
    public static final int BODY = 10_000;
    public static final int UNIT = 100;
    public static final int SUBJECTS = 50;
    public static final int IDENTIFIER = 64;
    public static final int LABEL = 100;
    /** An officer's name or subject (acknowledged_by, reported_by, requested_by, answered_by). */
    public static final int OFFICER = 200;
    public static final int NOTE = 1000;
    public static final int PLACE = 200;
    public static final int DESCRIPTION = 4000;
    public static final int REASON = 2000;
    /** Jurisdictions in one record's distribution. */
    public static final int DISTRIBUTION = 100;

    /** Timestamps outside these are refused: no record of the suite predates 2000, and PostgreSQL and ISO-8601 end at 9999. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private FieldRules() {
    }

    /**
     * Why this text may not be stored, or null. Control characters are refused (NUL cannot be
     * stored by PostgreSQL at all); multi-line text may carry line breaks and tabs.
     */
    public static String textProblem(String value, int max, boolean required, boolean multiline) {
        if (value == null || value.isBlank()) {
            return required ? "must not be blank" : null;
        }
        if (value.length() > max) {
            return "must have at most " + max + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return "must not contain control characters (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    /** Why this instant may not be stored, or null. */
    public static String instantProblem(Instant value) {
        if (value == null) {
            return "is required";
        }
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            return "must be between " + EARLIEST + " and " + LATEST;
        }
        return null;
    }

    /** As {@link #instantProblem(Instant)} for a protobuf timestamp; absent if {@code present} is false. */
    public static String timestampProblem(boolean present, Timestamp value) {
        if (!present) {
            return "is required";
        }
        if (value.getNanos() < 0 || value.getNanos() > 999_999_999
                || value.getSeconds() < EARLIEST.getEpochSecond() || value.getSeconds() > LATEST.getEpochSecond()) {
            return "must be between " + EARLIEST + " and " + LATEST;
        }
        return null;
    }
}
