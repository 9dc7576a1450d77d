package org.borderpolice.mediation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.validation.StorableTime;

/**
 * A mediation session as scheduled (调解会安排): when (from {@code startsAt} until before
 * {@code endsAt}), how (in person needs a place, e.g. 三山边界社会治理中心; online may name the
 * platform), and which of the team's mediators take part. A mediator is never booked for two
 * sessions that overlap ({@link #requireNoDoubleBooking}; the database's exclusion constraint
 * holds the same rule under concurrent bookings).
 */
public record SessionPlan(Instant startsAt, Instant endsAt, SessionMode mode, String place, Set<UUID> mediators) {

    public static final int PLACE = 200;
    public static final Duration LONGEST = Duration.ofHours(12);
    public static final int MAX_MEDIATORS = 20;

    /** A session already holding mediators' time. */
    public record Booking(UUID sessionId, UUID mediatorId, Instant startsAt, Instant endsAt) {}

    /** The plan from user input, checked; a refusal naming every problem. */
    public static SessionPlan of(
            Instant startsAt, Instant endsAt, SessionMode mode, String place, Collection<UUID> mediators) {
        List<String> problems = new ArrayList<>();
        if (startsAt == null) {
            problems.add("startsAt: required");
        }
        if (endsAt == null) {
            problems.add("endsAt: required");
        }
        if (!StorableTime.Range.holds(startsAt)) {
            problems.add("startsAt: must lie between 1900-01-01 and 2199-12-31");
        }
        if (!StorableTime.Range.holds(endsAt)) {
            problems.add("endsAt: must lie between 1900-01-01 and 2199-12-31");
        }
        if (startsAt != null && endsAt != null) {
            if (!endsAt.isAfter(startsAt)) {
                problems.add("endsAt: must be after startsAt");
            } else if (Duration.between(startsAt, endsAt).compareTo(LONGEST) > 0) {
                problems.add("endsAt: a session lasts at most " + LONGEST.toHours() + " hours");
            }
        }
        if (mode == null) {
            problems.add("mode: required (OFFLINE 线下 or ONLINE 线上)");
        }
        String p = place == null || place.isBlank() ? null : place.strip();
        if (p == null && mode == SessionMode.OFFLINE) {
            problems.add("place: required for a session in person (线下)");
        }
        if (p != null && (p.length() > PLACE || p.chars().anyMatch(Character::isISOControl))) {
            problems.add("place: one line of at most " + PLACE + " characters");
        }
        TreeSet<UUID> ms = new TreeSet<>();
        if (mediators == null || mediators.isEmpty()) {
            problems.add("mediators: at least one");
        } else {
            for (UUID m : mediators) {
                if (m == null) {
                    problems.add("mediators: no null entries");
                } else {
                    ms.add(m);
                }
            }
            if (ms.size() > MAX_MEDIATORS) {
                problems.add("mediators: at most " + MAX_MEDIATORS);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProblem(String.join("; ", problems));
        }
        // in order: the plan is an Idempotency-Key's fingerprint, which must not depend on the JVM
        return new SessionPlan(startsAt, endsAt, mode, p, Collections.unmodifiableSortedSet(ms));
    }

    /** Does this plan overlap the booking's time (half-open: one may end when the next starts)? */
    public boolean overlaps(Booking b) {
        return startsAt.isBefore(b.endsAt()) && b.startsAt().isBefore(endsAt);
    }

    /** The bookings of this plan's mediators that overlap it, other than those of {@code session} itself. */
    public List<Booking> conflicts(Collection<Booking> bookings, UUID session) {
        return bookings.stream()
                .filter(b -> !b.sessionId().equals(session))
                .filter(b -> mediators.contains(b.mediatorId()))
                .filter(this::overlaps)
                .toList();
    }

    /** 409 naming each mediator booked elsewhere at that time (不得重复预约). */
    public void requireNoDoubleBooking(Collection<Booking> bookings, UUID session) {
        List<Booking> conflicts = conflicts(bookings, session);
        if (!conflicts.isEmpty()) {
            throw new ConflictProblem("mediators already booked at that time (调解员时间冲突): "
                    + conflicts.stream()
                            .map(b -> b.mediatorId() + " in session " + b.sessionId() + " " + b.startsAt() + "–"
                                    + b.endsAt())
                            .toList());
        }
    }

    /** The team must hold every mediator of the session. */
    public void requireOnTeam(Collection<UUID> team) {
        Set<UUID> outside = new TreeSet<>(mediators);
        outside.removeAll(team);
        if (!outside.isEmpty()) {
            throw new ConflictProblem("mediators " + outside + " are not on the dispute's team");
        }
    }
}
