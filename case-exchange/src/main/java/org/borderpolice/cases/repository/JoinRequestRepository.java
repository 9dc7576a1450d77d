package org.borderpolice.cases.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import org.borderpolice.cases.AssistanceFilter;
import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.JoinFilter;
import org.borderpolice.cases.JoinState;
import org.borderpolice.federation.paging.KeysetCursor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Requests to join a case as the caller may see them. The visibility rule: the caller's
 * jurisdiction is the requester or the case's owner (a partner's user calling here sees only its
 * own requests to us, never another partner's).
 */
@ApplicationScoped
public class JoinRequestRepository implements PanacheRepositoryBase<CaseJoinRequest, UUID> {

    /** Whose requests the caller may see here: its own jurisdiction's while the agreement gives it cases. */
    private String reader(String me) {
        return distributions.reader(me, RECORD_TYPE);
    }

    private static final String RECORD_TYPE = "cases.join-request";

    @jakarta.inject.Inject
    org.borderpolice.federation.replication.Distributions distributions;

    static final String VISIBLE = "(r.requester = :me or r.caseOrigin = :me)";

    public Optional<CaseJoinRequest> findVisible(UUID id, String me) {
        return getEntityManager()
                .createQuery("select r from CaseJoinRequest r where r.id = :id and " + VISIBLE, CaseJoinRequest.class)
                .setParameter("id", id)
                .setParameter("me", reader(me))
                .getResultStream()
                .findFirst();
    }

    /** A request held here, locked until the transaction ends; null if none. */
    public CaseJoinRequest lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The pending request of this requester for this case number, if any. */
    public Optional<CaseJoinRequest> pending(String requester, String caseNumber) {
        return find("requester = ?1 and caseNumber = ?2 and state = ?3", requester, caseNumber, JoinState.PENDING)
                .firstResultOptional();
    }

    /** How many requests of this requester to join cases of this owner are pending (its quota). */
    public long pendingCount(String requester, String owner) {
        return count("requester = ?1 and caseOrigin = ?2 and state = ?3", requester, owner, JoinState.PENDING);
    }

    /** How many requests of this requester to join cases of this owner arrived here since then (stored, any state). */
    public long receivedSince(String requester, String owner, Instant since) {
        return count("requester = ?1 and caseOrigin = ?2 and requestedAt >= ?3", requester, owner, since);
    }

    /** The id of the case held here (ours or a replica) under this origin and number, if any. */
    public Optional<UUID> heldCase(String origin, String number) {
        return getEntityManager()
                .createQuery("select c.id from JointCase c where c.origin = :origin and c.number = :number", UUID.class)
                .setParameter("origin", origin)
                .setParameter("number", number)
                .getResultStream()
                .findFirst();
    }

    /**
     * Whether we asked {@code origin} to join its case {@code number} and were not denied: the
     * request is pending (the approval may arrive after the case), approved for this case, or
     * withdrawn by us no earlier than {@code clockGrace} before the owner's approval at
     * {@code approvedAt} (by its clock: the approval crossed our withdrawal and stands; one made
     * later would override our withdrawal), and withdrawn no longer than {@code clockGrace} plus
     * {@code maxDeliveryDelay} before {@code now} (our clock: the owner writes {@code approvedAt}).
     * {@code approvedAt} null: a withdrawn request does not count.
     */
    public boolean askedToJoin(
            String origin,
            String number,
            UUID caseId,
            Instant approvedAt,
            Duration clockGrace,
            Instant now,
            Duration maxDeliveryDelay) {
        if (count(
                        "caseOrigin = ?1 and caseNumber = ?2 and (state = ?3 or (state = ?4 and caseId = ?5))",
                        origin,
                        number,
                        JoinState.PENDING,
                        JoinState.APPROVED,
                        caseId)
                > 0) {
            return true;
        }
        return approvedAt != null
                && count(
                                "caseOrigin = ?1 and caseNumber = ?2 and state = ?3 and withdrawnAt >= ?4"
                                        + " and withdrawnAt >= ?5",
                                origin,
                                number,
                                JoinState.WITHDRAWN,
                                approvedAt.minus(clockGrace),
                                now.minus(clockGrace).minus(maxDeliveryDelay))
                        > 0;
    }

    /** A page of the requests the caller may see, newest first ({@code limit} rows). */
    public List<CaseJoinRequest> listVisible(String me, JoinFilter f, KeysetCursor after, int limit) {
        StringBuilder hql = new StringBuilder("select r from CaseJoinRequest r where ").append(VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", reader(me));
        if (f.direction() == AssistanceFilter.Direction.INCOMING) {
            hql.append(" and r.caseOrigin = :me");
        } else if (f.direction() == AssistanceFilter.Direction.OUTGOING) {
            hql.append(" and r.requester = :me");
        }
        if (f.state() != null) {
            hql.append(" and r.state = :state");
            params.put("state", f.state());
        }
        if (f.caseNumber() != null) {
            hql.append(" and r.caseNumber = :number");
            params.put("number", f.caseNumber());
        }
        if (after != null) {
            hql.append(" and (r.requestedAt < :afterTime or (r.requestedAt = :afterTime and r.id < :afterId))");
            params.put("afterTime", after.at());
            params.put("afterId", after.id());
        }
        hql.append(" order by r.requestedAt desc, r.id desc");
        TypedQuery<CaseJoinRequest> query = getEntityManager().createQuery(hql.toString(), CaseJoinRequest.class);
        params.forEach(query::setParameter);
        return query.setMaxResults(limit).getResultList();
    }

    /** A partner's case one of our checks hit (by its number): what our users' requests to join follow. */
    public void recordHit(UUID checkId, String owner, UUID caseId, String number, String requestedBy) {
        getEntityManager()
                .createNativeQuery("""
                        INSERT INTO case_hit (check_id, owner, case_id, case_number, requested_by)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING""")
                .setParameter(1, checkId)
                .setParameter(2, owner)
                .setParameter(3, caseId)
                .setParameter(4, number)
                .setParameter(5, requestedBy)
                .executeUpdate();
    }

    /** The newest check of ours (any user here) that hit {@code owner}'s case {@code number}, if any. */
    public Optional<UUID> hitCheck(String owner, String number) {
        List<?> ids = getEntityManager()
                .createNativeQuery(
                        "SELECT check_id FROM case_hit WHERE owner = ?1 AND case_number = ?2 ORDER BY at DESC LIMIT 1")
                .setParameter(1, owner)
                .setParameter(2, number)
                .getResultList();
        return ids.stream().findFirst().map(id -> id instanceof UUID u ? u : UUID.fromString(id.toString()));
    }
}
