package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.junit.jupiter.api.Test;

import com.google.protobuf.StringValue;

/** A change's successor and predecessor travel from the outbox row into the event, and count in its size. */
class OutboxLinksTest {

    static final RecordRef NEXT = RecordRef.newBuilder()
            .setOrigin("350722")
            .setRecordId(UUID.randomUUID().toString())
            .build();
    static final RecordRef PREVIOUS =
            RecordRef.newBuilder().setOrigin("361103").setRecordId("p1").build();

    static ReplicationEvent built(RecordChange change) {
        return OutboxEvents.event(
                UUID.randomUUID(),
                "330881",
                change.recordType(),
                change.recordId(),
                change.version(),
                Instant.parse("2026-12-01T00:00:00Z"),
                new String[] {"330881", "350722"},
                false,
                "type.googleapis.com/google.protobuf.StringValue",
                StringValue.of("t").toByteArray(),
                OutboxEvents.links(change));
    }

    @Test
    void linksAreCarriedIntoTheEvent() {
        RecordChange change = RecordChange.upsert("testbed.probe", "r1", 2, Set.of("350722"), StringValue.of("t"))
                .withPredecessor(PREVIOUS)
                .withSuccessor(NEXT);
        ReplicationEvent event = built(change);
        assertEquals(NEXT, event.getSuccessor());
        assertEquals(PREVIOUS, event.getPredecessor());
        assertEquals("r1", event.getRecordId());
    }

    @Test
    void aChangeWithoutLinksStoresNoneAndItsEventIsAsBefore() {
        RecordChange change = RecordChange.upsert("testbed.probe", "r1", 1, Set.of("350722"), StringValue.of("t"));
        assertNull(OutboxEvents.links(change));
        assertNull(OutboxEvents.links(change.withPredecessor(null)));
        ReplicationEvent event = built(change);
        assertFalse(event.hasSuccessor());
        assertFalse(event.hasPredecessor());
    }

    @Test
    void theMeasuredSizeIncludesTheLinks() {
        RecordChange change = RecordChange.upsert("testbed.probe", "r1", 2, Set.of("350722"), StringValue.of("t"))
                .withSuccessor(NEXT);
        ReplicationEvent event = built(change);
        ReplicationEvent plain = event.toBuilder().clearSuccessor().build();
        // the stored fields are exactly what the event adds, and the measured size is the event's
        assertEquals(plain.getSerializedSize() + OutboxEvents.links(change).length, event.getSerializedSize());
        assertEquals(
                com.google.protobuf.CodedOutputStream.computeMessageSize(3, event), OutboxEvents.sizeInBatch(event));
    }
}
