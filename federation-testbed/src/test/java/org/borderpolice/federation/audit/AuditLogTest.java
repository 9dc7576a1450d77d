package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.testing.AuditTampering;
import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * The audit log on a real PostgreSQL, as the service uses it: connected as the application role
 * (which owns nothing), migrated by the owner. Appenders never wait for each other; the linker
 * chains what they committed; verification finds what an owner or administrator changed.
 */
class AuditLogTest {

    static final int WRITERS = 8;
    static final int APPENDS_EACH = 40;

    PostgresServer.Database db;
    AgroalDataSource dataSource;
    AuditLog log;
    AuditLinker linker;

    /** A fresh database for each test: several of them break the chain on purpose. */
    @BeforeEach
    void database() throws Exception {
        db = PostgresServer.get().createDatabase("audit");
        db.migrateFederation();
        try (Connection c = db.connectAs(db.owner());
                var s = c.createStatement()) {
            s.execute("CREATE TABLE checked (id text PRIMARY KEY, note text NOT NULL)");
            s.execute("GRANT SELECT, INSERT, UPDATE ON checked TO "
                    + db.application().user());
        }
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(WRITERS + 4)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.application().user()))
                                .credential(new SimplePassword(db.application().password())))));
        log = new AuditLog(dataSource);
        linker = new AuditLinker(dataSource);
    }

    @AfterEach
    void close() {
        if (linker != null) {
            linker.release();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    /** Our audit key: signs our checkpoints (what a partner would hold). */
    static final java.security.KeyPair KEY = AuditAnchorsTest.keyPair();

    /** Checkpoints handed to "partners" (none in most tests: no partners, nothing handed). */
    final List<org.borderpolice.federation.proto.audit.v1.SignedHead> handed =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    AuditVerifier verifier(Duration unlinkedAfter) {
        return verifier(unlinkedAfter, List::of);
    }

    AuditVerifier verifier(Duration unlinkedAfter, java.util.function.Supplier<List<AuditAnchors.PartnerView>> views) {
        return new AuditVerifier(dataSource, log, unlinkedAfter, Duration.ofMinutes(5), anchoring(views), "330881");
    }

    AuditVerifier.Anchoring anchoring(java.util.function.Supplier<List<AuditAnchors.PartnerView>> views) {
        return new AuditVerifier.Anchoring() {
            @Override
            public List<AuditAnchors.PartnerView> partnerViews() {
                return views.get();
            }

            @Override
            public boolean expected() {
                return !views.get().isEmpty();
            }

            @Override
            public java.util.Optional<org.borderpolice.federation.proto.audit.v1.SignedHead> signCheckpoint(
                    long position, byte[] hash) {
                return java.util.Optional.of(AuditAnchors.sign(
                        KEY.getPrivate(),
                        "330881",
                        "intel-sharing",
                        new AuditAnchors.Head(position, hash),
                        org.borderpolice.federation.proto.audit.v1.ChainHead.Kind.VERIFIED_THROUGH));
            }

            @Override
            public java.util.Optional<AuditAnchors.Head> ownCheckpoint(
                    org.borderpolice.federation.proto.audit.v1.SignedHead signed) {
                return AuditAnchors.own(
                        KEY.getPrivate(),
                        "330881",
                        "intel-sharing",
                        signed,
                        org.borderpolice.federation.proto.audit.v1.ChainHead.Kind.VERIFIED_THROUGH);
            }

            @Override
            public void handCheckpoint(org.borderpolice.federation.proto.audit.v1.SignedHead checkpoint) {
                handed.add(checkpoint);
            }
        };
    }

    AuditVerifier.Verification verifyAll() {
        return verifier(Duration.ofMinutes(1)).verify("tester", true, 1_000_000);
    }

    void append(String id) throws SQLException {
        try (Connection c = db.connectAs(db.application())) {
            c.setAutoCommit(false);
            log.appendAll(c, List.of(new AuditEntry("officer", "330881", "test.read", "test", id, "detail " + id)));
            c.commit();
        }
    }

    void linkAll() throws SQLException {
        while (linker.link() > 0) {
            // until nothing is left
        }
    }

    @Test
    void racingAppendersNeverWaitAndTheLinkerChainsEveryEntryOnce() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String actor = "writer-" + w;
            done.add(writers.submit(() -> {
                start.await();
                for (int i = 0; i < APPENDS_EACH; i++) {
                    try (Connection c = db.connectAs(db.application())) {
                        c.setAutoCommit(false);
                        // two entries in one transaction, the way a replication batch appends; every
                        // other writer sends a row of its own with them, the way a hit check does
                        List<AuditEntry> entries = List.of(
                                new AuditEntry(actor, "330881", "test.append", "test", actor + "-" + i, "a"),
                                new AuditEntry(actor, "330881", "test.append", "test", actor + "-" + i, "b"));
                        log.appendAll(c, entries, actor.hashCode() % 2 == 0 ? null : checked(actor + "-" + i, "raced"));
                        c.commit();
                    }
                }
                return null;
            }));
        }
        // the linker runs while they write, as it does in a service
        Future<?> linking = writers.submit(() -> {
            start.await();
            while (writing.get()) {
                linker.link();
            }
            return null;
        });
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        writing.set(false);
        linking.get();
        linkAll();
        writers.shutdown();

        AuditVerifier.Verification verification = verifyAll();
        assertNull(verification.reason());
        assertTrue(verification.intact());
        assertTrue(verification.complete());
        assertEquals(WRITERS * APPENDS_EACH * 2, verification.rowsVerified());
        // every entry linked exactly once, at positions 1..n without a hole
        assertEquals(WRITERS * APPENDS_EACH * 2, db.count("SELECT count(DISTINCT seq) FROM federation.audit_chain"));
        assertEquals(WRITERS * APPENDS_EACH * 2, db.count("SELECT max(position) FROM federation.audit_chain"));
        assertEquals(
                0,
                db.count("SELECT count(*) FROM (SELECT prev_hash FROM federation.audit_chain "
                        + "GROUP BY prev_hash HAVING count(*) > 1) forks"));
        long withCompanions = java.util.stream.IntStream.range(0, WRITERS)
                .filter(w -> ("writer-" + w).hashCode() % 2 != 0)
                .count();
        assertTrue(withCompanions > 0 && withCompanions < WRITERS, "both kinds of writer race");
        assertEquals(withCompanions * APPENDS_EACH, db.count("SELECT count(*) FROM checked WHERE note = 'raced!'"));
    }

    @Test
    void anEntryCommittedAfterLaterOnesIsLinkedWhenItCommits() throws Exception {
        append("before");
        try (Connection slow = db.connectAs(db.application())) {
            slow.setAutoCommit(false);
            log.appendAll(slow, List.of(new AuditEntry("slow", "330881", "test.read", "test", "slow", null)));
            append("after-1");
            append("after-2");
            linkAll();
            assertEquals(3, db.count("SELECT count(*) FROM federation.audit_chain"), "the open one waits");
            slow.commit();
        }
        linkAll();
        assertEquals(4, db.count("SELECT count(*) FROM federation.audit_chain"));
        assertEquals(
                4,
                db.count("SELECT position FROM federation.audit_chain c JOIN federation.audit_log l "
                        + "ON l.seq = c.seq WHERE l.record_id = 'slow'"),
                "chained in the order it was found");
        assertTrue(verifyAll().intact());
    }

    @Test
    void oneLinkerAtATime() throws Exception {
        append("x");
        AuditLinker other = new AuditLinker(dataSource);
        try {
            assertEquals(1, linker.link());
            append("y");
            assertEquals(0, other.link(), "the first linker holds the lock");
            linker.release();
            assertEquals(1, other.link(), "and another takes over when it goes");
        } finally {
            other.release();
        }
        assertTrue(verifyAll().intact());
    }

    @Test
    void companionStatementsCommitAndRollBackWithTheEntry() throws Exception {
        try (Connection c = db.connectAs(db.application())) {
            c.setAutoCommit(false);
            log.appendAll(
                    c,
                    List.of(new AuditEntry("officer", "330881", "test.check", "test", "c1", null)),
                    checked("c1", "kept"));
            c.commit();
            log.appendAll(
                    c,
                    List.of(new AuditEntry("officer", "330881", "test.check", "test", "c2", null)),
                    checked("c2", "undone"));
            c.rollback();
        }
        // both statements of the companion ran, and the entry with them
        assertEquals(1, db.count("SELECT count(*) FROM checked WHERE id = 'c1' AND note = 'kept!'"));
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log WHERE record_id = 'c1'"));
        assertEquals(0, db.count("SELECT count(*) FROM checked WHERE id = 'c2'"));
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_log WHERE record_id = 'c2'"));
        linkAll();
        assertTrue(verifyAll().intact());
    }

    @Test
    void aFailingCompanionAppendsNothing() throws Exception {
        try (Connection c = db.connectAs(db.application())) {
            c.setAutoCommit(false);
            log.appendAll(
                    c,
                    List.of(new AuditEntry("officer", "330881", "test.check", "test", "d1", null)),
                    checked("d1", "first"));
            c.commit();
            // the same key again: the companion fails, and the entry must not be written without it
            assertThrows(
                    SQLException.class,
                    () -> log.appendAll(
                            c,
                            List.of(new AuditEntry("officer", "330881", "test.check", "test", "d1-again", null)),
                            checked("d1", "second")));
            c.rollback();
        }
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_log WHERE record_id = 'd1-again'"));
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log"));
    }

    /** Two statements: a row, then a change to it, so both are seen to run. */
    private static AuditLog.Companion checked(String id, String note) {
        return new AuditLog.Companion("""
                INSERT INTO checked (id, note) VALUES (?, ?);
                UPDATE checked SET note = note || '!' WHERE id = ?""", 3, statement -> {
            statement.setString(1, id);
            statement.setString(2, note);
            statement.setString(3, id);
        });
    }

    @Test
    void theApplicationRoleCanOnlyReadAndAddToTheAuditTables() throws Exception {
        append("r1");
        linkAll();
        try (Connection c = db.connectAs(db.application());
                Statement s = c.createStatement()) {
            java.util.Map<String, String> aColumn = java.util.Map.of(
                    "audit_log",
                    "detail",
                    "audit_chain",
                    "hash",
                    "audit_verification",
                    "verified_by",
                    "audit_partner_head",
                    "hash",
                    "audit_anchor_mismatch",
                    "reason");
            for (String table : aColumn.keySet()) {
                String t = "federation." + table;
                assertRefused(s, "UPDATE " + t + " SET " + aColumn.get(table) + " = " + aColumn.get(table));
                assertRefused(s, "DELETE FROM " + t);
                assertRefused(s, "TRUNCATE " + t);
                assertRefused(s, "ALTER TABLE " + t + " DISABLE TRIGGER ALL");
                assertRefused(s, "DROP TABLE " + t);
            }
            assertRefused(s, "ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            assertRefused(s, "DROP TRIGGER audit_log_no_update ON federation.audit_log");
            assertRefused(
                    s,
                    "CREATE OR REPLACE FUNCTION federation.audit_log_append_only() RETURNS trigger "
                            + "LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
            assertRefused(s, "DELETE FROM federation.flyway_schema_history");
            assertRefused(s, "CREATE TABLE federation.mine (x int)");
        }
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log"));
        assertTrue(verifyAll().intact());
    }

    /**
     * The service's role takes nothing off the linking queue (an entry taken off was never linked
     * nor reported waiting) and adds no link the chain rule does not make (one wrong link stopped
     * every later verification at it). A link made by the rule is taken, whoever makes it: the rule
     * in SQL is AuditChain's, checked here on an entry with Chinese text and empty fields.
     */
    @Test
    void theApplicationRoleTakesNothingOffTheQueueAndAddsNoLinkOfItsOwn() throws Exception {
        append("q1");
        linkAll();
        AuditEntry entry = new AuditEntry("民警 张三", "330881", "case.read", null, null, "浦城 红色预警：走私香烟");
        try (Connection c = db.connectAs(db.application())) {
            c.setAutoCommit(false);
            log.appendAll(c, List.of(entry));
            c.commit();
        }
        append("q3");
        long q2 = db.count("SELECT max(seq) FROM federation.audit_log WHERE action = 'case.read'");
        long head = db.count("SELECT max(position) FROM federation.audit_chain");
        try (Connection c = db.connectAs(db.application());
                Statement s = c.createStatement()) {
            assertRefused(s, "DELETE FROM federation.audit_unlinked");
            assertRefused(s, "UPDATE federation.audit_unlinked SET seq = seq + 1000000000");
            assertRefused(s, "TRUNCATE federation.audit_unlinked");
            // settling takes off only numbers linked: q2 stays queued
            s.execute("SELECT federation.audit_unlinked_settle(ARRAY[" + q2 + "]::bigint[])");
            s.execute("SELECT federation.audit_unlinked_settle(NULL)");
            byte[] headHash;
            java.time.Instant at;
            try (var rs = s.executeQuery("SELECT c.hash, l.at FROM federation.audit_chain c, federation.audit_log l"
                    + " WHERE c.position = " + head + " AND l.seq = " + q2)) {
                rs.next();
                headHash = rs.getBytes(1);
                at = rs.getTimestamp(2).toInstant();
            }
            byte[] right = AuditChain.hash(headHash, at, entry);
            // a wrong hash, a gap, another previous hash, an entry that does not exist
            assertLinkRefused(c, head + 1, q2, headHash, new byte[32]);
            assertLinkRefused(c, head + 2, q2, headHash, right);
            assertLinkRefused(c, head + 1, q2, new byte[32], right);
            assertLinkRefused(c, head + 1, q2 + 1_000_000, headHash, right);
            // the link the rule makes is taken
            try (var insert = c.prepareStatement(
                    "INSERT INTO federation.audit_chain (position, seq, prev_hash, hash) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, head + 1);
                insert.setLong(2, q2);
                insert.setBytes(3, headHash);
                insert.setBytes(4, right);
                insert.executeUpdate();
            }
        }
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_unlinked WHERE seq = ?", q2));
        linkAll();
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_unlinked"));
        assertEquals(head + 2, db.count("SELECT max(position) FROM federation.audit_chain"));
        AuditVerifier.Verification v = verifyAll();
        assertTrue(v.intact(), v.reason());
    }

    /**
     * A re-baseline of a partner's anchors added by the service's role's hand: without its audit
     * entry it is refused; with one, it sets aside what is held now, never heads still to come.
     */
    @Test
    void aReBaselineIsTakenOnlyAuditedAndSetsAsideOnlyWhatIsHeld() throws Exception {
        String forged = "INSERT INTO federation.audit_partner_rebaseline (id, partner, by_whom, reason,"
                + " through_head_id, through_mismatch_id, through_checkpoint_id) OVERRIDING SYSTEM VALUE"
                + " VALUES (9000000000000000000, '350722', 'x', 'x', 9000000000000000, 9000000000000000,"
                + " 9000000000000000)";
        try (Connection c = db.connectAs(db.application());
                Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(forged));
            assertEquals("23514", e.getSQLState(), e.getMessage());
            c.setAutoCommit(false);
            log.appendAll(
                    c,
                    List.of(new AuditEntry(
                            "commander", "330881", "audit.anchor.rebaseline", "audit.chain", "350722", "重新基线")));
            s.execute(forged);
            c.commit();
        }
        assertEquals(
                0,
                db.count("SELECT through_head_id + through_mismatch_id + through_checkpoint_id"
                        + " FROM federation.audit_partner_rebaseline WHERE partner = '350722'"));
        assertTrue(db.count("SELECT max(id) FROM federation.audit_partner_rebaseline") < 1_000_000);
    }

    /** An entry's time must be one a link can be made of: else the linker would stop at it for good. */
    @Test
    void anEntryOfNoRealTimeIsRefusedAndLinkingGoesOn() throws Exception {
        try (Connection c = db.connectAs(db.application());
                Statement s = c.createStatement()) {
            for (String at : List.of("infinity", "1500-01-01 00:00:00+00", "2300-01-01 00:00:00+00")) {
                SQLException e = assertThrows(
                        SQLException.class,
                        () -> s.execute("INSERT INTO federation.audit_log (at, actor, jurisdiction, action)"
                                + " VALUES ('" + at + "', 'x', '330881', 'test.read')"));
                assertEquals("23514", e.getSQLState(), at + ": " + e.getMessage());
            }
        }
        append("after");
        linkAll();
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_unlinked"));
        assertTrue(verifyAll().intact());
    }

    private static void assertLinkRefused(Connection c, long position, long seq, byte[] previous, byte[] hash) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (var insert = c.prepareStatement(
                    "INSERT INTO federation.audit_chain (position, seq, prev_hash, hash) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, position);
                insert.setLong(2, seq);
                insert.setBytes(3, previous);
                insert.setBytes(4, hash);
                insert.executeUpdate();
            }
        });
        assertEquals("23514", e.getSQLState(), e.getMessage());
    }

    private static void assertRefused(Statement s, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        // refused for want of privilege or ownership, not for some other reason
        assertTrue(e.getSQLState().equals("42501"), sql + ": " + e.getSQLState() + " " + e.getMessage());
    }

    @Test
    void aChangedRowIsTheFirstBrokenLink() throws Exception {
        append("r1");
        append("r2");
        linkAll();
        long seq = db.count("SELECT seq FROM federation.audit_log WHERE record_id = 'r1'");
        // the owner lifts the protection and rewrites a row
        try (Connection c = db.connectAs(db.owner());
                var s = c.createStatement()) {
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE federation.audit_log SET actor = 'someone else' WHERE seq = " + seq);
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
        }
        AuditVerifier.Verification verification = verifyAll();
        assertFalse(verification.intact());
        assertEquals(seq, verification.firstBrokenSeq());
        assertEquals(1L, verification.firstBrokenPosition());
        assertEquals("content does not match its hash", verification.reason());
    }

    @Test
    void verificationIsPagedIncrementalAndAudited() throws Exception {
        for (int i = 0; i < 25; i++) {
            append("p" + i);
        }
        linkAll();
        AuditVerifier v = verifier(Duration.ofMinutes(1));
        AuditVerifier.Verification first = v.verify("tester", true, 10);
        assertTrue(first.intact());
        assertFalse(first.complete());
        assertEquals(10, first.rowsVerified());
        assertEquals(10L, first.continueAfter());
        assertEquals(25, first.headPosition());
        // the next call goes on from there: the verification's own entry (26) came meanwhile
        linkAll();
        AuditVerifier.Verification second = v.verify("tester", false, 10);
        assertEquals(10, second.fromPosition());
        assertEquals(20, second.throughPosition());
        AuditVerifier.Verification third = v.verify("tester", false, 10);
        assertEquals(20, third.fromPosition());
        assertTrue(third.intact());
        assertEquals(3, db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.verify'"));
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.verify' "
                        + "AND actor = 'tester' AND detail LIKE 'intact: positions 1-10 of 25%'"));
    }

    @Test
    void aChainRecomputedAfterAnEditIsFoundFromTheCheckpoint() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("e" + i);
        }
        linkAll();
        assertTrue(verifier(Duration.ofMinutes(1)).verify("tester", false, 100).intact());
        // the owner edits an entry and recomputes every hash after it: each link holds again
        try (Connection c = db.connectAs(db.owner())) {
            AuditTampering.editAndRecompute(c, 2, "nothing happened");
        }
        // each link holds on its own, but the checkpoint's hash is gone, also for a walk from the first link
        AuditVerifier.Verification fromStart = verifyAll();
        assertFalse(fromStart.intact());
        assertTrue(fromStart.reason().contains("the chain was recomputed"), fromStart.reason());
        AuditVerifier.Verification fromCheckpoint =
                verifier(Duration.ofMinutes(1)).verify("tester", false, 100);
        assertFalse(fromCheckpoint.intact());
        assertTrue(fromCheckpoint.reason().contains("the chain was recomputed"), fromCheckpoint.reason());
    }

    @Test
    void aRemovedTailIsFoundFromTheCheckpoint() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("t" + i);
        }
        linkAll();
        assertTrue(verifier(Duration.ofMinutes(1)).verify("tester", false, 100).intact());
        try (Connection c = db.connectAs(db.owner())) {
            AuditTampering.removeTail(c, 3); // the verification's own entry and two before it
        }
        AuditVerifier.Verification v = verifier(Duration.ofMinutes(1)).verify("tester", false, 100);
        assertFalse(v.intact());
        assertTrue(v.reason().contains("entries were removed"), v.reason());
    }

    @Test
    void anEntryLeftUnlinkedTooLongIsReported() throws Exception {
        append("u1");
        linkAll();
        append("u2"); // never linked
        AuditVerifier.Verification v = verifier(Duration.ZERO).verify("tester", true, 100);
        assertFalse(v.intact());
        assertEquals(1, v.unlinkedTooLong());
        assertEquals(
                List.of(db.count("SELECT seq FROM federation.audit_log WHERE record_id = 'u2'")), v.unlinkedSeqs());
        assertNotNull(v.reason());
        linkAll();
        AuditVerifier.Verification after = verifier(Duration.ZERO).verify("tester", false, 100);
        assertTrue(after.intact(), after.reason());
    }

    @Test
    void oneVerificationAtATime() throws Exception {
        append("v");
        linkAll();
        try (Connection holder = dataSource.getConnection();
                Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + AuditVerifier.LOCK + ")");
            assertThrows(
                    ConflictProblem.class, () -> verifier(Duration.ofMinutes(1)).verify("second", false, 10));
            s.execute("SELECT pg_advisory_unlock(" + AuditVerifier.LOCK + ")");
        }
        assertTrue(verifier(Duration.ofMinutes(1)).verify("second", false, 10).intact());
    }

    // ---- linking from the queue (review of issue 21, audit #8)

    /**
     * An entry whose transaction commits long after it took its number, after a new linker took
     * over more than ten thousand numbers later, is still linked when it commits.
     */
    @Test
    void anEntryCommittedAfterATakeoverFarAheadIsStillLinked() throws Exception {
        append("first");
        try (Connection slow = db.connectAs(db.application())) {
            slow.setAutoCommit(false);
            log.appendAll(slow, List.of(new AuditEntry("slow", "330881", "test.read", "test", "slow", null)));
            List<AuditEntry> many = new ArrayList<>();
            for (int i = 0; i < 10_050; i++) {
                many.add(new AuditEntry("officer", "330881", "test.read", "test", "m" + i, null));
            }
            try (Connection c = db.connectAs(db.application())) {
                c.setAutoCommit(false);
                log.appendAll(c, many);
                c.commit();
            }
            linkAll();
            linker.release(); // another process takes over
            linker = new AuditLinker(dataSource);
            linkAll();
            slow.commit();
        }
        linkAll();
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.audit_chain c JOIN federation.audit_log l "
                        + "ON l.seq = c.seq WHERE l.record_id = 'slow'"),
                "the late entry is linked");
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_unlinked"));
        AuditVerifier.Verification v = verifier(Duration.ZERO).verify("tester", true, 100_000);
        assertTrue(v.intact(), v.reason());
    }

    @Test
    void anEntryNeitherLinkedNorWaitingIsReportedUntilItIsLinked() throws Exception {
        append("w1");
        append("w2");
        linkAll();
        append("w3");
        // the owner empties the queue: w3 would never be linked
        try (Connection owner = db.connectAs(db.owner());
                Statement s = owner.createStatement()) {
            s.execute("DELETE FROM federation.audit_unlinked");
        }
        long w3 = db.count("SELECT seq FROM federation.audit_log WHERE record_id = 'w3'");
        for (int i = 0; i < 2; i++) {
            AuditVerifier.Verification v = verifier(Duration.ofMinutes(5)).verify("tester", false, 100);
            assertFalse(v.intact());
            assertTrue(v.reason().contains("neither linked nor waiting"), v.reason());
            assertTrue(v.unlinkedSeqs().contains(w3), v.unlinkedSeqs().toString());
            linkAll();
        }
    }

    // ---- entries cannot be suppressed (audit #11)

    @Test
    void anAppendThatStoresNothingFails() throws Exception {
        append("kept");
        try (Connection owner = db.connectAs(db.owner());
                Statement s = owner.createStatement()) {
            s.execute(
                    "CREATE FUNCTION federation.swallow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
            s.execute("CREATE TRIGGER swallow BEFORE INSERT ON federation.audit_log FOR EACH ROW "
                    + "EXECUTE FUNCTION federation.swallow()");
        }
        assertThrows(SQLException.class, () -> append("swallowed by a trigger"));
        try (Connection owner = db.connectAs(db.owner());
                Statement s = owner.createStatement()) {
            s.execute("DROP TRIGGER swallow ON federation.audit_log");
            s.execute("CREATE RULE ignore AS ON INSERT TO federation.audit_log DO INSTEAD NOTHING");
        }
        assertThrows(SQLException.class, () -> append("swallowed by a rule"));
        // with a companion too: the entries' INSERT is the last statement
        try (Connection c = db.connectAs(db.application())) {
            c.setAutoCommit(false);
            assertThrows(
                    SQLException.class,
                    () -> log.appendAll(
                            c,
                            List.of(new AuditEntry("officer", "330881", "test.check", "test", "x", null)),
                            checked("x", "n")));
            c.rollback();
        }
        try (Connection owner = db.connectAs(db.owner());
                Statement s = owner.createStatement()) {
            s.execute("DROP RULE ignore ON federation.audit_log");
        }
        append("kept again");
        assertEquals(2, db.count("SELECT count(*) FROM federation.audit_log"));
    }

    // ---- where verification starts (audit #5)

    /**
     * Anyone who may write the checkpoint table (the service's role, the owner) adds a checkpoint
     * past an edited entry: verification does not start there, but from the checkpoint a partner
     * holds (signed by us), and finds the edit.
     */
    @Test
    void aForgedLocalCheckpointIsNotWhereVerificationStarts() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("c" + i);
        }
        linkAll();
        AuditVerifier.Verification first = verifier(Duration.ofMinutes(5)).verify("tester", false, 100);
        assertTrue(first.intact(), first.reason());
        assertEquals(1, handed.size(), "the checkpoint handed to the partners");
        AuditAnchors.Head partnerHolds = AuditAnchors.own(
                        KEY.getPrivate(),
                        "330881",
                        "intel-sharing",
                        handed.get(0),
                        org.borderpolice.federation.proto.audit.v1.ChainHead.Kind.VERIFIED_THROUGH)
                .orElseThrow();
        java.util.function.Supplier<List<AuditAnchors.PartnerView>> partner =
                () -> List.of(new AuditAnchors.PartnerView("350722", null, null, null, partnerHolds, List.of(), 0));
        for (int i = 0; i < 5; i++) {
            append("d" + i);
        }
        linkAll();
        long head = db.count("SELECT max(position) FROM federation.audit_chain");
        // the owner edits an entry after the checkpoint, and adds a checkpoint beyond it
        long edited = db.count("SELECT seq FROM federation.audit_log WHERE record_id = 'd2'");
        try (Connection owner = db.connectAs(db.owner());
                Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE federation.audit_log SET detail = 'nothing happened' WHERE seq = " + edited);
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
            s.executeUpdate("INSERT INTO federation.audit_verification (verified_by, through_position, through_hash, "
                    + "seq_through) SELECT 'forger', position, hash, seq FROM federation.audit_chain WHERE position = "
                    + head);
        }
        AuditVerifier.Verification v = verifier(Duration.ofMinutes(5), partner).verify("tester", false, 100);
        assertEquals(partnerHolds.position(), v.fromPosition(), v.checkpointFrom());
        assertFalse(v.intact());
        assertEquals("content does not match its hash", v.reason());
        assertEquals(edited, v.firstBrokenSeq());
        // without a partner's checkpoint the forged row is not trusted either: it is not signed
        AuditVerifier.Verification alone = verifier(Duration.ofMinutes(5)).verify("tester", false, 100);
        assertFalse(alone.intact());
        assertEquals("content does not match its hash", alone.reason());
    }

    // ---- what partners say about our chain (audit #3, #5)

    AuditAnchors.PartnerView matching(String partner, long position, java.time.Instant signedAt) {
        byte[] hash = AuditTampering.hashAt(db, position);
        return new AuditAnchors.PartnerView(
                partner, null, null, new AuditAnchors.Head(position, hash, signedAt), null, List.of(), 0);
    }

    @Test
    void aPartnersAnswerThatIsNotOursIsNotAMismatchAndClaimsNeedEvidence() throws Exception {
        for (int i = 0; i < 3; i++) {
            append("h" + i);
        }
        linkAll();
        java.time.Instant now = java.time.Instant.now();
        List<AuditAnchors.PartnerView> views = List.of(
                matching("350722", 3, now),
                new AuditAnchors.PartnerView(
                        "361103", null, "the head it says it holds is not signed by us", null, null, List.of(), 0),
                new AuditAnchors.PartnerView("330822", null, null, null, null, List.of(), 5));
        AuditVerifier.Verification v =
                verifier(Duration.ofMinutes(5), () -> views).verify("tester", true, 100);
        assertTrue(v.intact(), v.reason());
        assertEquals(
                List.of("MATCHES", "INVALID_ANSWER", "NONE"),
                v.anchors().stream().map(AuditVerifier.AnchorCheck::status).toList());
        assertTrue(
                v.anchors().get(2).detail().contains("without evidence"),
                v.anchors().get(2).detail());

        // two statements of ours that contradict each other are a mismatch
        byte[] other = new byte[32];
        other[0] = 1;
        AuditAnchors.Evidence evidence = new AuditAnchors.Evidence(
                new AuditAnchors.Head(2, AuditTampering.hashAt(db, 2), now),
                new AuditAnchors.Head(2, other, now),
                "another hash at position 2");
        List<AuditAnchors.PartnerView> withEvidence = List.of(
                matching("350722", 3, now),
                new AuditAnchors.PartnerView("361103", null, null, null, null, List.of(evidence), 0));
        AuditVerifier.Verification w =
                verifier(Duration.ofMinutes(5), () -> withEvidence).verify("tester", true, 100);
        assertFalse(w.intact());
        assertEquals("MISMATCH", w.anchors().get(1).status());
    }

    @Test
    void withoutAFreshAnchorTheChainIsNotCalledIntact() throws Exception {
        for (int i = 0; i < 3; i++) {
            append("f" + i);
        }
        linkAll();
        java.time.Instant old = java.time.Instant.now().minus(Duration.ofMinutes(6));
        AuditVerifier.Verification stale = verifier(
                        Duration.ofMinutes(5),
                        () -> List.of(
                                matching("350722", 3, old),
                                new AuditAnchors.PartnerView("361103", "no answer", null, null, null, List.of(), 0)))
                .verify("tester", true, 100);
        assertFalse(stale.intact());
        assertTrue(stale.reason().startsWith("no partner holds a head of ours younger than"), stale.reason());
        assertEquals("STALE", stale.anchors().get(0).status());
        assertTrue(stale.anchors().get(0).ageSeconds() >= 360);
        AuditVerifier.Verification fresh = verifier(
                        Duration.ofMinutes(5), () -> List.of(matching("350722", 3, java.time.Instant.now())))
                .verify("tester", true, 100);
        assertTrue(fresh.intact(), fresh.reason());
    }

    /**
     * Final review #1b: evidence is believed only if our chain does not hold one of its two
     * statements today; two real statements that it still holds prove nothing.
     */
    @Test
    void evidenceWhoseStatementsOurChainStillHoldsIsNotAMismatch() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("x" + i);
        }
        linkAll();
        java.time.Instant now = java.time.Instant.now();
        AuditAnchors.Evidence paired = new AuditAnchors.Evidence(
                new AuditAnchors.Head(5, AuditTampering.hashAt(db, 5), now.minusSeconds(60)),
                new AuditAnchors.Head(1, AuditTampering.hashAt(db, 1), now),
                "no entry at position 5 any more");
        List<AuditAnchors.PartnerView> views = List.of(new AuditAnchors.PartnerView(
                "350722",
                null,
                null,
                new AuditAnchors.Head(5, AuditTampering.hashAt(db, 5), now),
                null,
                List.of(paired),
                1));
        AuditVerifier.Verification v =
                verifier(Duration.ofMinutes(5), () -> views).verify("tester", true, 100);
        assertTrue(v.intact(), v.reason());
        assertEquals("MATCHES", v.anchors().get(0).status());
    }

    /**
     * Final review #7: an entry before the checkpoint edited without recomputing is found by the
     * routine incremental verification, within as many calls as the chain has pages.
     */
    @Test
    void anEditBeforeTheCheckpointIsFoundByIncrementalVerification() throws Exception {
        for (int i = 0; i < 10; i++) {
            append("s" + i);
        }
        linkAll();
        AuditVerifier v = verifier(Duration.ofMinutes(1));
        assertTrue(v.verify("tester", true, 100).intact());
        linkAll();
        long seq = db.count("SELECT seq FROM federation.audit_log WHERE record_id = 's2'");
        try (Connection c = db.connectAs(db.owner());
                var s = c.createStatement()) {
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE federation.audit_log SET detail = 'nothing happened' WHERE seq = " + seq);
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
        }
        AuditVerifier.Verification found = null;
        // the chain has 11 links before the checkpoint: with pages of 3, at most 4 calls sweep them all
        for (int call = 0; call < 5 && found == null; call++) {
            AuditVerifier.Verification next = v.verify("tester", false, 3);
            linkAll();
            if (!next.intact()) {
                found = next;
            }
        }
        assertTrue(found != null, "no incremental verification found the edit");
        assertEquals("content does not match its hash", found.reason());
        assertEquals(seq, found.firstBrokenSeq());
    }
}
