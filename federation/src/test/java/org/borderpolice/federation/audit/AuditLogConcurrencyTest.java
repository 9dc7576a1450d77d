package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
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
 * Appenders racing on a real PostgreSQL: the chain must stay one unbroken line, which needs each
 * appender to see the head committed by the one it waited for.
 */
class AuditLogConcurrencyTest {

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
                        // two entries in one transaction, the way a replication batch appends
                        log.appendAll(c, List.of(new AuditEntry(actor, "330881", "test.append", "test", actor + "-" + i, "a"),
                                new AuditEntry(actor, "330881", "test.append", "test", actor + "-" + i, "b")));
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
