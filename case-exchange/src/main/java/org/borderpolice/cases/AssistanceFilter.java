package org.borderpolice.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * What a list of assistance requests is narrowed to (each null: any): the case, the direction
 * seen from the caller's jurisdiction, the state, the priority, overdue or not, due before.
 */
public record AssistanceFilter(
        UUID caseId,
        Direction direction,
        AssistanceState state,
        AssistancePriority priority,
        Boolean overdue,
        Instant dueBefore) {

    /** Seen from the caller's jurisdiction: requests it received (来函) or sent (去函). */
    public enum Direction {
        INCOMING,
        OUTGOING
    }
}
