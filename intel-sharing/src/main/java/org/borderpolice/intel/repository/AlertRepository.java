package org.borderpolice.intel.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;

import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCursor;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.AlertStatus;
import org.borderpolice.intel.HandlingCode;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Alerts as the caller may see them: the visibility rule is part of every query, never applied
 * after fetching. A caller sees an alert if its jurisdiction is the origin or in the
 * distribution, and the alert's handling code allows one of its roles; HIT_ONLY alerts only at
 * the origin.
 */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    static final String VISIBLE = """
            (a.origin = :me or array_contains(a.distribution, :me))
            and a.handling in :handlings
            and (a.handling <> :hitOnly or a.origin = :me)""";

    /** Who asks: jurisdiction and the handling codes its roles open. */
    public record Viewer(String jurisdiction, Set<HandlingCode> handlings) {
    }

    public Optional<Alert> findVisible(UUID id, Viewer viewer) {
        if (viewer.handlings().isEmpty()) {
            return Optional.empty();
        }
        return bind(getEntityManager().createQuery("select a from Alert a where a.id = :id and " + VISIBLE,
                Alert.class), viewer).setParameter("id", id).getResultStream().findFirst();
    }

    public List<Alert> listVisible(Viewer viewer, AlertFilter filter, AlertCursor after, int limit, Instant now) {
        if (viewer.handlings().isEmpty()) {
            return List.of();
        }
        StringBuilder hql = new StringBuilder("select a from Alert a where ").append(VISIBLE);
        if (filter.severity() != null) {
            hql.append(" and a.severity = :severity");
        }
        if (filter.category() != null) {
            hql.append(" and a.category = :category");
        }
        if (filter.origin() != null) {
            hql.append(" and a.origin = :origin");
        }
        if (filter.status() != null) {
            hql.append(switch (filter.status()) {
                case ACTIVE -> " and a.revokedAt is null and (a.validUntil is null or a.validUntil > :now)";
                case REVOKED -> " and a.revokedAt is not null";
                case EXPIRED -> " and a.revokedAt is null and a.validUntil <= :now";
            });
        }
        if (filter.activeAt() != null) {
            hql.append(" and a.validFrom <= :activeAt and (a.validUntil is null or a.validUntil > :activeAt)")
                    .append(" and (a.revokedAt is null or a.revokedAt > :activeAt)");
        }
        if (after != null) {
            hql.append(" and (a.publishedAt < :afterTime or (a.publishedAt = :afterTime and a.id < :afterId))");
        }
        hql.append(" order by a.publishedAt desc, a.id desc");
        TypedQuery<Alert> query = bind(getEntityManager().createQuery(hql.toString(), Alert.class), viewer);
        if (filter.severity() != null) {
            query.setParameter("severity", filter.severity());
        }
        if (filter.category() != null) {
            query.setParameter("category", filter.category());
        }
        if (filter.origin() != null) {
            query.setParameter("origin", filter.origin());
        }
        if (filter.status() != null && filter.status() != AlertStatus.REVOKED) {
            query.setParameter("now", now);
        }
        if (filter.activeAt() != null) {
            query.setParameter("activeAt", filter.activeAt());
        }
        if (after != null) {
            query.setParameter("afterTime", after.publishedAt()).setParameter("afterId", after.id());
        }
        return query.setMaxResults(limit).getResultList();
    }

    private static TypedQuery<Alert> bind(TypedQuery<Alert> query, Viewer viewer) {
        return query.setParameter("me", viewer.jurisdiction())
                .setParameter("handlings", viewer.handlings())
                .setParameter("hitOnly", HandlingCode.HIT_ONLY);
    }
}
