package org.borderpolice.federation.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * Appends to the hash-chained audit log in the caller's transaction (so an audited change and
 * its entry commit together), and verifies the chain. Appends are serialised by a transaction
 * advisory lock (taken by {@code federation.audit_chain_head()}): each needs the hash of the one before.
 */
@ApplicationScoped
public class AuditLog {

    private static final String CHAIN_HEAD = "SELECT federation.audit_chain_head()";

    private final AgroalDataSource dataSource;

    @Inject
    public AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Statements (one or more, separated by semicolons, none returning rows) that commit with the
     * audit entries: sent to PostgreSQL in one round trip with the read of the chain head, so
     * recording a change and its entry costs one round trip fewer.
     */
    public record Companion(String sql, Parameters parameters) {
    }

    /** Binds a companion's parameters, numbered through all its statements. */
    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @Transactional
    public void append(AuditEntry entry) {
        appendAll(List.of(entry));
    }

    /** Append one entry, and write the companion in the same transaction. */
    @Transactional
    public void append(AuditEntry entry, Companion with) {
        try (Connection c = dataSource.getConnection()) {
            appendAll(c, List.of(entry), with);
        } catch (SQLException e) {
            throw new IllegalStateException("could not append to the audit log", e);
        }
    }

    @Transactional
    public void appendAll(List<AuditEntry> entries) {
        try (Connection c = dataSource.getConnection()) {
            appendAll(c, entries);
        } catch (SQLException e) {
            throw new IllegalStateException("could not append to the audit log", e);
        }
    }

    /** Append on this connection, inside its open transaction (for code that runs its own). */
    public void appendAll(Connection c, List<AuditEntry> entries) throws SQLException {
        appendAll(c, entries, null);
    }

    /** As above, writing the companion (when not null) first, in the round trip that reads the chain head. */
    public void appendAll(Connection c, List<AuditEntry> entries, Companion with) throws SQLException {
        if (entries.isEmpty()) {
            if (with != null) {
                try (PreparedStatement companion = c.prepareStatement(with.sql())) {
                    with.parameters().bind(companion);
                    companion.execute();
                }
            }
            return;
        }
        // stored with microsecond precision: hash exactly what is stored
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // takes the append lock, then reads the last hash: null while the log is empty (migration V4)
        byte[] last = with == null ? chainHead(c) : chainHeadAfter(c, with);
        byte[] previous = last == null ? AuditChain.GENESIS : last;
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO federation.audit_log (at, actor, jurisdiction, action, record_type, record_id, detail,
                    prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (AuditEntry e : entries) {
                byte[] hash = AuditChain.hash(previous, at, e);
                insert.setTimestamp(1, Timestamp.from(at));
                insert.setString(2, e.actor());
                insert.setString(3, e.jurisdiction());
                insert.setString(4, e.action());
                insert.setString(5, e.recordType());
                insert.setString(6, e.recordId());
                insert.setString(7, e.detail());
                insert.setBytes(8, previous);
                insert.setBytes(9, hash);
                insert.addBatch();
                previous = hash;
            }
            insert.executeBatch();
        }
    }

    private static byte[] chainHead(Connection c) throws SQLException {
        try (Statement head = c.createStatement(); ResultSet rs = head.executeQuery(CHAIN_HEAD)) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    /** The companion's statements, then the chain head: PostgreSQL gets them in one message. */
    private static byte[] chainHeadAfter(Connection c, Companion with) throws SQLException {
        try (PreparedStatement both = c.prepareStatement(with.sql() + ";\n" + CHAIN_HEAD)) {
            with.parameters().bind(both);
            for (boolean rows = both.execute(); !rows; rows = both.getMoreResults()) {
                if (both.getUpdateCount() == -1) {
                    throw new IllegalStateException("no chain head after the companion statements");
                }
            }
            try (ResultSet rs = both.getResultSet()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    /** Walk the whole chain; report the first row whose link or content does not hold. */
    public Verification verify() {
        byte[] expectedPrevious = AuditChain.GENESIS;
        long checked = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT seq, at, actor, jurisdiction, action, record_type, record_id, detail, prev_hash, hash
                    FROM federation.audit_log ORDER BY seq""")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        Instant at = rs.getTimestamp(2).toInstant();
                        AuditEntry entry = new AuditEntry(rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8));
                        byte[] previous = rs.getBytes(9);
                        byte[] hash = rs.getBytes(10);
                        if (!Arrays.equals(previous, expectedPrevious)) {
                            return new Verification(false, checked, seq,
                                    "previous hash does not match the row before (a row was removed or changed)");
                        }
                        if (!Arrays.equals(hash, AuditChain.hash(previous, at, entry))) {
                            return new Verification(false, checked, seq, "content does not match its hash");
                        }
                        expectedPrevious = hash;
                        checked++;
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log", e);
        }
        return new Verification(true, checked, null, null);
    }

    /** Result of a verification: intact, or the first broken link. */
    public record Verification(boolean intact, long rowsVerified, Long firstBrokenSeq, String reason) {
    }
}
