package org.borderpolice.intel.repository;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.borderpolice.federation.blindindex.VersionedHash;
import org.borderpolice.federation.search.PlanCacheMode;
import org.borderpolice.intel.Severity;
import org.hibernate.Session;

/** Keyed hashes of alert subjects, and the matches against them. */
@ApplicationScoped
public class SubjectHashRepository {

    @Inject
    EntityManager em;

    /**
     * Set the hashes of these alerts (under every key version held): one DELETE of the old hashes
     * of {@code existing} (those that may have some) and one INSERT, on the session's connection.
     * The INSERT also queues the alerts for any key version newer than {@code newestHeld} that
     * another replica registered (a rolling restart adding a version): a replica holding it hashes
     * them ({@link BlindIndexVersions}). Plain JDBC on purpose: a native query would make
     * Hibernate flush (and dirty-check) the whole session each time, which is quadratic over a
     * replication batch.
     */
    public void replace(Map<UUID, List<VersionedHash>> hashesByAlert, Collection<UUID> existing, int newestHeld) {
        if (hashesByAlert.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            if (!existing.isEmpty()) {
                try (PreparedStatement delete =
                        c.prepareStatement("DELETE FROM alert_subject_hash WHERE alert_id = ANY(?)")) {
                    delete.setArray(1, c.createArrayOf("uuid", existing.toArray()));
                    delete.executeUpdate();
                }
            }
            List<UUID> alerts = new ArrayList<>();
            List<Short> versions = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            List<UUID> hashed = new ArrayList<>();
            for (Map.Entry<UUID, List<VersionedHash>> alert : hashesByAlert.entrySet()) {
                for (VersionedHash hash : alert.getValue()) {
                    alerts.add(alert.getKey());
                    versions.add((short) hash.keyVersion());
                    hashes.add(hash.hash());
                }
                if (!alert.getValue().isEmpty()) {
                    hashed.add(alert.getKey());
                }
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    WITH h AS (
                        INSERT INTO alert_subject_hash (alert_id, key_version, hash)
                        SELECT * FROM unnest(?::uuid[], ?::smallint[], ?::varchar[]))
                    INSERT INTO blind_index_pending (alert_id, key_version)
                    SELECT a.id, v.key_version FROM unnest(?::uuid[]) AS a (id)
                    CROSS JOIN blind_index_version v WHERE v.key_version > ?
                    ON CONFLICT DO NOTHING""")) {
                insert.setArray(1, c.createArrayOf("uuid", alerts.toArray()));
                insert.setArray(2, c.createArrayOf("smallint", versions.toArray()));
                insert.setArray(3, c.createArrayOf("varchar", hashes.toArray()));
                insert.setArray(4, c.createArrayOf("uuid", hashed.toArray()));
                insert.setShort(5, (short) newestHeld);
                insert.executeUpdate();
            }
        });
    }

    /**
     * A hash that hit an alert, with the key version it is stored under: only what a hit may
     * tell, so no alert content is even loaded.
     */
    public record Match(String hash, int keyVersion, String origin, String unit, UUID alertId, Severity severity) {}

    /**
     * Active alerts with a subject hashing to one of :hashes; what a hit may tell, nothing more.
     * Hashes of any key version: the caller keeps a match only if its version is the one asked
     * (two keys giving one hash is as likely as guessing a key).
     */
    private static final String MATCHES = """
            select h.hash, h.keyVersion, a.origin, a.issuingUnit, a.id, a.severity
            from AlertSubjectHash h join Alert a on a.id = h.alertId
            where array_holds(:hashes, h.hash)""" + " and " + AlertRepository.ACTIVE;

    /**
     * Those a check may hit here: the visibility rule, written once in AlertRepository, with the
     * handling codes the checking user's roles may hit (HitChecks.hittableBy) in place of those
     * they may read.
     */
    static final String VISIBLE_MATCHES = MATCHES + " and " + AlertRepository.VISIBLE;

    /** Our own among them: what we answer a partner's user. */
    static final String OWN_MATCHES = VISIBLE_MATCHES + " and a.origin = :me";

    /** Active alerts of the viewer's jurisdiction or shared with it, of the viewer's handling codes, whose subjects hash to one of these. */
    public List<Match> visibleMatches(AlertRepository.Viewer viewer, Collection<String> hashes, Instant now) {
        return matches(VISIBLE_MATCHES, viewer, hashes, now);
    }

    /** Active alerts of the viewer's own jurisdiction, of the viewer's handling codes, whose subjects hash to one of these. */
    public List<Match> ownMatches(AlertRepository.Viewer viewer, Collection<String> hashes, Instant now) {
        return matches(OWN_MATCHES, viewer, hashes, now);
    }

    private List<Match> matches(String hql, AlertRepository.Viewer viewer, Collection<String> hashes, Instant now) {
        if (hashes.isEmpty() || viewer.handlings().isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = matches(hql, hashes, now);
        AlertRepository.bindViewer(query, viewer);
        return query.getResultList().stream().map(SubjectHashRepository::match).toList();
    }

    /**
     * One statement for any number of hashes (one array parameter), so Hibernate translates it
     * once, and PostgreSQL plans it once per connection: left to choose, it plans every call
     * (0.4 ms, four times the execution) because its generic plan, though the same index scans,
     * is costed for a longer array than the custom one. Set for the rest of the check's
     * transaction, whose other statements are single-row inserts.
     */
    private TypedQuery<Object[]> matches(String hql, Collection<String> hashes, Instant now) {
        PlanCacheMode.FORCE_GENERIC_PLAN.setForTransaction(em);
        return em.createQuery(hql, Object[].class)
                .setParameter("hashes", hashes.toArray(String[]::new))
                .setParameter("now", now);
    }

    private static Match match(Object[] row) {
        return new Match(
                (String) row[0],
                ((Number) row[1]).intValue(),
                (String) row[2],
                (String) row[3],
                (UUID) row[4],
                (Severity) row[5]);
    }
}
