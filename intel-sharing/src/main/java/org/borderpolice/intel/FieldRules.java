package org.borderpolice.intel;

/**
 * The limits of the fields intel-sharing stores, shared by REST input and by replicas a partner
 * sends (a partner's payload must pass what our own users' input must pass, or it could make
 * the database refuse a whole batch). Lengths count UTF-16 characters, as Bean Validation's
 * {@code @Size} does, so every value also fits its column. The character and time rules are the
 * federation's ({@code PayloadProblems}, {@code ProtoTime}), which REST input uses too.
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

    private FieldRules() {}
}
