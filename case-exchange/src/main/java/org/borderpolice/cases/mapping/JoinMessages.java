package org.borderpolice.cases.mapping;

import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.JoinState;
import org.borderpolice.federation.proto.cases.v1.JoinProto;
import org.borderpolice.federation.replication.ProtoTime;

/** Requests to join a case and the owner's decisions on the wire (join.proto). */
public final class JoinMessages {

    private JoinMessages() {}

    /** Our request as the owner receives it. */
    public static JoinProto.JoinRequest toMessage(CaseJoinRequest r) {
        JoinProto.JoinRequest.Builder m = JoinProto.JoinRequest.newBuilder()
                .setId(r.id.toString())
                .setRequester(r.requester)
                .setCaseOrigin(r.caseOrigin)
                .setCaseNumber(r.caseNumber)
                .setReason(r.reason)
                .setRequestedBy(r.requestedBy)
                .setRequestedAt(ProtoTime.timestamp(r.requestedAt));
        if (r.hitReference != null) {
            m.setHitReference(r.hitReference);
        }
        if (r.requestedUnit != null) {
            m.setUnit(r.requestedUnit);
        }
        return m.build();
    }

    /**
     * Our decision as the requester receives it: the outcome, the reason of a denial, the case
     * joined (only when approved); never who decided or why the service refused.
     */
    public static JoinProto.JoinDecision decision(CaseJoinRequest r) {
        if (r.state == JoinState.PENDING) {
            throw new IllegalStateException("request " + r.id + " is not decided");
        }
        boolean approved = r.state == JoinState.APPROVED;
        JoinProto.JoinDecision.Builder m = JoinProto.JoinDecision.newBuilder()
                .setRequestId(r.id.toString())
                .setCaseOrigin(r.caseOrigin)
                .setRequester(r.requester)
                .setOutcome(approved ? JoinProto.JoinOutcome.JOIN_APPROVED : JoinProto.JoinOutcome.JOIN_DENIED)
                .setDecidedAt(ProtoTime.timestamp(r.decidedAt));
        if (approved) {
            m.setCaseId(r.caseId.toString());
        } else {
            m.setReason(r.decisionReason);
        }
        return m.build();
    }
}
