package org.borderpolice.federation.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.replication.ProtoTime;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

/**
 * The replication event of an outbox row, built once here for both ends of the outbox: the
 * publisher measures it (its exact encoded size goes into the row) and the relay sends it, so a
 * batch cut by the sum of the rows' sizes is exactly as large as the message that carries it.
 */
final class OutboxEvents {

    private OutboxEvents() {}

    /** What the database keeps of a time (microseconds): an event measured before it is stored is the one sent. */
    static Instant storable(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static ReplicationEvent event(
            UUID eventId,
            String origin,
            String recordType,
            String recordId,
            long version,
            Instant occurredAt,
            String[] distribution,
            boolean tombstone,
            String payloadType,
            byte[] payload) {
        return event(
                eventId,
                origin,
                recordType,
                recordId,
                version,
                occurredAt,
                distribution,
                tombstone,
                payloadType,
                payload,
                null);
    }

    static ReplicationEvent event(
            UUID eventId,
            String origin,
            String recordType,
            String recordId,
            long version,
            Instant occurredAt,
            String[] distribution,
            boolean tombstone,
            String payloadType,
            byte[] payload,
            byte[] links) {
        ReplicationEvent.Builder event = ReplicationEvent.newBuilder()
                .setEventId(eventId.toString())
                .setOrigin(origin)
                .setRecordType(recordType)
                .setRecordId(recordId)
                .setVersion(version)
                .setOccurredAt(ProtoTime.timestamp(occurredAt))
                .addAllDistribution(Arrays.asList(distribution))
                .setTombstone(tombstone);
        if (payload != null) {
            event.setPayload(Any.newBuilder().setTypeUrl(payloadType).setValue(ByteString.copyFrom(payload)));
        }
        if (links != null) {
            try {
                event.mergeFrom(links);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("an outbox row's links are not the fields we wrote", e);
            }
        }
        return event.build();
    }

    /**
     * An event's successor and predecessor (fields 10 and 11) as the outbox keeps them: the
     * encoded fields, merged into the event when it is built; null when it has neither.
     */
    static byte[] links(RecordChange change) {
        if (change.successor() == null && change.predecessor() == null) {
            return null;
        }
        ReplicationEvent.Builder links = ReplicationEvent.newBuilder();
        if (change.successor() != null) {
            links.setSuccessor(change.successor());
        }
        if (change.predecessor() != null) {
            links.setPredecessor(change.predecessor());
        }
        return links.build().toByteArray();
    }

    /** What the event adds to a batch message (field 3 of DeliveryBatch: tag, length and the event). */
    static int sizeInBatch(ReplicationEvent event) {
        return CodedOutputStream.computeMessageSize(3, event);
    }
}
