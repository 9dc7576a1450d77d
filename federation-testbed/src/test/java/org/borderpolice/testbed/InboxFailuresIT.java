package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.testbed.ProbeEvents.probe;
import static org.borderpolice.testbed.ProbeEvents.revealsInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Events that pass every check and still cannot be stored (Jiangshan, 330881, as a process; the
 * test plays its partner Pucheng): each is refused on its own while the rest of its batch
 * applies, with a reason that tells the partner nothing of our internals; a database that is
 * down refuses nothing and fails the batch, so that the sender retries it. Jiangshan is the one
 * {@link LoneJiangshan} of the test run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LoneJiangshan.Shared.class)
class InboxFailuresIT {

    static final Duration PATIENCE = Await.MACHINE;
    /** Refusals of one partner logged one by one in a minute; the rest in a summary (the default). */
    static final int REFUSALS_LOGGED_PER_MINUTE = 100;

    TestFederation federation;
    JurisdictionProcess jiangshan;
    PostgresServer.Database db;
    ReplicationClient grpc;

    @BeforeAll
    void start(LoneJiangshan shared) {
        federation = shared.federation;
        jiangshan = shared.jiangshan;
        db = federation.database(JIANGSHAN);
        grpc = new ReplicationClient(jiangshan.httpPort());
    }

    @AfterAll
    void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    String peer() {
        return federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
    }

    long replicas(String id) {
        return db.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ?", PUCHENG, id);
    }

    static List<Outcome> outcomes(DeliveryAck ack) {
        return ack.getResultsList().stream().map(EventResult::getOutcome).toList();
    }

    @Test
    void aBatchAppliesWhatItCanAndRefusesEachEventTheStoreCannotTake() {
        String good1 = UUID.randomUUID().toString();
        String nul = UUID.randomUUID().toString();
        String tooLong = UUID.randomUUID().toString();
        String good2 = UUID.randomUUID().toString();
        // all four pass the applier's check; two cannot be stored: a NUL, a title over the replica's 4,000 characters
        ReplicationEvent badNul = probe(PUCHENG, JIANGSHAN, nul, 1, "含\u0000空字符");
        ReplicationEvent badLength = probe(PUCHENG, JIANGSHAN, tooLong, 1, "长".repeat(4001));
        DeliveryAck ack = grpc.deliver(
                peer(),
                probe(PUCHENG, JIANGSHAN, good1, 1, "好一"),
                badNul,
                badLength,
                probe(PUCHENG, JIANGSHAN, good2, 1, "好二"));

        assertEquals(List.of(Outcome.APPLIED, Outcome.REJECTED, Outcome.REJECTED, Outcome.APPLIED), outcomes(ack));
        for (EventResult refused : List.of(ack.getResults(1), ack.getResults(2))) {
            assertFalse(refused.getReason().isBlank());
            assertFalse(revealsInternals(refused.getReason()), refused.getReason());
        }
        assertEquals(1, replicas(good1));
        assertEquals(1, replicas(good2));
        assertEquals(0, replicas(nul));
        assertEquals(0, replicas(tooLong));
        // refused events are logged here, and not taken as held: the records stay unknown
        assertEquals(
                2,
                db.count(
                        "SELECT count(*) FROM federation.inbox_rejection WHERE peer = ? AND event_id IN (?, ?)",
                        PUCHENG,
                        badNul.getEventId(),
                        badLength.getEventId()));
        assertEquals(
                0, db.count("SELECT count(*) FROM federation.replica_state WHERE record_id IN (?, ?)", nul, tooLong));
        assertEquals(
                0,
                db.count(
                        "SELECT count(*) FROM federation.inbox_event WHERE event_id IN (?::uuid, ?::uuid)",
                        badNul.getEventId(),
                        badLength.getEventId()));

        // so the origin's corrected version of the record applies
        assertEquals(
                List.of(Outcome.APPLIED), outcomes(grpc.deliver(peer(), probe(PUCHENG, JIANGSHAN, tooLong, 2, "改短了"))));
        assertEquals(1, replicas(tooLong));
    }

    @Test
    void anEventWhoseEnvelopeTheStoreCannotTakeIsRefusedAloneAndTheRestOfItsBatchApplies() {
        String good1 = UUID.randomUUID().toString();
        String good2 = UUID.randomUUID().toString();
        // each fails the envelope's rules: a NUL in origin, record id or record type (PostgreSQL takes
        // no NUL in text), a time no store can hold, no time at all, a distribution code that is none
        List<ReplicationEvent> bad = List.of(
                probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "源").toBuilder()
                        .setOrigin(PUCHENG + "\u0000")
                        .build(),
                probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString() + "\u0000", 1, "号").toBuilder()
                        .build(),
                probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "类").toBuilder()
                        .setRecordType(ProbeEvents.TYPE + "\u0000")
                        .build(),
                probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "远").toBuilder()
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(2_524_608_000_000L))
                        .build(),
                probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "无时").toBuilder()
                        .clearOccurredAt()
                        .build(),
                probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "分").toBuilder()
                        .addDistribution("33\u00000881")
                        .build());
        List<ReplicationEvent> batch = new java.util.ArrayList<>();
        batch.add(probe(PUCHENG, JIANGSHAN, good1, 1, "好一"));
        batch.addAll(bad);
        batch.add(probe(PUCHENG, JIANGSHAN, good2, 1, "好二"));
        DeliveryAck ack = grpc.deliver(peer(), batch.toArray(ReplicationEvent[]::new));

        List<Outcome> expected = new java.util.ArrayList<>();
        expected.add(Outcome.APPLIED);
        bad.forEach(e -> expected.add(Outcome.REJECTED));
        expected.add(Outcome.APPLIED);
        assertEquals(expected, outcomes(ack));
        for (EventResult refused : ack.getResultsList().subList(1, 1 + bad.size())) {
            assertFalse(refused.getReason().isBlank());
            assertFalse(refused.getReason().contains("\u0000"), refused.getReason());
            assertFalse(revealsInternals(refused.getReason()), refused.getReason());
        }
        assertEquals(1, replicas(good1));
        assertEquals(1, replicas(good2));
        // each refusal is logged, with what could be stored of the envelope
        for (ReplicationEvent e : bad) {
            assertEquals(
                    1,
                    db.count(
                            "SELECT count(*) FROM federation.inbox_rejection WHERE peer = ? AND event_id = ?",
                            PUCHENG,
                            e.getEventId()),
                    e.toString());
        }
    }

    @Test
    void anOversizedOriginIsNeitherEchoedNorStored() {
        String origin = "9".repeat(1_000_000);
        ReplicationEvent event = probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "长源").toBuilder()
                .setOrigin(origin)
                .build();
        DeliveryAck ack = grpc.deliver(peer(), event);
        assertEquals(List.of(Outcome.REJECTED), outcomes(ack));
        String reason = ack.getResults(0).getReason();
        assertTrue(reason.length() <= 200, reason.length() + " characters");
        assertFalse(reason.contains("9999999"), reason);
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.inbox_rejection WHERE event_id = ? "
                                + "AND length(reason) <= 200 AND coalesce(length(origin), 0) <= 6",
                        event.getEventId()));
    }

    @Test
    void aBatchOfForgedEventsIsLoggedInSummaryNotEventByEvent() {
        // Guangfeng sends events of Pucheng's (its own budget of refusals: the other tests here are Pucheng's)
        int forged = 500;
        ReplicationEvent[] events = new ReplicationEvent[forged];
        for (int i = 0; i < forged; i++) {
            events[i] = ProbeEvents.probe(PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, "冒");
        }
        String guangfeng =
                federation.issuer(GUANGFENG).token(JIANGSHAN).roles("peer").sign();
        int logBefore = jiangshan.logText().length();
        DeliveryAck ack = grpc.deliver(guangfeng, events);
        assertEquals(forged, ack.getResultsCount());
        assertTrue(ack.getResultsList().stream().allMatch(r -> r.getOutcome() == Outcome.REJECTED));
        // the reasons are the partner's to read; our log and inbox_rejection get a bounded share
        Await.until(
                PATIENCE,
                () -> db.count(
                                "SELECT count(*) FROM federation.inbox_rejection WHERE peer = ? "
                                        + "AND reason LIKE '%not logged one by one%'",
                                GUANGFENG)
                        >= 1,
                () -> "a summary of the refusals");
        long rows = db.count(
                "SELECT count(*) FROM federation.inbox_rejection WHERE peer = ? AND origin = ?", GUANGFENG, PUCHENG);
        assertTrue(rows <= REFUSALS_LOGGED_PER_MINUTE, rows + " refusals logged one by one");
        String log = jiangshan.logText().substring(logBefore);
        long warnings = log.lines()
                .filter(l -> l.contains(" WARN ") && l.contains("refus"))
                .count();
        assertTrue(
                warnings <= 3, warnings + " warnings:\n" + log.lines().limit(20).toList());
    }

    @Test
    void aBatchOfOnlyRefusedEventsIsAcknowledged() {
        String id = UUID.randomUUID().toString();
        DeliveryAck ack = grpc.deliver(peer(), probe(PUCHENG, JIANGSHAN, id, 1, "长".repeat(5000)));
        assertEquals(List.of(Outcome.REJECTED), outcomes(ack));
        assertEquals(0, replicas(id));
    }

    @Test
    void aTombstoneGoesThroughTheAppliersCheck() {
        // the testbed's applier refuses a probe id that is not a UUID, tombstone or not
        DeliveryAck ack = grpc.deliver(
                peer(), ProbeEvents.event(UUID.randomUUID().toString(), PUCHENG, JIANGSHAN, "not-a-uuid", 1, null));
        assertEquals(List.of(Outcome.REJECTED), outcomes(ack));
        assertTrue(
                ack.getResults(0).getReason().contains("UUID"),
                ack.getResults(0).getReason());
        assertEquals(0, db.count("SELECT count(*) FROM federation.replica_state WHERE record_id = 'not-a-uuid'"));
    }

    @Test
    void whileTheDatabaseIsDownABatchFailsAndNothingIsRefused() {
        String id = UUID.randomUUID().toString();
        ReplicationEvent event = probe(PUCHENG, JIANGSHAN, id, 1, "库停了");
        PostgresServer.get().setReachable(db, false);
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(peer(), event));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), String.valueOf(e.getStatus()));
            assertFalse(
                    revealsInternals(e.getStatus().getDescription()),
                    e.getStatus().getDescription());
        } finally {
            PostgresServer.get().setReachable(db, true);
        }
        // the sender keeps retrying the same batch; once the database is back it is applied
        AtomicReference<DeliveryAck> ack = new AtomicReference<>();
        Await.until(
                PATIENCE,
                () -> {
                    try {
                        ack.set(grpc.deliver(peer(), event));
                        return true;
                    } catch (StatusRuntimeException e) {
                        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), String.valueOf(e.getStatus()));
                        return false;
                    }
                },
                () -> "the batch applied once the database is back");
        assertEquals(List.of(Outcome.APPLIED), outcomes(ack.get()));
        assertEquals(1, replicas(id));
        assertEquals(
                0, db.count("SELECT count(*) FROM federation.inbox_rejection WHERE event_id = ?", event.getEventId()));
    }
}
