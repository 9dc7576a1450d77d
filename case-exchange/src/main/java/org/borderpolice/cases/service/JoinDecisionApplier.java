package org.borderpolice.cases.service;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.JoinState;
import org.borderpolice.cases.repository.JoinRequestRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.JoinProto;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;

/**
 * Takes the owner's decision on our request to join its case (at the requester). Only the
 * jurisdiction our request went to decides it, once; anything else (a decision on another
 * partner's request, from a third jurisdiction, a second one, a withdrawal) is refused for good.
 */
@ApplicationScoped
public class JoinDecisionApplier extends TypedApplier<JoinProto.JoinDecision> {

    @Inject
    JoinRequestRepository requests;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    FederationConfig federation;

    @Inject
    org.borderpolice.cases.config.CasesConfig config;

    /** How far two jurisdictions' clocks may differ (border.federation.peer-stream.expiry-grace). */
    private Duration clockGrace() {
        return federation.peerStream().expiryGrace();
    }

    public JoinDecisionApplier() {
        super(JoinProto.JoinDecision.class);
    }

    @Override
    public String recordType() {
        return CaseJoins.DECISION_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, JoinProto.JoinDecision m) throws UnreadablePayloadException {
        if (change.tombstone()) {
            throw new UnreadablePayloadException("decisions on requests to join a case are not withdrawn");
        }
        String self = trustList.selfCode();
        UUID requestId = PayloadProblems.uuid("request_id", m.getRequestId());
        CaseJoinRequest r = requests.findById(requestId);
        if (r == null || !r.requester.equals(self) || !r.caseOrigin.equals(change.origin())) {
            throw new UnreadablePayloadException(
                    "request_id names no request of " + self + " to join a case of " + change.origin());
        }
        if (r.state != JoinState.PENDING && r.state != JoinState.WITHDRAWN) {
            throw new UnreadablePayloadException("request " + requestId + " is " + r.state + " already");
        }
        boolean approved = m.getOutcome() == JoinProto.JoinOutcome.JOIN_APPROVED;
        PayloadProblems problems = new PayloadProblems("join decision")
                .require(
                        change.recordId().equals(CaseJoinRequest.decisionRecordId(requestId, change.origin())),
                        "record_id",
                        "is not <request id>:<sender>")
                .require(m.getCaseOrigin().equals(change.origin()), "case_origin", "is not the sender")
                .require(m.getRequester().equals(self), "requester", "is not " + self)
                .require(
                        approved || m.getOutcome() == JoinProto.JoinOutcome.JOIN_DENIED,
                        "outcome",
                        "must be JOIN_APPROVED or JOIN_DENIED")
                .text("reason", m.getReason(), CaseFields.REASON, !approved, true)
                .timestamp("decided_at", m.hasDecidedAt(), m.getDecidedAt());
        if (approved) {
            UUID caseId = PayloadProblems.uuid("case_id", m.getCaseId());
            problems.require(RecordIds.createdBy(caseId, change.origin()), "case_id", "is no case id of the sender");
        } else {
            problems.require(m.getCaseId().isEmpty(), "case_id", "is named by a denial");
        }
        problems.throwIfAny();
        // a decision the owner made before our withdrawal reached it crossed it: it stands; one
        // made later (by the owner's clock, beyond the clocks' tolerance) would override our
        // withdrawal, and so would a backdated one arriving long after (our clock bounds that)
        if (!r.takesDecisionMadeAt(
                ProtoTime.instant(m.getDecidedAt()),
                clockGrace(),
                CaseTimes.now(),
                config.joinRequests().maxDeliveryDelay())) {
            throw new UnreadablePayloadException("request " + requestId + " was withdrawn at " + r.withdrawnAt
                    + ": a decision made after that, or arriving more than border.cases.join-requests"
                    + ".max-delivery-delay after it, is not taken");
        }
    }

    @Override
    protected void applyTyped(List<Typed<JoinProto.JoinDecision>> changes) {
        for (var typed : changes) {
            JoinProto.JoinDecision m = typed.message();
            CaseJoinRequest r = requests.lock(UUID.fromString(m.getRequestId()));
            boolean approved = m.getOutcome() == JoinProto.JoinOutcome.JOIN_APPROVED;
            // our clock: when the decision reached us
            r.decide(approved, null, null, approved ? null : m.getReason(), CaseTimes.now());
            if (approved) {
                r.caseId = UUID.fromString(m.getCaseId());
            }
            auditLog.append(new AuditEntry(
                    "service:peer@" + typed.change().origin(),
                    typed.change().origin(),
                    approved ? "case.join.approved" : "case.join.denied",
                    CaseJoins.REQUEST_TYPE,
                    r.id.toString(),
                    CaseJoins.describe(r)));
        }
    }
}
