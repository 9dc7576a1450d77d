package org.borderpolice.intel.mapping;

import java.util.UUID;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.intel.DisclosureRequest;

/** A disclosure request and its replication messages: the request (border.intel.v1.DisclosureRequest) and the owner's answer (DisclosureAnswer). */
public final class DisclosureMessages {

    private DisclosureMessages() {}

    public static AlertProto.DisclosureRequest toRequestMessage(DisclosureRequest r) {
        return AlertProto.DisclosureRequest.newBuilder()
                .setId(r.id.toString())
                .setRequester(r.requester)
                .setOwner(r.owner)
                .setAlertId(r.alertId.toString())
                .setReason(r.reason)
                .setRequestedBy(r.requestedBy)
                .setUnit(r.unit == null ? "" : r.unit)
                .setRequestedAt(Times.timestamp(r.requestedAt))
                .setDeadline(Times.timestamp(r.deadline))
                .build();
    }

    public static AlertProto.DisclosureAnswer toAnswerMessage(DisclosureRequest r) {
        return AlertProto.DisclosureAnswer.newBuilder()
                .setRequestId(r.id.toString())
                .setOwner(r.owner)
                .setRequester(r.requester)
                .setDecision(
                        r.status == DisclosureRequest.Status.APPROVED
                                ? AlertProto.DisclosureDecision.APPROVED
                                : AlertProto.DisclosureDecision.DENIED)
                .setReason(r.answerReason == null ? "" : r.answerReason)
                .setAnsweredBy(r.answeredBy)
                .setAnsweredAt(Times.timestamp(r.answeredAt))
                .build();
    }

    public static void copyReplica(AlertProto.DisclosureRequest m, DisclosureRequest into) {
        into.id = UUID.fromString(m.getId());
        into.requester = m.getRequester();
        into.owner = m.getOwner();
        into.alertId = UUID.fromString(m.getAlertId());
        into.reason = m.getReason();
        into.requestedBy = m.getRequestedBy();
        into.unit = Times.blankToNull(m.getUnit());
        into.requestedAt = Times.instant(m.getRequestedAt());
        into.deadline = Times.instant(m.getDeadline());
        into.status = DisclosureRequest.Status.PENDING;
    }
}
