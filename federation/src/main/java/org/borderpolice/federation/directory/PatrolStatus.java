package org.borderpolice.federation.directory;

import java.util.Set;

/**
 * A joint patrol's status: PLANNED, then DONE (held, with a short report) or CANCELLED; both are
 * final.
 */
public enum PatrolStatus {
    PLANNED,
    DONE,
    CANCELLED;

    /** Why this status may not change to {@code next}, or null if it may. */
    public String refusal(PatrolStatus next, String report) {
        if (this != PLANNED) {
            return "the patrol is " + this + " already; nothing follows";
        }
        if (!Set.of(DONE, CANCELLED).contains(next)) {
            return "a planned patrol becomes DONE or CANCELLED";
        }
        if (next == DONE && (report == null || report.isBlank())) {
            return "a patrol held (DONE) needs a short report";
        }
        return null;
    }
}
