package org.borderpolice.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The time rules of assistance requests: the default deadline of each priority, the reminder
 * window before it, and what is overdue (超期): an open request (SENT or ACCEPTED) whose deadline
 * has passed. Answered, declined and withdrawn requests are never overdue, however late they
 * were closed (their response time is what statistics measure).
 */
public final class AssistanceRules {

    /** The longest deadline a requester may set (a request is a matter of days, not of years). */
    public static final Duration MAX_DEADLINE = Duration.ofDays(90);

    private final Map<AssistancePriority, Duration> deadlines;
    private final ReminderWindow reminder;

    public AssistanceRules(Map<AssistancePriority, Duration> deadlines, ReminderWindow reminder) {
        this.deadlines = new EnumMap<>(AssistancePriority.class);
        for (AssistancePriority p : AssistancePriority.values()) {
            Duration d = deadlines.get(p);
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the deadline of " + p + " must be a positive time");
            }
            if (d.compareTo(MAX_DEADLINE) > 0) {
                throw new IllegalArgumentException(
                        "the deadline of " + p + " is at most " + MAX_DEADLINE.toDays() + " days");
            }
            this.deadlines.put(p, d);
        }
        this.reminder = reminder;
    }

    public Duration deadline(AssistancePriority priority) {
        return deadlines.get(priority);
    }

    /** The default deadline of a request of this priority sent at {@code sentAt}. */
    public Instant dueAt(AssistancePriority priority, Instant sentAt) {
        return sentAt.plus(deadlines.get(priority));
    }

    /**
     * Why a deadline the requester chose may not be used, or null: it must lie after the sending
     * and at most {@link #MAX_DEADLINE} after it.
     */
    public static String deadlineProblem(Instant sentAt, Instant dueAt) {
        if (!dueAt.isAfter(sentAt)) {
            return "must lie in the future";
        }
        if (Duration.between(sentAt, dueAt).compareTo(MAX_DEADLINE) > 0) {
            return "must lie at most " + MAX_DEADLINE.toDays() + " days ahead";
        }
        return null;
    }

    public static boolean overdue(AssistanceState state, Instant dueAt, Instant now) {
        return state.open() && now.isAfter(dueAt);
    }

    /** When the reminder (催办) starts. */
    public Instant remindFrom(Instant sentAt, Instant dueAt) {
        return reminder.from(sentAt, dueAt);
    }

    /** Is an open request in its reminder window (due soon, not overdue yet)? */
    public boolean reminding(AssistanceState state, Instant sentAt, Instant dueAt, Instant now) {
        return state.open() && !now.isBefore(remindFrom(sentAt, dueAt)) && !now.isAfter(dueAt);
    }

    public ReminderWindow reminder() {
        return reminder;
    }
}
