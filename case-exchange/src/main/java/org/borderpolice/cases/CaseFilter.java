package org.borderpolice.cases;

/**
 * Filters of the case list; null is "any". {@code participant}: a partner invited or accepted;
 * {@code overdue}: the case has (true) or has not (false) an overdue assistance request the
 * caller's jurisdiction sent or received; {@code linkedDispute}: the case opened for this escalated
 * dispute (民转刑; joint-mediation asks for it when it has not recorded the case it opened).
 */
public record CaseFilter(
        CaseStatus status,
        CaseCategory category,
        String origin,
        String participant,
        Boolean overdue,
        java.util.UUID linkedDispute) {

    public CaseFilter(CaseStatus status, CaseCategory category, String origin, String participant) {
        this(status, category, origin, participant, null, null);
    }

    public CaseFilter(CaseStatus status, CaseCategory category, String origin, String participant, Boolean overdue) {
        this(status, category, origin, participant, overdue, null);
    }
}
