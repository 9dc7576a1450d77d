package org.borderpolice.cases.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.borderpolice.cases.CaseFilter;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.federation.numbering.NumberCounter;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.RecordLocks;
import org.borderpolice.federation.search.FacetCounter;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Joint cases as the caller may see them. The visibility rule: the caller's jurisdiction is the
 * case's origin, or a participant that is invited or has accepted while the case is no draft
 * (a participant that declined or was removed sees nothing more, at the origin as at home, where
 * its replica is gone). A partner's user reads here only our own cases, while the agreement
 * gives its jurisdiction cases ({@link #scope}), and its own jurisdiction's: never our replicas of
 * a third jurisdiction's cases, which it reads at their origin, where that origin decides and
 * audits.
 */
@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<JointCase, UUID> {

    /** The participant rows that let the caller see case c (alias p); bound by {@code bindViewer}. */
    private static final String PARTICIPATING = "from CaseParticipant p"
            + " where p.caseId = c.id and p.jurisdiction = :me and p.state in (:invited, :accepted)";

    /**
     * The visibility rule with the participant test written as {@code participantTest}: over the
     * participant rows ({@link #PARTICIPATING}) or the case's participating codes kept from them
     * ({@link #VISIBLE_PER_ROW}): one rule, whatever form a query needs.
     */
    private static String visible(String participantTest) {
        return "((c.origin = :me or (c.status <> :draft and " + participantTest + ")) and " + IN_SCOPE + ")";
    }

    /**
     * Our users read every case the rule lets them; another jurisdiction's users only the cases
     * whose origin is their scope here ({@link #scope}: ours, or none), and their own
     * jurisdiction's cases as we hold them (nothing they do not hold at home).
     */
    static final String IN_SCOPE = "(:me = :scope or c.origin = :scope or c.origin = :me)";

    static final String VISIBLE = visible("exists (select 1 " + PARTICIPATING + ")");

    /**
     * {@link #VISIBLE} for a search's page and its facet counts: the same rule, computed on the
     * case's own row (its viewers, V123: the origin, and while the case is no draft the
     * jurisdictions whose participant row is invited or accepted, kept from those rows by V122's
     * trigger in the same transaction). The text indexes hold the viewers beside the words, so a
     * partner's search reads only the matches it may see: no probe of the participant rows per
     * match, and no test of every match's row (bench/README.md, "A partner's search: its code in
     * the text index").
     */
    static final String VISIBLE_PER_ROW = "(in_codes(:me, c.viewers) and " + IN_SCOPE + ")";

    /**
     * {@link #VISIBLE_PER_ROW} tested on each row a facet sample reads, never through an index:
     * the text indexes hold the viewers too, and a partner's code alone through them is a bitmap of
     * every case the partner sees (45,000 of 100,000 in the bench), ANDed with the sample's few
     * hundred rows (a sample reads its rows through the sample index).
     */
    static final String VISIBLE_PER_ROW_SAMPLED =
            "(in_codes(:me, " + FacetCounter.Sample.perRow("c.viewers") + ") and " + IN_SCOPE + ")";

    /**
     * A form of the visibility rule with the parameters it names besides the viewer's
     * ({@code :me}) and its scope ({@code :scope}): a query binds exactly these (Hibernate refuses a parameter the query does not
     * name, and leaves none unbound). {@code sampled}: the same rule as a facet sample tests it,
     * on each row it reads.
     */
    record Rule(String clause, String sampled, Map<String, Object> params) {
        Rule {
            params = Map.copyOf(params);
        }
    }

    /** {@link #VISIBLE}: over the participant rows, which need the states that let a jurisdiction see. */
    static final Rule VISIBLE_RULE = new Rule(
            VISIBLE,
            VISIBLE,
            Map.of(
                    "draft",
                    CaseStatus.DRAFT,
                    "invited",
                    ParticipantState.INVITED,
                    "accepted",
                    ParticipantState.ACCEPTED));

    /** {@link #VISIBLE_PER_ROW}: the viewers on the row name no status and no state. */
    static final Rule VISIBLE_PER_ROW_RULE = new Rule(VISIBLE_PER_ROW, VISIBLE_PER_ROW_SAMPLED, Map.of());

    @Inject
    Distributions distributions;

    /** {@link Distributions#readScope} for cases. */
    public String scope(String me) {
        return distributions.readScope(me, JointCase.RECORD_TYPE);
    }

    /** A case the caller may see, with its participants. */
    public Optional<JointCase> findVisible(UUID id, String me) {
        TypedQuery<JointCase> query = getEntityManager()
                .createQuery("select c from JointCase c where c.id = :id and " + VISIBLE, JointCase.class);
        bindViewer(query, me, scope(me));
        return query.setParameter("id", id).getResultStream().findFirst().map(this::withParticipants);
    }

    /**
     * A page of the cases the caller may see, newest filed first, {@code limit} rows (ask one
     * more than shown to know whether there is a next page).
     */
    public List<JointCase> listVisible(String me, CaseFilter filter, KeysetCursor after, int limit) {
        StringBuilder hql = new StringBuilder("select c from JointCase c where ").append(VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.status() != null) {
            hql.append(" and c.status = :status");
            params.put("status", filter.status());
        }
        if (filter.category() != null) {
            hql.append(" and c.category = :category");
            params.put("category", filter.category());
        }
        if (filter.origin() != null) {
            hql.append(" and c.origin = :origin");
            params.put("origin", filter.origin());
        }
        if (filter.participant() != null) {
            hql.append(" and exists (select 1 from CaseParticipant q where q.caseId = c.id"
                    + " and q.jurisdiction = :participant and q.state in (:invited, :accepted))");
            params.put("participant", filter.participant());
        }
        if (filter.linkedDispute() != null) {
            hql.append(" and c.linkedDispute = :linkedDispute");
            params.put("linkedDispute", filter.linkedDispute());
        }
        if (filter.overdue() != null) {
            hql.append(filter.overdue() ? " and " : " and not ").append(CaseSearchRepository.OVERDUE);
            CaseSearchRepository.overdueParams(params);
        }
        if (after != null) {
            hql.append(" and (c.createdAt < :afterTime or (c.createdAt = :afterTime and c.id < :afterId))");
            params.put("afterTime", after.at());
            params.put("afterId", after.id());
        }
        hql.append(" order by c.createdAt desc, c.id desc");
        TypedQuery<JointCase> query = getEntityManager().createQuery(hql.toString(), JointCase.class);
        bindViewer(query, me, scope(me));
        params.forEach(query::setParameter);
        List<JointCase> page = query.setMaxResults(limit).getResultList();
        withParticipants(page);
        return page;
    }

    /** One of our cases, locked for a change until the transaction ends; null if there is no such case of ours. */
    public JointCase lockOwn(UUID id, String self) {
        RecordLocks.Locked<JointCase> locked = RecordLocks.lock(getEntityManager(), JointCase.class, id);
        JointCase c = locked.entity();
        return c == null || !c.origin.equals(self) ? null : withParticipants(c, locked.readBefore());
    }

    /** Any case held here (ours or a replica), locked, with its participants; null if none. */
    public JointCase lockHeld(UUID id) {
        RecordLocks.Locked<JointCase> locked = RecordLocks.lock(getEntityManager(), JointCase.class, id);
        JointCase c = locked.entity();
        return c == null ? null : withParticipants(c, locked.readBefore());
    }

    /** Any case held here, unlocked, with its participants; null if none. */
    public JointCase held(UUID id) {
        JointCase c = findById(id);
        return c == null ? null : withParticipants(c);
    }

    /**
     * Serialise the filings that name this dispute until the transaction ends: the second waits,
     * then finds the first's case ({@link #linkedTo}) instead of opening another (the unique
     * index on (origin, linked_dispute) would refuse it, as an error).
     */
    public void lockLinkedDispute(UUID dispute) {
        getEntityManager()
                .createNativeQuery(
                        "SELECT pg_advisory_xact_lock(hashtextextended('joint_case.linked_dispute:' || ?1, 0))")
                .setParameter(1, dispute.toString())
                .getSingleResult();
    }

    /** The case of this origin that names this dispute (at most one: unique index, V91), with its participants. */
    public Optional<JointCase> linkedTo(String origin, UUID dispute) {
        return find("origin = ?1 and linkedDispute = ?2", origin, dispute)
                .firstResultOptional()
                .map(this::withParticipants);
    }

    public JointCase withParticipants(JointCase c) {
        return withParticipants(c, false);
    }

    /** As {@link #withParticipants(JointCase)}; {@code refresh}: the case was read before its lock, so may its participants be. */
    private JointCase withParticipants(JointCase c, boolean refresh) {
        c.participants =
                new ArrayList<>(CaseParticipant.<CaseParticipant>list("caseId = ?1 order by jurisdiction", c.id));
        if (refresh) {
            RecordLocks.refresh(getEntityManager(), c.participants);
        }
        return c;
    }

    /** As {@link #withParticipants(JointCase)}, for a page in one query (one per case cost a round trip each). */
    void withParticipants(List<JointCase> cases) {
        if (cases.isEmpty()) {
            return;
        }
        Map<UUID, JointCase> byId = new LinkedHashMap<>();
        cases.forEach(c -> {
            c.participants = new ArrayList<>();
            byId.put(c.id, c);
        });
        getEntityManager()
                .createQuery(
                        "select p from CaseParticipant p where p.caseId in :ids order by p.jurisdiction",
                        CaseParticipant.class)
                .setParameter("ids", byId.keySet())
                .getResultList()
                .forEach(p -> byId.get(p.caseId).participants.add(p));
    }

    /**
     * The next number of our cases in this year, counted in the caller's transaction (the
     * counter row stays locked until it ends, so numbers are handed out one at a time and a
     * rolled-back filing gives its number back); empty once the year's numbers are used up.
     */
    public OptionalInt nextNumber(String origin, int year) {
        return NUMBERS.next(getEntityManager(), origin, year);
    }

    /** The counter of federation's numbering helper, on our table (V1's case_number_counter). */
    static final NumberCounter NUMBERS = new NumberCounter("case_number_counter");

    /** Binds the parameters of {@link #VISIBLE} for this viewer and its {@link #scope}. */
    static void bindViewer(Query query, String me, String scope) {
        query.setParameter("me", me);
        query.setParameter("scope", scope);
        VISIBLE_RULE.params().forEach(query::setParameter);
    }
}
