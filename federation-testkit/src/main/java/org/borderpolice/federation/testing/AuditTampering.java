package org.borderpolice.federation.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.borderpolice.federation.audit.AuditChain;
import org.borderpolice.federation.audit.AuditEntry;

/**
 * What someone who controls the database (its owner or administrator) could do to an audit chain
 * to hide something: lift the append-only triggers, then edit an entry and recompute every hash
 * after it, or remove the tail. For tests that show it does not go unnoticed.
 */
public final class AuditTampering {

    private AuditTampering() {}

    /**
     * The running service's linker waits until the tampering has committed, then links on from what
     * it left, as it would after a careful owner's edit; without this, a batch it linked meanwhile
     * from the old last hash breaks the chain in another way than the test means (seen on a loaded
     * machine: "previous hash does not match" instead of "recomputed").
     */
    private static void lockOutTheLinker(Statement s) throws SQLException {
        s.execute("LOCK TABLE federation.audit_chain IN ACCESS EXCLUSIVE MODE");
    }

    /** Change the detail of the entry at this position and recompute every link from there, so each holds. */
    public static void editAndRecompute(Connection owner, long position, String detail) throws SQLException {
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement s = owner.createStatement()) {
            lockOutTheLinker(s);
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER USER");
            s.execute("ALTER TABLE federation.audit_chain DISABLE TRIGGER USER");
            try (PreparedStatement edit = owner.prepareStatement("UPDATE federation.audit_log SET detail = ? "
                    + "WHERE seq = (SELECT seq FROM federation.audit_chain WHERE position = ?)")) {
                edit.setString(1, detail);
                edit.setLong(2, position);
                edit.executeUpdate();
            }
            byte[] previous = AuditChain.GENESIS;
            try (PreparedStatement before =
                    owner.prepareStatement("SELECT hash FROM federation.audit_chain WHERE position = ?")) {
                before.setLong(1, position - 1);
                try (ResultSet rs = before.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getBytes(1);
                    }
                }
            }
            try (PreparedStatement links = owner.prepareStatement("""
                    SELECT c.position, l.at, l.actor, l.jurisdiction, l.action, l.record_type, l.record_id, l.detail
                    FROM federation.audit_chain c JOIN federation.audit_log l ON l.seq = c.seq
                    WHERE c.position >= ? ORDER BY c.position""");
                    PreparedStatement update = owner.prepareStatement(
                            "UPDATE federation.audit_chain SET prev_hash = ?, hash = ? WHERE position = ?")) {
                links.setLong(1, position);
                try (ResultSet rs = links.executeQuery()) {
                    while (rs.next()) {
                        byte[] hash = AuditChain.hash(
                                previous,
                                rs.getTimestamp(2).toInstant(),
                                new AuditEntry(
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getString(8)));
                        update.setBytes(1, previous);
                        update.setBytes(2, hash);
                        update.setLong(3, rs.getLong(1));
                        update.addBatch();
                        previous = hash;
                    }
                }
                update.executeBatch();
            }
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER USER");
            s.execute("ALTER TABLE federation.audit_chain ENABLE TRIGGER USER");
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /**
     * Remove the last n links and their entries: the last n of the chain as it is under the lock,
     * so with a running linker, entries linked since the caller last read the head shift what is
     * removed (use {@link #removeAfter} to remove a given part).
     */
    public static void removeTail(Connection owner, int n) throws SQLException {
        remove(owner, "SELECT position, seq FROM federation.audit_chain ORDER BY position DESC LIMIT " + n);
    }

    /**
     * Remove every link after this position and their entries, whatever the running service
     * linked up to the moment the linker is locked out; returns how many links were removed.
     */
    public static int removeAfter(Connection owner, long position) throws SQLException {
        return remove(owner, "SELECT position, seq FROM federation.audit_chain WHERE position > " + position);
    }

    private static int remove(Connection owner, String links) throws SQLException {
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement s = owner.createStatement()) {
            lockOutTheLinker(s);
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER USER");
            s.execute("ALTER TABLE federation.audit_chain DISABLE TRIGGER USER");
            s.execute("CREATE TEMP TABLE gone ON COMMIT DROP AS " + links);
            int removed =
                    s.executeUpdate("DELETE FROM federation.audit_chain WHERE position IN (SELECT position FROM gone)");
            s.execute("DELETE FROM federation.audit_log WHERE seq IN (SELECT seq FROM gone)");
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER USER");
            s.execute("ALTER TABLE federation.audit_chain ENABLE TRIGGER USER");
            owner.commit();
            return removed;
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /** The chain's hash at a position (as the administrator), or null. */
    public static byte[] hashAt(PostgresServer.Database db, long position) {
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT hash FROM federation.audit_chain WHERE position = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
