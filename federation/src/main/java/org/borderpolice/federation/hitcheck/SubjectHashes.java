package org.borderpolice.federation.hitcheck;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.federation.blindindex.VersionedHash;
import org.borderpolice.federation.hitcheck.HitCheckable.Identifier;
import org.borderpolice.federation.hitcheck.HitCheckable.RecordSubjects;
import org.borderpolice.federation.search.PlanCacheMode;
import org.borderpolice.federation.validation.SubjectKind;

/**
 * Keyed hashes of the subjects of every record type that takes part in hit/no-hit checks
 * ({@code federation.subject_hash}), under every blind-index key version held, and the matches
 * against them. A service keeps them in step with its records ({@link #index}, {@link #remove})
 * in the transaction that changes them. Plain JDBC on the session's connection on purpose: a
 * native query would make Hibernate flush (and dirty-check) the whole session each time, which
 * is quadratic over a replication batch.
 */
@ApplicationScoped
public class SubjectHashes {

    @Inject
    TransactionConnection jdbc;

    @Inject
    AgreementBlindIndex blindIndex;

    /** Index a record that may have hashes already (an update). */
    public void index(String recordType, String recordId, Collection<Identifier> subjects) {
        index(recordType, List.of(new RecordSubjects(recordId, List.copyOf(subjects))), Set.of());
    }

    /**
     * Replace the hashes of these records in a few set-based statements; those in {@code created}
     * are new in this transaction and have none to delete (a DELETE that finds nothing still
     * costs PostgreSQL 0.1 ms, planning included, at the origin and at every receiver). Under
     * every key version held: while the agreement rotates its key, partners may ask under either.
     */
    public void index(String recordType, Collection<RecordSubjects> records, Set<String> created) {
        if (records.isEmpty()) {
            return;
        }
        Map<String, List<VersionedHash>> byRecord = new LinkedHashMap<>();
        for (RecordSubjects r : records) {
            byRecord.put(r.recordId(), hashes(r.subjects()));
        }
        replace(
                recordType,
                byRecord,
                byRecord.keySet().stream().filter(id -> !created.contains(id)).toList(),
                blindIndex.versions().last());
    }

    /** The subjects' hashes under every version held, each once. */
    List<VersionedHash> hashes(List<Identifier> subjects) {
        return subjects.stream()
                .flatMap(s -> blindIndex.hashes(s.kind().name(), s.value()).stream())
                .distinct()
                .toList();
    }

    /** Forget the hashes of deleted records. */
    public void remove(String recordType, Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return;
        }
        jdbc.run(c -> {
            try (PreparedStatement delete = c.prepareStatement("""
                    DELETE FROM federation.subject_hash WHERE record_type = ? AND record_id = ANY(?);
                    DELETE FROM federation.blind_index_pending WHERE record_type = ? AND record_id = ANY(?)""")) {
                delete.setString(1, recordType);
                delete.setArray(2, c.createArrayOf("varchar", recordIds.toArray()));
                delete.setString(3, recordType);
                delete.setArray(4, c.createArrayOf("varchar", recordIds.toArray()));
                delete.execute();
            }
        });
    }

    /**
     * Set the hashes of these records: one DELETE of the old hashes of {@code existing} (those
     * that may have some) and one INSERT. The INSERT also queues the records for any key version
     * newer than {@code newestHeld} that another replica registered (a rolling restart adding a
     * version): a replica holding it hashes them ({@link BlindIndexVersions}).
     */
    void replace(
            String recordType,
            Map<String, List<VersionedHash>> hashesByRecord,
            Collection<String> existing,
            int newestHeld) {
        jdbc.run(c -> {
            if (!existing.isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM federation.subject_hash WHERE record_type = ? AND record_id = ANY(?)")) {
                    delete.setString(1, recordType);
                    delete.setArray(2, c.createArrayOf("varchar", existing.toArray()));
                    delete.executeUpdate();
                }
            }
            List<String> records = new ArrayList<>();
            List<Short> versions = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            List<String> hashed = new ArrayList<>();
            for (Map.Entry<String, List<VersionedHash>> record : hashesByRecord.entrySet()) {
                for (VersionedHash hash : record.getValue()) {
                    records.add(record.getKey());
                    versions.add((short) hash.keyVersion());
                    hashes.add(hash.hash());
                }
                if (!record.getValue().isEmpty()) {
                    hashed.add(record.getKey());
                }
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    WITH h AS (
                        INSERT INTO federation.subject_hash (record_type, record_id, key_version, hash)
                        SELECT ?, * FROM unnest(?::varchar[], ?::smallint[], ?::varchar[])
                        ON CONFLICT DO NOTHING)
                    INSERT INTO federation.blind_index_pending (record_type, record_id, key_version)
                    SELECT ?, r.id, v.key_version FROM unnest(?::varchar[]) AS r (id)
                    CROSS JOIN federation.blind_index_version v WHERE v.key_version > ?
                    ON CONFLICT DO NOTHING""")) {
                insert.setString(1, recordType);
                insert.setArray(2, c.createArrayOf("varchar", records.toArray()));
                insert.setArray(3, c.createArrayOf("smallint", versions.toArray()));
                insert.setArray(4, c.createArrayOf("varchar", hashes.toArray()));
                insert.setString(5, recordType);
                insert.setArray(6, c.createArrayOf("varchar", hashed.toArray()));
                insert.setShort(7, (short) newestHeld);
                insert.executeUpdate();
            }
        });
    }

    /**
     * The records a query selected as rows of (id, array of "KIND:value"), each subject once
     * ({@link HitCheckable.SubjectsQuery}).
     */
    static List<RecordSubjects> read(PreparedStatement select) throws SQLException {
        List<RecordSubjects> records = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                List<Identifier> subjects = new ArrayList<>();
                Array array = rs.getArray(2);
                if (array != null) {
                    for (Object subject : new TreeSet<>(List.of((Object[]) array.getArray()))) {
                        String s = (String) subject;
                        int colon = s.indexOf(':');
                        subjects.add(
                                new Identifier(SubjectKind.valueOf(s.substring(0, colon)), s.substring(colon + 1)));
                    }
                }
                records.add(new RecordSubjects(rs.getObject(1).toString(), subjects));
            }
        }
        return records;
    }

    /** A stored hash of a record of this type that one of the asked hashes matched. */
    public record Match(String recordId, VersionedHash hash) {}

    /**
     * Records of this type with a subject hashing to one of these (hex) hashes, with the version
     * each is stored under: the caller keeps a match only if its version is the one asked (two
     * keys giving one hash is as likely as guessing a key). One statement for any number of
     * hashes (one array parameter), planned once per connection: left to choose, PostgreSQL plans
     * every call (0.4 ms, four times the execution) because its generic plan, though the same
     * index scan, is costed for a longer array than the custom one. Set for the rest of the
     * check's transaction, whose other statements are the record type's own and single-row inserts.
     */
    public List<Match> matches(String recordType, Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        return jdbc.call(c -> {
            PlanCacheMode.FORCE_GENERIC_PLAN.setForTransaction(c);
            List<Match> matches = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT record_id, key_version, hash FROM federation.subject_hash
                    WHERE hash = ANY(?) AND record_type = ?""")) {
                select.setArray(1, c.createArrayOf("varchar", hashes.toArray()));
                select.setString(2, recordType);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        matches.add(new Match(rs.getString(1), new VersionedHash(rs.getInt(2), rs.getString(3))));
                    }
                }
            }
            return matches;
        });
    }
}
