package org.borderpolice.cases.repository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;

import org.borderpolice.cases.AssistanceFilter;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceState;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.replication.RecordLocks;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Assistance requests as the caller may see them. The visibility rule: the caller's jurisdiction
 * is the request's requester or its addressee (a jurisdiction holds no other requests, but a
 * partner's user calling this service sees only those between it and us).
 */
@ApplicationScoped
public class AssistanceRepository implements PanacheRepositoryBase<AssistanceRequest, UUID> {

    /** Whose requests the caller may see here: its own jurisdiction's while the agreement gives it cases. */
    private String reader(String me) {
        return distributions.reader(me, RECORD_TYPE);
    }

    private static final String RECORD_TYPE = "cases.assistance-request";

    @jakarta.inject.Inject
    org.borderpolice.federation.replication.Distributions distributions;

    static final String VISIBLE = "(r.requester = :me or r.addressee = :me)";
    static final String OPEN = "r.storedState in (:sent, :accepted)";

    public Optional<AssistanceRequest> findVisible(UUID id, String me) {
        return getEntityManager()
                .createQuery(
                        "select r from AssistanceRequest r where r.id = :id and " + VISIBLE, AssistanceRequest.class)
                .setParameter("id", id)
                .setParameter("me", reader(me))
                .getResultStream()
                .findFirst();
    }

    /**
     * Open requests (SENT or ACCEPTED) from the requester to the addressee: in the case, and in all.
     * Requests between the two are counted one transaction at a time (an advisory lock on the pair
     * until the transaction ends), so that two sent at once do not both pass the cap.
     */
    public long[] openBetween(String requester, String addressee, UUID caseId) {
        flush(); // the requests this transaction added count too
        getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(?1, hashtext(?2)) IS NULL")
                .setParameter(1, OPEN_REQUESTS_LOCK)
                .setParameter(2, requester + ">" + addressee)
                .getSingleResult();
        Object[] counts = (Object[]) getEntityManager()
                .createNativeQuery("""
                        SELECT count(*) FILTER (WHERE case_id = ?3), count(*) FROM assistance_request
                        WHERE requester = ?1 AND addressee = ?2 AND state IN ('SENT', 'ACCEPTED')""")
                .setParameter(1, requester)
                .setParameter(2, addressee)
                .setParameter(3, caseId)
                .getSingleResult();
        return new long[] {((Number) counts[0]).longValue(), ((Number) counts[1]).longValue()};
    }

    /** The first key of the advisory lock on a pair's open requests ("ASSI"). */
    private static final int OPEN_REQUESTS_LOCK = 0x41535349;

    /** A request held here, locked for a change until the transaction ends; null if none. */
    public AssistanceRequest lock(UUID id) {
        return RecordLocks.lockThenRead(getEntityManager(), AssistanceRequest.class, id);
    }

    /** A page of the requests the caller may see, newest sent first ({@code limit} rows). */
    public List<AssistanceRequest> listVisible(
            String me, AssistanceFilter f, KeysetCursor after, int limit, Instant now) {
        StringBuilder hql = new StringBuilder("select r from AssistanceRequest r where ").append(VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", reader(me));
        if (f.caseId() != null) {
            hql.append(" and r.caseId = :caseId");
            params.put("caseId", f.caseId());
        }
        if (f.direction() == AssistanceFilter.Direction.INCOMING) {
            hql.append(" and r.addressee = :me");
        } else if (f.direction() == AssistanceFilter.Direction.OUTGOING) {
            hql.append(" and r.requester = :me");
        }
        if (f.state() != null) {
            hql.append(" and r.storedState = :state");
            params.put("state", f.state());
        }
        if (f.priority() != null) {
            hql.append(" and r.priority = :priority");
            params.put("priority", f.priority());
        }
        if (f.overdue() != null) {
            hql.append(f.overdue() ? " and (" : " and not (").append(OPEN).append(" and r.dueAt < :now)");
            params.put("now", now);
            openStates(params);
        }
        if (f.dueBefore() != null) {
            hql.append(" and r.dueAt < :dueBefore");
            params.put("dueBefore", f.dueBefore());
        }
        if (after != null) {
            hql.append(" and (r.sentAt < :afterTime or (r.sentAt = :afterTime and r.id < :afterId))");
            params.put("afterTime", after.at());
            params.put("afterId", after.id());
        }
        hql.append(" order by r.sentAt desc, r.id desc");
        return query(hql, params).setMaxResults(limit).getResultList();
    }

    /**
     * The open requests past their deadline that the caller's jurisdiction sent or received (超期督办),
     * the longest overdue first; the cursor holds the deadline and id of the last one shown.
     */
    public List<AssistanceRequest> overdue(String me, Instant now, KeysetCursor after, int limit) {
        StringBuilder hql = new StringBuilder("select r from AssistanceRequest r where ")
                .append(VISIBLE)
                .append(" and ")
                .append(OPEN)
                .append(" and r.dueAt < :now");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", reader(me));
        params.put("now", now);
        openStates(params);
        if (after != null) {
            hql.append(" and (r.dueAt > :afterTime or (r.dueAt = :afterTime and r.id > :afterId))");
            params.put("afterTime", after.at());
            params.put("afterId", after.id());
        }
        hql.append(" order by r.dueAt, r.id");
        return query(hql, params).setMaxResults(limit).getResultList();
    }

    private TypedQuery<AssistanceRequest> query(StringBuilder hql, Map<String, Object> params) {
        TypedQuery<AssistanceRequest> query = getEntityManager().createQuery(hql.toString(), AssistanceRequest.class);
        params.forEach(query::setParameter);
        return query;
    }

    private static void openStates(Map<String, Object> params) {
        params.put("sent", AssistanceState.SENT);
        params.put("accepted", AssistanceState.ACCEPTED);
    }
}
