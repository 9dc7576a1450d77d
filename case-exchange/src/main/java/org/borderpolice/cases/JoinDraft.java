package org.borderpolice.cases;

/** A request to join a case as a user files it (validated at the REST boundary). */
public record JoinDraft(String caseNumber, String reason, String hitReference) {

    /** Longest hit reference kept (free text). */
    public static final int HIT_REFERENCE = 200;
}
