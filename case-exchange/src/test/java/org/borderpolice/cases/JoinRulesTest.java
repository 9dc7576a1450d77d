package org.borderpolice.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The rules of requests to join a case that need no container. */
class JoinRulesTest {

    static final String OWNER = "330881";
    static final String REQUESTER = "350722";

    static JointCase joint(CaseStatus status, ParticipantState... requesterStates) {
        JointCase c = new JointCase();
        c.id = JointCase.newId(OWNER);
        c.origin = OWNER;
        c.number = OWNER + "-2026-000042";
        c.status = status;
        CaseParticipant other = participant(c, "361103", ParticipantState.ACCEPTED);
        c.participants.add(other);
        for (ParticipantState s : requesterStates) {
            c.participants.add(participant(c, REQUESTER, s));
        }
        return c;
    }

    static CaseParticipant participant(JointCase c, String code, ParticipantState state) {
        CaseParticipant p = new CaseParticipant();
        p.caseId = c.id;
        p.jurisdiction = code;
        p.state = state;
        p.invitedAt = Instant.EPOCH;
        p.answerVersion = 3;
        return p;
    }

    static CaseJoinRequest request() {
        CaseJoinRequest r = new CaseJoinRequest();
        r.id = UUID.randomUUID();
        r.requester = REQUESTER;
        r.caseOrigin = OWNER;
        r.caseNumber = OWNER + "-2026-000042";
        r.reason = "同一嫌疑人";
        r.requestedBy = "pucheng-officer";
        r.requestedUnit = "浦城县公安局刑侦大队";
        r.requestedAt = Instant.EPOCH;
        r.state = JoinState.PENDING;
        return r;
    }

    @Test
    void onlyASharedOpenCaseTheRequesterDoesNotHoldMayBeJoined() {
        assertSame(JoinRules.Refusal.NO_CASE, JoinRules.refusal(null, REQUESTER, false));
        assertSame(JoinRules.Refusal.DRAFT, JoinRules.refusal(joint(CaseStatus.DRAFT), REQUESTER, false));
        assertSame(JoinRules.Refusal.CLOSED, JoinRules.refusal(joint(CaseStatus.CLOSED), REQUESTER, false));
        assertSame(JoinRules.Refusal.TRANSFER, JoinRules.refusal(joint(CaseStatus.OPEN), REQUESTER, true));
        assertSame(
                JoinRules.Refusal.PARTICIPANT,
                JoinRules.refusal(joint(CaseStatus.OPEN, ParticipantState.INVITED), REQUESTER, false));
        assertSame(
                JoinRules.Refusal.PARTICIPANT,
                JoinRules.refusal(joint(CaseStatus.INVESTIGATING, ParticipantState.ACCEPTED), REQUESTER, false));
        for (CaseStatus s :
                List.of(CaseStatus.OPEN, CaseStatus.INVESTIGATING, CaseStatus.SOLVED, CaseStatus.REOPENED)) {
            assertNull(JoinRules.refusal(joint(s), REQUESTER, false), s.toString());
            // a partner that declined or was removed may ask to come back
            assertNull(JoinRules.refusal(joint(s, ParticipantState.DECLINED), REQUESTER, false), s.toString());
            assertNull(JoinRules.refusal(joint(s, ParticipantState.REMOVED), REQUESTER, false), s.toString());
        }
    }

    @Test
    void theRequesterLearnsTheSameOfEveryCaseItMayNotJoin() {
        // no case, a draft, a closed case, one being handed over: one answer, nothing about which
        for (JoinRules.Refusal r : List.of(
                JoinRules.Refusal.NO_CASE,
                JoinRules.Refusal.DRAFT,
                JoinRules.Refusal.CLOSED,
                JoinRules.Refusal.TRANSFER)) {
            assertEquals(JoinRules.NOT_JOINABLE, r.answer(), r.toString());
        }
        assertEquals(JoinRules.ALREADY_PARTICIPANT, JoinRules.Refusal.PARTICIPANT.answer());
        CaseJoinRequest r = request();
        r.refuse(JoinRules.Refusal.CLOSED, Instant.EPOCH);
        assertEquals(JoinState.DENIED, r.state);
        assertEquals(JoinRules.NOT_JOINABLE, r.decisionReason);
        assertNull(r.decidedBy);
        assertEquals(JoinRules.Refusal.CLOSED.why, r.refusal);
    }

    @Test
    void aDecisionIsFinalAndADenialGivesAReason() {
        CaseJoinRequest r = request();
        assertThrows(IllegalArgumentException.class, () -> r.decide(false, "cmd", null, " ", Instant.EPOCH));
        assertEquals(JoinState.PENDING, r.state);
        r.decide(false, "cmd", "指挥中心", " 与本案无关 ", Instant.EPOCH);
        assertEquals(JoinState.DENIED, r.state);
        assertEquals("与本案无关", r.decisionReason);
        assertThrows(IllegalStateException.class, () -> r.decide(true, "cmd", null, null, Instant.EPOCH));
        CaseJoinRequest approved = request();
        approved.decide(true, "cmd", null, null, Instant.EPOCH);
        assertEquals(JoinState.APPROVED, approved.state);
        assertThrows(IllegalStateException.class, () -> approved.refuse(JoinRules.Refusal.NO_CASE, Instant.EPOCH));
    }

    @Test
    void joiningMakesTheRequesterAnAcceptedParticipantAsIfInvitedAndAccepted() {
        JointCase c = joint(CaseStatus.INVESTIGATING);
        Instant now = Instant.parse("2026-12-02T04:00:00Z");
        CaseParticipant p = JoinRules.join(c, request(), "jiangshan-commander", now);
        assertEquals(ParticipantState.ACCEPTED, p.state);
        assertEquals("jiangshan-commander", p.invitedBy);
        assertEquals("pucheng-officer", p.answeredBy);
        assertEquals("浦城县公安局刑侦大队", p.answerUnit);
        assertEquals(now, p.answeredAt);
        assertEquals(0, p.answerVersion);
        assertEquals(
                List.of("350722", "361103"),
                c.participants.stream().map(x -> x.jurisdiction).toList());
        assertEquals(java.util.Set.of("350722", "361103"), c.sharedWith());
        // one that had left comes back with its answers counted on
        JointCase left = joint(CaseStatus.OPEN, ParticipantState.DECLINED);
        left.participant(REQUESTER).reason = "不参与";
        CaseParticipant back = JoinRules.join(left, request(), "cmd", now);
        assertSame(left.participant(REQUESTER), back);
        assertEquals(ParticipantState.ACCEPTED, back.state);
        assertEquals(3, back.answerVersion);
        assertNull(back.reason);
        assertThrows(
                IllegalStateException.class,
                () -> JoinRules.join(joint(CaseStatus.OPEN, ParticipantState.INVITED), request(), "cmd", now));
    }
}
