package org.borderpolice.federation.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Chains committed audit entries, off the request path: every {@code border.federation.audit.link-every}
 * it links the entries it has not linked yet, in the order it finds them, each to the hash before it
 * ({@code federation.audit_chain}). One linker at a time across replicas: the one holding a
 * session-level advisory lock on its connection, kept while it lives (a dead replica's lock goes
 * with its connection, and another takes over).
 *
 * <p>Which entries: those after the highest sequence number seen, and the "gaps" below it, numbers
 * not seen yet: a transaction still open when later ones committed, or one that rolled back (a
 * number is never used again). A gap is looked for during {@link #GAP_PATIENCE}; an entry
 * that appears even later stays unlinked, and verification reports it.
 */
@ApplicationScoped
public class AuditLinker {

    private static final Logger LOG = Logger.getLogger(AuditLinker.class);

    /** Session advisory lock of the one linker: "BorLink". */
    static final long LOCK = 0x426f724c696e6bL;
    static final Duration GAP_PATIENCE = Duration.ofMinutes(10);
    /** How far back a linker that takes over looks for entries left unlinked. */
    static final int TAKEOVER_LOOKBACK = 10_000;
    static final int MAX_GAPS = 100_000;
    static final int BATCH = 1000;

    private final AgroalDataSource dataSource;

    private Connection linking;
    /** Highest sequence number seen (linked or found linked). */
    private long seenThrough = -1;
    /** Numbers below seenThrough not linked yet, with when they were first missed. */
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();
    private boolean failing;

    @Inject
    public AuditLinker(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(identity = "link-audit-chain", every = "${border.federation.audit.link-every}",
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

    /** Whether this process is the linker: takes the lock on a connection of its own, or still holds it. */
    private boolean holdLock() throws SQLException {
        if (linking != null) {
            return true;
        }
        Connection c = dataSource.getConnection();
        boolean held = false;
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
                rs.next();
                held = rs.getBoolean(1);
            }
        } finally {
            if (!held) {
                c.close();
            }
        }
        if (held) {
            linking = c;
            takeOver();
        }
        return held;
    }

    /** A new linker does not know the gaps of the one before: it looks back over the last numbers. */
    private void takeOver() throws SQLException {
        gaps.clear();
        try (Statement s = linking.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM federation.audit_chain")) {
            rs.next();
            seenThrough = rs.getLong(1);
        }
        Instant now = Instant.now();
        try (PreparedStatement missing = linking.prepareStatement("""
                SELECT g FROM generate_series(greatest(1, ? - ?), ?) AS g
                WHERE NOT EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = g)""")) {
            missing.setLong(1, seenThrough);
            missing.setLong(2, TAKEOVER_LOOKBACK);
            missing.setLong(3, seenThrough);
            try (ResultSet rs = missing.executeQuery()) {
                while (rs.next()) {
                    gaps.put(rs.getLong(1), now);
                }
            }
        }
        LOG.infof("linking the audit chain in this process (from seq %d, %d earlier numbers unlinked)", seenThrough,
                gaps.size());
    }

    private int linkBatch() throws SQLException {
        Connection c = linking;
        c.setAutoCommit(false);
        try {
            byte[] previous = AuditChain.GENESIS;
            long position = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT position, hash FROM federation.audit_chain ORDER BY position DESC LIMIT 1")) {
                if (rs.next()) {
                    position = rs.getLong(1);
                    previous = rs.getBytes(2);
                }
            }
            expireGaps();
            List<long[]> links = new ArrayList<>();
            List<byte[][]> hashes = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT seq, at, actor, jurisdiction, action, record_type, record_id, detail
                    FROM federation.audit_log l
                    WHERE (seq > ? OR seq = ANY(?))
                      AND NOT EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = l.seq)
                    ORDER BY seq LIMIT ?""")) {
                select.setLong(1, seenThrough);
                Array gapArray = c.createArrayOf("bigint", gaps.keySet().toArray());
                select.setArray(2, gapArray);
                select.setInt(3, BATCH);
                try (ResultSet rs = select.executeQuery()) {
                    Instant now = Instant.now();
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        AuditEntry entry = new AuditEntry(rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8));
                        byte[] hash = AuditChain.hash(previous, rs.getTimestamp(2).toInstant(), entry);
                        position++;
                        links.add(new long[] { position, seq });
                        hashes.add(new byte[][] { previous, hash });
                        previous = hash;
                        gaps.remove(seq);
                        for (long missing = seenThrough + 1; missing < seq; missing++) {
                            if (gaps.size() < MAX_GAPS) {
                                gaps.put(missing, now);
                            }
                        }
                        seenThrough = Math.max(seenThrough, seq);
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
            }
            c.commit();
            return links.size();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is given up below
            }
            // what this linker knew may be off now: the next one starts over
            release();
            throw e;
        }
    }

    private void expireGaps() {
        Instant giveUp = Instant.now().minus(GAP_PATIENCE);
        for (Iterator<Map.Entry<Long, Instant>> i = gaps.entrySet().iterator(); i.hasNext();) {
            if (i.next().getValue().isBefore(giveUp)) {
                i.remove();
            }
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
