package org.borderpolice.federation.hitcheck;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.validation.SubjectKind;

/**
 * What a service implements (as a CDI bean) for a record type whose subjects hit/no-hit checks
 * match: one bean per record type, nothing else. The federation keeps the keyed hashes of the
 * subjects (the service calls {@link SubjectHashes#index} in the transaction that changes a
 * record, {@link SubjectHashes#remove} when it deletes one), runs the checks, answers partners,
 * counts, records and audits; the bean decides which records a given asker may learn of, and
 * what a hit on one tells. Every method runs in the caller's (short) transaction.
 */
public interface HitCheckable {

    /** The record type, e.g. "intel.alert"; its hashes, hits and agreement category go by it. */
    String recordType();

    /**
     * Of these records, whose subjects a checked hash matched, those the asker may learn of, each
     * with what a hit tells (nothing of the record's content beyond it), most relevant first: an
     * owner answers at most 20 hits per identifier, the first ones. Unknown ids are left out. The
     * rule belongs in the SQL WHERE clause: at home ({@link Asker#local()}) the records held here
     * that the user may hit (ours and partners' replicas); for a partner only our own records
     * (origin = this jurisdiction) that the agreement and the asking user's roles let it learn of.
     */
    List<RecordHit> hits(Asker asker, Collection<String> recordIds);

    /**
     * A partner's hit on a record of this type, as it arrived from {@code owner} (the partner that
     * answered, which the federation has checked the hit names as its owner): the record id and
     * summary as this type defines them, and tied to that partner where the type can tell (an id
     * or a number naming its creator must name the owner: a partner must not point our user at a
     * third jurisdiction's record), or {@link IllegalArgumentException} saying what is wrong (the
     * whole answer is then refused as malformed). Returns the summary to show.
     */
    Map<String, String> readSummary(String owner, String recordId, Map<String, String> summary);

    /**
     * Where this type's records (ours and replicas) and the subjects to index are, for hashing
     * them under a key version added for a rotation (the federation reads them in batches, FOR
     * SHARE: an update waits, so no hash of a subject a record no longer has is written after its
     * own re-indexing).
     */
    SubjectsQuery subjectsQuery();

    /**
     * SQL parts naming a record type's records and their subjects: the table and its alias; the
     * record id ({@code id}, e.g. "a.id", of SQL type {@code idType}, e.g. "uuid"; its text form
     * is the record id); {@code subjects}, an expression giving the subjects to index as an array
     * of "KIND:value" (e.g. {@code (SELECT array_agg(s.kind || ':' || s.value) FROM ...)}); and
     * {@code hasSubjects}, a condition that holds for a record with any. Constants of the
     * service's code, never user input.
     */
    record SubjectsQuery(String table, String alias, String id, String idType, String subjects, String hasSubjects) {}

    /**
     * The summary entry {@code key} as a constant of {@code type}, or {@link IllegalArgumentException}
     * naming it (for {@link #readSummary}).
     */
    static <E extends Enum<E>> E entry(Map<String, String> summary, String key, Class<E> type) {
        String value = summary.get(key);
        try {
            return Enum.valueOf(type, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " " + value);
        }
    }

    /** The record id, which must be a UUID in its canonical form, or {@link IllegalArgumentException}. */
    static UUID requireUuid(String recordId) {
        UUID id = uuid(recordId);
        if (id == null) {
            throw new IllegalArgumentException("record id " + recordId + " is not a UUID");
        }
        return id;
    }

    /** Those of the record ids that are UUIDs in their canonical form (a type whose ids are UUIDs). */
    static List<UUID> uuids(Collection<String> recordIds) {
        return recordIds.stream()
                .map(HitCheckable::uuid)
                .filter(Objects::nonNull)
                .toList();
    }

    /** A record id that is a UUID in its canonical form, as that UUID; null otherwise. */
    static UUID uuid(String recordId) {
        try {
            UUID uuid = UUID.fromString(recordId);
            return uuid.toString().equals(recordId) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Who asks: the asking user's jurisdiction and suite roles; {@code local} for our own user
     * checking at home (ours and replicas may hit), not for a partner's user (our own records only).
     */
    record Asker(String jurisdiction, Set<String> roles, boolean local) {}

    /** One identifier in normal form (kind and value as the blind index hashes them). */
    record Identifier(SubjectKind kind, String value) {}

    /** A record and its subjects. */
    record RecordSubjects(String recordId, List<Identifier> subjects) {}

    /**
     * What a hit tells: the record, its owner and unit, and the type's summary (at most
     * {@link HitChecks#MAX_SUMMARY_ENTRIES} entries, e.g. an alert's severity, a case's number).
     */
    record RecordHit(String recordId, String owner, String unit, Map<String, String> summary) {}
}
