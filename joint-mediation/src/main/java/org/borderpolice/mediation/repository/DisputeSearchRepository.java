package org.borderpolice.mediation.repository;

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
import org.borderpolice.mediation.DisputeQuery;
import org.hibernate.Session;

/**
 * Dispute search: Chinese words over title and description (federation ChineseText, the "simple"
 * text configuration), or a whole dispute number, and filters, always under the visibility rule of
 * {@link DisputeRepository#VISIBLE} in the same WHERE clause.
 */
@ApplicationScoped
public class DisputeSearchRepository {

    @Inject
    DisputeRepository disputes;

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
     * matches, and their newest complete the page. The rows are the same as one query's.
     */
    public List<Dispute> search(String me, DisputeQuery query, KeysetCursor after, int limit) {
        return search(me, query, after, limit, WALK);
    }

    /** As {@link #search(String, DisputeQuery, KeysetCursor, int)}, walking {@code walk} disputes first. */
    public List<Dispute> search(String me, DisputeQuery query, KeysetCursor after, int limit, int walk) {
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
        Optional<KeysetCursor> horizon = tsquery.isPresent() ? horizon(after, walk) : Optional.empty();
        List<Dispute> page;
        if (horizon.isEmpty()) {
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
                        "coalesce(d.createdAt, d.createdAt) desc, d.id desc",
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
