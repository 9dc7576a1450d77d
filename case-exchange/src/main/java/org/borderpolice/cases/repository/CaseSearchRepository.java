package org.borderpolice.cases.repository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.borderpolice.cases.AssistanceState;
import org.borderpolice.cases.CaseFacets;
import org.borderpolice.cases.CaseQuery;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.search.FacetCounter;
import org.borderpolice.federation.search.PlanCacheMode;

/**
 * Case search: Chinese words over title, summary and timeline (federation ChineseText, the
 * "simple" text configuration), filters and facets, always under the visibility rule of
 * {@link CaseRepository#VISIBLE} in the same WHERE clause, so that neither a page nor a facet count
 * ever includes a case the caller may not see.
 */
@ApplicationScoped
public class CaseSearchRepository {

    @Inject
    CaseRepository cases;

    @Inject
    FacetCounter facetCounter;

    /** A page of matches, newest filed first; {@code limit} rows (ask one more than shown). */
    public List<JointCase> search(String me, CaseQuery query, KeysetCursor after, int limit) {
        Where where = where(query, CaseRepository.VISIBLE_PER_ROW_RULE);
        planWithActualValues();
        StringBuilder hql = new StringBuilder("select c from JointCase c where ").append(where.clause());
        if (after != null) {
            hql.append(" and (c.createdAt < :afterTime or (c.createdAt = :afterTime and c.id < :afterId))");
        }
        hql.append(" order by c.createdAt desc, c.id desc");
        TypedQuery<JointCase> q = cases.getEntityManager().createQuery(hql.toString(), JointCase.class);
        where.bind(q, me, cases.scope(me));
        if (after != null) {
            q.setParameter("afterTime", after.at()).setParameter("afterId", after.id());
        }
        List<JointCase> page = q.setMaxResults(limit).getResultList();
        cases.withParticipants(page);
        return page;
    }

    /**
     * Counts per status, category and origin over all matches the caller may see, in one grouped
     * pass: exact up to the facet counter's limit, estimated from a sample above it (federation
     * {@link FacetCounter}: a coarse sample first, then the sample, its words through the text
     * index when it expects few, or, when the coarse sample expects at most the limit, every match
     * with the sample counted alongside in one query). All test the visibility rule by the case's
     * viewers ({@link CaseRepository#VISIBLE_PER_ROW}), through the text index with the words: no
     * probe of the participant rows per match, no hash of all the caller's participations
     * (docs/decisions.md).
     */
    public CaseFacets facets(String me, CaseQuery query) {
        planWithActualValues();
        // a TallyingCount: FacetCounter.groupedCount counts a sample alongside every match when asked
        FacetCounter.TallyingCount grouped = sample -> {
            Where where = where(
                    query,
                    CaseRepository.VISIBLE_PER_ROW_RULE,
                    sample.map(FacetCounter.Sample::textMatch).orElse(INDEXED),
                    sample.map(FacetCounter.Sample::filtersPerRow).orElse(false));
            Query q = FacetCounter.groupedCount(
                    cases.getEntityManager(), "JointCase", "c", where.clause(), sample, "status", "category", "origin");
            where.bind(q, me, cases.scope(me));
            return FacetCounter.rows(q);
        };
        return CaseFacets.of(facetCounter.count(cases.getEntityManager(), "joint_case", me, grouped));
    }

    /**
     * Plan each search with its actual words and filters: a generic plan cannot know whether a
     * word is in a fifth of the cases (walk the newest-first index) or in a handful (use the text
     * indexes).
     */
    private void planWithActualValues() {
        PlanCacheMode.FORCE_CUSTOM_PLAN.setForTransaction(cases.getEntityManager());
    }

    static Where where(CaseQuery query, CaseRepository.Rule visible) {
        return where(query, visible, INDEXED);
    }

    /** The words through the text index (or as the planner finds them best). */
    private static final String INDEXED = FacetCounter.Sample.INDEXED_TEXT_MATCH;

    /**
     * As above; {@code textMatch}: the HQL function the words are tested with (a facet sample's
     * {@link FacetCounter.Sample#textMatch()}: maybe on each sampled row, never through the text index).
     */
    static Where where(CaseQuery query, CaseRepository.Rule visible, String textMatch) {
        return where(query, visible, textMatch, false);
    }

    /**
     * As above; {@code perRow}: the filters on the case's own columns tested on each row read
     * ({@link FacetCounter.Sample#filtersPerRow()}), never through their indexes.
     */
    static Where where(CaseQuery query, CaseRepository.Rule visible, String textMatch, boolean perRow) {
        UnaryOperator<String> column = perRow ? FacetCounter.Sample::perRow : path -> path;
        StringBuilder clause = new StringBuilder(perRow ? visible.sampled() : visible.clause());
        // the rule's own parameters, as it names them (the viewer's are bound by Where.bind)
        Map<String, Object> params = new LinkedHashMap<>(visible.params());
        Optional<String> tsquery = ChineseText.tsquery(query.text());
        if (tsquery.isPresent()) {
            // title, summary and timeline (changes and notes) are all in the case's vector (V80): one
            // GIN index answers the words, and a common word walks the newest-first index instead
            clause.append(" and ").append(textMatch).append("(:tsquery, c.searchVector)");
            params.put("tsquery", tsquery.get());
        }
        if (query.status() != null) {
            clause.append(" and " + column.apply("c.status") + " = :status");
            params.put("status", query.status());
        }
        if (query.category() != null) {
            clause.append(" and " + column.apply("c.category") + " = :category");
            params.put("category", query.category());
        }
        if (query.origin() != null) {
            clause.append(" and " + column.apply("c.origin") + " = :origin");
            params.put("origin", query.origin());
        }
        if (query.participant() != null) {
            clause.append(" and exists (select 1 from CaseParticipant q where q.caseId = c.id"
                    + " and q.jurisdiction = :participant and q.state in (:invited, :accepted))");
            params.put("participant", query.participant());
            participantStates(params);
        }
        if (query.overdue() != null) {
            clause.append(query.overdue() ? " and " : " and not ").append(OVERDUE);
            overdueParams(params);
        }
        if (query.filedFrom() != null) {
            clause.append(" and " + column.apply("c.createdAt") + " >= :filedFrom");
            params.put("filedFrom", query.filedFrom());
        }
        if (query.filedTo() != null) {
            clause.append(" and " + column.apply("c.createdAt") + " < :filedTo");
            params.put("filedTo", query.filedTo());
        }
        if (query.occurredFrom() != null) {
            clause.append(" and " + column.apply("c.occurredAt") + " >= :occurredFrom");
            params.put("occurredFrom", query.occurredFrom());
        }
        if (query.occurredTo() != null) {
            clause.append(" and " + column.apply("c.occurredAt") + " < :occurredTo");
            params.put("occurredTo", query.occurredTo());
        }
        return new Where(clause.toString(), params);
    }

    /**
     * The case has an overdue assistance request (open, past its deadline) between the viewer's
     * jurisdiction and a partner: requests between others are not the viewer's to know of.
     */
    static final String OVERDUE = "exists (select 1 from AssistanceRequest r where r.caseId = c.id"
            + " and (r.requester = :me or r.addressee = :me) and r.storedState in (:overdueSent, :overdueAccepted)"
            + " and r.dueAt < :overdueNow)";

    static void overdueParams(Map<String, Object> params) {
        params.put("overdueSent", AssistanceState.SENT);
        params.put("overdueAccepted", AssistanceState.ACCEPTED);
        params.put("overdueNow", Instant.now());
    }

    /** The participant states that let a jurisdiction see a case, for a clause that tests participant rows. */
    private static void participantStates(Map<String, Object> params) {
        params.put("invited", ParticipantState.INVITED);
        params.put("accepted", ParticipantState.ACCEPTED);
    }

    /**
     * A search's WHERE clause and its parameters; the viewer's (:me) is bound with them
     * (a parameter the clause does not name may not be bound).
     */
    public record Where(String clause, Map<String, Object> params) {
        void bind(Query query, String me, String scope) {
            query.setParameter("me", me);
            query.setParameter("scope", scope);
            params.forEach(query::setParameter);
        }
    }
}
