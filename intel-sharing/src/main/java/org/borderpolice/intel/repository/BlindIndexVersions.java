package org.borderpolice.intel.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * The blind-index key versions our hashes are made with ({@code blind_index_version}), and the
 * steps that bring the hashes in line with the versions held: hashing alerts in batches under a
 * new version, removing an old version's hashes in batches. Each step runs in the caller's
 * (short) transaction and first locks its version's row with SKIP LOCKED, so with several
 * replicas one works on a version at a time and the others move on.
 *
 * <p>Replicas may hold different versions for a while (a rolling restart during a rotation). A
 * replica never touches a version newer than those it holds; it removes only versions older
 * than the oldest it holds. An alert written by a replica that lacks a newer registered version
 * is queued for it ({@code blind_index_pending}, by {@link SubjectHashRepository#replace}), and a
 * replica that holds the version hashes it.
 */
@ApplicationScoped
public class BlindIndexVersions {

    @Inject
    EntityManager em;

    /** What happened to a version in one step. */
    public enum Step {
        /** A batch was done; there is more. */
        PROGRESSED,
        /** The last batch was done: every alert is hashed under the version. */
        COMPLETED,
        /** Nothing was left to do for this version. */
        DONE,
        /** Another replica is working on it. */
        BUSY
    }

    /** Hashes of subjects: (key version, "KIND:value") to the hex hash. */
    @FunctionalInterface
    public interface Hasher {
        String hash(int version, String subject);
    }

    /** One step's outcome, and how many alerts it hashed or cleared. */
    public record Progress(Step step, int alerts) {}

    /**
     * Register a version we hold; returns the fingerprint stored for it, which differs from
     * ours if the database's hashes of that version were made with another key.
     */
    public String register(int version, String fingerprint) {
        return work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO blind_index_version (key_version, fingerprint) VALUES (?, ?)
                    ON CONFLICT (key_version) DO NOTHING""");
                    PreparedStatement select =
                            c.prepareStatement("SELECT fingerprint FROM blind_index_version WHERE key_version = ?")) {
                insert.setShort(1, (short) version);
                insert.setString(2, fingerprint);
                insert.executeUpdate();
                select.setShort(1, (short) version);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** The versions registered by any replica. */
    public SortedSet<Integer> registered() {
        return work(c -> {
            SortedSet<Integer> versions = new TreeSet<>();
            try (PreparedStatement select = c.prepareStatement("SELECT key_version FROM blind_index_version");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            }
            return versions;
        });
    }

    /**
     * Versions older than {@code oldestHeld}, registered or (with {@code lookAtHashes}) found
     * among the hashes: those to remove. Newer versions we do not hold are another replica's,
     * which a rotation is adding.
     */
    public SortedSet<Integer> olderThan(int oldestHeld, boolean lookAtHashes) {
        return work(c -> {
            SortedSet<Integer> versions = new TreeSet<>();
            String sql = "SELECT key_version FROM blind_index_version WHERE key_version < ?"
                    // the hashes themselves: once per process (a scan), for hashes an old replica wrote after a drop
                    + (lookAtHashes
                            ? " UNION SELECT DISTINCT key_version FROM alert_subject_hash WHERE key_version < ?"
                            : "");
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setShort(1, (short) oldestHeld);
                if (lookAtHashes) {
                    select.setShort(2, (short) oldestHeld);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        versions.add(rs.getInt(1));
                    }
                }
            }
            return versions;
        });
    }

    /** Versions among {@code held} whose holdings are not all hashed yet. */
    public int unfilled(Collection<Integer> held) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT count(*) FROM blind_index_version v WHERE v.key_version = ANY(?)
                    AND (v.filled_at IS NULL
                         OR EXISTS (SELECT 1 FROM blind_index_pending p WHERE p.key_version = v.key_version))""")) {
                select.setArray(1, versions(c, held));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Hash the next {@code batch} alerts that have no hash of {@code version} yet: first in id
     * order, after where the last step stopped, until every alert was looked at once; then those
     * queued for the version by replicas that do not hold it. The alerts are read FOR SHARE: an
     * update or a replica's removal of one of them waits, so no hash of a subject it no longer
     * has is written after its own re-indexing.
     */
    public Progress fill(int version, int batch, Hasher hasher) {
        return work(c -> {
            Optional<Optional<Object[]>> row = lock(
                    c, "filled_through, filled_at", version, rs -> new Object[] {rs.getObject(1), rs.getTimestamp(2)});
            if (row == null) {
                return new Progress(Step.DONE, 0);
            }
            if (row.get().isEmpty()) {
                return new Progress(Step.BUSY, 0);
            }
            Object[] state = row.get().get();
            if (state[1] == null) {
                return passStep(c, version, batch, hasher, (UUID) state[0]);
            }
            return pendingStep(c, version, batch, hasher);
        });
    }

    /** One batch of the pass over every alert, in id order after {@code after}. */
    private static Progress passStep(Connection c, int version, int batch, Hasher hasher, UUID after)
            throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT a.id, " + SUBJECTS + " FROM alert a "
                + "WHERE jsonb_array_length(a.subjects) > 0 AND NOT EXISTS (SELECT 1 FROM alert_subject_hash h "
                + "WHERE h.alert_id = a.id AND h.key_version = ?)" + (after != null ? " AND a.id > ?" : "")
                + " ORDER BY a.id LIMIT ? FOR SHARE OF a")) {
            int p = 1;
            select.setShort(p++, (short) version);
            if (after != null) {
                select.setObject(p++, after);
            }
            select.setInt(p, batch);
            hash(c, select, version, hasher, ids);
        }
        boolean passed = ids.size() < batch;
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE blind_index_version SET filled_through = ?, filled_at = CASE WHEN ? THEN now() END
                WHERE key_version = ?""")) {
            update.setObject(1, passed ? null : ids.get(ids.size() - 1));
            update.setBoolean(2, passed);
            update.setShort(3, (short) version);
            update.executeUpdate();
        }
        if (!passed || pending(c, version)) {
            return new Progress(Step.PROGRESSED, ids.size());
        }
        return new Progress(Step.COMPLETED, ids.size());
    }

    /** One batch of the alerts queued for the version by replicas that do not hold it. */
    private static Progress pendingStep(Connection c, int version, int batch, Hasher hasher) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT a.id, " + SUBJECTS + " FROM blind_index_pending p "
                        + "JOIN alert a ON a.id = p.alert_id WHERE p.key_version = ? ORDER BY p.alert_id LIMIT ? FOR SHARE OF a")) {
            select.setShort(1, (short) version);
            select.setInt(2, batch);
            hash(c, select, version, hasher, ids);
        }
        if (ids.isEmpty()) {
            return new Progress(Step.DONE, 0);
        }
        try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM blind_index_pending WHERE key_version = ? AND alert_id = ANY(?)")) {
            delete.setShort(1, (short) version);
            delete.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            delete.executeUpdate();
        }
        return new Progress(ids.size() < batch && !pending(c, version) ? Step.COMPLETED : Step.PROGRESSED, ids.size());
    }

    private static boolean pending(Connection c, int version) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT 1 FROM blind_index_pending WHERE key_version = ? LIMIT 1")) {
            select.setShort(1, (short) version);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** An alert's subjects as "KIND:value". */
    private static final String SUBJECTS =
            "(SELECT array_agg((s ->> 'kind') || ':' || (s ->> 'value')) " + "FROM jsonb_array_elements(a.subjects) s)";

    /** Hash the selected alerts (id, subjects) under the version, writing only missing hashes. */
    private static void hash(Connection c, PreparedStatement select, int version, Hasher hasher, List<UUID> ids)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO alert_subject_hash (alert_id, key_version, hash) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID id = (UUID) rs.getObject(1);
                    ids.add(id);
                    Array subjects = rs.getArray(2);
                    if (subjects == null) {
                        continue;
                    }
                    for (Object subject : new TreeSet<>(List.of((Object[]) subjects.getArray()))) {
                        insert.setObject(1, id);
                        insert.setShort(2, (short) version);
                        insert.setString(3, hasher.hash(version, (String) subject));
                        insert.addBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * Remove the hashes of an old version for up to {@code batch} alerts; once none are left, the
     * version itself. Each alert is first hashed under every version {@code held} it has no hash
     * of (an alert an old replica wrote, or one a pass missed), so that no alert stops hitting
     * when its old hashes go. Returns how many alerts' hashes went, or -1 if another replica is at it.
     */
    public int drop(int version, int batch, Collection<Integer> held, Hasher hasher) {
        return work(c -> {
            Optional<Optional<Boolean>> registered = lock(c, "true", version, rs -> true);
            if (registered != null && registered.get().isEmpty()) {
                return -1;
            }
            List<UUID> alerts = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT DISTINCT alert_id FROM alert_subject_hash WHERE key_version = ? LIMIT ?")) {
                select.setShort(1, (short) version);
                select.setInt(2, batch);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        alerts.add((UUID) rs.getObject(1));
                    }
                }
            }
            Array ids = c.createArrayOf("uuid", alerts.toArray());
            for (int keep : held) {
                try (PreparedStatement select = c.prepareStatement("SELECT a.id, " + SUBJECTS + " FROM alert a "
                        + "WHERE a.id = ANY(?) AND NOT EXISTS (SELECT 1 FROM alert_subject_hash h "
                        + "WHERE h.alert_id = a.id AND h.key_version = ?) FOR SHARE OF a")) {
                    select.setArray(1, ids);
                    select.setShort(2, (short) keep);
                    hash(c, select, keep, hasher, new ArrayList<>());
                }
            }
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM alert_subject_hash WHERE key_version = ? AND alert_id = ANY(?)")) {
                delete.setShort(1, (short) version);
                delete.setArray(2, ids);
                delete.executeUpdate();
            }
            if (alerts.size() < batch) {
                try (PreparedStatement forget = c.prepareStatement("""
                        DELETE FROM blind_index_pending WHERE key_version = ?;
                        DELETE FROM blind_index_version WHERE key_version = ?""")) {
                    forget.setShort(1, (short) version);
                    forget.setShort(2, (short) version);
                    forget.execute();
                }
            }
            return alerts.size();
        });
    }

    private static Array versions(Connection c, Collection<Integer> versions) throws SQLException {
        return c.createArrayOf(
                "smallint", versions.stream().map(Integer::shortValue).toArray());
    }

    /**
     * Lock the version's row (SKIP LOCKED) and read it: null if there is no such row,
     * Optional.empty() if another transaction holds it, else what {@code read} makes of it.
     */
    private static <T> Optional<Optional<T>> lock(Connection c, String columns, int version, Row<T> read)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + columns + " FROM blind_index_version WHERE key_version = ? FOR UPDATE SKIP LOCKED")) {
            select.setShort(1, (short) version);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(Optional.of(read.apply(rs)));
                }
            }
        }
        // no row we could lock: is there one at all?
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM blind_index_version WHERE key_version = ?")) {
            exists.setShort(1, (short) version);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next() ? Optional.of(Optional.empty()) : null;
            }
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T apply(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::apply);
    }
}
