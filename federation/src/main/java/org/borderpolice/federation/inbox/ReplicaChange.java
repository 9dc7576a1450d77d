package org.borderpolice.federation.inbox;

import java.time.Instant;
import java.util.List;

import org.borderpolice.federation.proto.replication.v1.RecordRef;

import com.google.protobuf.Any;

/**
 * A change of a partner's record that this jurisdiction now holds: the newest version received.
 * {@code payload} is null for a tombstone. {@code successor} is set on the final change of a
 * record its owner handed to another jurisdiction, {@code predecessor} on the changes of a record
 * that continues another jurisdiction's record (docs/ownership-transfer.md); both null otherwise.
 */
public record ReplicaChange(
        String origin,
        String recordType,
        String recordId,
        long version,
        Instant occurredAt,
        List<String> distribution,
        boolean tombstone,
        Any payload,
        RecordRef successor,
        RecordRef predecessor) {

    public ReplicaChange(
            String origin,
            String recordType,
            String recordId,
            long version,
            Instant occurredAt,
            List<String> distribution,
            boolean tombstone,
            Any payload) {
        this(origin, recordType, recordId, version, occurredAt, distribution, tombstone, payload, null, null);
    }
}
