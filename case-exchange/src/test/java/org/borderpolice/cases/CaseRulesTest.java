package org.borderpolice.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.SubjectKind;
import org.junit.jupiter.api.Test;

/** The rules of a joint case that need no container: status machine, numbers, amounts, participants, subjects. */
class CaseRulesTest {

    @Test
    void theStatusMachineAllowsExactlyTheDocumentedChanges() {
        Set<String> allowed = Set.of(
                "DRAFT>OPEN",
                "OPEN>INVESTIGATING",
                "INVESTIGATING>SOLVED",
                "INVESTIGATING>CLOSED",
                "SOLVED>CLOSED",
                "SOLVED>REOPENED",
                "CLOSED>REOPENED",
                "REOPENED>INVESTIGATING");
        for (CaseStatus from : CaseStatus.values()) {
            for (CaseStatus to : CaseStatus.values()) {
                assertEquals(allowed.contains(from + ">" + to), from.mayBecome(to), from + " -> " + to);
            }
        }
    }

    @Test
    void reopeningAndClosingUnsolvedNeedAReasonAndClosingAndReopeningACommander() {
        assertTrue(CaseStatus.SOLVED.needsReason(CaseStatus.REOPENED));
        assertTrue(CaseStatus.CLOSED.needsReason(CaseStatus.REOPENED));
        assertTrue(CaseStatus.INVESTIGATING.needsReason(CaseStatus.CLOSED));
        assertFalse(CaseStatus.SOLVED.needsReason(CaseStatus.CLOSED));
        assertFalse(CaseStatus.DRAFT.needsReason(CaseStatus.OPEN));
        assertFalse(CaseStatus.INVESTIGATING.needsReason(CaseStatus.SOLVED));
        assertEquals(
                EnumSet.of(CaseStatus.CLOSED, CaseStatus.REOPENED),
                EnumSet.copyOf(List.of(CaseStatus.values()).stream()
                        .filter(CaseStatus::needsCommander)
                        .toList()));
        assertFalse(CaseStatus.CLOSED.changeable());
        assertTrue(CaseStatus.REOPENED.changeable());
        assertFalse(CaseStatus.DRAFT.shared());
        assertTrue(CaseStatus.OPEN.shared());
    }

    @Test
    void changingStatusSetsAndClearsTheSolvedAndClosedTimes() {
        JointCase c = new JointCase();
        c.status = CaseStatus.INVESTIGATING;
        Instant solved = Instant.parse("2026-03-01T08:00:00Z");
        c.changeStatus(CaseStatus.SOLVED, solved);
        assertEquals(solved, c.solvedAt);
        assertEquals(solved, c.statusChangedAt);
        Instant closed = Instant.parse("2026-03-05T08:00:00Z");
        c.changeStatus(CaseStatus.CLOSED, closed);
        assertEquals(solved, c.solvedAt);
        assertEquals(closed, c.closedAt);
        c.changeStatus(CaseStatus.REOPENED, Instant.parse("2026-04-01T08:00:00Z"));
        assertNull(c.solvedAt);
        assertNull(c.closedAt);
        assertThrows(IllegalStateException.class, () -> c.changeStatus(CaseStatus.SOLVED, Instant.now()));
        assertEquals(CaseStatus.REOPENED, c.status, "a refused change leaves the status");
    }

    @Test
    void caseNumbersHaveTheOriginTheYearAndSixDigits() {
        assertEquals("330881-2026-000123", new RecordNumber("330881", 2026, 123).toString());
        assertEquals(new RecordNumber("350722", 2027, 999_999), RecordNumber.parse("350722-2027-999999"));
        assertNull(RecordNumber.parse("330881-2026-0001234"));
        assertNull(RecordNumber.parse("330881-2026-000000"), "numbers start at 1");
        assertNull(RecordNumber.parse("33088-2026-000001"));
        assertNull(RecordNumber.parse("330881-26-000001"));
        assertNull(RecordNumber.problem("350722-2026-000001", "350722"));
        assertNotNull(RecordNumber.problem("330881-2026-000001", "350722"), "another origin's number");
        assertThrows(IllegalArgumentException.class, () -> new RecordNumber("330881", 2026, 1_000_000));
    }

    @Test
    void amountsAreExactNonNegativeYuanWithAtMostTwoPlaces() {
        assertNull(Amounts.problem(new BigDecimal("125000.50")));
        assertNull(Amounts.problem(new BigDecimal("0")));
        assertNull(Amounts.problem(new BigDecimal("1.500")), "trailing zeros are no third place");
        assertNull(Amounts.problem(new BigDecimal("99999999999999.99")));
        assertNotNull(Amounts.problem(new BigDecimal("-0.01")));
        assertNotNull(Amounts.problem(new BigDecimal("0.001")));
        assertNotNull(Amounts.problem(new BigDecimal("100000000000000")));
        assertEquals("125000.50", Amounts.text(new BigDecimal("125000.5")));
        assertEquals("0.00", Amounts.text(null));
        assertEquals(new BigDecimal("0.10"), Amounts.parse("0.1"));
        assertNull(Amounts.parse("-1"));
        assertNull(Amounts.parse("1e3"));
        assertNull(Amounts.parse("1.234"));
        assertNull(Amounts.parse(""));
    }

    @Test
    void onlyInvitedAndAcceptedPartnersOfACaseThatIsNoDraftHoldIt() {
        JointCase c = new JointCase();
        c.id = UUID.randomUUID();
        c.status = CaseStatus.DRAFT;
        c.participants = List.of(
                participant(c, "350722", ParticipantState.INVITED),
                participant(c, "361103", ParticipantState.ACCEPTED),
                participant(c, "330822", ParticipantState.DECLINED),
                participant(c, "361123", ParticipantState.REMOVED));
        assertEquals(Set.of(), c.sharedWith(), "a draft is ours alone");
        c.status = CaseStatus.OPEN;
        assertEquals(Set.of("350722", "361103"), c.sharedWith());
        c.status = CaseStatus.CLOSED;
        assertEquals(Set.of("350722", "361103"), c.sharedWith(), "a closed case stays with its participants");
    }

    @Test
    void anInvitedPartnerAcceptsOrDeclinesAndAnAcceptedOneOnlyLeaves() {
        JointCase c = new JointCase();
        c.id = UUID.randomUUID();
        assertNull(participant(c, "350722", ParticipantState.INVITED).answerProblem(true));
        assertNull(participant(c, "350722", ParticipantState.INVITED).answerProblem(false));
        assertNotNull(participant(c, "350722", ParticipantState.ACCEPTED).answerProblem(true));
        assertNull(participant(c, "350722", ParticipantState.ACCEPTED).answerProblem(false));
        assertNotNull(participant(c, "350722", ParticipantState.DECLINED).answerProblem(true));
        assertNotNull(participant(c, "350722", ParticipantState.REMOVED).answerProblem(false));
        assertEquals(c.id + ":350722", CaseParticipant.answerRecordId(c.id, "350722"));
    }

    @Test
    void subjectsAreValidatedAndNormalisedByTheirKind() {
        assertNull(CaseSubject.problem(SubjectKind.PERSON, "330881199001011238"));
        assertNotNull(CaseSubject.problem(SubjectKind.PERSON, "330881199001011239"), "wrong check character");
        assertNull(CaseSubject.problem(SubjectKind.VEHICLE, "浙H12345"));
        assertNotNull(CaseSubject.problem(SubjectKind.VEHICLE, "ABC"));
        assertNull(CaseSubject.problem(SubjectKind.PHONE, "13800138000"));
        assertNotNull(CaseSubject.problem(SubjectKind.PHONE, "23800138000"));
        assertNull(CaseSubject.problem(SubjectKind.BANK_ACCOUNT, "6222 0212 3456 7890"));
        assertNotNull(CaseSubject.problem(null, "x"));
        CaseSubject s = CaseSubject.normalised(SubjectKind.VEHICLE, " 浙h·12345 ", "  ", SubjectRole.SUSPECT);
        assertEquals("浙H12345", s.value);
        assertNull(s.label);
        assertEquals(
                "6222021234567890",
                CaseSubject.normalised(SubjectKind.BANK_ACCOUNT, "6222-0212-3456-7890", null, SubjectRole.VICTIM)
                        .value);
    }

    private static CaseParticipant participant(JointCase c, String code, ParticipantState state) {
        CaseParticipant p = new CaseParticipant();
        p.caseId = c.id;
        p.jurisdiction = code;
        p.state = state;
        return p;
    }
}
