package org.borderpolice.mediation;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;

/** A session's status changes: held with an outcome, cancelled with a reason, nothing else. */
public final class SessionRules {

    public static final int REASON = 2000;

    private SessionRules() {}

    /**
     * Check the change {@code from} → {@code to}: 409 if the machine does not allow it, 400 if
     * the outcome (HELD) or the reason (CANCELLED) is missing, or an outcome is given otherwise.
     */
    public static void requireChange(SessionStatus from, SessionStatus to, SessionOutcome outcome, String reason) {
        if (to == null) {
            throw new InvalidProblem("to: required (HELD or CANCELLED)");
        }
        if (!from.mayBecome(to)) {
            throw new ConflictProblem("a session " + from + " (" + from.label + ") does not become " + to);
        }
        if (to == SessionStatus.HELD && outcome == null) {
            throw new InvalidProblem("outcome: required for a session held (调解结果)");
        }
        if (to != SessionStatus.HELD && outcome != null) {
            throw new InvalidProblem("outcome: only for a session held");
        }
        if (to == SessionStatus.CANCELLED && (reason == null || reason.isBlank())) {
            throw new InvalidProblem("reason: required to cancel a session");
        }
        if (reason != null && reason.length() > REASON) {
            throw new InvalidProblem("reason: at most " + REASON + " characters");
        }
    }

    /** A scheduled session only is moved or has its mediators changed. */
    public static void requireScheduled(SessionStatus status) {
        if (status != SessionStatus.SCHEDULED) {
            throw new ConflictProblem("a session " + status + " (" + status.label + ") does not change");
        }
    }
}
