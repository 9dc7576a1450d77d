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

    /**
     * Open requests (SENT or ACCEPTED) one jurisdiction may have at another in one case, and in all
     * cases, by default: each is a deadline and a notification for the addressee's commanders, so a
     * partner must not be able to bury them. The requester's own REST refuses the next one (409),
     * the addressee refuses a partner's above them.
     */
    public static final int OPEN_PER_CASE = 50;

    public static final int OPEN_IN_ALL = 1000;

    private final Map<AssistancePriority, Duration> deadlines;
    private final ReminderWindow reminder;
    private final int openPerCase;
    private final int openInAll;

    /** With the default caps on open requests ({@link #OPEN_PER_CASE}, {@link #OPEN_IN_ALL}). */
    public AssistanceRules(Map<AssistancePriority, Duration> deadlines, ReminderWindow reminder) {
        this(deadlines, reminder, OPEN_PER_CASE, OPEN_IN_ALL);
    }

    public AssistanceRules(
            Map<AssistancePriority, Duration> deadlines, ReminderWindow reminder, int openPerCase, int openInAll) {
        if (openPerCase < 1 || openInAll < openPerCase) {
            throw new IllegalArgumentException(
                    "max-open-per-case must be at least 1 and max-open at least max-open-per-case");
        }
        this.openPerCase = openPerCase;
        this.openInAll = openInAll;
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

    /**
     * Why one more request from the requester to the addressee would be too many, given how many
     * are open between them in the case and in all, or null.
     */
    public String openRequestsProblem(long openInCase, long openInAllCases) {
        if (openInCase >= openPerCase) {
            return openInCase + " requests to the same addressee in this case are still open (at most " + openPerCase
                    + "): wait for answers or withdraw some";
        }
        if (openInAllCases >= openInAll) {
            return openInAllCases + " requests to the same addressee are still open (at most " + openInAll
                    + "): wait for answers or withdraw some";
        }
        return null;
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
