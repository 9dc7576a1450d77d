package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.intel.Sighting;
import org.borderpolice.intel.mapping.AlertMapper;

import com.google.protobuf.InvalidProtocolBufferException;

/** Receives partners' sightings and feedback on our alerts. */
@ApplicationScoped
public class SightingApplier implements RecordApplier {

    @Inject
    PartnerContributions contributions;

    @Override
    public String recordType() {
        return SightingService.RECORD_TYPE;
    }

    @Override
    public void check(ReplicaChange change) throws UnreadablePayloadException {
        if (change.tombstone()) {
            return; // the inbox checks tombstones too (payload null)
        }
        org.borderpolice.federation.proto.intel.v1.Sighting m = unpack(change);
        if (!m.getPartner().equals(change.origin()) || !m.getId().equals(change.recordId())) {
            throw new UnreadablePayloadException("sighting's partner or id differ from the event");
        }
        contributions.requireOwnAlertDistributedTo(m.getAlertId(), change.origin());
    }

    @Override
    public void apply(List<ReplicaChange> changes) {
        for (ReplicaChange change : changes) {
            Sighting existing = Sighting.findById(UUID.fromString(change.recordId()));
            if (change.tombstone()) {
                if (existing != null) {
                    existing.delete();
                }
                continue;
            }
            Sighting s = existing != null ? existing : new Sighting();
            try {
                AlertMapper.copyReplica(unpack(change), s);
            } catch (UnreadablePayloadException e) {
                throw new IllegalStateException(e);
            }
            if (existing == null) {
                s.persist();
            }
        }
    }

    private static org.borderpolice.federation.proto.intel.v1.Sighting unpack(ReplicaChange change)
            throws UnreadablePayloadException {
        try {
            return change.payload().unpack(org.borderpolice.federation.proto.intel.v1.Sighting.class);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadablePayloadException("not a border.intel.v1.Sighting");
        }
    }
}
