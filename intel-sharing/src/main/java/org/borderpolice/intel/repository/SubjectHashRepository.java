package org.borderpolice.intel.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.borderpolice.intel.Severity;
import org.hibernate.Session;

/** Keyed hashes of alert subjects, and the matches against them. */
@ApplicationScoped
public class SubjectHashRepository {

    @Inject
    EntityManager em;

    /**
     * Replace the hashes of these alerts: one DELETE and one batched INSERT on the session's
     * connection. Plain JDBC on purpose: a native query would make Hibernate flush (and
     * dirty-check) the whole session each time, which is quadratic over a replication batch.
     */
    public void replace(Map<UUID, List<String>> hashesByAlert) {
        if (hashesByAlert.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM alert_subject_hash WHERE alert_id = ANY(?)")) {
                delete.setArray(1, c.createArrayOf("uuid", hashesByAlert.keySet().toArray()));
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO alert_subject_hash (alert_id, hash) VALUES (?, ?)")) {
                for (Map.Entry<UUID, List<String>> alert : hashesByAlert.entrySet()) {
                    for (String hash : alert.getValue()) {
                        insert.setObject(1, alert.getKey());
                        insert.setString(2, hash);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        });
    }

    /** A hash that hit an alert: only what a hit may tell, so no alert content is even loaded. */
    public record Match(String hash, String origin, String unit, UUID alertId, Severity severity) {
    }

    static final String VISIBLE_MATCHES = """
            select h.hash, a.origin, a.issuingUnit, a.id, a.severity from AlertSubjectHash h join Alert a on a.id = h.alertId
            where array_holds(:hashes, h.hash)
            and a.revokedAt is null and (a.validUntil is null or a.validUntil > :now)
            and """ + AlertRepository.VISIBLE;

    /**
     * Active alerts the viewer may see whose subjects hash to one of these. HQL, unlike
     * {@link #ownMatches}: the visibility rule is written once, as HQL, in AlertRepository.
     */
    public List<Match> visibleMatches(AlertRepository.Viewer viewer, Collection<String> hashes, Instant now) {
        if (hashes.isEmpty() || viewer.handlings().isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createQuery(VISIBLE_MATCHES, Object[].class)
                .setParameter("hashes", hashes.toArray(String[]::new)).setParameter("now", now);
        AlertRepository.bindViewer(query, viewer);
        return query.getResultList().stream().map(SubjectHashRepository::match).toList();
    }

    /**
     * Our own active alerts, whatever their handling code, whose subjects hash to one of these.
     * Plain JDBC with the hashes as one array parameter: one statement text for any number of
     * hashes, which the driver prepares once per connection, and no Hibernate flush or scroll
     * around it (partners ask often; this is most of an answer's database work).
     */
    public List<Match> ownMatches(String self, Collection<String> hashes, Instant now) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT h.hash, a.origin, a.issuing_unit, a.id, a.severity
                    FROM alert_subject_hash h JOIN alert a ON a.id = h.alert_id
                    WHERE h.hash = ANY(?) AND a.origin = ? AND a.revoked_at IS NULL
                    AND (a.valid_until IS NULL OR a.valid_until > ?)""")) {
                select.setArray(1, c.createArrayOf("varchar", hashes.toArray()));
                select.setString(2, self);
                select.setObject(3, now.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        matches.add(new Match(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, UUID.class), Severity.valueOf(rs.getString(5))));
                    }
                }
            }
        });
        return matches;
    }

    private static Match match(Object[] row) {
        return new Match((String) row[0], (String) row[1], (String) row[2], (UUID) row[3], (Severity) row[4]);
    }
}
