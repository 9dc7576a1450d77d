package org.borderpolice.federation.audit;

import static org.borderpolice.federation.audit.AuditAnchorsTest.hash;
import static org.borderpolice.federation.audit.AuditAnchorsTest.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.ProveResponse;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Keeping a partner's heads (Pucheng's, at Jiangshan) on a real PostgreSQL, the partner's proofs
 * answered by the test: an older head the partner's chain still holds is STALE, not tamper
 * evidence; a flood of heads keeps at most one per half interval and never waits for the
 * partner; mismatches are recorded with both statements, once per interval; a re-baseline starts
 * afresh (review of issue 21, audit #3, #4, #5, #6).
 */
class PartnerHeadsTest {

    static final String PUCHENG = "350722";
    static final KeyPair PUCHENG_KEY = AuditAnchorsTest.keyPair();

    PostgresServer.Database db;
    AgroalDataSource dataSource;
    ExecutorService blocking = Executors.newCachedThreadPool();
    /** What Pucheng answers to a Prove (the test's part). */
    volatile BiFunction<String, Long, CompletionStage<ProveResponse>> answers;

    PartnerHeads heads;

    @BeforeEach
    void start() throws Exception {
        db = PostgresServer.get().createDatabase("heads");
        db.migrateFederation();
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(6)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.application().user()))
                                .credential(new SimplePassword(db.application().password())))));
        FederationConfig config = TestConfigs.jiangshan(Map.of(
                "border.federation.partners.350722.endpoints.intel-sharing",
                "localhost:1",
                "border.federation.partners.350722.audit-key",
                Base64.getEncoder().encodeToString(PUCHENG_KEY.getPublic().getEncoded()),
                "border.federation.audit.anchor-every",
                "2s",
                // anchors are stale at once (and this process counts as up long enough): the watch's alarm
                "border.federation.audit.anchor-max-age",
                "0s"));
        heads = new PartnerHeads(
                dataSource,
                new TrustList(config),
                config,
                new AuditLog(dataSource),
                new SimpleMeterRegistry(),
                new AuditLinker(dataSource),
                (partner, position) -> answers.apply(partner, position),
                blocking);
    }

    @AfterEach
    void stop() {
        blocking.shutdownNow();
        dataSource.close();
    }

    static SignedHead pucheng(long position, int hash) {
        return head(PUCHENG_KEY, PUCHENG, position, hash(hash), Instant.now(), ChainHead.Kind.HEAD);
    }

    static CompletionStage<ProveResponse> found(long position, int hash) {
        return CompletableFuture.completedFuture(ProveResponse.newBuilder()
                .setFound(true)
                .setHead(head(PUCHENG_KEY, PUCHENG, position, hash(hash), Instant.now(), ChainHead.Kind.AT_POSITION))
                .build());
    }

    static CompletionStage<ProveResponse> notFound(long asked, long headPosition) {
        return CompletableFuture.completedFuture(ProveResponse.newBuilder()
                .setFound(false)
                .setHead(AuditAnchors.sign(
                        PUCHENG_KEY.getPrivate(),
                        PUCHENG,
                        "intel-sharing",
                        new AuditAnchors.Head(headPosition, hash(99)),
                        ChainHead.Kind.NOT_FOUND_AT,
                        asked))
                .build());
    }

    ExchangeResult receive(SignedHead head) throws Exception {
        return heads.receive(PUCHENG, head).toCompletableFuture().get();
    }

    /** Past the half interval in which one head is kept. */
    static void nextInterval() throws InterruptedException {
        Thread.sleep(1_100);
    }

    long count(String table) {
        return db.count("SELECT count(*) FROM federation." + table + " WHERE partner = ?", PUCHENG);
    }

    @Test
    void anOlderHeadTheChainStillHoldsIsStaleAndRecordsNothing() throws Exception {
        assertEquals(ExchangeResult.Outcome.ACCEPTED, receive(pucheng(10, 10)).getOutcome());
        nextInterval();
        // a replica that lags hands an older head; Pucheng's chain still holds the one we have
        answers = (p, position) -> found(position, 10);
        ExchangeResult stale = receive(pucheng(8, 8));
        assertEquals(ExchangeResult.Outcome.STALE, stale.getOutcome(), stale.getReason());
        assertEquals(0, count("audit_anchor_mismatch"));
        assertEquals(1, count("audit_partner_head"));
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.mismatch'"));

        // but if the chain no longer reaches the head we hold, it is a mismatch, with both statements
        nextInterval(); // (a STALE head counts against the half interval too)
        answers = (p, position) -> notFound(10, 8);
        ExchangeResult shrunk = receive(pucheng(8, 8));
        assertEquals(ExchangeResult.Outcome.MISMATCH, shrunk.getOutcome(), shrunk.getReason());
        assertTrue(shrunk.getReason().contains("entries were removed"), shrunk.getReason());
        assertEquals(1, count("audit_anchor_mismatch"));
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.audit_anchor_mismatch WHERE held_statement IS NOT NULL "
                        + "AND statement IS NOT NULL AND held_position = 10 AND stated_position = 8"));
        // and the new head is kept: later heads are compared with the chain as it is now
        HeldHeadsResponse held = heads.held(PUCHENG);
        assertEquals(8, ChainHead.parseFrom(held.getLatest().getStatement()).getPosition());
        assertEquals(1, held.getEvidenceCount());
        assertEquals(1, held.getMismatches());
    }

    @Test
    void aChainWithAHoleWhereTheHeldHeadWasIsAMismatchAndAnotherPositionIsRefused() throws Exception {
        assertEquals(ExchangeResult.Outcome.ACCEPTED, receive(pucheng(10, 10)).getOutcome());
        nextInterval();
        // asked for 10, the partner states none found there with its head at 11: never another
        // position's answer...
        answers = (p, position) -> notFound(9, 11);
        ExchangeResult elsewhere = receive(pucheng(11, 11));
        assertEquals(ExchangeResult.Outcome.REFUSED, elsewhere.getOutcome(), elsewhere.getReason());
        assertEquals(0, count("audit_anchor_mismatch"));
        nextInterval();
        // ...but for 10 itself, signed in one snapshot, it says the chain lost entries below its head
        answers = (p, position) -> notFound(10, 11);
        ExchangeResult hole = receive(pucheng(11, 11));
        assertEquals(ExchangeResult.Outcome.MISMATCH, hole.getOutcome(), hole.getReason());
        assertTrue(hole.getReason().contains("entries were removed"), hole.getReason());
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.audit_anchor_mismatch WHERE held_position = 10 "
                        + "AND stated_position = 11 AND statement IS NOT NULL"));
        // a partner that states a plain head (no NOT_FOUND_AT yet) may have read it after the lookup
        nextInterval();
        answers = (p, position) -> CompletableFuture.completedFuture(ProveResponse.newBuilder()
                .setFound(false)
                .setHead(pucheng(25, 25))
                .build());
        assertEquals(ExchangeResult.Outcome.REFUSED, receive(pucheng(26, 26)).getOutcome());
    }

    @Test
    void aFloodOfHeadsKeepsOnePerHalfIntervalAndNeverWaitsForThePartner() throws Exception {
        long started = System.nanoTime();
        assertEquals(ExchangeResult.Outcome.ACCEPTED, receive(pucheng(1, 1)).getOutcome());
        // every head answered within the half interval (anchor-every 2s) of the first is TOO_SOON; a
        // loaded machine may take longer than that for the 200: what comes after it is not asserted
        int withinHalfInterval = 0;
        for (int i = 0; i < 200; i++) {
            ExchangeResult flooded = receive(pucheng(2 + i, 2));
            if (System.nanoTime() - started >= Duration.ofSeconds(1).toNanos()) {
                break;
            }
            assertEquals(ExchangeResult.Outcome.TOO_SOON, flooded.getOutcome());
            withinHalfInterval++;
        }
        assumeTrue(
                withinHalfInterval >= 10, withinHalfInterval + " heads within the half interval: too slow to test it");
        assertEquals(1, count("audit_partner_head"));
        nextInterval();
        // the partner does not answer its Prove: the call returns at once, and holds nothing meanwhile
        CompletableFuture<ProveResponse> unanswered = new CompletableFuture<>();
        answers = (p, position) -> unanswered;
        CompletionStage<ExchangeResult> waiting = heads.receive(PUCHENG, pucheng(300, 3));
        assertFalse(waiting.toCompletableFuture().isDone());
        for (int i = 0; i < 20; i++) {
            ExchangeResult meanwhile = receive(pucheng(301 + i, 3));
            assertEquals(ExchangeResult.Outcome.TOO_SOON, meanwhile.getOutcome());
            assertTrue(meanwhile.getReason().contains("being checked"), meanwhile.getReason());
        }
        unanswered.complete(found(1, 1).toCompletableFuture().get());
        assertEquals(
                ExchangeResult.Outcome.ACCEPTED,
                waiting.toCompletableFuture().get().getOutcome());
        assertEquals(2, count("audit_partner_head"));
    }

    @Test
    void aPartnerThatCannotBeAskedIsRefusedNotRecorded() throws Exception {
        receive(pucheng(5, 5));
        nextInterval();
        answers = (p, position) -> CompletableFuture.failedFuture(new IllegalStateException("deadline exceeded"));
        ExchangeResult refused = receive(pucheng(6, 6));
        assertEquals(ExchangeResult.Outcome.REFUSED, refused.getOutcome());
        // and a proof signed by someone else is not a proof
        answers = (p, position) -> CompletableFuture.completedFuture(ProveResponse.newBuilder()
                .setFound(true)
                .setHead(head(AuditAnchorsTest.SOMEONE_ELSES, PUCHENG, 5, hash(7), Instant.now(), ChainHead.Kind.HEAD))
                .build());
        nextInterval(); // (a REFUSED head counts against the half interval too)
        assertEquals(ExchangeResult.Outcome.REFUSED, receive(pucheng(6, 6)).getOutcome());
        assertEquals(0, count("audit_anchor_mismatch"));
        assertEquals(1, count("audit_partner_head"));
    }

    @Test
    void mismatchesAreRecordedOncePerIntervalAndARebaselineStartsAfresh() throws Exception {
        receive(pucheng(10, 10));
        nextInterval();
        // another hash at the held position: both statements signed by the partner are the evidence
        assertEquals(ExchangeResult.Outcome.MISMATCH, receive(pucheng(10, 11)).getOutcome());
        nextInterval();
        assertEquals(ExchangeResult.Outcome.MISMATCH, receive(pucheng(10, 12)).getOutcome());
        assertEquals(1, count("audit_anchor_mismatch"), "once per anchor interval");
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.mismatch'"));

        PartnerHeads.Rebaseline done =
                heads.rebaseline(PUCHENG, "commander-1", "浦城 restored its audit log on 2026-12-01");
        assertEquals(1, done.mismatchesBefore());
        HeldHeadsResponse held = heads.held(PUCHENG);
        assertFalse(held.hasLatest());
        assertEquals(0, held.getEvidenceCount());
        assertEquals(0, held.getMismatches());
        assertEquals(ExchangeResult.Outcome.ACCEPTED, receive(pucheng(3, 3)).getOutcome(), "taken as the first");
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.rebaseline' "
                        + "AND actor = 'commander-1'"));
    }

    @Test
    void aRebaselineWhileAHeadIsCheckedLeavesNoEvidenceOfTheForgottenHead() throws Exception {
        assertEquals(ExchangeResult.Outcome.ACCEPTED, receive(pucheng(10, 10)).getOutcome());
        nextInterval();
        // Jiangshan's commander re-baselines while Pucheng is asked to prove the head held until then
        answers = (p, position) -> {
            heads.rebaseline(PUCHENG, "commander-1", "浦城 restored its audit log on 2026-12-01");
            return notFound(position, 5);
        };
        ExchangeResult during = receive(pucheng(5, 5));
        assertEquals(ExchangeResult.Outcome.ACCEPTED, during.getOutcome(), during.getReason());
        HeldHeadsResponse held = heads.held(PUCHENG);
        assertEquals(0, held.getMismatches(), "a forgotten head is no evidence after the re-baseline");
        assertEquals(0, held.getEvidenceCount());
        assertEquals(5, ChainHead.parseFrom(held.getLatest().getStatement()).getPosition(), "taken as the first");
    }

    @Test
    void checkpointsAreKeptAndGivenBack() throws Exception {
        SignedHead checkpoint = head(PUCHENG_KEY, PUCHENG, 42, hash(4), Instant.now(), ChainHead.Kind.VERIFIED_THROUGH);
        assertEquals(
                ExchangeResult.Outcome.ACCEPTED,
                heads.holdCheckpoint(PUCHENG, checkpoint).getOutcome());
        assertEquals(
                ExchangeResult.Outcome.REFUSED,
                heads.holdCheckpoint(PUCHENG, pucheng(42, 4)).getOutcome(),
                "a head is not a checkpoint");
        assertEquals(
                ExchangeResult.Outcome.REFUSED,
                heads.receive(PUCHENG, checkpoint).toCompletableFuture().get().getOutcome(),
                "nor a checkpoint a head");
        assertEquals(checkpoint, heads.held(PUCHENG).getCheckpoint());
    }

    @Test
    void theWatchAlarmsWhenAnchorsStopAndFindsAMismatchByItself() throws Exception {
        SignedHead old = pucheng(20, 20);
        try (Connection c = db.connectAs(db.application());
                PreparedStatement s = c.prepareStatement("""
                INSERT INTO federation.audit_partner_head (partner, position, hash, signed_at, statement, signature, received_at)
                VALUES (?, 20, ?, now(), ?, ?, ?)""")) {
            s.setString(1, PUCHENG);
            s.setBytes(2, hash(20));
            s.setBytes(3, old.getStatement().toByteArray());
            s.setBytes(4, old.getSignature().toByteArray());
            s.setTimestamp(5, Timestamp.from(Instant.now().minusSeconds(600)));
            s.executeUpdate();
        }
        answers = (p, position) -> found(position, 21);
        heads.watch();
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.stale' "
                                + "AND record_id = ?",
                        PUCHENG));
        assertEquals(1, count("audit_anchor_mismatch"));
        heads.watch();
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.stale'"),
                "one alarm while it stays stale");
        assertEquals(1, count("audit_anchor_mismatch"), "one record per held head");
    }

    /** A statement of Pucheng's, correctly signed, padded with an unknown field of {@code padding} bytes. */
    static SignedHead padded(long position, ChainHead.Kind kind, int padding) {
        byte[] statement = ChainHead.newBuilder()
                .setJurisdiction(PUCHENG)
                .setService("intel-sharing")
                .setPosition(position)
                .setHash(com.google.protobuf.ByteString.copyFrom(hash(1)))
                .setSignedAtMillis(System.currentTimeMillis())
                .setKind(kind)
                .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(
                                99,
                                com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(com.google.protobuf.ByteString.copyFrom(new byte[padding]))
                                        .build())
                        .build())
                .build()
                .toByteArray();
        return SignedHead.newBuilder()
                .setStatement(com.google.protobuf.ByteString.copyFrom(statement))
                .setSignature(
                        com.google.protobuf.ByteString.copyFrom(AuditKeys.sign(PUCHENG_KEY.getPrivate(), statement)))
                .build();
    }

    /** Final review #2: what a partner signs itself cannot make us store more than a statement's worth. */
    @Test
    void paddedStatementsAreRefusedBeforeAnythingIsStored() throws Exception {
        for (int padding : new int[] {1 << 20, 8}) {
            nextInterval(); // (a refused head counts against the half interval)
            ExchangeResult head = receive(padded(5, ChainHead.Kind.HEAD, padding));
            assertEquals(ExchangeResult.Outcome.REFUSED, head.getOutcome(), head.getReason());
            ExchangeResult checkpoint =
                    heads.holdCheckpoint(PUCHENG, padded(5, ChainHead.Kind.VERIFIED_THROUGH, padding));
            assertEquals(ExchangeResult.Outcome.REFUSED, checkpoint.getOutcome(), checkpoint.getReason());
        }
        SignedHead longSignature = pucheng(5, 5).toBuilder()
                .setSignature(
                        pucheng(5, 5).getSignature().concat(com.google.protobuf.ByteString.copyFrom(new byte[1000])))
                .build();
        nextInterval();
        ExchangeResult refused = receive(longSignature);
        assertEquals(ExchangeResult.Outcome.REFUSED, refused.getOutcome());
        assertTrue(refused.getReason().startsWith("not a statement"), refused.getReason());
        assertEquals(0, count("audit_partner_head"));
        assertEquals(0, count("audit_partner_checkpoint"));
        // and the tables themselves refuse oversized rows, whoever writes them
        try (Connection c = db.connectAs(db.application());
                PreparedStatement s = c.prepareStatement("""
                INSERT INTO federation.audit_partner_checkpoint (partner, position, hash, signed_at, statement, signature)
                VALUES (?, 1, ?, now(), ?, ?)""")) {
            s.setString(1, PUCHENG);
            s.setBytes(2, hash(1));
            s.setBytes(3, new byte[4096]);
            s.setBytes(4, new byte[64]);
            java.sql.SQLException tooLarge =
                    org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, s::executeUpdate);
            assertEquals("23514", tooLarge.getSQLState(), tooLarge.getMessage());
        }
    }

    /** Final review #2: checkpoints are counted in the database (all replicas), one verification's worth an hour. */
    @Test
    void checkpointsPerHourAreCountedInTheDatabase() throws Exception {
        for (int i = 0; i < PartnerHeads.CHECKPOINTS_PER_HOUR; i++) {
            assertEquals(
                    ExchangeResult.Outcome.ACCEPTED,
                    heads.holdCheckpoint(
                                    PUCHENG,
                                    head(
                                            PUCHENG_KEY,
                                            PUCHENG,
                                            i + 1,
                                            hash(1),
                                            Instant.now(),
                                            ChainHead.Kind.VERIFIED_THROUGH))
                            .getOutcome());
        }
        assertTrue(PartnerHeads.CHECKPOINTS_PER_HOUR <= 100, "at most about one verification run an hour");
        FederationConfig config = TestConfigs.jiangshan(Map.of(
                "border.federation.partners.350722.endpoints.intel-sharing",
                "localhost:1",
                "border.federation.partners.350722.audit-key",
                Base64.getEncoder().encodeToString(PUCHENG_KEY.getPublic().getEncoded())));
        PartnerHeads otherReplica = new PartnerHeads(
                dataSource,
                new TrustList(config),
                config,
                new AuditLog(dataSource),
                new SimpleMeterRegistry(),
                new AuditLinker(dataSource),
                (partner, position) -> answers.apply(partner, position),
                blocking);
        assertEquals(
                ExchangeResult.Outcome.TOO_SOON,
                otherReplica
                        .holdCheckpoint(
                                PUCHENG,
                                head(
                                        PUCHENG_KEY,
                                        PUCHENG,
                                        1_000,
                                        hash(1),
                                        Instant.now(),
                                        ChainHead.Kind.VERIFIED_THROUGH))
                        .getOutcome());
        assertEquals(PartnerHeads.CHECKPOINTS_PER_HOUR, count("audit_partner_checkpoint"));
    }

    /** Final review #4: a STALE or REFUSED exchange costs us a read and a Prove too, so it counts against TOO_SOON. */
    @Test
    void staleAndRefusedExchangesCountAgainstTooSoon() throws Exception {
        assertEquals(ExchangeResult.Outcome.ACCEPTED, receive(pucheng(10, 10)).getOutcome());
        nextInterval();
        java.util.concurrent.atomic.AtomicInteger proofs = new java.util.concurrent.atomic.AtomicInteger();
        answers = (p, position) -> {
            proofs.incrementAndGet();
            return found(position, 10);
        };
        assertEquals(ExchangeResult.Outcome.STALE, receive(pucheng(8, 8)).getOutcome());
        for (int i = 0; i < 20; i++) {
            assertEquals(ExchangeResult.Outcome.TOO_SOON, receive(pucheng(8, 8)).getOutcome());
        }
        assertEquals(1, proofs.get(), "one proof asked per half interval");
    }

    /**
     * Final review #6: a mismatch whose record failed is not taken as recorded; the next head
     * records it (one row, both statements) instead of going on from the rewritten chain.
     */
    @Test
    void aMismatchWhoseRecordFailedIsRecordedNextTime() throws Exception {
        receive(pucheng(10, 10));
        nextInterval();
        try (Connection c = db.connectAs(db.owner());
                var s = c.createStatement()) {
            s.execute("""
                    CREATE FUNCTION federation.refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'the database is failing over'; END $$""");
            s.execute("CREATE TRIGGER refuse_once BEFORE INSERT ON federation.audit_anchor_mismatch "
                    + "FOR EACH ROW EXECUTE FUNCTION federation.refuse_once()");
        }
        org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> receive(pucheng(10, 11)));
        try (Connection c = db.connectAs(db.owner());
                var s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse_once ON federation.audit_anchor_mismatch");
        }
        nextInterval();
        nextInterval();
        ExchangeResult again = receive(pucheng(10, 11));
        assertEquals(ExchangeResult.Outcome.MISMATCH, again.getOutcome(), again.getReason());
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.audit_anchor_mismatch WHERE partner = ? "
                                + "AND held_statement IS NOT NULL AND statement IS NOT NULL",
                        PUCHENG));
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.mismatch'"));
    }
}
