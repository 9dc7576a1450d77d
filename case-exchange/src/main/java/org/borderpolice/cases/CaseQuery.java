package org.borderpolice.cases;

import java.time.Instant;

/**
 * A case search (案件检索): words of title, summary and timeline, and filters; null is "any". Dates
 * are half-open ranges [from, to) of when a case was filed and when it happened; {@code
 * participant}: a partner invited or accepted; {@code overdue}: the case has (true) or has not
 * (false) an overdue assistance request (超期协查) that the caller's jurisdiction sent or received.
 */
public record CaseQuery(
        String text,
        CaseStatus status,
        CaseCategory category,
        String origin,
        String participant,
        Instant filedFrom,
        Instant filedTo,
        Instant occurredFrom,
        Instant occurredTo,
        Boolean overdue) {

    /** Without the overdue filter. */
    public CaseQuery(
            String text,
            CaseStatus status,
            CaseCategory category,
            String origin,
            String participant,
            Instant filedFrom,
            Instant filedTo,
            Instant occurredFrom,
            Instant occurredTo) {
        this(text, status, category, origin, participant, filedFrom, filedTo, occurredFrom, occurredTo, null);
    }

    /** Why these filters cannot match anything a user meant, or null. */
    public String problem() {
        if (filedFrom != null && filedTo != null && !filedFrom.isBefore(filedTo)) {
            return "filedFrom must be before filedTo";
        }
        if (occurredFrom != null && occurredTo != null && !occurredFrom.isBefore(occurredTo)) {
            return "occurredFrom must be before occurredTo";
        }
        return null;
    }
}
