package org.borderpolice.cases;

import java.util.EnumSet;
import java.util.Set;

/**
 * The addressee's part of an assistance request (its own record, 协查反馈): nothing yet
 * (PENDING), ACCEPTED (受理, a named officer assigned; assigning another officer keeps it
 * ACCEPTED), DECLINED (不予协查, with a reason), ANSWERED (已反馈, findings). DECLINED and ANSWERED
 * are final; an accepted request may still be declined (the officer finds it cannot be done).
 */
public enum ResponderState {
    PENDING,
    ACCEPTED,
    DECLINED,
    ANSWERED;

    /** The states the addressee's part may move to from this one. */
    public Set<ResponderState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(ACCEPTED, DECLINED);
            case ACCEPTED -> EnumSet.of(ACCEPTED, DECLINED, ANSWERED);
            case DECLINED, ANSWERED -> EnumSet.noneOf(ResponderState.class);
        };
    }

    public boolean mayBecome(ResponderState to) {
        return next().contains(to);
    }

    public boolean isFinal() {
        return this == DECLINED || this == ANSWERED;
    }
}
