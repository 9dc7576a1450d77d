package org.borderpolice.federation.hitcheck;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.VersionedHash;
import org.borderpolice.federation.hitcheck.HitCheckable.RecordSubjects;

/**
 * The blind-index key versions our hashes are made with ({@code federation.blind_index_version}),
 * and the steps that bring the hashes in line with the versions held: hashing each record type's
 * records in batches under a new version ({@code blind_index_fill}, per version and type),
 * removing an old version's hashes in batches. Each step runs in the caller's (short) transaction
 * and first locks its row with SKIP LOCKED, so with several replicas one works on a version (and
 * type) at a time and the others move on.
 *
 * <p>Replicas may hold different versions for a while (a rolling restart during a rotation). A
 * replica never touches a version newer than those it holds; it removes only versions older
 * than the oldest it holds. A record written by a replica that lacks a newer registered version
 * is queued for it ({@code blind_index_pending}, by {@link SubjectHashes#replace}), and a replica
 * that holds the version hashes it. A version's {@code filled_at} is set once every record type
 * is hashed under it and nothing is queued; a record type new to the database (a service that
 * starts taking part) unsets it until its records are hashed too.
 */
@ApplicationScoped
public class BlindIndexVersions {

    @Inject
    TransactionConnection jdbc;

    /** What happened to a version in one step. */
    public enum Step {
        /** A batch was done; there is more. */
        PROGRESSED,
        /** The last batch was done: every record of the type is hashed under the version. */
        COMPLETED,
        /** Nothing was left to do for this version and type. */
        DONE,
        /** Another replica is working on it. */
        BUSY
    }

    /** Hashes of one record's subjects under one key version. */
    @FunctionalInterface
    public interface Hasher {
        List<VersionedHash> hash(int version, RecordSubjects record);
    }

    /** One step's outcome, and how many records it hashed or cleared. */
    public record Progress(Step step, int records) {}

    /**
     * Register a version we hold; returns the fingerprint stored for it, which differs from
     * ours if the database's hashes of that version were made with another key.
     */
    public String register(int version, String fingerprint) {
        return work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO federation.blind_index_version (key_version, fingerprint) VALUES (?, ?)
                    ON CONFLICT (key_version) DO NOTHING""");
                    PreparedStatement select = c.prepareStatement(
                            "SELECT fingerprint FROM federation.blind_index_version WHERE key_version = ?")) {
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

    /**
     * Make sure each held version has a fill row per record type taking part: a type new here is
     * hashed under every version held (and the version is not filled until it is).
     */
    public void track(Collection<Integer> held, Collection<String> recordTypes) {
        work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    WITH f AS (
                        INSERT INTO federation.blind_index_fill (key_version, record_type)
                        SELECT v.key_version, t.record_type FROM federation.blind_index_version v
                        CROSS JOIN unnest(?::varchar[]) AS t (record_type)
                        WHERE v.key_version = ANY(?)
                        ON CONFLICT DO NOTHING
                        RETURNING key_version)
                    UPDATE federation.blind_index_version SET filled_at = NULL
                    WHERE key_version IN (SELECT key_version FROM f)""")) {
                insert.setArray(1, c.createArrayOf("varchar", recordTypes.toArray()));
                insert.setArray(2, versions(c, held));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The versions registered by any replica. */
    public SortedSet<Integer> registered() {
        return work(c -> {
            SortedSet<Integer> versions = new TreeSet<>();
            try (PreparedStatement select =
                            c.prepareStatement("SELECT key_version FROM federation.blind_index_version");
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
            String sql = "SELECT key_version FROM federation.blind_index_version WHERE key_version < ?"
                    // the hashes themselves: once per process (a scan), for hashes an old replica wrote after a drop
                    + (lookAtHashes
                            ? " UNION SELECT DISTINCT key_version FROM federation.subject_hash WHERE key_version < ?"
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
                    SELECT count(*) FROM federation.blind_index_version v WHERE v.key_version = ANY(?)
                    AND (v.filled_at IS NULL
                         OR EXISTS (SELECT 1 FROM federation.blind_index_pending p WHERE p.key_version = v.key_version))""")) {
                select.setArray(1, versions(c, held));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Hash the next {@code batch} records of this type that have no hash of {@code version} yet:
     * first in id order, after where the last step stopped, until every record was looked at
     * once; then those queued for the version by replicas that do not hold it. Only missing
     * hashes are written.
     */
    public Progress fill(int version, int batch, HitCheckable type, Hasher hasher) {
        return work(c -> {
            Optional<Optional<Object[]>> row;
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT filled_through, filled_at FROM federation.blind_index_fill
                    WHERE key_version = ? AND record_type = ? FOR UPDATE SKIP LOCKED""")) {
                select.setShort(1, (short) version);
                select.setString(2, type.recordType());
                try (ResultSet rs = select.executeQuery()) {
                    row = rs.next()
                            ? Optional.of(Optional.of(new Object[] {rs.getString(1), rs.getTimestamp(2)}))
                            : null;
                }
            }
            if (row == null) {
                // locked by another replica, or not tracked (yet)
                return new Progress(tracked(c, version, type.recordType()) ? Step.BUSY : Step.DONE, 0);
            }
            Object[] state = row.get().get();
            Progress progress = state[1] == null
                    ? passStep(c, version, batch, type, hasher, (String) state[0])
                    : pendingStep(c, version, batch, type, hasher);
            markFilled(c, version);
            return progress;
        });
    }

    private static boolean tracked(Connection c, int version, String recordType) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM federation.blind_index_fill WHERE key_version = ? AND record_type = ?")) {
            select.setShort(1, (short) version);
            select.setString(2, recordType);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** One batch of the pass over every record of the type, in id order after {@code after}. */
    private static Progress passStep(
            Connection c, int version, int batch, HitCheckable type, Hasher hasher, String after) throws SQLException {
        List<RecordSubjects> records = lacking(c, type, version, after, batch);
        hash(c, version, type.recordType(), records, hasher);
        boolean passed = records.size() < batch;
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE federation.blind_index_fill SET filled_through = ?, filled_at = CASE WHEN ? THEN now() END
                WHERE key_version = ? AND record_type = ?""")) {
            update.setString(1, passed ? null : records.get(records.size() - 1).recordId());
            update.setBoolean(2, passed);
            update.setShort(3, (short) version);
            update.setString(4, type.recordType());
            update.executeUpdate();
        }
        if (!passed || pending(c, version, type.recordType())) {
            return new Progress(Step.PROGRESSED, records.size());
        }
        return new Progress(Step.COMPLETED, records.size());
    }

    /** One batch of the records queued for the version by replicas that do not hold it. */
    private static Progress pendingStep(Connection c, int version, int batch, HitCheckable type, Hasher hasher)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT record_id FROM federation.blind_index_pending WHERE key_version = ? AND record_type = ?
                ORDER BY record_id LIMIT ?""")) {
            select.setShort(1, (short) version);
            select.setString(2, type.recordType());
            select.setInt(3, batch);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return new Progress(Step.DONE, 0);
        }
        hash(c, version, type.recordType(), subjectsOf(c, type, ids), hasher);
        try (PreparedStatement delete = c.prepareStatement("""
                DELETE FROM federation.blind_index_pending
                WHERE key_version = ? AND record_type = ? AND record_id = ANY(?)""")) {
            delete.setShort(1, (short) version);
            delete.setString(2, type.recordType());
            delete.setArray(3, c.createArrayOf("varchar", ids.toArray()));
            delete.executeUpdate();
        }
        return new Progress(
                ids.size() < batch && !pending(c, version, type.recordType()) ? Step.COMPLETED : Step.PROGRESSED,
                ids.size());
    }

    /**
     * Records of the type with subjects and no hash of the version yet, in id order after
     * {@code after}, at most {@code limit}, FOR SHARE.
     */
    private static List<RecordSubjects> lacking(Connection c, HitCheckable type, int version, String after, int limit)
            throws SQLException {
        HitCheckable.SubjectsQuery q = type.subjectsQuery();
        try (PreparedStatement select = c.prepareStatement("SELECT " + q.id() + ", " + q.subjects() + " FROM "
                + q.table() + " " + q.alias() + " WHERE " + q.hasSubjects()
                + " AND NOT EXISTS (SELECT 1 FROM federation.subject_hash h WHERE h.record_type = ? AND h.record_id = "
                + q.id() + "::text AND h.key_version = ?)"
                + (after != null ? " AND " + q.id() + " > CAST(? AS " + q.idType() + ")" : "")
                + " ORDER BY " + q.id() + " LIMIT ? FOR SHARE OF " + q.alias())) {
            int p = 1;
            select.setString(p++, type.recordType());
            select.setShort(p++, (short) version);
            if (after != null) {
                select.setString(p++, after);
            }
            select.setInt(p, limit);
            return SubjectHashes.read(select);
        }
    }

    /** These records of the type (those that exist) with their subjects, FOR SHARE. */
    private static List<RecordSubjects> subjectsOf(Connection c, HitCheckable type, Collection<String> ids)
            throws SQLException {
        HitCheckable.SubjectsQuery q = type.subjectsQuery();
        try (PreparedStatement select = c.prepareStatement("SELECT " + q.id() + ", " + q.subjects() + " FROM "
                + q.table() + " " + q.alias() + " WHERE " + q.id() + " = ANY(CAST(CAST(? AS varchar[]) AS "
                + q.idType() + "[])) ORDER BY " + q.id() + " FOR SHARE OF " + q.alias())) {
            select.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            return SubjectHashes.read(select);
        }
    }

    private static boolean pending(Connection c, int version, String recordType) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM federation.blind_index_pending WHERE key_version = ? AND record_type = ? LIMIT 1")) {
            select.setShort(1, (short) version);
            select.setString(2, recordType);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The version is filled once every record type is and nothing is queued for it. */
    private static void markFilled(Connection c, int version) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE federation.blind_index_version v SET filled_at = now()
                WHERE v.key_version = ? AND v.filled_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM federation.blind_index_fill f
                                WHERE f.key_version = v.key_version AND f.filled_at IS NULL)
                AND NOT EXISTS (SELECT 1 FROM federation.blind_index_pending p WHERE p.key_version = v.key_version)""")) {
            update.setShort(1, (short) version);
            update.executeUpdate();
        }
    }

    /** Hash the records under the version, writing only missing hashes. */
    private static void hash(Connection c, int version, String recordType, List<RecordSubjects> records, Hasher hasher)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO federation.subject_hash (record_type, record_id, key_version, hash) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (RecordSubjects record : records) {
                for (VersionedHash h : hasher.hash(version, record)) {
                    insert.setString(1, recordType);
                    insert.setString(2, record.recordId());
                    insert.setShort(3, (short) h.keyVersion());
                    insert.setString(4, h.hash());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * Remove the hashes of an old version for up to {@code batch} records; once none are left, the
     * version itself. Each record of a type taking part is first hashed under every version
     * {@code held} (a record an old replica wrote, or one a pass missed), so that no record stops
     * hitting when its old hashes go. Returns how many records' hashes went, or -1 if another
     * replica is at it.
     */
    public int drop(int version, int batch, Collection<Integer> held, Map<String, HitCheckable> types, Hasher hasher) {
        return work(c -> {
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT 1 FROM federation.blind_index_version WHERE key_version = ? FOR UPDATE SKIP LOCKED")) {
                lock.setShort(1, (short) version);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next() && registered(c, version)) {
                        return -1;
                    }
                }
            }
            Map<String, List<String>> records = new LinkedHashMap<>();
            int count = 0;
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT DISTINCT record_type, record_id FROM federation.subject_hash WHERE key_version = ? LIMIT ?""")) {
                select.setShort(1, (short) version);
                select.setInt(2, batch);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        records.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                                .add(rs.getString(2));
                        count++;
                    }
                }
            }
            for (Map.Entry<String, List<String>> byType : records.entrySet()) {
                HitCheckable type = types.get(byType.getKey());
                if (type != null) {
                    List<RecordSubjects> subjects = subjectsOf(c, type, byType.getValue());
                    for (int keep : held) {
                        hash(c, keep, byType.getKey(), subjects, hasher);
                    }
                }
                try (PreparedStatement delete = c.prepareStatement("""
                        DELETE FROM federation.subject_hash
                        WHERE key_version = ? AND record_type = ? AND record_id = ANY(?)""")) {
                    delete.setShort(1, (short) version);
                    delete.setString(2, byType.getKey());
                    delete.setArray(
                            3, c.createArrayOf("varchar", byType.getValue().toArray()));
                    delete.executeUpdate();
                }
            }
            if (count < batch) {
                try (PreparedStatement forget = c.prepareStatement("""
                        DELETE FROM federation.blind_index_pending WHERE key_version = ?;
                        DELETE FROM federation.blind_index_fill WHERE key_version = ?;
                        DELETE FROM federation.blind_index_version WHERE key_version = ?""")) {
                    forget.setShort(1, (short) version);
                    forget.setShort(2, (short) version);
                    forget.setShort(3, (short) version);
                    forget.execute();
                }
            }
            return count;
        });
    }

    private static boolean registered(Connection c, int version) throws SQLException {
        try (PreparedStatement exists =
                c.prepareStatement("SELECT 1 FROM federation.blind_index_version WHERE key_version = ?")) {
            exists.setShort(1, (short) version);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Array versions(Connection c, Collection<Integer> versions) throws SQLException {
        return c.createArrayOf(
                "smallint", versions.stream().map(Integer::shortValue).toArray());
    }

    private <T> T work(TransactionConnection.Work<T> work) {
        return jdbc.call(work);
    }
}
