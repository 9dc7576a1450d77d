package org.borderpolice.mediation.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;

import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.search.PlanCacheMode;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeFilter;
import org.borderpolice.mediation.DisputeQuery;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Dispute search: Chinese words over title and description (federation ChineseText, the "simple"
 * text configuration), or a whole dispute number, and filters, always under the visibility rule of
 * {@link DisputeRepository#VISIBLE} in the same WHERE clause.
 */
@ApplicationScoped
public class DisputeSearchRepository {

    private static final Logger LOG = Logger.getLogger(DisputeSearchRepository.class);

    @Inject
    DisputeRepository disputes;

    @Inject
    ObjectMapper json;

    /** How a search with words takes its first step. */
    public enum FirstStep {
        /**
         * Walk the newest in order only when PostgreSQL's own estimate of the words (with the
         * kind and status) expects a page among them; otherwise ask for the matches at once.
         */
        BY_FREQUENCY,
        /** Always walk the newest in order first. */
        WALK,
        /** Never walk: the matches at once (the words' bitmap), then sorted. */
        MATCHES
    }

    /**
     * How many of the newest disputes (after the cursor) a search with words walks before it asks
     * PostgreSQL for the matches as a bitmap instead (bench/README.md, 纠纷检索).
     */
    static final int WALK = 2_000;

    /**
     * A page of matches, newest taken in first; {@code limit} rows (ask one more than shown).
     *
     * <p>Words are searched in two steps, because PostgreSQL estimates a word and a filter (a kind,
     * a status) as independent: for a word common overall but rare within the kind it walks the
     * disputes newest first, expecting a match every few rows, and reads all of them. So the newest
     * {@link #WALK} disputes are searched first, walked in order (on the status's or kind's index
     * when there is one: V100, V91) and stopped at a page, a bounded read; when they hold a page,
     * that is the page. Otherwise the older ones are searched in an order no index gives,
     * which leaves PostgreSQL the word's GIN bitmap (ANDed with the kind's, V91) and a sort of the
     * matches, and their newest complete the page. A word too rare for a page among the newest
     * {@link #WALK} by PostgreSQL's own estimate (a name in a few hundred disputes) skips the walk
     * and asks for its matches at once ({@link #walksFirst}). The rows are the same as one query's.
     */
    public List<Dispute> search(String me, DisputeQuery query, KeysetCursor after, int limit) {
        return search(me, query, after, limit, WALK, FirstStep.BY_FREQUENCY);
    }

    /**
     * As {@link #search(String, DisputeQuery, KeysetCursor, int)}, walking {@code walk} disputes
     * first when {@code first} says so. The rows are the same whatever the first step.
     */
    public List<Dispute> search(
            String me, DisputeQuery query, KeysetCursor after, int limit, int walk, FirstStep first) {
        if (disputes.seesNone(me)) {
            return List.of();
        }
        StringBuilder hql = new StringBuilder("select d from Dispute d where ").append(DisputeRepository.VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        // a whole dispute number (纠纷编号) finds that dispute; anything else is words
        RecordNumber number =
                query.text() == null ? null : RecordNumber.parse(query.text().strip());
        Optional<String> tsquery = number != null ? Optional.empty() : ChineseText.tsquery(query.text());
        if (number != null) {
            hql.append(" and d.number = :number");
            params.put("number", number.toString());
        } else if (tsquery.isPresent()) {
            hql.append(" and tsquery_matches(:tsquery, d.searchVector)");
            params.put("tsquery", tsquery.get());
        }
        DisputeRepository.filters(query.filter(), hql, params);
        if (query.reportedFrom() != null) {
            hql.append(" and d.reportedAt >= :reportedFrom");
            params.put("reportedFrom", query.reportedFrom());
        }
        if (query.reportedTo() != null) {
            hql.append(" and d.reportedAt < :reportedTo");
            params.put("reportedTo", query.reportedTo());
        }
        if (after != null) {
            hql.append(" and (d.createdAt < :afterTime or (d.createdAt = :afterTime and d.id < :afterId))");
            params.put("afterTime", after.at());
            params.put("afterId", after.id());
        }
        // each search planned with its actual words: how common a word is decides the plan
        PlanCacheMode.FORCE_CUSTOM_PLAN.setForTransaction(disputes.getEntityManager());
        boolean walkFirst = tsquery.isPresent()
                && switch (first) {
                    case WALK -> true;
                    case MATCHES -> false;
                    case BY_FREQUENCY -> walksFirst(tsquery.get(), query.filter(), walk, limit);
                };
        Optional<KeysetCursor> horizon = walkFirst ? horizon(after, walk) : Optional.empty();
        List<Dispute> page;
        if (tsquery.isPresent() && !walkFirst) {
            // words too rare for a page among the newest: their matches at once, then sorted
            page = page(hql, MATCHES_SORTED, params, me, limit);
        } else if (horizon.isEmpty()) {
            page = page(hql, NEWEST, params, me, limit);
        } else {
            Map<String, Object> bounded = new LinkedHashMap<>(params);
            bounded.put("horizonTime", horizon.get().at());
            bounded.put("horizonId", horizon.get().id());
            // the newest walked in order, the words tested on each row and the walk stopped at a
            // page: without bitmap scans, as the text index only gives one, and a common word's
            // bitmap (its characters' too) costs 10-20 ms however few rows are walked. The bound
            // "createdAt >= horizon" (implied by the next) is what an ordered index scan can start from.
            walkInOrder(true);
            page = new ArrayList<>(page(
                    new StringBuilder(hql)
                            .append(" and d.createdAt >= :horizonTime and (d.createdAt > :horizonTime"
                                    + " or (d.createdAt = :horizonTime and d.id >= :horizonId))"),
                    NEWEST,
                    bounded,
                    me,
                    limit));
            // reset only after it succeeded: a failed statement aborted the transaction, and SET LOCAL goes with it
            walkInOrder(false);
            if (page.size() < limit) {
                // an order no index gives (created_at is never null): PostgreSQL finds the matches, then sorts
                page.addAll(page(
                        new StringBuilder(hql)
                                .append(" and (d.createdAt < :horizonTime"
                                        + " or (d.createdAt = :horizonTime and d.id < :horizonId))"),
                        MATCHES_SORTED,
                        bounded,
                        me,
                        limit - page.size()));
            }
        }
        disputes.complete(page);
        return page;
    }

    /** Newest taken in first, as every page is. */
    static final String NEWEST = "d.createdAt desc, d.id desc";

    /**
     * The same order, in a form no index gives (created_at is never null): PostgreSQL finds the
     * matches (the words' GIN bitmap), then sorts them, instead of walking newest first.
     */
    static final String MATCHES_SORTED = "coalesce(d.createdAt, d.createdAt) desc, d.id desc";

    /**
     * PostgreSQL's estimates, in one statement: the disputes with the words (and the kind and the
     * status, when asked: the filters with an index of their own), and all disputes.
     */
    private static String estimate(DisputeFilter filter) {
        return "EXPLAIN (FORMAT JSON) SELECT 1 FROM dispute WHERE search_vector @@ to_tsquery('simple', ?)"
                + (filter.kind() == null ? "" : " AND kind = ?")
                + (filter.status() == null ? "" : " AND status = ?")
                + " UNION ALL SELECT 1 FROM dispute";
    }

    /**
     * Whether the newest {@code walk} disputes are expected to hold a page of matches, by the
     * planner's own estimate of the words (the tsvector's most common lexemes, pg_stats) and the
     * filters: a rare word (a name) would walk them all before asking its bitmap, a common one
     * stops early. Other filters and the visibility rule only make matches rarer: left out, the
     * estimate errs towards the walk, whose read is bounded. Costs a plan, not a read.
     */
    public boolean walksFirst(String tsquery, DisputeFilter filter, int walk, int limit) {
        double[] rows = estimate(tsquery, filter);
        return walksFirst(rows[0], rows[1], walk, limit);
    }

    /** The decision: at least {@code limit} matches expected among the newest {@code walk} of {@code all}. */
    static boolean walksFirst(double matches, double all, int walk, int limit) {
        return all <= 0 || matches * Math.min(walk, all) / all >= limit;
    }

    /** The planner's rows for the words with the kind and status, and for the whole table. */
    public double[] estimate(String tsquery, DisputeFilter filter) {
        String plan = disputes.getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement(estimate(filter))) {
                int i = 1;
                s.setString(i++, tsquery);
                if (filter.kind() != null) {
                    s.setString(i++, filter.kind().name());
                }
                if (filter.status() != null) {
                    s.setString(i, filter.status().name());
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
        try {
            JsonNode parts = json.readTree(plan).get(0).get("Plan").get("Plans");
            return new double[] {
                parts.get(0).get("Plan Rows").asDouble(),
                parts.get(parts.size() - 1).get("Plan Rows").asDouble()
            };
        } catch (Exception e) {
            // a plan of another shape (another PostgreSQL version, say) only loses the estimate:
            // the walk first, as before estimates (an empty table walks: walksFirst)
            LOG.debugf("no estimate from the plan %s: %s", plan, e);
            return new double[] {0, 0};
        }
    }

    private List<Dispute> page(StringBuilder where, String order, Map<String, Object> params, String me, int limit) {
        TypedQuery<Dispute> q = disputes.getEntityManager().createQuery(where + " order by " + order, Dispute.class);
        disputes.bindVisible(q, me);
        params.forEach(q::setParameter);
        return q.setMaxResults(limit).getResultList();
    }

    /** Whether PostgreSQL may plan bitmap scans for the rest of the transaction (off: walks an index in order). */
    private void walkInOrder(boolean inOrder) {
        disputes.getEntityManager().unwrap(Session.class).doWork(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(inOrder ? "SET LOCAL enable_bitmapscan = off" : "SET LOCAL enable_bitmapscan TO DEFAULT");
            }
        });
    }

    /** The {@code walk}th newest dispute after the cursor (any, visible or not); empty when there are fewer. */
    private Optional<KeysetCursor> horizon(KeysetCursor after, int walk) {
        TypedQuery<Object[]> q = disputes.getEntityManager()
                .createQuery(
                        "select d.createdAt, d.id from Dispute d"
                                + (after == null
                                        ? ""
                                        : " where d.createdAt < :afterTime or (d.createdAt = :afterTime and d.id < :afterId)")
                                + " order by d.createdAt desc, d.id desc",
                        Object[].class);
        if (after != null) {
            q.setParameter("afterTime", after.at());
            q.setParameter("afterId", after.id());
        }
        return q.setFirstResult(walk - 1)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(row -> new KeysetCursor((Instant) row[0], (UUID) row[1]));
    }
}
