package org.borderpolice.federation.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.Message;

/**
 * A change of a record this jurisdiction owns, to be replicated: its full state after the change
 * (or a tombstone) and the jurisdictions allowed to hold it.
 *
 * @param recordType "&lt;category&gt;.&lt;type&gt;", e.g. "intel.alert"
 * @param recordId id of the record here (UUID text, at most 64 characters)
 * @param version version after the change, strictly increasing per record
 * @param distribution jurisdiction codes allowed to hold the record
 * @param payload full state after the change; null for a tombstone
 */
public record RecordChange(String recordType, String recordId, long version, Instant occurredAt,
        Set<String> distribution, boolean tombstone, Message payload) {

    public RecordChange {
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        distribution = Set.copyOf(distribution);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
        if (tombstone != (payload == null)) {
            throw new IllegalArgumentException("a tombstone has no payload, any other change has one");
        }
    }

    public static RecordChange upsert(String recordType, String recordId, long version, Set<String> distribution,
            Message payload) {
        return new RecordChange(recordType, recordId, version, Instant.now(), distribution, false, payload);
    }

    public static RecordChange tombstone(String recordType, String recordId, long version, Set<String> distribution) {
        return new RecordChange(recordType, recordId, version, Instant.now(), distribution, true, null);
    }
}
