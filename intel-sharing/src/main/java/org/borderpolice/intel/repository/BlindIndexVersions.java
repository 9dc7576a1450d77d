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
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * The blind-index key versions our hashes are made with ({@code blind_index_version}), and the
 * steps that bring the hashes in line with the versions held: re-hashing alerts in batches
 * under a new version, removing a dropped version's hashes in batches. Each step runs in the
 * caller's (short) transaction and first locks its version's row with SKIP LOCKED, so with
 * several replicas one works on a version at a time and the others move on.
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

    /**
     * Register a version we hold; returns the fingerprint stored for it, which differs from
     * ours if the database's hashes of that version were made with another key.
     */
    public String register(int version, String fingerprint) {
        return work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO blind_index_version (key_version, fingerprint) VALUES (?, ?)
                    ON CONFLICT (key_version) DO NOTHING""");
                    PreparedStatement select = c.prepareStatement(
                            "SELECT fingerprint FROM blind_index_version WHERE key_version = ?")) {
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

    /** Versions registered or found among the hashes that are not among {@code held}. */
    public SortedSet<Integer> notHeld(Collection<Integer> held, boolean lookAtHashes) {
        return work(c -> {
            SortedSet<Integer> versions = new TreeSet<>();
            String sql = "SELECT key_version FROM blind_index_version WHERE key_version <> ALL(?)"
                    // the hashes themselves: once per process (a scan), for hashes an old replica wrote after a drop
                    + (lookAtHashes ? " UNION SELECT DISTINCT key_version FROM alert_subject_hash WHERE key_version <> ALL(?)" : "");
            try (PreparedStatement select = c.prepareStatement(sql)) {
                Array array = c.createArrayOf("smallint", held.stream().map(Integer::shortValue).toArray());
                select.setArray(1, array);
                if (lookAtHashes) {
                    select.setArray(2, array);
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
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT count(*) FROM blind_index_version WHERE key_version = ANY(?) AND filled_at IS NULL")) {
                select.setArray(1, c.createArrayOf("smallint", held.stream().map(Integer::shortValue).toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Hash the next {@code batch} alerts (in id order, after where the last step stopped) under
     * {@code version}; {@code hash} maps "KIND:value" to the hex hash. The alerts are read
     * FOR SHARE: an update or a replica's removal of one of them waits, so no hash of a subject
     * it no longer has is written after its own re-indexing.
     */
    public Step fill(int version, int batch, Function<String, String> hash) {
        return work(c -> {
            Optional<Optional<UUID>> progress = lock(c, "filled_through, filled_at", version, rs -> {
                if (rs.getTimestamp(2) != null) {
                    return null;
                }
                return Optional.ofNullable((UUID) rs.getObject(1));
            });
            if (progress == null) {
                return Step.DONE;
            }
            if (progress.isEmpty()) {
                return Step.BUSY;
            }
            Optional<UUID> after = progress.get();
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT a.id, (SELECT array_agg((s ->> 'kind') || ':' "
                    + "|| (s ->> 'value')) FROM jsonb_array_elements(a.subjects) s) FROM alert a"
                    + (after.isPresent() ? " WHERE a.id > ?" : "") + " ORDER BY a.id LIMIT ? FOR SHARE OF a");
                    PreparedStatement insert = c.prepareStatement("""
                            INSERT INTO alert_subject_hash (alert_id, key_version, hash) VALUES (?, ?, ?)
                            ON CONFLICT DO NOTHING""")) {
                int p = 1;
                if (after.isPresent()) {
                    select.setObject(p++, after.get());
                }
                select.setInt(p, batch);
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
                            insert.setString(3, hash.apply((String) subject));
                            insert.addBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
            boolean done = ids.size() < batch;
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE blind_index_version SET filled_through = ?, filled_at = CASE WHEN ? THEN now() END
                    WHERE key_version = ?""")) {
                update.setObject(1, done ? null : ids.get(ids.size() - 1));
                update.setBoolean(2, done);
                update.setShort(3, (short) version);
                update.executeUpdate();
            }
            return done ? Step.COMPLETED : Step.PROGRESSED;
        });
    }

    /**
     * Remove up to {@code batch} hashes of a version no longer held; once none are left, the
     * version itself. Returns how many hashes went, or -1 if another replica is at it.
     */
    public int drop(int version, int batch) {
        return work(c -> {
            Optional<Optional<Boolean>> registered = lock(c, "true", version, rs -> Optional.of(true));
            if (registered != null && registered.isEmpty()) {
                return -1;
            }
            int removed;
            try (PreparedStatement delete = c.prepareStatement("""
                    DELETE FROM alert_subject_hash WHERE ctid = ANY(ARRAY(
                        SELECT ctid FROM alert_subject_hash WHERE key_version = ? LIMIT ?))""")) {
                delete.setShort(1, (short) version);
                delete.setInt(2, batch);
                removed = delete.executeUpdate();
            }
            if (removed < batch) {
                try (PreparedStatement forget = c.prepareStatement("DELETE FROM blind_index_version WHERE key_version = ?")) {
                    forget.setShort(1, (short) version);
                    forget.executeUpdate();
                }
            }
            return removed;
        });
    }

    /**
     * Lock the version's row (SKIP LOCKED) and read it: null if there is no such row,
     * Optional.empty() if another transaction holds it, else what {@code read} makes of it.
     */
    private static <T> Optional<T> lock(Connection c, String columns, int version, Row<T> read) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + columns
                + " FROM blind_index_version WHERE key_version = ? FOR UPDATE SKIP LOCKED")) {
            select.setShort(1, (short) version);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    T value = read.apply(rs);
                    return value == null ? null : Optional.of(value);
                }
            }
        }
        // no row we could lock: is there one at all?
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM blind_index_version WHERE key_version = ?")) {
            exists.setShort(1, (short) version);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next() ? Optional.empty() : null;
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
