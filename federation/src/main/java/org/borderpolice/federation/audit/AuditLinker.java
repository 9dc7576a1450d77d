package org.borderpolice.federation.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Chains committed audit entries, off the request path: every {@code border.federation.audit.link-every}
 * it links the entries waiting in {@code federation.audit_unlinked} (each appending statement
 * queues its entries there, in its own transaction: migration V13), in the order of their numbers,
 * each to the hash before it ({@code federation.audit_chain}), and takes them off the queue in the
 * same transaction. An entry whose transaction commits late, however late, is linked when it
 * commits; the linker keeps nothing in memory, so another one simply goes on with the queue.
 *
 * <p>One linker at a time across replicas: the one holding a session-level advisory lock on its
 * connection, kept while it lives. A replica that dies takes its lock with its connection; one
 * whose host vanishes without closing the connection is found dead by the server's TCP
 * keepalive, which the linker's session shortens to about half a minute, and another takes over.
 */
@ApplicationScoped
public class AuditLinker {

    private static final Logger LOG = Logger.getLogger(AuditLinker.class);

    /** Session advisory lock of the one linker: "BorLink". */
    static final long LOCK = 0x426f724c696e6bL;

    static final int BATCH = 1000;
    /**
     * The server drops the linker's session (and its lock) when the linker's host stops answering:
     * probes after 10 s idle, every 5 s, 3 lost; unacknowledged data after 30 s.
     */
    static final String KEEPALIVE = "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; "
            + "SET tcp_keepalives_count = 3; SET tcp_user_timeout = 30000";

    private final AgroalDataSource dataSource;

    private Connection linking;
    private boolean failing;

    @Inject
    public AuditLinker(@DataSource("background") AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(
            identity = "link-audit-chain",
            every = "${border.federation.audit.link-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void linkOnSchedule() {
        try {
            link();
            if (failing) {
                LOG.info("linking the audit chain again");
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            release();
            if (!failing) {
                LOG.warnf("could not link the audit chain (entries wait, unlinked): %s", e.getMessage());
                failing = true;
            }
        }
    }

    /** Link what is there to link, if this process is the linker; returns how many entries it linked. */
    public synchronized int link() throws SQLException {
        if (!holdLock()) {
            return 0;
        }
        int linked = 0;
        for (int round = 0; round < 20; round++) {
            int n = linkBatch();
            linked += n;
            if (n < BATCH) {
                break;
            }
        }
        return linked;
    }

    /** Whether this process is the linker now (it sends the anchors too: one sender per jurisdiction). */
    public synchronized boolean isLinker() {
        return linking != null;
    }

    /** Whether this process is the linker: takes the lock on a connection of its own, or still holds it. */
    private boolean holdLock() throws SQLException {
        if (linking != null) {
            return true;
        }
        Connection c = dataSource.getConnection();
        boolean held = false;
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
                rs.next();
                held = rs.getBoolean(1);
            }
            if (held) {
                try (Statement s = c.createStatement()) {
                    s.execute(KEEPALIVE);
                }
            }
        } finally {
            if (!held) {
                c.close();
            }
        }
        if (held) {
            linking = c;
            LOG.info("linking the audit chain in this process");
        }
        return held;
    }

    private int linkBatch() throws SQLException {
        Connection c = linking;
        c.setAutoCommit(false);
        try {
            byte[] previous = AuditChain.GENESIS;
            long position = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT position, hash FROM federation.audit_chain ORDER BY position DESC LIMIT 1")) {
                if (rs.next()) {
                    position = rs.getLong(1);
                    previous = rs.getBytes(2);
                }
            }
            List<long[]> links = new ArrayList<>();
            List<byte[][]> hashes = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT l.seq, l.at, l.actor, l.jurisdiction, l.action, l.record_type, l.record_id, l.detail
                    FROM federation.audit_unlinked u JOIN federation.audit_log l ON l.seq = u.seq
                    WHERE NOT EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = u.seq)
                    ORDER BY u.seq LIMIT ?""")) {
                select.setInt(1, BATCH);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry entry = new AuditEntry(
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8));
                        byte[] hash =
                                AuditChain.hash(previous, rs.getTimestamp(2).toInstant(), entry);
                        position++;
                        links.add(new long[] {position, rs.getLong(1)});
                        hashes.add(new byte[][] {previous, hash});
                        previous = hash;
                    }
                }
            }
            if (!links.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO federation.audit_chain (position, seq, prev_hash, hash) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < links.size(); i++) {
                        insert.setLong(1, links.get(i)[0]);
                        insert.setLong(2, links.get(i)[1]);
                        insert.setBytes(3, hashes.get(i)[0]);
                        insert.setBytes(4, hashes.get(i)[1]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                // the queue is the owner's to take off (V44): only numbers now linked go
                try (PreparedStatement done = c.prepareStatement("SELECT federation.audit_unlinked_settle(?)")) {
                    Array seqs = c.createArrayOf(
                            "bigint", links.stream().map(l -> l[1]).toArray());
                    done.setArray(1, seqs);
                    done.execute();
                }
            }
            if (links.size() < BATCH) {
                // caught up: numbers queued that are linked already or name no entry (only a hand
                // could have put them there) would otherwise wait forever
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT federation.audit_unlinked_settle(NULL)");
                }
            }
            c.commit();
            return links.size();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is given up below
            }
            release();
            throw e;
        }
    }

    /** Give up being the linker (the lock goes with the connection). */
    @PreDestroy
    synchronized void release() {
        if (linking != null) {
            try (Statement s = linking.createStatement()) {
                // the pool keeps the session: the lock must not stay with it
                linking.setAutoCommit(true);
                s.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            } catch (SQLException ignored) {
                // a broken connection is discarded, and its lock with it
            }
            try {
                linking.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            linking = null;
        }
    }
}
