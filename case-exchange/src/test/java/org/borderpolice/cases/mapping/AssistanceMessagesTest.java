package org.borderpolice.cases.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.cases.AssistanceKind;
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceRules;
import org.borderpolice.cases.AssistanceState;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.RequesterState;
import org.borderpolice.cases.ResponderState;
import org.borderpolice.cases.SubjectRole;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.validation.SubjectKind;
import org.junit.jupiter.api.Test;

/** The two records of an assistance request on the wire and back. */
class AssistanceMessagesTest {

    static final Instant SENT = Instant.parse("2026-03-05T08:00:00.123456Z");

    static AssistanceRequest request() {
        AssistanceRequest r = new AssistanceRequest();
        r.id = UUID.randomUUID();
        r.caseId = UUID.randomUUID();
        r.caseOrigin = "330881";
        r.requester = "330881";
        r.addressee = "350722";
        r.kind = AssistanceKind.FREEZE_ASSETS;
        r.priority = AssistancePriority.URGENT;
        r.details = "请冻结该账户";
        r.subjects.add(new CaseSubject(SubjectKind.BANK_ACCOUNT, "6222021234567890123", "张某", SubjectRole.SUSPECT));
        r.requestedBy = "js-officer";
        r.requesterUnit = "江山市公安局刑侦大队";
        r.sentAt = SENT;
        r.dueAt = SENT.plusSeconds(8 * 3600);
        r.requestVersion = 1;
        return r;
    }

    @Test
    void theRequestersPartArrivesAsSent() {
        AssistanceRequest r = request();
        r.withdraw("js-chief", "已到案", SENT.plusSeconds(60));
        AssistanceProto.AssistanceRequest m = AssistanceMessages.toMessage(r);
        assertEquals(AssistanceProto.AssistanceKind.KIND_FREEZE_ASSETS, m.getKind());
        assertEquals(AssistanceProto.AssistancePriority.PRIORITY_URGENT, m.getPriority());
        Instant received = SENT.plusMillis(250);
        AssistanceRequest replica = AssistanceMessages.newReplica(m, received);
        AssistanceMessages.copyRequesterPart(m, replica);
        assertEquals(r.id, replica.id);
        assertEquals(r.caseId, replica.caseId);
        assertEquals(r.kind, replica.kind);
        assertEquals(r.priority, replica.priority);
        assertEquals(r.details, replica.details);
        // the requester's times kept as claimed; ours run from the receipt, with its span
        assertEquals(r.sentAt, replica.claimedSentAt);
        assertEquals(r.dueAt, replica.claimedDueAt);
        assertEquals(received, replica.sentAt);
        assertEquals(received.plusSeconds(8 * 3600), replica.dueAt);
        assertEquals(r.requesterUnit, replica.requesterUnit);
        assertEquals(1, replica.subjects.size());
        assertEquals(SubjectKind.BANK_ACCOUNT, replica.subjects.get(0).kind);
        assertEquals("张某", replica.subjects.get(0).label);
        assertEquals(RequesterState.WITHDRAWN, replica.requesterState);
        assertEquals("已到案", replica.withdrawalReason);
        assertEquals(ResponderState.PENDING, replica.responderState);
        assertEquals(AssistanceState.WITHDRAWN, replica.state());
    }

    @Test
    void everyKindAndPriorityHasItsValueOnTheWire() {
        for (AssistanceKind k : AssistanceKind.values()) {
            AssistanceRequest r = request();
            r.kind = k;
            assertEquals(
                    k, AssistanceMessages.kind(AssistanceMessages.toMessage(r).getKind()));
        }
        for (AssistancePriority p : AssistancePriority.values()) {
            AssistanceRequest r = request();
            r.priority = p;
            assertEquals(
                    p,
                    AssistanceMessages.priority(AssistanceMessages.toMessage(r).getPriority()));
        }
        assertNull(AssistanceMessages.kind(AssistanceProto.AssistanceKind.ASSISTANCE_KIND_UNSPECIFIED));
        assertNull(AssistanceMessages.priority(AssistanceProto.AssistancePriority.UNRECOGNIZED));
        assertNull(AssistanceMessages.responderState(AssistanceProto.ResponderState.RESPONDER_STATE_UNSPECIFIED));
    }

    @Test
    void aRequestSentBackdatedOrAheadRunsOnTheAddresseesClock() {
        Instant received = SENT;
        // backdated: sent three days ago, due an hour ago by the requester's clock
        AssistanceRequest r = request();
        r.sentAt = received.minusSeconds(3 * 86400);
        r.dueAt = received.minusSeconds(3600);
        AssistanceRequest replica = AssistanceMessages.newReplica(AssistanceMessages.toMessage(r), received);
        assertEquals(received, replica.sentAt);
        assertEquals(received.plusSeconds(3 * 86400 - 3600), replica.dueAt);
        assertFalse(AssistanceRules.overdue(replica.state(), replica.dueAt, received.plusSeconds(60)));
        assertEquals(r.dueAt, replica.claimedDueAt);
        // a clock a little ahead (the applier refuses more than a few minutes): its time stands
        r.sentAt = received.plusSeconds(120);
        r.dueAt = r.sentAt.plusSeconds(7200);
        replica = AssistanceMessages.newReplica(AssistanceMessages.toMessage(r), received);
        assertEquals(r.sentAt, replica.sentAt);
        assertEquals(r.dueAt, replica.dueAt);
    }

    @Test
    void theAddresseesPartIsTimedWhenReceivedNotByItsClock() {
        AssistanceRequest atPucheng = request();
        atPucheng.accept("王建国", "350722012", "pc-officer", "城关派出所", SENT.plusSeconds(1));
        AssistanceRequest atJiangshan = request();
        Instant acceptedHere = SENT.plusSeconds(3 * 86400);
        AssistanceMessages.copyResponderPart(AssistanceMessages.toResponse(atPucheng), atJiangshan, acceptedHere);
        assertEquals(ResponderState.ACCEPTED, atJiangshan.responderState);
        assertEquals(acceptedHere, atJiangshan.acceptedAt);
        assertNull(atJiangshan.answeredAt);

        // answered three days late, claiming a second after the sending
        atPucheng.answer("已冻结", "pc-officer", "城关派出所", SENT.plusSeconds(1));
        AssistanceProto.AssistanceResponse m = AssistanceMessages.toResponse(atPucheng);
        assertEquals(SENT.plusSeconds(1), ProtoTime.instant(m.getAnsweredAt()));
        Instant answeredHere = acceptedHere.plusSeconds(3600);
        AssistanceMessages.copyResponderPart(m, atJiangshan, answeredHere);
        assertEquals(ResponderState.ANSWERED, atJiangshan.responderState);
        assertEquals("王建国", atJiangshan.officerName);
        assertEquals("350722012", atJiangshan.officerId);
        assertEquals("已冻结", atJiangshan.findings);
        assertEquals("城关派出所", atJiangshan.responderUnit);
        assertEquals(acceptedHere, atJiangshan.acceptedAt);
        assertEquals(answeredHere, atJiangshan.answeredAt);
        assertTrue(atJiangshan.answeredAt.isAfter(atJiangshan.dueAt));
        assertNull(atJiangshan.declinedAt);
        assertEquals(AssistanceState.ANSWERED, atJiangshan.state());

        // an answer skipping the acceptance is accepted when it is answered
        AssistanceRequest direct = request();
        AssistanceMessages.copyResponderPart(m, direct, answeredHere);
        assertEquals(answeredHere, direct.acceptedAt);
        assertEquals(answeredHere, direct.answeredAt);
    }

    @Test
    void aFinalAnswerStandsAndOnlyItsRedeliveryIsTaken() {
        AssistanceRequest atPucheng = request();
        atPucheng.accept("王建国", "350722012", "pc-officer", "城关派出所", SENT.plusSeconds(60));
        atPucheng.answer("经核查，张某于3月5日入住城关某宾馆。", "pc-officer", "城关派出所", SENT.plusSeconds(120));
        AssistanceProto.AssistanceResponse answered = AssistanceMessages.toResponse(atPucheng);
        AssistanceRequest atJiangshan = request();
        Instant received = SENT.plusSeconds(180);
        AssistanceMessages.copyResponderPart(answered, atJiangshan, received);

        // the same answer again (the addressee added a file): taken, and changes nothing
        assertNull(AssistanceMessages.finalAnswerProblem(answered, atJiangshan));
        // other findings, another officer, a decline, a later time: refused
        for (AssistanceProto.AssistanceResponse changed : List.of(
                answered.toBuilder().setFindings("经核查，查无此人。").build(),
                answered.toBuilder().setOfficerName("李明").build(),
                answered.toBuilder().clearOfficerId().build(),
                answered.toBuilder()
                        .setState(AssistanceProto.ResponderState.RESPONSE_DECLINED)
                        .setDeclinedBy("pc-chief")
                        .setDeclineReason("无权限")
                        .build())) {
            assertNotNull(AssistanceMessages.finalAnswerProblem(changed, atJiangshan), changed.toString());
        }
        AssistanceMessages.copyResponderPart(
                answered.toBuilder()
                        .setFindings("经核查，查无此人。")
                        .setAnsweredAt(ProtoTime.timestamp(SENT.plusSeconds(1)))
                        .build(),
                atJiangshan,
                received.plusSeconds(3600));
        assertEquals("经核查，张某于3月5日入住城关某宾馆。", atJiangshan.findings);
        assertEquals(received, atJiangshan.answeredAt);

        // a decline is final as well
        AssistanceRequest declinedAtPucheng = request();
        declinedAtPucheng.decline("非本辖区", "pc-chief", "城关派出所", SENT.plusSeconds(60));
        AssistanceProto.AssistanceResponse declined = AssistanceMessages.toResponse(declinedAtPucheng);
        AssistanceRequest declinedAtJiangshan = request();
        AssistanceMessages.copyResponderPart(declined, declinedAtJiangshan, received);
        assertNull(AssistanceMessages.finalAnswerProblem(declined, declinedAtJiangshan));
        assertNotNull(AssistanceMessages.finalAnswerProblem(
                declined.toBuilder().setDeclineReason("另有理由").build(), declinedAtJiangshan));
        // an open request takes any forward response
        assertNull(AssistanceMessages.finalAnswerProblem(answered, request()));
    }

    @Test
    void nothingIsSentBeforeTheAddresseeActs() {
        assertThrows(IllegalArgumentException.class, () -> AssistanceMessages.toResponse(request()));
    }
}
