package org.borderpolice.federation.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import org.borderpolice.federation.proto.replication.v1.RecordRef;

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
 * @param successor set on the final change of a record handed to another jurisdiction: the
 *        record that continues it (docs/ownership-transfer.md); null otherwise
 * @param predecessor set on every change of a record that continues another jurisdiction's
 *        record after a transfer; null otherwise
 */
public record RecordChange(
        String recordType,
        String recordId,
        long version,
        Instant occurredAt,
        Set<String> distribution,
        boolean tombstone,
        Message payload,
        RecordRef successor,
        RecordRef predecessor) {

    public RecordChange(
            String recordType,
            String recordId,
            long version,
            Instant occurredAt,
            Set<String> distribution,
            boolean tombstone,
            Message payload) {
        this(recordType, recordId, version, occurredAt, distribution, tombstone, payload, null, null);
    }

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

    /** This change as the final one of a record that continues as {@code next} at another jurisdiction. */
    public RecordChange withSuccessor(RecordRef next) {
        return new RecordChange(
                recordType,
                recordId,
                version,
                occurredAt,
                distribution,
                tombstone,
                payload,
                Objects.requireNonNull(next, "successor"),
                predecessor);
    }

    /** This change of a record that continues {@code previous}, another jurisdiction's record (null: none). */
    public RecordChange withPredecessor(RecordRef previous) {
        return new RecordChange(
                recordType, recordId, version, occurredAt, distribution, tombstone, payload, successor, previous);
    }

    public static RecordChange upsert(
            String recordType, String recordId, long version, Set<String> distribution, Message payload) {
        return new RecordChange(recordType, recordId, version, Instant.now(), distribution, false, payload);
    }

    public static RecordChange tombstone(String recordType, String recordId, long version, Set<String> distribution) {
        return new RecordChange(recordType, recordId, version, Instant.now(), distribution, true, null);
    }
}
