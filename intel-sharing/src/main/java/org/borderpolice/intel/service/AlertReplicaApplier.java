package org.borderpolice.intel.service;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.mapping.AlertMapper;
import org.borderpolice.intel.repository.AlertRepository;

import com.google.protobuf.InvalidProtocolBufferException;

/** Keeps partners' alerts: the newest state replaces the replica, a tombstone removes it. */
@ApplicationScoped
public class AlertReplicaApplier implements RecordApplier {

    @Inject
    AlertRepository alerts;

    @Inject
    SubjectIndexer subjectIndexer;

    @Override
    public String recordType() {
        return AlertService.RECORD_TYPE;
    }

    @Override
    public void check(ReplicaChange change) throws UnreadablePayloadException {
        if (change.tombstone()) {
            return; // the inbox checks tombstones too (payload null)
        }
        try {
            var message = change.payload().unpack(org.borderpolice.federation.proto.intel.v1.Alert.class);
            if (!message.getId().equals(change.recordId()) || !message.getOrigin().equals(change.origin())) {
                throw new UnreadablePayloadException("alert id/origin differ from the event's record id/origin");
            }
            UUID.fromString(message.getId());
            AlertMapper.copyReplica(message, new Alert());
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new UnreadablePayloadException("not a border.intel.v1.Alert: " + e.getMessage());
        }
    }

    @Override
    public void apply(List<ReplicaChange> changes) {
        Map<UUID, Alert> kept = new LinkedHashMap<>();
        Set<UUID> created = new HashSet<>();
        for (ReplicaChange change : changes) {
            UUID id = UUID.fromString(change.recordId());
            Alert existing = alerts.findById(id);
            if (existing != null && !existing.origin.equals(change.origin())) {
                // an id clash with a record of another origin: never overwrite it
                throw new IllegalStateException("alert " + id + " exists with origin " + existing.origin);
            }
            if (change.tombstone()) {
                if (existing != null) {
                    alerts.delete(existing);
                }
                kept.remove(id);
                continue;
            }
            Alert replica = existing != null ? existing : new Alert();
            try {
                AlertMapper.copyReplica(change.payload().unpack(org.borderpolice.federation.proto.intel.v1.Alert.class),
                        replica);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("checked payload became unreadable", e);
            }
            replica.index();
            if (existing == null) {
                alerts.persist(replica);
                created.add(id);
            }
            kept.put(id, replica);
        }
        subjectIndexer.index(kept.values(), created);
    }
}
