package org.borderpolice.federation.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.junit.jupiter.api.Test;

class RecordPublisherTest {

    @Test
    void eachPartnerLearnsOnlyItselfAndTheOriginDroppedOnesGetTombstones() {
        List<RecordChange> changes = RecordPublisher.changes(
                "330881",
                "intel.alert",
                "a1",
                3,
                List.of("361123", "350722"),
                Set.of("350722", "361127"),
                partner -> Subject.newBuilder().setLabel("for " + partner).build());
        assertEquals(3, changes.size());
        RecordChange first = changes.get(0);
        assertEquals(Set.of("330881", "350722"), first.distribution());
        assertEquals("for 350722", ((Subject) first.payload()).getLabel());
        assertFalse(first.tombstone());
        assertEquals(3, first.version());
        assertEquals(Set.of("330881", "361123"), changes.get(1).distribution());
        assertEquals("for 361123", ((Subject) changes.get(1).payload()).getLabel());
        RecordChange tombstone = changes.get(2);
        assertTrue(tombstone.tombstone());
        assertNull(tombstone.payload());
        assertEquals(Set.of("330881", "361127"), tombstone.distribution());
        assertEquals("a1", tombstone.recordId());
    }

    @Test
    void linksGoOnEveryEventOfAChangeTombstonesIncluded() {
        RecordRef before =
                RecordRef.newBuilder().setOrigin("361103").setRecordId("r0").build();
        RecordRef after =
                RecordRef.newBuilder().setOrigin("350722").setRecordId("r2").build();
        List<RecordChange> changes = RecordPublisher.changes(
                "330881",
                "cases.case",
                "r1",
                5,
                List.of("350722"),
                List.of("361103"),
                p -> Subject.getDefaultInstance());
        List<RecordChange> linked = RecordPublisher.linked(changes, before, after);
        assertEquals(2, linked.size());
        for (RecordChange change : linked) {
            assertEquals(before, change.predecessor());
            assertEquals(after, change.successor());
        }
        assertEquals(changes.get(1).tombstone(), linked.get(1).tombstone());
        List<RecordChange> unlinked = RecordPublisher.linked(changes, null, null);
        assertNull(unlinked.get(0).predecessor());
        assertNull(unlinked.get(0).successor());
    }

    @Test
    void nobodyToldTwice() {
        List<RecordChange> changes = RecordPublisher.changes(
                "330881",
                "intel.alert",
                "a1",
                1,
                List.of("350722", "350722"),
                List.of("350722"),
                p -> Subject.getDefaultInstance());
        assertEquals(1, changes.size());
        assertFalse(changes.get(0).tombstone());
    }

    @Test
    void revokedEveryoneGetsATombstone() {
        List<RecordChange> changes = RecordPublisher.changes(
                "330881", "intel.alert", "a1", 4, List.of(), List.of("361123", "350722"), p -> null);
        assertEquals(
                List.of(Set.of("330881", "350722"), Set.of("330881", "361123")),
                changes.stream().map(RecordChange::distribution).toList());
        assertTrue(changes.stream().allMatch(RecordChange::tombstone));
    }
}
