package org.borderpolice.federation.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The directory's domain rules: the chair's rotation, who is on duty, a patrol's status, who takes part. */
class DirectoryRulesTest {

    static final List<String> PARTIES = List.of("330881", "350722", "361103");

    @Test
    void theFirstMeetingIsChairedByTheFirstParty() {
        assertEquals("330881", ChairRotation.next(PARTIES, List.of()));
    }

    @Test
    void theChairPassesToThePartyAfterTheLatestChairAndWrapsAround() {
        assertEquals("350722", ChairRotation.next(PARTIES, List.of("330881")));
        assertEquals("361103", ChairRotation.next(PARTIES, List.of("330881", "350722")));
        assertEquals("330881", ChairRotation.next(PARTIES, List.of("330881", "350722", "361103")));
        // the latest counts, not how often each chaired
        assertEquals("350722", ChairRotation.next(PARTIES, List.of("350722", "361103", "330881")));
    }

    @Test
    void aChairNoLongerAPartyIsSkippedForTheLatestOneThatIs() {
        assertEquals("361103", ChairRotation.next(PARTIES, List.of("350722", "330822")));
        assertEquals("330881", ChairRotation.next(PARTIES, List.of("330822")));
        assertThrows(IllegalArgumentException.class, () -> ChairRotation.next(List.of(), List.of()));
    }

    static final UUID TANSHI = UUID.randomUUID();
    static final UUID XINDU = UUID.randomUUID();
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static DutyRota.Shift<String> shift(UUID unit, int fromHour, int toHour, String name) {
        return new DutyRota.Shift<>(unit, T0.plusSeconds(fromHour * 3600L), T0.plusSeconds(toHour * 3600L), T0, name);
    }

    @Test
    void onDutyIsTheShiftWhoseWindowHoldsTheInstantPerUnit() {
        var shifts = List.of(shift(TANSHI, 0, 8, "夜班"), shift(TANSHI, 8, 20, "白班"), shift(XINDU, 0, 24, "全天"));
        assertEquals(List.of("白班", "全天"), DutyRota.onDuty(shifts, T0.plusSeconds(8 * 3600)));
        assertEquals(List.of("夜班", "全天"), DutyRota.onDuty(shifts, T0.plusSeconds(8 * 3600 - 1)));
        // the end is exclusive: nobody at Tanshi from 20:00
        assertEquals(List.of("全天"), DutyRota.onDuty(shifts, T0.plusSeconds(20 * 3600)));
        assertEquals(List.of(), DutyRota.onDuty(shifts, T0.plusSeconds(24 * 3600)));
    }

    @Test
    void duringAHandoverTheShiftThatStartedLastIsOnDuty() {
        var shifts = List.of(shift(TANSHI, 8, 20, "白班"), shift(TANSHI, 0, 9, "夜班延长"));
        assertEquals(List.of("白班"), DutyRota.onDuty(shifts, T0.plusSeconds(8 * 3600 + 1800)));
        var sameStart = List.of(
                new DutyRota.Shift<>(TANSHI, T0, T0.plusSeconds(3600), T0.plusSeconds(5), "后录入"),
                new DutyRota.Shift<>(TANSHI, T0, T0.plusSeconds(3600), T0, "先录入"));
        assertEquals(List.of("后录入"), DutyRota.onDuty(sameStart, T0.plusSeconds(60)));
    }

    @Test
    void aShiftEndsAfterItStartsAndLastsAtMost31Days() {
        assertNull(DutyRota.windowProblem(T0, T0.plusSeconds(1)));
        assertNotNull(DutyRota.windowProblem(T0, T0));
        assertNotNull(DutyRota.windowProblem(T0, T0.minusSeconds(1)));
        assertNull(DutyRota.windowProblem(T0, T0.plusSeconds(31L * 86400)));
        assertNotNull(DutyRota.windowProblem(T0, T0.plusSeconds(31L * 86400 + 1)));
    }

    @Test
    void aPlannedPatrolIsHeldWithAReportOrCancelledAndThenStays() {
        assertNull(PatrolStatus.PLANNED.refusal(PatrolStatus.DONE, "巡逻正常，未发现异常"));
        assertNull(PatrolStatus.PLANNED.refusal(PatrolStatus.CANCELLED, null));
        assertNotNull(PatrolStatus.PLANNED.refusal(PatrolStatus.DONE, null));
        assertNotNull(PatrolStatus.PLANNED.refusal(PatrolStatus.DONE, "  "));
        assertNotNull(PatrolStatus.PLANNED.refusal(PatrolStatus.PLANNED, null));
        assertNotNull(PatrolStatus.DONE.refusal(PatrolStatus.CANCELLED, null));
        assertNotNull(PatrolStatus.CANCELLED.refusal(PatrolStatus.DONE, "补记"));
    }

    static Liaison.Meeting meeting(String chair, List<String> parties, List<Liaison.Delegation> delegations) {
        return new Liaison.Meeting(T0, "三山边界社会治理中心", chair, "议程", parties, delegations);
    }

    @Test
    void aMeetingIsChairedAndAttendedByTheOrganiserOrItsParties() {
        assertNull(JointRules.meetingProblem("330881", meeting("350722", List.of("350722"), List.of())));
        assertNull(JointRules.meetingProblem("330881", meeting("330881", List.of("350722"), null)));
        assertNotNull(JointRules.meetingProblem("330881", meeting("361103", List.of("350722"), null)));
        assertNotNull(JointRules.meetingProblem("330881", meeting("330881", List.of("330881", "350722"), null)));
        assertNotNull(JointRules.meetingProblem("330881", meeting("330881", List.of("350722", "350722"), null)));
        assertNotNull(JointRules.meetingProblem(
                "330881",
                meeting("330881", List.of("350722"), List.of(new Liaison.Delegation("361103", List.of("张三"))))));
        assertNotNull(JointRules.meetingProblem(
                "330881",
                meeting(
                        "330881",
                        List.of("350722"),
                        List.of(
                                new Liaison.Delegation("350722", List.of("张三")),
                                new Liaison.Delegation("350722", List.of("李四"))))));
    }

    @Test
    void aPatrolsSidesAreTheOrganiserOrItsPartiesWithinAWindow() {
        var ok = new Liaison.PatrolPlan(
                T0,
                T0.plusSeconds(4 * 3600),
                "205国道浙闽交界段",
                List.of("350722"),
                List.of(
                        new Liaison.PatrolSide("330881", List.of("坛石派出所")),
                        new Liaison.PatrolSide("350722", List.of("仙阳派出所"))));
        assertNull(JointRules.patrolProblem("330881", ok));
        var stranger = new Liaison.PatrolPlan(
                T0,
                T0.plusSeconds(3600),
                "区域",
                List.of("350722"),
                List.of(new Liaison.PatrolSide("361103", List.of("某所"))));
        assertNotNull(JointRules.patrolProblem("330881", stranger));
        var backwards = new Liaison.PatrolPlan(
                T0, T0, "区域", List.of("350722"), List.of(new Liaison.PatrolSide("330881", List.of("坛石派出所"))));
        assertNotNull(JointRules.patrolProblem("330881", backwards));
    }

    @Test
    void aCountyLiesInItsOwnCodeOrUnderACityOrProvincesPrefix() {
        assertNull(Counties.problem("330881", "330881"));
        assertNotNull(Counties.problem("330881", "330822"));
        assertNotNull(Counties.problem("350722", "330881"));
        // a city-level jurisdiction holds its counties, not its neighbours'
        assertNull(Counties.problem("330800", "330881"));
        assertNull(Counties.problem("330800", "330800"));
        assertNotNull(Counties.problem("330800", "330781"));
        assertNull(Counties.problem("330000", "330881"));
        assertNotNull(Counties.problem("330000", "350722"));
    }
}
