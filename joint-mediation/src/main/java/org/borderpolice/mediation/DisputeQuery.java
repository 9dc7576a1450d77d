package org.borderpolice.mediation;

import java.time.Instant;

/** A search of disputes: words (Chinese, segmented like the index), filters and a period of intake. */
public record DisputeQuery(String text, DisputeFilter filter, Instant reportedFrom, Instant reportedTo) {

    /** Why the query cannot run, or null. */
    public String problem() {
        if (reportedFrom != null && reportedTo != null && !reportedFrom.isBefore(reportedTo)) {
            return "reportedFrom: must be before reportedTo";
        }
        return null;
    }
}
