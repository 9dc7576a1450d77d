package org.borderpolice.intel;

import org.borderpolice.federation.http.Text;
import org.borderpolice.federation.validation.StorableTime;

import com.google.protobuf.Timestamp;

/**
 * The limits of the fields intel-sharing stores, shared by REST input and by replicas a partner
 * sends (a partner's payload must pass what our own users' input must pass, or it could make
 * the database refuse a whole batch). Lengths count UTF-16 characters, as Bean Validation's
 * {@code @Size} does, so every value also fits its column. The character and time rules are the
 * federation's, which REST input uses too.
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

    private FieldRules() {
    }

    /**
     * Why this text may not be stored, or null: what REST input refuses (federation {@code Text}:
     * control characters, DEL, C1 controls, unpaired surrogates; multi-line text may carry line
     * breaks and tabs), its length, and whether it is required.
     */
    public static String textProblem(String value, int max, boolean required, boolean multiline) {
        if (value == null || value.isBlank()) {
            return required ? "must not be blank" : null;
        }
        if (value.length() > max) {
            return "must have at most " + max + " characters";
        }
        int forbidden = Text.firstForbidden(value, multiline);
        return forbidden < 0 ? null : "must not contain " + Text.describe(value, forbidden);
    }

    /**
     * Why this protobuf timestamp may not be stored, or null: the range REST input accepts
     * (federation {@link StorableTime}), so that whatever a user may publish reaches every partner.
     */
    public static String timestampProblem(boolean present, Timestamp value) {
        if (!present) {
            return "is required";
        }
        if (value.getNanos() < 0 || value.getNanos() > 999_999_999
                || value.getSeconds() < StorableTime.Range.EARLIEST.getEpochSecond()
                || value.getSeconds() >= StorableTime.Range.END.getEpochSecond()) {
            return "must lie between " + StorableTime.Range.EARLIEST + " and " + StorableTime.Range.END + " (exclusive)";
        }
        return null;
    }
}
