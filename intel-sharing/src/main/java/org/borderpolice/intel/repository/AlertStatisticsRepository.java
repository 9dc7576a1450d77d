package org.borderpolice.intel.repository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.borderpolice.intel.Severity;

/**
 * Counts of the alerts published in a period, by the visibility rule of every alert query
 * ({@link AlertRepository#VISIBLE}) in the WHERE clause: revoked alerts count for the origin's
 * users only, as they see them.
 */
@ApplicationScoped
public class AlertStatisticsRepository {

    @Inject
    EntityManager em;

    /** Per severity (every one, zero included) and per origin. */
    public record Counts(Map<String, Long> bySeverity, Map<String, Long> byOrigin) {}

    public Counts published(AlertRepository.Viewer viewer, Instant from, Instant to) {
        Map<String, Long> severity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            severity.put(s.name(), 0L);
        }
        Map<String, Long> origin = new TreeMap<>();
        if (viewer.handlings().isEmpty()) {
            return new Counts(severity, origin);
        }
        Query query =
                em.createQuery("select a.severity, a.origin, count(a) from Alert a where " + AlertRepository.VISIBLE
                        + " and a.publishedAt >= :from and a.publishedAt < :to group by a.severity, a.origin");
        AlertRepository.bindViewer(query, viewer);
        query.setParameter("from", from).setParameter("to", to);
        for (Object row : query.getResultList()) {
            Object[] group = (Object[]) row;
            long n = (Long) group[2];
            severity.merge(group[0].toString(), n, Long::sum);
            origin.merge(group[1].toString(), n, Long::sum);
        }
        return new Counts(severity, origin);
    }
}
