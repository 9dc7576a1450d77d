package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.borderpolice.federation.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * The audit log on a real PostgreSQL: appenders racing must leave one unbroken line, which needs
 * each to see the head committed by the one it waited for; statements sent with an append commit
 * or roll back with it.
 */
class AuditLogTest {

    static final int WRITERS = 8;
    static final int APPENDS_EACH = 40;

    PostgresServer.Database db;
    AgroalDataSource dataSource;

    /** A fresh database for each test: one of them breaks its chain on purpose. */
    @BeforeEach
    void database() throws Exception {
        db = PostgresServer.get().createDatabase("audit");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .schemas("federation").createSchemas(true).locations("classpath:db/federation").load().migrate();
        try (Connection c = db.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE checked (id text PRIMARY KEY, note text NOT NULL)");
        }
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(WRITERS + 1)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.user()))
                                .credential(new SimplePassword(db.password())))));
    }

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void racingAppendersKeepOneUnbrokenChain() throws Exception {
        AuditLog log = new AuditLog(dataSource);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String actor = "writer-" + w;
            done.add(writers.submit(() -> {
                start.await();
                for (int i = 0; i < APPENDS_EACH; i++) {
                    try (Connection c = db.connect()) {
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
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        AuditLog.Verification verification = log.verify();
        assertNull(verification.reason());
        assertTrue(verification.intact());
        assertEquals(WRITERS * APPENDS_EACH * 2, verification.rowsVerified());
        // every row links to the row before it: no two appenders read the same head
        assertEquals(0, db.count("SELECT count(*) FROM (SELECT prev_hash FROM federation.audit_log "
                + "GROUP BY prev_hash HAVING count(*) > 1) forks"));
        long withCompanions = java.util.stream.IntStream.range(0, WRITERS)
                .filter(w -> ("writer-" + w).hashCode() % 2 != 0).count();
        assertTrue(withCompanions > 0 && withCompanions < WRITERS, "both kinds of writer race");
        assertEquals(withCompanions * APPENDS_EACH, db.count("SELECT count(*) FROM checked WHERE note = 'raced!'"));
    }

    @Test
    void companionStatementsCommitAndRollBackWithTheEntry() throws Exception {
        AuditLog log = new AuditLog(dataSource);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            log.appendAll(c, List.of(new AuditEntry("officer", "330881", "test.check", "test", "c1", null)),
                    checked("c1", "kept"));
            c.commit();
            log.appendAll(c, List.of(new AuditEntry("officer", "330881", "test.check", "test", "c2", null)),
                    checked("c2", "undone"));
            c.rollback();
        }
        // both statements of the companion ran, before the entry that names its row
        assertEquals(1, db.count("SELECT count(*) FROM checked WHERE id = 'c1' AND note = 'kept!'"));
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log WHERE record_id = 'c1'"));
        assertEquals(0, db.count("SELECT count(*) FROM checked WHERE id = 'c2'"));
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_log WHERE record_id = 'c2'"));
        assertTrue(log.verify().intact());
    }

    @Test
    void aFailingCompanionAppendsNothing() throws Exception {
        AuditLog log = new AuditLog(dataSource);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            log.appendAll(c, List.of(new AuditEntry("officer", "330881", "test.check", "test", "d1", null)),
                    checked("d1", "first"));
            c.commit();
            // the same key again: the companion fails, and the entry must not be written without it
            assertThrows(SQLException.class, () -> log.appendAll(c,
                    List.of(new AuditEntry("officer", "330881", "test.check", "test", "d1-again", null)),
                    checked("d1", "second")));
            c.rollback();
        }
        assertEquals(0, db.count("SELECT count(*) FROM federation.audit_log WHERE record_id = 'd1-again'"));
        assertEquals(1, db.count("SELECT count(*) FROM federation.audit_log"));
        assertTrue(log.verify().intact());
    }

    /** Two statements: a row, then a change to it, so both are seen to run. */
    private static AuditLog.Companion checked(String id, String note) {
        return new AuditLog.Companion("""
                INSERT INTO checked (id, note) VALUES (?, ?);
                UPDATE checked SET note = note || '!' WHERE id = ?""", statement -> {
            statement.setString(1, id);
            statement.setString(2, note);
            statement.setString(3, id);
        });
    }

    @Test
    void aChangedRowIsTheFirstBrokenLink() throws Exception {
        AuditLog log = new AuditLog(dataSource);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            log.appendAll(c, List.of(new AuditEntry("officer", "330881", "test.read", "test", "r1", null)));
            c.commit();
        }
        long seq = db.count("SELECT max(seq) FROM federation.audit_log");
        try (Connection c = db.connect(); var s = c.createStatement()) {
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE federation.audit_log SET actor = 'someone else' WHERE seq = " + seq);
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
        }
        AuditLog.Verification verification = log.verify();
        assertFalse(verification.intact());
        assertEquals(seq, verification.firstBrokenSeq());
    }
}
