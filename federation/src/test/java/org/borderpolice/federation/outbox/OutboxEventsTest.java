package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;

/**
 * The relay's claim sums an upper bound of each event's encoded size in the database, so that it
 * locks only rows that fit in one message: the bound must hold for the largest fields there are.
 */
class PartnerDeliverySizeTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 5_000_000})
    void theClaimsEstimateIsAnUpperBoundOfTheEncodedEvent(int payloadBytes) {
        String recordType = "t".repeat(100);
        String recordId = "i".repeat(64);
        String payloadType = "type.googleapis.com/" + "p".repeat(180);
        String[] distribution = {"330881", "350722", "361103", "330822", "361123", "999999", "111111"};
        ReplicationEvent event = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin("330881")
                .setRecordType(recordType)
                .setRecordId(recordId)
                .setVersion(Long.MAX_VALUE)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(253_402_300_799L).setNanos(999_999_999))
                .addAllDistribution(java.util.List.of(distribution))
                .setTombstone(true)
                .setPayload(Any.newBuilder().setTypeUrl(payloadType).setValue(ByteString.copyFrom(new byte[payloadBytes])))
                .build();
        long estimate = PartnerDelivery.EVENT_OVERHEAD + bytes(recordType) + bytes(recordId) + bytes(payloadType)
                + payloadBytes + (long) PartnerDelivery.DISTRIBUTION_ENTRY * distribution.length;
        long encoded = CodedOutputStream.computeMessageSize(3, event);
        assertTrue(encoded <= estimate, encoded + " bytes encoded, estimated " + estimate);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 4_000_000})
    void aBatchAddsAtMostItsOverheadToItsEvents(int eventBytes) {
        ReplicationEvent event = ReplicationEvent.newBuilder().setPayload(Any.newBuilder()
                .setValue(ByteString.copyFrom(new byte[eventBytes]))).build();
        DeliveryBatch batch = DeliveryBatch.newBuilder().setBatchId(UUID.randomUUID().toString()).setSender("330881")
                .addEvents(event).build();
        long events = CodedOutputStream.computeMessageSize(3, event);
        assertTrue(batch.getSerializedSize() - events <= PartnerDelivery.BATCH_OVERHEAD);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
