package org.borderpolice.federation.inbox;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.Any;

/**
 * A change of a partner's record that this jurisdiction now holds: the newest version received.
 * {@code payload} is null for a tombstone.
 */
public record ReplicaChange(String origin, String recordType, String recordId, long version, Instant occurredAt,
        List<String> distribution, boolean tombstone, Any payload) {
}
