package org.borderpolice.intel.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.borderpolice.intel.Severity;

/**
 * What hit/no-hit checks need of alerts (the federation keeps the hashes of their subjects): which
 * alerts a check may hit, by the visibility rule.
 */
@ApplicationScoped
public class AlertHitRepository {

    @Inject
    EntityManager em;

    /** An alert a check may hit: only what a hit may tell, so no alert content is even loaded. */
    public record Hittable(UUID alertId, String origin, String unit, Severity severity) {}

    /**
     * Those a check may hit among :ids: active, and by the visibility rule, written once in
     * AlertRepository, with the handling codes the checking user's roles may hit in place of those
     * they may read. One array parameter for any number of ids, so Hibernate translates the query
     * once (QueryTranslationCacheTest).
     */
    static final String HITTABLE = "select a.id, a.origin, a.issuingUnit, a.severity from Alert a "
            + "where array_holds(:ids, a.id) and " + AlertRepository.ACTIVE + " and " + AlertRepository.VISIBLE;

    /** Our own among them: what we answer a partner's user. */
    static final String OWN_HITTABLE = HITTABLE + " and a.origin = :me";

    /** Those a check may hit among these alerts ({@code ownOnly}: our own only), most severe first. */
    public List<Hittable> hittable(
            AlertRepository.Viewer viewer, boolean ownOnly, Collection<UUID> alertIds, Instant now) {
        if (alertIds.isEmpty() || viewer.handlings().isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createQuery(ownOnly ? OWN_HITTABLE : HITTABLE, Object[].class);
        AlertRepository.bindViewer(query, viewer);
        return query
                .setParameter("ids", alertIds.toArray(UUID[]::new))
                .setParameter("now", now)
                .getResultList()
                .stream()
                .map(r -> new Hittable((UUID) r[0], (String) r[1], (String) r[2], (Severity) r[3]))
                .sorted(Comparator.comparing(Hittable::severity).thenComparing(Hittable::alertId))
                .toList();
    }
}
