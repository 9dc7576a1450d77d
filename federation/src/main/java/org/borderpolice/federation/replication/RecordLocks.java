package org.borderpolice.federation.replication;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * A record's row locked for a change, then read. {@code find(type, id, PESSIMISTIC_WRITE)} on an
 * entity whose load joins a collection makes Hibernate read the row first and lock it in a second
 * statement ("follow-on locking"); under concurrent changes that was seen to hand out the state
 * before another transaction's committed change with no lock held at all (two escalations of one
 * dispute both recorded a case). Here the row alone is locked by its id first, and the entity read
 * after: the state as committed once the lock is ours. An entity the transaction had read before is
 * returned as it is, locked, as JPA's own lock would.
 */
public final class RecordLocks {

    private RecordLocks() {}

    /** The entity of this type and id, its row locked until the transaction ends; null if there is none. */
    public static <T> T lockThenRead(EntityManager em, Class<T> type, Object id) {
        List<?> locked = em.createQuery(
                        "select id(e) from " + em.getMetamodel().entity(type).getName() + " e where id(e) = :id")
                .setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return locked.isEmpty() ? null : em.find(type, id);
    }
}
