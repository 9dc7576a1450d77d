package org.borderpolice.mediation.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;

import org.borderpolice.federation.numbering.NumberCounter;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.RecordLocks;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeFilter;
import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.InvolvedJurisdiction;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Disputes as the caller may see them. The visibility rule: the caller's jurisdiction is the
 * dispute's origin or one of the jurisdictions involved (a party's or a team member's); no one
 * else sees a dispute, its parties' personal data least of all.
 */
@ApplicationScoped
public class DisputeRepository implements PanacheRepositoryBase<Dispute, UUID> {

    /**
     * Our users see the disputes that involve us (ours always do: the origin is among the
     * jurisdictions involved); a partner's user sees here only our disputes that involve its
     * jurisdiction and that the agreement lets it hold, never a third origin's replica
     * (docs/security.md). One EXISTS and no OR: with the OR of both cases PostgreSQL hashed every
     * dispute involving the caller for each search (bench/README.md, 纠纷检索). Bind with
     * {@link #bindVisible}.
     */
    public static final String VISIBLE = """
            (exists (select 1 from InvolvedJurisdiction j where j.disputeId = d.id and j.jurisdiction = :me)
                and (:me = :self or (d.origin = :self and :meMayHold = true)))""";

    /** 纠纷编号: federation's gapless counter on our table (V62). */
    static final NumberCounter NUMBERS = new NumberCounter("dispute_number_counter");

    @Inject
    TrustList trustList;

    /**
     * The next number of {@code origin}'s disputes in {@code year}, counted in the caller's
     * transaction (a rolled-back intake gives it back); empty once the year's numbers are used up.
     */
    public Optional<RecordNumber> nextNumber(String origin, int year) {
        return NUMBERS.nextNumber(getEntityManager(), origin, year);
    }

    /** The dispute held here under this number, if any. */
    public Optional<Dispute> byNumber(String number) {
        return find("number", number).firstResultOptional();
    }

    @Inject
    Distributions distributions;

    /** The disputes' record type in the agreement (DisputeSharing's). */
    private static final String RECORD_TYPE = "mediation.dispute";

    /**
     * Whether {@link #VISIBLE} is false for every dispute, known without a query: a partner's user
     * whose jurisdiction the agreement does not let hold disputes sees none here.
     */
    public boolean seesNone(String me) {
        return !me.equals(trustList.selfCode()) && !distributions.mayHold(me, RECORD_TYPE);
    }

    /** Set the parameters of {@link #VISIBLE} for a caller of jurisdiction {@code me}. */
    public <Q extends jakarta.persistence.Query> Q bindVisible(Q query, String me) {
        query.setParameter("me", me);
        query.setParameter("self", trustList.selfCode());
        query.setParameter("meMayHold", distributions.mayHold(me, RECORD_TYPE));
        return query;
    }

    /** A dispute the caller may see, with its parties and jurisdictions. */
    public Optional<Dispute> findVisible(UUID id, String me) {
        return bindVisible(
                        getEntityManager()
                                .createQuery("select d from Dispute d where d.id = :id and " + VISIBLE, Dispute.class),
                        me)
                .setParameter("id", id)
                .getResultStream()
                .findFirst()
                .map(this::complete);
    }

    /**
     * The origin of a dispute the caller may see (the rule of {@link #findVisible}), without
     * loading the dispute, its parties and jurisdictions: for a note's checks, which need no more.
     */
    public Optional<String> visibleOrigin(UUID id, String me) {
        return bindVisible(
                        getEntityManager()
                                .createQuery(
                                        "select d.origin from Dispute d where d.id = :id and " + VISIBLE, String.class),
                        me)
                .setParameter("id", id)
                .getResultStream()
                .findFirst();
    }

    /**
     * A page of the disputes the caller may see, newest taken in first, {@code limit} rows (ask
     * one more than shown to know whether there is a next page).
     */
    public List<Dispute> listVisible(String me, DisputeFilter filter, KeysetCursor after, int limit) {
        if (seesNone(me)) {
            return List.of();
        }
        StringBuilder hql = new StringBuilder("select d from Dispute d where ").append(VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        filters(filter, hql, params);
        if (after != null) {
            hql.append(" and (d.createdAt < :afterTime or (d.createdAt = :afterTime and d.id < :afterId))");
            params.put("afterTime", after.at());
            params.put("afterId", after.id());
        }
        hql.append(" order by d.createdAt desc, d.id desc");
        TypedQuery<Dispute> query = getEntityManager().createQuery(hql.toString(), Dispute.class);
        bindVisible(query, me);
        params.forEach(query::setParameter);
        List<Dispute> page = query.setMaxResults(limit).getResultList();
        complete(page);
        return page;
    }

    /** The filters as HQL conditions on {@code d}. */
    static void filters(DisputeFilter filter, StringBuilder hql, Map<String, Object> params) {
        if (filter.status() != null) {
            hql.append(" and d.status = :status");
            params.put("status", filter.status());
        }
        if (filter.kind() != null) {
            hql.append(" and d.kind = :kind");
            params.put("kind", filter.kind());
        }
        if (filter.tier() != null) {
            hql.append(" and d.tier = :tier");
            params.put("tier", filter.tier());
        }
        if (filter.riskLevel() != null) {
            hql.append(" and d.riskLevel = :riskLevel");
            params.put("riskLevel", filter.riskLevel());
        }
        if (filter.origin() != null) {
            hql.append(" and d.origin = :origin");
            params.put("origin", filter.origin());
        }
        if (filter.countyCode() != null) {
            hql.append(" and d.countyCode = :countyCode");
            params.put("countyCode", filter.countyCode());
        }
        if (filter.involved() != null) {
            hql.append(" and exists (select 1 from InvolvedJurisdiction i where i.disputeId = d.id"
                    + " and i.jurisdiction = :involved)");
            params.put("involved", filter.involved());
        }
    }

    /** One of our disputes, locked for a change until the transaction ends; null if there is no such dispute of ours. */
    public Dispute lockOwn(UUID id, String self) {
        RecordLocks.Locked<Dispute> locked = RecordLocks.lock(getEntityManager(), Dispute.class, id);
        Dispute d = locked.entity();
        return d == null || !d.origin.equals(self) ? null : complete(d, locked.readBefore());
    }

    /** Any dispute held here (ours or a replica), locked, complete; null if none. */
    public Dispute lockHeld(UUID id) {
        RecordLocks.Locked<Dispute> locked = RecordLocks.lock(getEntityManager(), Dispute.class, id);
        Dispute d = locked.entity();
        return d == null ? null : complete(d, locked.readBefore());
    }

    /** Any dispute held here, unlocked, complete; null if none. */
    public Dispute held(UUID id) {
        Dispute d = findById(id);
        return d == null ? null : complete(d);
    }

    /** The dispute with its parties and the jurisdictions involved. */
    public Dispute complete(Dispute d) {
        return complete(d, false);
    }

    /** As {@link #complete(Dispute)}; {@code refresh}: the dispute was read before its lock, so may its rows be. */
    private Dispute complete(Dispute d, boolean refresh) {
        d.parties = new ArrayList<>(DisputeParty.<DisputeParty>list("disputeId = ?1 order by position", d.id));
        List<InvolvedJurisdiction> involved = InvolvedJurisdiction.list("disputeId", d.id);
        if (refresh) {
            RecordLocks.refresh(getEntityManager(), d.parties);
            RecordLocks.refresh(getEntityManager(), involved);
        }
        d.involved = new TreeSet<>();
        involved.forEach(j -> d.involved.add(j.jurisdiction));
        return d;
    }

    /** As {@link #complete(Dispute)}, for a page in three queries. */
    public void complete(List<Dispute> disputes) {
        if (disputes.isEmpty()) {
            return;
        }
        Map<UUID, Dispute> byId = new LinkedHashMap<>();
        disputes.forEach(d -> {
            d.parties = new ArrayList<>();
            d.involved = new TreeSet<>();
            byId.put(d.id, d);
        });
        getEntityManager()
                .createQuery(
                        "select p from DisputeParty p where p.disputeId in :ids order by p.position",
                        DisputeParty.class)
                .setParameter("ids", byId.keySet())
                .getResultList()
                .forEach(p -> byId.get(p.disputeId).parties.add(p));
        getEntityManager()
                .createQuery(
                        "select j from InvolvedJurisdiction j where j.disputeId in :ids", InvolvedJurisdiction.class)
                .setParameter("ids", byId.keySet())
                .getResultList()
                .forEach(j -> byId.get(j.disputeId).involved.add(j.jurisdiction));
    }

    /** Replace the parties of a dispute held here with these (positions as given). */
    public void replaceParties(Dispute d, List<DisputeParty> parties) {
        // removed as entities: the rows may be in the session already (same keys come back)
        DisputeParty.<DisputeParty>list("disputeId", d.id).forEach(DisputeParty::delete);
        getEntityManager().flush();
        for (DisputeParty p : parties) {
            p.disputeId = d.id;
            p.persist();
        }
        d.parties = new ArrayList<>(parties);
    }

    /** Replace the jurisdictions involved in a dispute held here. */
    /**
     * A replica withdrawn by its origin: its parties and jurisdictions go with it, and the copies
     * of others' follow-up visits; our own visits ({@code self}'s) stay ours, as our session notes
     * do (the origin's agreement lists them again if it sends the dispute back).
     */
    public void dropReplica(Dispute held, String self) {
        FollowUpVisit.delete("disputeId = ?1 and authorJurisdiction <> ?2", held.id, self);
        held.parties.forEach(DisputeParty::delete);
        InvolvedJurisdiction.<InvolvedJurisdiction>list("disputeId", held.id).forEach(InvolvedJurisdiction::delete);
        held.delete();
    }

    public void replaceInvolved(Dispute d, java.util.Set<String> codes) {
        InvolvedJurisdiction.<InvolvedJurisdiction>list("disputeId", d.id).forEach(InvolvedJurisdiction::delete);
        getEntityManager().flush();
        codes.forEach(code -> new InvolvedJurisdiction(d.id, code).persist());
        d.involved = new TreeSet<>(codes);
    }
}
