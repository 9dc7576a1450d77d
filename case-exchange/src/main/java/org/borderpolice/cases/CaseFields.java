package org.borderpolice.cases;

/**
 * The limits of what case-exchange stores, shared by REST input and by the records partners send
 * (a partner's payload must pass what our own users' input must pass, or it could make the
 * database refuse a whole batch). Lengths count UTF-16 characters, as Bean Validation's
 * {@code @Size} does; each fits its column.
 */
public final class CaseFields {

    public static final int TITLE = 200;
    public static final int SUMMARY = 10_000;
    public static final int TOWNSHIP = 100;
    public static final int UNIT = 100;
    public static final int SUBJECTS = 50;
    public static final int IDENTIFIER = 64;
    public static final int LABEL = 100;
    /** An officer (token subject): created_by, answered_by, author. */
    public static final int OFFICER = 200;

    public static final int REASON = 2000;
    public static final int NOTE = 4000;
    /** Jurisdictions invited by one request (and named when filing). */
    public static final int PARTICIPANTS = 20;
    /**
     * Jurisdictions a partner's case may name (ever invited): the bound of
     * {@code border.cases.max-participants} at every jurisdiction.
     */
    public static final int PARTICIPANTS_HELD = 100;
    /**
     * Bound of a participant's answer version as an origin sends it: far beyond the answers one
     * jurisdiction gives to one case, and far from the overflow our next answer's version would hit.
     */
    public static final long ANSWER_VERSIONS = 1_000_000_000L;
    /**
     * Notes one participant writes on one case (each goes on the owner's timeline, to every
     * participant): far beyond a real investigation's, and the bound of what a partner can put
     * on our timelines.
     */
    public static final int NOTES_PER_PARTICIPANT = 2_000;

    private CaseFields() {}
}
