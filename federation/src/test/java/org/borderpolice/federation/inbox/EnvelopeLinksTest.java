package org.borderpolice.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

/** The envelope's rules for a transfer's links (successor, predecessor) and the inbox's rule for a closed record within a batch. */
class EnvelopeLinksTest {

    static final String A = "330881";
    static final String B = "350722";

    static ReplicationEvent.Builder event(String recordId, long version) {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(A)
                .setRecordType("testbed.probe")
                .setRecordId(recordId)
                .setVersion(version)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .addDistribution(A)
                .addDistribution(B)
                .setPayload(Any.pack(StringValue.of("x")));
    }

    static RecordRef ref(String origin, String id) {
        return RecordRef.newBuilder().setOrigin(origin).setRecordId(id).build();
    }

    @Test
    void anEventWithoutLinksIsAsBefore() {
        assertNull(Envelopes.refusal(A, event("r1", 1).build()));
    }

    @Test
    void wellFormedLinksToAnotherJurisdictionPass() {
        assertNull(Envelopes.refusal(
                A,
                event("r1", 2)
                        .setSuccessor(ref(B, UUID.randomUUID().toString()))
                        .build()));
        assertNull(Envelopes.refusal(
                A, event("r1", 2).setPredecessor(ref(B, "abc:350722")).build()));
        // a record continued once and handed on again names both
        assertNull(Envelopes.refusal(
                A,
                event("r1", 2)
                        .setPredecessor(ref(B, "p"))
                        .setSuccessor(ref(B, "s"))
                        .build()));
    }

    @Test
    void aJurisdictionCannotNameItselfAsSuccessorOrPredecessor() {
        String reason =
                Envelopes.refusal(A, event("r1", 2).setSuccessor(ref(A, "r2")).build());
        assertEquals("successor must be another jurisdiction's record, not the sender's own", reason);
        assertNotNull(
                Envelopes.refusal(A, event("r1", 2).setPredecessor(ref(A, "r0")).build()));
    }

    @Test
    void malformedLinksAreRefusedWithoutQuotingThem() {
        for (RecordRef bad : List.of(
                ref("", "x"),
                ref("99999x", "x"),
                ref("999999", "x"),
                ref(B, ""),
                ref(B, "has space"),
                ref(B, "x".repeat(65)),
                ref(B, "evil\u0000"))) {
            String s = Envelopes.refusal(A, event("r1", 2).setSuccessor(bad).build());
            String p = Envelopes.refusal(A, event("r1", 2).setPredecessor(bad).build());
            assertNotNull(s, bad.toString());
            assertNotNull(p, bad.toString());
            assertTrue(s.startsWith("successor"), s);
            assertTrue(p.startsWith("predecessor"), p);
            assertFalse(!bad.getRecordId().isEmpty() && s.contains(bad.getRecordId()), s);
        }
    }

    @Test
    void withinABatchNothingNewerThanTheClosingEventIsTaken() {
        ReplicationEvent v1 = event("r1", 1).build();
        ReplicationEvent closing = event("r1", 2).setSuccessor(ref(B, "n1")).build();
        ReplicationEvent v3 = event("r1", 3).build();
        ReplicationEvent other = event("r2", 7).build();
        List<Inbox.Accepted> batch = List.of(
                Inbox.Accepted.of(0, v1),
                Inbox.Accepted.of(1, closing),
                Inbox.Accepted.of(2, v3),
                Inbox.Accepted.of(3, other));
        List<Inbox.Accepted> refused = Transferred.afterClosingInBatch(batch);
        assertEquals(1, refused.size());
        assertEquals(2, refused.get(0).index());
        // the newer change comes first in the batch: still refused
        List<Inbox.Accepted> reversed = List.of(Inbox.Accepted.of(0, v3), Inbox.Accepted.of(1, closing));
        assertEquals(
                List.of(0),
                Transferred.afterClosingInBatch(reversed).stream()
                        .map(Inbox.Accepted::index)
                        .toList());
        // no closing event: nothing
        assertTrue(Transferred.afterClosingInBatch(List.of(Inbox.Accepted.of(0, v1), Inbox.Accepted.of(1, v3)))
                .isEmpty());
    }

    @Test
    void linksReachTheApplier() {
        ReplicaChange change = Inbox.Accepted.of(
                        0,
                        event("r1", 2)
                                .setSuccessor(ref(B, "n1"))
                                .setPredecessor(ref(B, "p1"))
                                .build())
                .change();
        assertEquals(ref(B, "n1"), change.successor());
        assertEquals(ref(B, "p1"), change.predecessor());
        assertNull(Inbox.Accepted.of(0, event("r1", 1).build()).change().successor());
    }
}
