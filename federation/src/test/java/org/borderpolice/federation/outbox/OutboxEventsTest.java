package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

/**
 * The outbox stores each event's exact encoded size when it is published, and the relay cuts
 * batches by their sum: what is measured must be what is sent.
 */
class OutboxEventsTest {

    static final String[] DISTRIBUTION = {"330881", "350722", "361103"};

    @Test
    void anEventMeasuredAtPublicationIsTheSizeItHasWhenSentFromItsRow() {
        UUID eventId = UUID.randomUUID();
        // published with nanoseconds; the database keeps microseconds, and the relay sends what it keeps
        Instant published = Instant.parse("2026-12-01T08:00:00.123456789Z");
        Instant stored = OutboxEvents.storable(published);
        assertEquals(Instant.parse("2026-12-01T08:00:00.123456Z"), stored);
        byte[] payload = "边界".repeat(700).getBytes(StandardCharsets.UTF_8);
        ReplicationEvent measured = OutboxEvents.event(
                UUID.randomUUID(),
                "330881",
                "intel.alert",
                UUID.randomUUID().toString(),
                7,
                stored,
                DISTRIBUTION,
                false,
                "type.googleapis.com/border.intel.v1.Alert",
                payload);
        ReplicationEvent sent = OutboxEvents.event(
                eventId,
                "330881",
                "intel.alert",
                UUID.randomUUID().toString(),
                7,
                Instant.ofEpochSecond(stored.getEpochSecond(), stored.getNano()),
                DISTRIBUTION,
                false,
                "type.googleapis.com/border.intel.v1.Alert",
                payload);
        assertEquals(OutboxEvents.sizeInBatch(measured), OutboxEvents.sizeInBatch(sent));
        assertEquals(OutboxEvents.sizeInBatch(sent), CodedOutputStream.computeMessageSize(3, sent));
        // in a batch, the events' sizes and the batch's own fields are the message
        DeliveryBatch batch = DeliveryBatch.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .setSender("330881")
                .addEvents(sent)
                .addEvents(measured)
                .build();
        assertTrue(batch.getSerializedSize() <= 2L * OutboxEvents.sizeInBatch(sent) + PartnerDelivery.BATCH_OVERHEAD);
    }

    /**
     * Rows queued before sizes were stored get an upper bound in migration V11 (144 bytes besides
     * record type, record id, payload type and payload, 8 per code of the distribution).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 5_000_000})
    void theBoundMigratedRowsGetIsNeverBelowTheirSize(int payloadBytes) {
        String recordType = "t".repeat(100);
        String recordId = "i".repeat(64);
        String payloadType = "type.googleapis.com/" + "p".repeat(180);
        String[] distribution = {"330881", "350722", "361103", "330822", "361123", "999999", "111111"};
        ReplicationEvent event = OutboxEvents.event(
                UUID.randomUUID(),
                "330881",
                recordType,
                recordId,
                Long.MAX_VALUE,
                Instant.ofEpochSecond(253_402_300_799L, 999_999_000),
                distribution,
                true,
                payloadType,
                new byte[payloadBytes]);
        long bound = 144
                + bytes(recordType)
                + bytes(recordId)
                + bytes(payloadType)
                + payloadBytes
                + 8L * distribution.length;
        long encoded = OutboxEvents.sizeInBatch(event);
        assertTrue(encoded <= bound, encoded + " bytes encoded, bound " + bound);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 4_000_000})
    void aBatchAddsAtMostItsOverheadToItsEvents(int eventBytes) {
        ReplicationEvent event = ReplicationEvent.newBuilder()
                .setPayload(Any.newBuilder().setValue(ByteString.copyFrom(new byte[eventBytes])))
                .build();
        DeliveryBatch batch = DeliveryBatch.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .setSender("330881")
                .addEvents(event)
                .build();
        long events = CodedOutputStream.computeMessageSize(3, event);
        assertTrue(batch.getSerializedSize() - events <= PartnerDelivery.BATCH_OVERHEAD);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
