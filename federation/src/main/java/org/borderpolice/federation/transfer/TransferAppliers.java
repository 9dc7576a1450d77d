package org.borderpolice.federation.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.RecordApplierSource;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.transfer.v1.Decision;
import org.borderpolice.federation.proto.transfer.v1.OfferState;
import org.borderpolice.federation.proto.transfer.v1.TransferAnswer;
import org.borderpolice.federation.proto.transfer.v1.TransferOffer;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The inbox's side of the handshake: for each transferable record type, an applier of partners'
 * offers ("&lt;type&gt;.transfer-offer", kept at the addressee) and one of answers
 * ("&lt;type&gt;.transfer-answer", taken by the offering jurisdiction, which closes its record on
 * an acceptance of its open offer, in the same transaction).
 */
@ApplicationScoped
public class TransferAppliers implements RecordApplierSource {

    @Inject
    Transfers transfers;

    @Inject
    TrustList trustList;

    @Override
    public List<RecordApplier> appliers() {
        List<RecordApplier> appliers = new ArrayList<>();
        for (String type : transfers.transferableTypes()) {
            appliers.add(new Offers(type));
            appliers.add(new Answers(type));
        }
        return appliers;
    }

    private static void offerId(ReplicaChange change) throws RecordApplier.UnreadablePayloadException {
        try {
            UUID.fromString(change.recordId());
        } catch (IllegalArgumentException e) {
            throw new RecordApplier.UnreadablePayloadException("an offer's id (and its answer's) is a UUID");
        }
        if (change.tombstone()) {
            throw new RecordApplier.UnreadablePayloadException(
                    "an offer is withdrawn and an answer given, never deleted");
        }
    }

    final class Offers implements RecordApplier {

        private final String recordType;

        Offers(String recordType) {
            this.recordType = recordType;
        }

        @Override
        public String recordType() {
            return Transfers.offerType(recordType);
        }

        @Override
        public void check(ReplicaChange change) throws UnreadablePayloadException {
            offerId(change);
            TransferOffer offer = unpack(change);
            if (!offer.getRecordType().equals(recordType)) {
                throw new UnreadablePayloadException("the offer names another record type than its own");
            }
            if (!Transfers.RECORD_ID.matcher(offer.getRecordId()).matches()) {
                throw new UnreadablePayloadException("the offered record_id is not a record id");
            }
            if (offer.getVersionOffered() < 1) {
                throw new UnreadablePayloadException("version_offered must be at least 1");
            }
            if (!offer.getAddressee().equals(trustList.selfCode())) {
                throw new UnreadablePayloadException("an offer goes to its addressee only");
            }
            if (offer.getState() != OfferState.OFFERED && offer.getState() != OfferState.WITHDRAWN) {
                throw new UnreadablePayloadException("an offer's state is OFFERED or WITHDRAWN");
            }
            String reasonProblem = PayloadProblems.textProblem(offer.getReason(), OfferRules.MAX_REASON, false, true);
            if (reasonProblem != null) {
                throw new UnreadablePayloadException("reason " + reasonProblem);
            }
            if (offer.getDistributionCount() > 100
                    || !offer.getDistributionList().contains(offer.getAddressee())
                    || !offer.getDistributionList().stream().allMatch(DivisionCodes::isValid)) {
                throw new UnreadablePayloadException(
                        "the offered record's distribution must be GB/T 2260 codes that " + "include the addressee");
            }
            String stateRefusal = transfers.offerStateRefusal(change.origin(), change.recordId(), offer);
            if (stateRefusal != null) {
                throw new UnreadablePayloadException(stateRefusal);
            }
        }

        @Override
        public void apply(List<ReplicaChange> changes) {
            for (ReplicaChange change : changes) {
                transfers.takeOffer(change.origin(), change.recordId(), change.version(), read(change));
            }
        }

        private TransferOffer unpack(ReplicaChange change) throws UnreadablePayloadException {
            if (!change.payload().is(TransferOffer.class)) {
                throw new UnreadablePayloadException(
                        "expected " + TransferOffer.getDescriptor().getFullName());
            }
            try {
                return change.payload().unpack(TransferOffer.class);
            } catch (InvalidProtocolBufferException e) {
                throw new UnreadablePayloadException("the offer cannot be read");
            }
        }

        private TransferOffer read(ReplicaChange change) {
            try {
                return unpack(change);
            } catch (UnreadablePayloadException e) {
                throw new IllegalStateException("checked offer unreadable", e);
            }
        }
    }

    final class Answers implements RecordApplier {

        private final String recordType;

        Answers(String recordType) {
            this.recordType = recordType;
        }

        @Override
        public String recordType() {
            return Transfers.answerType(recordType);
        }

        @Override
        public void check(ReplicaChange change) throws UnreadablePayloadException {
            offerId(change);
            TransferAnswer answer = unpack(change);
            if (answer.getDecision() != Decision.ACCEPTED && answer.getDecision() != Decision.DECLINED) {
                throw new UnreadablePayloadException("an answer accepts or declines");
            }
            String refusal = transfers.answerRefusal(change.origin(), recordType, change.recordId(), answer);
            if (refusal != null) {
                throw new UnreadablePayloadException(refusal);
            }
        }

        @Override
        public void apply(List<ReplicaChange> changes) {
            for (ReplicaChange change : changes) {
                try {
                    transfers.takeAnswer(change.origin(), change.recordId(), unpack(change));
                } catch (UnreadablePayloadException e) {
                    throw new IllegalStateException("checked answer unreadable", e);
                }
            }
        }

        private TransferAnswer unpack(ReplicaChange change) throws UnreadablePayloadException {
            if (!change.payload().is(TransferAnswer.class)) {
                throw new UnreadablePayloadException(
                        "expected " + TransferAnswer.getDescriptor().getFullName());
            }
            try {
                return change.payload().unpack(TransferAnswer.class);
            } catch (InvalidProtocolBufferException e) {
                throw new UnreadablePayloadException("the answer cannot be read");
            }
        }
    }
}
