package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.mediation.SessionPlan.Booking;
import org.junit.jupiter.api.Test;

/** Scheduling a session: its time, place, mode, and no mediator booked twice at once. */
class SessionPlanTest {

    static final String CENTRE = "三山边界社会治理中心";
    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final UUID OTHER_SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
    static final UUID THIS_SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000f2");

    static Instant at(String time) {
        return Instant.parse("2026-12-10T" + time + ":00Z");
    }

    static SessionPlan plan(String from, String to, UUID... mediators) {
        return SessionPlan.of(at(from), at(to), SessionMode.OFFLINE, CENTRE, List.of(mediators));
    }

    @Test
    void anOverlappingBookingOfTheSameMediatorIsRefused() {
        List<Booking> booked = List.of(new Booking(OTHER_SESSION, A, at("02:00"), at("04:00")));
        ConflictProblem refused = assertThrows(
                ConflictProblem.class, () -> plan("03:00", "05:00", A, B).requireNoDoubleBooking(booked, null));
        assertTrue(refused.getMessage().contains(A.toString()), refused.getMessage());
        // inside, around, and starting together all overlap
        assertEquals(1, plan("02:30", "03:00", A).conflicts(booked, null).size());
        assertEquals(1, plan("01:00", "06:00", A).conflicts(booked, null).size());
        assertEquals(1, plan("02:00", "02:01", A).conflicts(booked, null).size());
    }

    @Test
    void backToBackSessionsAndOtherMediatorsAreFine() {
        List<Booking> booked = List.of(new Booking(OTHER_SESSION, A, at("02:00"), at("04:00")));
        assertDoesNotThrow(() -> plan("04:00", "05:00", A).requireNoDoubleBooking(booked, null));
        assertDoesNotThrow(() -> plan("00:00", "02:00", A).requireNoDoubleBooking(booked, null));
        assertDoesNotThrow(() -> plan("02:00", "04:00", B).requireNoDoubleBooking(booked, null));
    }

    @Test
    void movingASessionDoesNotConflictWithItself() {
        List<Booking> booked = List.of(new Booking(THIS_SESSION, A, at("02:00"), at("04:00")));
        assertDoesNotThrow(() -> plan("03:00", "05:00", A).requireNoDoubleBooking(booked, THIS_SESSION));
        assertThrows(ConflictProblem.class, () -> plan("03:00", "05:00", A).requireNoDoubleBooking(booked, null));
    }

    @Test
    void badTimesPlacesAndMediatorsAreRefusedAllAtOnce() {
        InvalidProblem e = assertThrows(
                InvalidProblem.class,
                () -> SessionPlan.of(at("05:00"), at("04:00"), SessionMode.OFFLINE, " ", List.of()));
        assertTrue(e.getMessage().contains("endsAt"), e.getMessage());
        assertTrue(e.getMessage().contains("place"), e.getMessage());
        assertTrue(e.getMessage().contains("mediators"), e.getMessage());
        assertThrows(InvalidProblem.class, () -> plan("00:00", "12:01", A));
        assertThrows(InvalidProblem.class, () -> plan("01:00", "01:00", A));
        assertThrows(
                InvalidProblem.class,
                () -> SessionPlan.of(at("01:00"), at("02:00"), SessionMode.OFFLINE, "三山\n中心", List.of(A)));
    }

    @Test
    void anOnlineSessionNeedsNoPlace() {
        SessionPlan online = SessionPlan.of(at("01:00"), at("02:00"), SessionMode.ONLINE, null, List.of(A, A));
        assertEquals(Set.of(A), online.mediators());
    }

    @Test
    void aSessionsMediatorsAreOnTheTeam() {
        assertDoesNotThrow(() -> plan("01:00", "02:00", A).requireOnTeam(Set.of(A, B)));
        ConflictProblem e = assertThrows(
                ConflictProblem.class, () -> plan("01:00", "02:00", A, B).requireOnTeam(Set.of(A)));
        assertTrue(e.getMessage().contains(B.toString()), e.getMessage());
    }

    /**
     * A time every partner refuses (outside 1900..2199) is refused here; the mediators are kept in
     * order, so a plan's Idempotency-Key fingerprint is the same in every JVM.
     */
    @Test
    void timesPartnersRefuseAreRefusedAndTheMediatorsAreInOrder() {
        Instant far = Instant.parse("2250-01-01T01:00:00Z");
        InvalidProblem e = assertThrows(
                InvalidProblem.class,
                () -> SessionPlan.of(far, far.plusSeconds(3600), SessionMode.ONLINE, null, List.of(A)));
        assertTrue(e.getMessage().contains("startsAt: must lie between"), e.getMessage());
        assertTrue(e.getMessage().contains("endsAt: must lie between"), e.getMessage());
        List<UUID> many = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(UUID.randomUUID());
        }
        SessionPlan plan = SessionPlan.of(at("02:00"), at("03:00"), SessionMode.ONLINE, null, many);
        assertEquals(
                new java.util.ArrayList<>(new java.util.TreeSet<>(many)), new java.util.ArrayList<>(plan.mediators()));
    }
}
