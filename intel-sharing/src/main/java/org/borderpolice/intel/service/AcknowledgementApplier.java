package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.intel.Acknowledgement;
import org.borderpolice.intel.mapping.AlertMapper;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Receives partners' acknowledgements of our alerts. Refused for good: an acknowledgement of an
 * alert that is not ours, or that was not distributed to the acknowledging partner.
 */
@ApplicationScoped
public class AcknowledgementApplier implements RecordApplier {

    @Inject
    PartnerContributions contributions;

    @Override
    public String recordType() {
        return AcknowledgementService.RECORD_TYPE;
    }

    @Override
    public void check(ReplicaChange change) throws UnreadablePayloadException {
        if (change.tombstone()) {
            return; // the inbox checks tombstones too (payload null)
        }
        org.borderpolice.federation.proto.intel.v1.Acknowledgement m = unpack(change);
        if (!m.getPartner().equals(change.origin())) {
            throw new UnreadablePayloadException("acknowledgement of " + m.getPartner() + " sent by " + change.origin());
        }
        if (!change.recordId().equals(m.getAlertId() + ":" + m.getPartner())) {
            throw new UnreadablePayloadException("record id does not name the alert and partner");
        }
        contributions.requireOwnAlertDistributedTo(m.getAlertId(), change.origin());
    }

    @Override
    public void apply(List<ReplicaChange> changes) {
        for (ReplicaChange change : changes) {
            String[] key = change.recordId().split(":");
            Acknowledgement.Key id = new Acknowledgement.Key(UUID.fromString(key[0]), key[1]);
            Acknowledgement existing = Acknowledgement.findById(id);
            if (change.tombstone()) {
                if (existing != null) {
                    existing.delete();
                }
                continue;
            }
            Acknowledgement ack = existing != null ? existing : new Acknowledgement();
            try {
                AlertMapper.copyReplica(unpack(change), ack);
            } catch (UnreadablePayloadException e) {
                throw new IllegalStateException(e);
            }
            if (existing == null) {
                ack.persist();
            }
        }
    }

    private static org.borderpolice.federation.proto.intel.v1.Acknowledgement unpack(ReplicaChange change)
            throws UnreadablePayloadException {
        try {
            return change.payload().unpack(org.borderpolice.federation.proto.intel.v1.Acknowledgement.class);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadablePayloadException("not a border.intel.v1.Acknowledgement");
        }
    }
}
