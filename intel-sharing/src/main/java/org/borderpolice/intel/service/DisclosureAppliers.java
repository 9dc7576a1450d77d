package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.hitcheck.HitCheckRecords;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureAnswer;
import org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureDecision;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.DisclosureRequest;
import org.borderpolice.intel.FieldRules;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.mapping.DisclosureMessages;

/**
 * Receiving ends of disclosure requests (at the owner) and answers (at the requester). A request
 * belongs to its requester, an answer to the alert's owner; neither is withdrawn, so tombstones
 * are refused, a request id held under another requester is refused, and a new request's id must
 * be one its requester created ({@link RecordIds}).
 */
public final class DisclosureAppliers {

    private DisclosureAppliers() {}

    /** A partner asks us for one of our alerts. */
    @ApplicationScoped
    public static class Requests
            extends TypedApplier<org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureRequest> {

        @Inject
        TrustList trustList;

        @Inject
        PartnerContributions contributions;

        @Inject
        HitCheckRecords hitChecks;

        @Inject
        IntelConfig config;

        public Requests() {
            super(org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureRequest.class);
        }

        @Override
        public String recordType() {
            return DisclosureService.REQUEST_TYPE;
        }

        @Override
        protected void check(
                ReplicaChange change, org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureRequest m)
                throws UnreadablePayloadException {
            if (change.tombstone()) {
                throw new UnreadablePayloadException("disclosure requests are not withdrawn");
            }
            UUID id = PayloadProblems.uuid("record_id", change.recordId());
            DisclosureRequest existing = DisclosureRequest.findById(id);
            PartnerContributions.requireMadeBy(
                    existing == null ? null : existing.requester, change.origin(), "request", id);
            if (existing == null) {
                requireCreatedBy(id, change.origin());
            }
            PayloadProblems p = new PayloadProblems("disclosure request")
                    .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                    .require(m.getRequester().equals(change.origin()), "requester", "is not the sender")
                    .require(m.getOwner().equals(trustList.selfCode()), "owner", "is not this jurisdiction")
                    .text("reason", m.getReason(), FieldRules.REASON, true, true)
                    .text("requested_by", m.getRequestedBy(), FieldRules.OFFICER, true, false)
                    .text("unit", m.getUnit(), FieldRules.UNIT, false, false)
                    .timestamp("requested_at", m.hasRequestedAt(), m.getRequestedAt())
                    .timestamp("deadline", m.hasDeadline(), m.getDeadline());
            p.throwIfAny();
            Alert alert = contributions.requireOurs(
                    Alert.findById(PayloadProblems.uuid("alert_id", m.getAlertId())), "alert_id", "alert");
            if (existing == null && alert.revokedAt != null) {
                throw new UnreadablePayloadException("the alert was revoked");
            }
            if (existing == null
                    && !hitChecks.inboundHitRecorded(change.origin(), AlertService.RECORD_TYPE, alert.id.toString())) {
                // a request follows a hit: a partner cannot ask for references it never got from us
                throw new UnreadablePayloadException("no check of " + change.origin() + " hit this alert here");
            }
        }

        @Override
        protected void applyTyped(
                List<Typed<org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureRequest>> changes) {
            for (var change : changes) {
                if (DisclosureRequest.findById(UUID.fromString(change.change().recordId())) != null) {
                    continue; // a newer copy of the requester's own request does not reopen an answered one
                }
                DisclosureRequest r = new DisclosureRequest();
                DisclosureMessages.copyReplica(change.message(), r);
                // the owner's clock and the owner's answer time decide what is new and overdue here,
                // not what the requester wrote
                r.requestedAt = java.time.Instant.now();
                r.deadline = r.requestedAt.plus(config.disclosure().answerWithin());
                r.persist();
            }
        }
    }

    /** The owner answers one of our requests. */
    @ApplicationScoped
    public static class Answers extends TypedApplier<DisclosureAnswer> {

        @Inject
        TrustList trustList;

        public Answers() {
            super(DisclosureAnswer.class);
        }

        @Override
        public String recordType() {
            return DisclosureService.ANSWER_TYPE;
        }

        @Override
        protected void check(ReplicaChange change, DisclosureAnswer m) throws UnreadablePayloadException {
            if (change.tombstone()) {
                throw new UnreadablePayloadException("disclosure answers are not withdrawn");
            }
            DisclosureRequest r = DisclosureRequest.findById(PayloadProblems.uuid("request_id", m.getRequestId()));
            if (r == null || !r.requester.equals(trustList.selfCode()) || !r.owner.equals(change.origin())) {
                throw new UnreadablePayloadException("not an answer of " + change.origin() + " to one of our requests");
            }
            new PayloadProblems("disclosure answer")
                    .require(m.getRequestId().equals(change.recordId()), "request_id", "differs from the record id")
                    .require(m.getOwner().equals(change.origin()), "owner", "is not the sender")
                    .require(m.getRequester().equals(trustList.selfCode()), "requester", "is not this jurisdiction")
                    .require(
                            m.getDecision() == DisclosureDecision.APPROVED
                                    || m.getDecision() == DisclosureDecision.DENIED,
                            "decision",
                            "must be APPROVED or DENIED")
                    .text("reason", m.getReason(), FieldRules.REASON, false, true)
                    .text("answered_by", m.getAnsweredBy(), FieldRules.OFFICER, true, false)
                    .timestamp("answered_at", m.hasAnsweredAt(), m.getAnsweredAt())
                    .throwIfAny();
        }

        @Override
        protected void applyTyped(List<Typed<DisclosureAnswer>> changes) {
            for (var change : changes) {
                DisclosureAnswer m = change.message();
                DisclosureRequest r = DisclosureRequest.findById(UUID.fromString(m.getRequestId()));
                r.status = m.getDecision() == DisclosureDecision.APPROVED
                        ? DisclosureRequest.Status.APPROVED
                        : DisclosureRequest.Status.DENIED;
                r.answeredBy = m.getAnsweredBy();
                r.answeredAt = ProtoTime.instant(m.getAnsweredAt());
                r.answerReason = m.getReason().isEmpty() ? null : m.getReason();
            }
        }
    }
}
