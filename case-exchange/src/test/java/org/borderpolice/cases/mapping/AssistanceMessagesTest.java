package org.borderpolice.cases.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;

import org.borderpolice.cases.AssistanceKind;
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRequest;
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
        AssistanceRequest replica = AssistanceMessages.newReplica(m);
        AssistanceMessages.copyRequesterPart(m, replica);
        assertEquals(r.id, replica.id);
        assertEquals(r.caseId, replica.caseId);
        assertEquals(r.kind, replica.kind);
        assertEquals(r.priority, replica.priority);
        assertEquals(r.details, replica.details);
        assertEquals(r.sentAt, replica.sentAt);
        assertEquals(r.dueAt, replica.dueAt);
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
    void theAddresseesPartArrivesWithItsTimesKeptBetweenSendingAndNow() {
        AssistanceRequest atPucheng = request();
        atPucheng.accept("王建国", "350722012", "pc-officer", "城关派出所", SENT.minusSeconds(30));
        atPucheng.answer("已冻结", "pc-officer", "城关派出所", SENT.plusSeconds(7200));
        AssistanceProto.AssistanceResponse m = AssistanceMessages.toResponse(atPucheng);

        AssistanceRequest atJiangshan = request();
        Instant now = SENT.plusSeconds(3600);
        AssistanceMessages.copyResponderPart(m, atJiangshan, now);
        assertEquals(ResponderState.ANSWERED, atJiangshan.responderState);
        assertEquals("王建国", atJiangshan.officerName);
        assertEquals("350722012", atJiangshan.officerId);
        assertEquals("已冻结", atJiangshan.findings);
        assertEquals("城关派出所", atJiangshan.responderUnit);
        // a clock behind: not before the sending; a clock ahead: not after our now
        assertEquals(SENT, atJiangshan.acceptedAt);
        assertEquals(now, atJiangshan.answeredAt);
        assertNull(atJiangshan.declinedAt);
        assertEquals(AssistanceState.ANSWERED, atJiangshan.state());
        assertEquals(SENT.plusSeconds(7200), ProtoTime.instant(m.getAnsweredAt()));
    }

    @Test
    void nothingIsSentBeforeTheAddresseeActs() {
        assertThrows(IllegalArgumentException.class, () -> AssistanceMessages.toResponse(request()));
    }
}
