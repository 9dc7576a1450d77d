package org.borderpolice.cases;

/**
 * Filters of the case list; null is "any". {@code participant}: a partner invited or accepted;
 * {@code overdue}: the case has (true) or has not (false) an overdue assistance request the
 * caller's jurisdiction sent or received.
 */
public record CaseFilter(CaseStatus status, CaseCategory category, String origin, String participant, Boolean overdue) {

    public CaseFilter(CaseStatus status, CaseCategory category, String origin, String participant) {
        this(status, category, origin, participant, null);
    }
}
