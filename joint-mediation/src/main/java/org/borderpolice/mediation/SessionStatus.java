package org.borderpolice.mediation;

import java.util.EnumSet;
import java.util.Set;

/**
 * 调解会状态: SCHEDULED → HELD (with its outcome) or → CANCELLED (with a reason). A held or
 * cancelled session does not change; only a scheduled one is moved or has its mediators changed.
 */
public enum SessionStatus {
    SCHEDULED("已安排"),
    HELD("已举行"),
    CANCELLED("已取消");

    public final String label;

    SessionStatus(String label) {
        this.label = label;
    }

    public Set<SessionStatus> next() {
        return this == SCHEDULED ? EnumSet.of(HELD, CANCELLED) : EnumSet.noneOf(SessionStatus.class);
    }

    public boolean mayBecome(SessionStatus to) {
        return next().contains(to);
    }

    /** Does the session hold its mediators' time? Only while scheduled or once held. */
    public boolean booksMediators() {
        return this != CANCELLED;
    }
}
