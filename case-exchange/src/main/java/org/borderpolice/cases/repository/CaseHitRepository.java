package org.borderpolice.cases.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.ParticipantState;

/**
 * What hit/no-hit checks need of joint cases (the federation keeps the hashes of their suspects):
 * which cases a check may hit, the rule in the WHERE clause.
 */
@ApplicationScoped
public class CaseHitRepository {

    @Inject
    EntityManager em;

    @Inject
    CaseRepository cases;

    /** A case a check may hit: only what a hit may tell, so no case content is even loaded. */
    public record Hittable(UUID id, String origin, String leadUnit, String number, CaseCategory category) {}

    private static final String SELECT = "select c.id, c.origin, c.leadUnit, c.number, c.category from JointCase c "
            + "where array_holds(:ids, c.id) and ";

    /** At home: the cases the user's jurisdiction sees (CaseRepository's rule), newest first. */
    static final String VISIBLE_HITTABLE = SELECT + CaseRepository.VISIBLE + " order by c.createdAt desc, c.id";

    /**
     * For a partner's user: our own cases other than drafts, and none the partner takes part in
     * (invited or accepted: it holds them and finds them at home), newest first.
     */
    static final String OWN_HITTABLE = SELECT + """
            c.origin = :me and c.status <> :draft and not exists (
                select 1 from CaseParticipant p
                where p.caseId = c.id and p.jurisdiction = :peer and p.state in (:invited, :accepted))
            order by c.createdAt desc, c.id""";

    /** Among these cases, those the jurisdiction {@code me} sees. */
    public List<Hittable> visible(String me, Collection<UUID> ids) {
        TypedQuery<Object[]> query = em.createQuery(VISIBLE_HITTABLE, Object[].class);
        CaseRepository.bindViewer(query, me, cases.scope(me));
        return read(query.setParameter("ids", ids.toArray(UUID[]::new)));
    }

    /** Among these cases, our own ({@code me}) that a check of {@code peer}'s user may hit. */
    public List<Hittable> ownFor(String me, String peer, Collection<UUID> ids) {
        TypedQuery<Object[]> query = em.createQuery(OWN_HITTABLE, Object[].class)
                .setParameter("me", me)
                .setParameter("peer", peer)
                .setParameter("draft", CaseStatus.DRAFT)
                .setParameter("invited", ParticipantState.INVITED)
                .setParameter("accepted", ParticipantState.ACCEPTED);
        return read(query.setParameter("ids", ids.toArray(UUID[]::new)));
    }

    private static List<Hittable> read(TypedQuery<Object[]> query) {
        return query.getResultList().stream()
                .map(r -> new Hittable((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (CaseCategory) r[4]))
                .toList();
    }
}
