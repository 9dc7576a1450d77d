package org.borderpolice.federation.replication;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.hibernate.LockMode;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * A record's row locked for a change, then read. {@code find(type, id, PESSIMISTIC_WRITE)} on an
 * entity whose load joins a collection makes Hibernate read the row first and lock it in a second
 * statement ("follow-on locking"); under concurrent changes that was seen to hand out the state
 * before another transaction's committed change (two escalations of one dispute both recorded a
 * case). Here the row alone is locked by its id first, and the entity read after. An entity this
 * transaction had read before (unlocked: a visibility check, an applier's check of another event)
 * is refreshed once the lock is held, the transaction's unwritten changes written first: what a
 * change works on is the row as committed, whoever read it earlier. A record this transaction
 * locked here before is returned as it is (its entity remembers the lock): nobody changed it since.
 */
public final class RecordLocks {

    private RecordLocks() {}

    /**
     * The entity locked and read; {@code readBefore}: the transaction held it already (its rows
     * that a service loads beside it by query, e.g. a case's participants, may be as stale as it
     * was: refresh them too).
     */
    public record Locked<T>(T entity, boolean readBefore) {}

    /** The entity of this type and id, its row locked until the transaction ends; null if there is none. */
    public static <T> T lockThenRead(EntityManager em, Class<T> type, Object id) {
        return lock(em, type, id).entity();
    }

    /** As {@link #lockThenRead}, saying whether the transaction had read the entity before. */
    public static <T> Locked<T> lock(EntityManager em, Class<T> type, Object id) {
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        T known = held(session, type, id);
        EntityEntry entry =
                known == null ? null : session.getPersistenceContextInternal().getEntry(known);
        if (entry != null && entry.getLockMode().greaterThan(LockMode.PESSIMISTIC_READ)) {
            // locked by this transaction already (here): nobody else changed it since
            return new Locked<>(known, false);
        }
        if (known != null) {
            // every change of this transaction is written before the row is read again (the lock's
            // query alone would not write one to a collection table)
            em.flush();
        }
        List<?> locked = em.createQuery(
                        "select id(e) from " + em.getMetamodel().entity(type).getName() + " e where id(e) = :id")
                .setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (locked.isEmpty()) {
            return new Locked<>(null, known != null);
        }
        T entity;
        if (known != null) {
            em.refresh(known);
            entity = known;
        } else {
            entity = em.find(type, id);
        }
        // remembered with the entity: a later lock in this transaction reads nothing again
        session.getPersistenceContextInternal().getEntry(entity).setLockMode(LockMode.PESSIMISTIC_WRITE);
        return new Locked<>(entity, known != null);
    }

    /** Refresh each of these entities (rows loaded beside a record that was read before its lock). */
    public static void refresh(EntityManager em, List<?> entities) {
        entities.forEach(em::refresh);
    }

    /** The entity as the persistence context holds it, without reading the database; null if it holds none. */
    private static <T> T held(SessionImplementor session, Class<T> type, Object id) {
        var persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(type);
        Object entity = session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister));
        return type.isInstance(entity) ? type.cast(entity) : null;
    }
}
