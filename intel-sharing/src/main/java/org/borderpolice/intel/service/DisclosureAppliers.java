package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.intel.v1.DisclosureAnswer;
import org.borderpolice.federation.proto.intel.v1.DisclosureDecision;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.DisclosureRequest;
import org.borderpolice.intel.mapping.AlertMapper;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/** Receiving ends of disclosure requests (at the owner) and answers (at the requester). */
public final class DisclosureAppliers {

    private DisclosureAppliers() {
    }

    static <T extends Message> T unpack(ReplicaChange change, Class<T> type) throws RecordApplier.UnreadablePayloadException {
        try {
            return change.payload().unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new RecordApplier.UnreadablePayloadException("not a " + type.getSimpleName());
        }
    }

    /** A partner asks us for one of our alerts. */
    @ApplicationScoped
    public static class Requests implements RecordApplier {

        @Inject
        TrustList trustList;

        @Override
        public String recordType() {
            return DisclosureService.REQUEST_TYPE;
        }

        @Override
        public void check(ReplicaChange change) throws UnreadablePayloadException {
            if (change.tombstone()) {
                return; // the inbox checks tombstones too (payload null)
            }
            var m = unpack(change, org.borderpolice.federation.proto.intel.v1.DisclosureRequest.class);
            if (!m.getRequester().equals(change.origin()) || !m.getOwner().equals(trustList.selfCode())
                    || !m.getId().equals(change.recordId())) {
                throw new UnreadablePayloadException("request not from its sender to us");
            }
            Alert alert;
            try {
                alert = Alert.findById(UUID.fromString(m.getAlertId()));
            } catch (IllegalArgumentException e) {
                throw new UnreadablePayloadException("alert_id is not a UUID");
            }
            if (alert == null || !alert.origin.equals(trustList.selfCode())) {
                throw new UnreadablePayloadException("no alert " + m.getAlertId() + " of " + trustList.selfCode());
            }
        }

        @Override
        public void apply(List<ReplicaChange> changes) {
            for (ReplicaChange change : changes) {
                if (change.tombstone() || DisclosureRequest.findById(UUID.fromString(change.recordId())) != null) {
                    continue; // requests are not withdrawn; a newer copy does not reopen an answered one
                }
                try {
                    DisclosureRequest r = new DisclosureRequest();
                    AlertMapper.copyReplica(unpack(change,
                            org.borderpolice.federation.proto.intel.v1.DisclosureRequest.class), r);
                    r.persist();
                } catch (UnreadablePayloadException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The owner answers one of our requests. */
    @ApplicationScoped
    public static class Answers implements RecordApplier {

        @Inject
        TrustList trustList;

        @Override
        public String recordType() {
            return DisclosureService.ANSWER_TYPE;
        }

        @Override
        public void check(ReplicaChange change) throws UnreadablePayloadException {
            if (change.tombstone()) {
                return; // the inbox checks tombstones too (payload null)
            }
            DisclosureAnswer m = unpack(change, DisclosureAnswer.class);
            DisclosureRequest r;
            try {
                r = DisclosureRequest.findById(UUID.fromString(m.getRequestId()));
            } catch (IllegalArgumentException e) {
                throw new UnreadablePayloadException("request_id is not a UUID");
            }
            if (r == null || !r.requester.equals(trustList.selfCode()) || !r.owner.equals(change.origin())
                    || m.getDecision() == DisclosureDecision.DISCLOSURE_DECISION_UNSPECIFIED) {
                throw new UnreadablePayloadException("not an answer of " + change.origin() + " to one of our requests");
            }
        }

        @Override
        public void apply(List<ReplicaChange> changes) {
            for (ReplicaChange change : changes) {
                if (change.tombstone()) {
                    continue;
                }
                try {
                    DisclosureAnswer m = unpack(change, DisclosureAnswer.class);
                    DisclosureRequest r = DisclosureRequest.findById(UUID.fromString(m.getRequestId()));
                    r.status = m.getDecision() == DisclosureDecision.APPROVED ? DisclosureRequest.Status.APPROVED
                            : DisclosureRequest.Status.DENIED;
                    r.answeredBy = m.getAnsweredBy();
                    r.answeredAt = AlertMapper.instantOf(m.getAnsweredAt());
                    r.answerReason = m.getReason().isEmpty() ? null : m.getReason();
                } catch (UnreadablePayloadException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
