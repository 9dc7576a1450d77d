package org.borderpolice.cases;

/** Filters of the case list; null is "any". {@code participant}: a partner invited or accepted. */
public record CaseFilter(CaseStatus status, CaseCategory category, String origin, String participant) {}
