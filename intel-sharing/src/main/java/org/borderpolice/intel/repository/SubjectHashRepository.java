package org.borderpolice.intel.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.borderpolice.intel.Alert;

/** Keyed hashes of alert subjects, and the matches against them. */
@ApplicationScoped
public class SubjectHashRepository {

    @Inject
    EntityManager em;

    /** Replace an alert's hashes. */
    public void replace(UUID alertId, Collection<String> hashes) {
        em.createNativeQuery("DELETE FROM alert_subject_hash WHERE alert_id = ?1").setParameter(1, alertId)
                .executeUpdate();
        for (String hash : hashes.stream().distinct().toList()) {
            em.createNativeQuery("INSERT INTO alert_subject_hash (alert_id, hash) VALUES (?1, ?2)")
                    .setParameter(1, alertId).setParameter(2, hash).executeUpdate();
        }
    }

    /** A hash that hit an alert. */
    public record Match(String hash, Alert alert) {
    }

    /** Active alerts the viewer may see whose subjects hash to one of these. */
    public List<Match> visibleMatches(AlertRepository.Viewer viewer, Collection<String> hashes, Instant now) {
        if (hashes.isEmpty() || viewer.handlings().isEmpty()) {
            return List.of();
        }
        return em.createQuery("""
                select h.hash, a from AlertSubjectHash h join Alert a on a.id = h.alertId
                where h.hash in :hashes and a.revokedAt is null and (a.validUntil is null or a.validUntil > :now)
                and """ + AlertRepository.VISIBLE, Object[].class)
                .setParameter("hashes", hashes).setParameter("now", now)
                .setParameter("me", viewer.jurisdiction()).setParameter("handlings", viewer.handlings())
                .setParameter("hitOnly", org.borderpolice.intel.HandlingCode.HIT_ONLY)
                .getResultStream().map(r -> new Match((String) r[0], (Alert) r[1])).toList();
    }

    /** Our own active alerts, whatever their handling code, whose subjects hash to one of these. */
    public List<Match> ownMatches(String self, Collection<String> hashes, Instant now) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        return em.createQuery("""
                select h.hash, a from AlertSubjectHash h join Alert a on a.id = h.alertId
                where h.hash in :hashes and a.origin = :self and a.revokedAt is null
                and (a.validUntil is null or a.validUntil > :now)""", Object[].class)
                .setParameter("hashes", hashes).setParameter("self", self).setParameter("now", now)
                .getResultStream().map(r -> new Match((String) r[0], (Alert) r[1])).toList();
    }
}
