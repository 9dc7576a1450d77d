package org.borderpolice.mediation.repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;

import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.search.PlanCacheMode;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeQuery;

/**
 * Dispute search: Chinese words over title and description (federation ChineseText, the "simple"
 * text configuration), or a whole dispute number, and filters, always under the visibility rule of
 * {@link DisputeRepository#VISIBLE} in the same WHERE clause.
 */
@ApplicationScoped
public class DisputeSearchRepository {

    @Inject
    DisputeRepository disputes;

    /** A page of matches, newest taken in first; {@code limit} rows (ask one more than shown). */
    public List<Dispute> search(String me, DisputeQuery query, KeysetCursor after, int limit) {
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
        hql.append(" order by d.createdAt desc, d.id desc");
        // each search planned with its actual words: how common a word is decides the plan
        PlanCacheMode.FORCE_CUSTOM_PLAN.setForTransaction(disputes.getEntityManager());
        TypedQuery<Dispute> q = disputes.getEntityManager().createQuery(hql.toString(), Dispute.class);
        disputes.bindVisible(q, me);
        params.forEach(q::setParameter);
        List<Dispute> page = q.setMaxResults(limit).getResultList();
        disputes.complete(page);
        return page;
    }
}
