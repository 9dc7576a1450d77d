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

    private OutboxEvents() {
    }

    /** What the database keeps of a time (microseconds): an event measured before it is stored is the one sent. */
    static Instant storable(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static ReplicationEvent event(UUID eventId, String origin, String recordType, String recordId, long version,
            Instant occurredAt, String[] distribution, boolean tombstone, String payloadType, byte[] payload) {
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
        return event.build();
    }

    /** What the event adds to a batch message (field 3 of DeliveryBatch: tag, length and the event). */
    static int sizeInBatch(ReplicationEvent event) {
        return CodedOutputStream.computeMessageSize(3, event);
    }
}
