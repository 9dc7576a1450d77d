package org.borderpolice.intel.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.search.FacetCounter;
import org.borderpolice.federation.search.FacetCounts;
import org.borderpolice.federation.search.PlanCacheMode;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertFacets;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Severity;
import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Alerts as the caller may see them: the visibility rule is part of every query, never applied
 * after fetching. A caller sees an alert if its jurisdiction is the origin or in the
 * distribution, and the alert's handling code allows one of its roles (a HIT_ONLY alert's
 * distribution names only the partners an approved disclosure shared it with); revoked alerts
 * only the origin's own users (partners' replicas are deleted by the revocation, and a partner's
 * user reading at the origin must not see more than at home).
 */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    @Inject
    FacetCounter facetCounter;

    /**
     * The visibility rule. Every parameter is single-valued: Hibernate does not cache the SQL
     * translation of a query with a parameter that may be a list ("in :handlings"), and
     * translates it again on every call. So the viewer's handling codes fill one placeholder per
     * code there is, the first repeated where it has fewer.
     */
    static final String VISIBLE = """
            (a.origin = :me or array_contains(a.distribution, :me))
            and a.handling in (%s)
            and (a.revokedAt is null or a.origin = :me)
            and (:me = :scope or a.origin = :scope or a.origin = :me)""".formatted(String.join(
            ", ",
            IntStream.range(0, HandlingCode.values().length)
                    .mapToObj(i -> ":handling" + i)
                    .toList()));

    /** Neither revoked nor expired at :now. */
    static final String ACTIVE = "a.revokedAt is null and (a.validUntil is null or a.validUntil > :now)";

    /**
     * Who asks: jurisdiction, the handling codes its roles open, and the origin whose alerts it may
     * read here besides its own jurisdiction's ({@link #scope}).
     */
    public record Viewer(String jurisdiction, Set<HandlingCode> handlings, String scope) {}

    @Inject
    Distributions distributions;

    /** The viewer of a user of {@code jurisdiction} holding {@code roles}. */
    public Viewer viewer(String jurisdiction, Set<String> roles) {
        return new Viewer(jurisdiction, HandlingCode.visibleTo(roles), scope(jurisdiction));
    }

    /** {@link Distributions#readScope} for alerts. */
    public String scope(String me) {
        return distributions.readScope(me, Alert.RECORD_TYPE);
    }

    public Optional<Alert> findVisible(UUID id, Viewer viewer) {
        if (viewer.handlings().isEmpty()) {
            return Optional.empty();
        }
        TypedQuery<Alert> query =
                getEntityManager().createQuery("select a from Alert a where a.id = :id and " + VISIBLE, Alert.class);
        bindViewer(query, viewer);
        return query.setParameter("id", id).getResultStream().findFirst();
    }

    public List<Alert> listVisible(Viewer viewer, AlertFilter filter, KeysetCursor after, int limit, Instant now) {
        if (viewer.handlings().isEmpty()) {
            return List.of();
        }
        Where where = where(filter, now);
        planWithActualValues();
        StringBuilder hql = new StringBuilder("select a from Alert a where ").append(where.clause);
        if (after != null) {
            hql.append(" and (a.publishedAt < :afterTime or (a.publishedAt = :afterTime and a.id < :afterId))");
        }
        hql.append(" order by a.publishedAt desc, a.id desc");
        TypedQuery<Alert> query = getEntityManager().createQuery(hql.toString(), Alert.class);
        where.bind(query, viewer);
        if (after != null) {
            query.setParameter("afterTime", after.at()).setParameter("afterId", after.id());
        }
        return query.setMaxResults(limit).getResultList();
    }

    /**
     * Counts per severity, category and origin over the matches the viewer may see: exact up to
     * the facet counter's limit, estimated from a sample above it (federation {@link
     * FacetCounter}); either way in one grouped pass under the visibility rule.
     */
    public AlertFacets facets(Viewer viewer, AlertFilter filter, Instant now) {
        if (viewer.handlings().isEmpty()) {
            return AlertFacets.of(FacetCounts.none());
        }
        planWithActualValues();
        FacetCounts counts = facetCounter.count(getEntityManager(), "alert", viewer.jurisdiction(), sample -> {
            Where where = where(filter, now, sample.isPresent());
            // at most 4 x 7 x partners groups
            Query query = FacetCounter.groupedCount(
                    getEntityManager(), "Alert", "a", where.clause, sample, "severity", "category", "origin");
            where.bind(query, viewer);
            return FacetCounter.rows(query);
        });
        return AlertFacets.of(counts);
    }

    /**
     * Plan this transaction's searches with the actual words and filters. A cached generic plan
     * cannot know whether a word is in a fifth of the alerts (walk the newest-first index) or in
     * a handful (use the text index); at a million alerts the wrong choice costs a second.
     */
    private void planWithActualValues() {
        PlanCacheMode.FORCE_CUSTOM_PLAN.setForTransaction(getEntityManager());
    }

    /** The WHERE clause of a search: the visibility rule and the filters. */
    static Where where(AlertFilter filter, Instant now) {
        return where(filter, now, false);
    }

    /** As above; {@code sampled}: for a facet sample, whose words are tested on each sampled row. */
    static Where where(AlertFilter filter, Instant now, boolean sampled) {
        StringBuilder clause = new StringBuilder(VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        Optional<String> tsquery = ChineseText.tsquery(filter.text());
        if (tsquery.isPresent()) {
            clause.append(" and ")
                    .append(sampled ? FacetCounter.Sample.TEXT_MATCH : "tsquery_matches")
                    .append("(:tsquery, a.searchVector)");
            params.put("tsquery", tsquery.get());
        }
        if (filter.subject() != null && !filter.subject().isBlank()) {
            // the caller's input is matched literally: LIKE wildcards in it are escaped with '!'
            clause.append(" and a.subjectValues like :subject escape '!'");
            params.put(
                    "subject",
                    "%"
                            + AlertFilter.normaliseIdentifier(filter.subject())
                                    .replace("!", "!!")
                                    .replace("%", "!%")
                                    .replace("_", "!_")
                            + "%");
        }
        if (filter.severity() != null) {
            clause.append(" and a.severity = :severity");
            params.put("severity", filter.severity());
        }
        if (filter.category() != null) {
            clause.append(" and a.category = :category");
            params.put("category", filter.category());
        }
        if (filter.origin() != null) {
            clause.append(" and a.origin = :origin");
            params.put("origin", filter.origin());
        }
        if (filter.status() != null) {
            switch (filter.status()) {
                case ACTIVE -> clause.append(" and ").append(ACTIVE);
                case REVOKED -> clause.append(" and a.revokedAt is not null");
                case EXPIRED -> clause.append(" and a.revokedAt is null and a.validUntil <= :now");
            }
            if (clause.indexOf(":now") >= 0) {
                params.put("now", now);
            }
        }
        if (filter.activeAt() != null) {
            clause.append(" and a.validFrom <= :activeAt and (a.validUntil is null or a.validUntil > :activeAt)")
                    .append(" and (a.revokedAt is null or a.revokedAt > :activeAt)");
            params.put("activeAt", filter.activeAt());
        }
        return new Where(clause.toString(), params);
    }

    /**
     * Our active RED and ORANGE alerts past their acknowledgement deadline, each with the partners
     * it is shared with that have not acknowledged it: one statement, whatever the number of
     * alerts. Parameters: our code, the viewer's handling codes (comma-separated), now, and the
     * publication times before which RED and ORANGE alerts are past their deadline. A HIT_ONLY
     * alert is no warning: the partners of approved disclosures are never overdue.
     */
    public static final String OVERDUE = """
            SELECT a.id, a.title, a.severity, a.published_at, m.missing
            FROM alert a
            CROSS JOIN LATERAL (
                SELECT array_agg(p ORDER BY p) AS missing FROM unnest(a.distribution) AS p
                WHERE NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.partner = p)
            ) m
            WHERE a.origin = ? AND a.handling = ANY (string_to_array(?, ',')) AND a.handling <> 'HIT_ONLY'
              AND a.severity IN ('RED', 'ORANGE') AND a.revoked_at IS NULL
              AND (a.valid_until IS NULL OR a.valid_until > ?)
              AND ((a.severity = 'RED' AND a.published_at < ?) OR (a.severity = 'ORANGE' AND a.published_at < ?))
              AND m.missing IS NOT NULL
            ORDER BY a.published_at, a.id""";

    /** One overdue alert: what {@link #OVERDUE} returns per row. */
    public record OverdueAlert(UUID id, String title, Severity severity, Instant publishedAt, List<String> missing) {}

    public List<OverdueAlert> overdue(
            String self,
            Set<HandlingCode> handlings,
            Instant now,
            Instant redPublishedBefore,
            Instant orangePublishedBefore) {
        return getEntityManager()
                .unwrap(Session.class)
                .doReturningWork(c -> overdue(c, self, handlings, now, redPublishedBefore, orangePublishedBefore));
    }

    /** {@link #OVERDUE} on this connection. */
    public static List<OverdueAlert> overdue(
            Connection c,
            String self,
            Set<HandlingCode> handlings,
            Instant now,
            Instant redPublishedBefore,
            Instant orangePublishedBefore)
            throws SQLException {
        if (handlings.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement select = c.prepareStatement(OVERDUE)) {
            select.setString(1, self);
            select.setString(
                    2, String.join(",", handlings.stream().map(Enum::name).toList()));
            select.setTimestamp(3, Timestamp.from(now));
            select.setTimestamp(4, Timestamp.from(redPublishedBefore));
            select.setTimestamp(5, Timestamp.from(orangePublishedBefore));
            List<OverdueAlert> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new OverdueAlert(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            Severity.valueOf(rs.getString(3)),
                            rs.getTimestamp(4).toInstant(),
                            List.of((String[]) rs.getArray(5).getArray())));
                }
            }
            return out;
        }
    }

    /** Binds the parameters of {@link #VISIBLE}; the viewer has at least one handling code. */
    static void bindViewer(Query query, Viewer viewer) {
        List<HandlingCode> codes = List.copyOf(viewer.handlings());
        for (int i = 0; i < HandlingCode.values().length; i++) {
            query.setParameter("handling" + i, codes.get(i < codes.size() ? i : 0));
        }
        query.setParameter("me", viewer.jurisdiction());
        query.setParameter("scope", viewer.scope());
    }

    record Where(String clause, Map<String, Object> params) {
        void bind(Query query, Viewer viewer) {
            bindViewer(query, viewer);
            params.forEach(query::setParameter);
        }
    }
}
