package org.borderpolice.mediation;

import java.util.EnumSet;
import java.util.Set;

/**
 * 纠纷状态: RECEIVED (已受理) → MEDIATING (调解中) → AGREED (达成协议) → RESOLVED (已化解, the
 * agreement kept). MEDIATING → FAILED (调解不成) → MEDIATING again (handed up to a higher tier) or
 * CLOSED (终结). AGREED → MEDIATING when the agreement is not kept. RECEIVED or MEDIATING →
 * WITHDRAWN (撤回). RESOLVED, CLOSED and WITHDRAWN are final.
 */
public enum DisputeStatus {
    RECEIVED,
    MEDIATING,
    AGREED,
    FAILED,
    RESOLVED,
    CLOSED,
    WITHDRAWN;

    /** The statuses this one may become. */
    public Set<DisputeStatus> next() {
        return switch (this) {
            case RECEIVED -> EnumSet.of(MEDIATING, WITHDRAWN, CLOSED);
            case MEDIATING -> EnumSet.of(AGREED, FAILED, WITHDRAWN);
            case AGREED -> EnumSet.of(RESOLVED, MEDIATING);
            case FAILED -> EnumSet.of(MEDIATING, CLOSED);
            case RESOLVED, CLOSED, WITHDRAWN -> EnumSet.noneOf(DisputeStatus.class);
        };
    }

    public boolean mayBecome(DisputeStatus to) {
        return to != null && next().contains(to);
    }

    /** Whether the change must say why (a failure, an end without agreement, going back). */
    public boolean needsReason(DisputeStatus to) {
        return to == FAILED
                || to == CLOSED
                || to == WITHDRAWN
                || (to == MEDIATING && (this == AGREED || this == FAILED));
    }

    /** No change follows. */
    public boolean isFinal() {
        return next().isEmpty();
    }
}
