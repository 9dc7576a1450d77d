package org.borderpolice.intel.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.borderpolice.federation.audit.AuditLog;
import org.hibernate.Session;

/**
 * What hit/no-hit checks leave behind besides the audit: the record of each check at both ends
 * and the identifiers each partner checked per day. Plain JDBC on the transaction's connection: a
 * check is one short transaction, and these are its fixed costs.
 */
@ApplicationScoped
public class HitCheckRecords {

    public enum Direction {
        /** We asked our partners. */
        OUTBOUND,
        /** A partner asked us. */
        INBOUND
    }

    @Inject
    EntityManager em;

    /** Count a partner's identifiers against today's quota; returns the day's total including them. */
    public int countTowardsQuota(String partner, LocalDate day, int identifiers) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO hit_check_quota (partner, day, identifiers) VALUES (?, ?, ?)
                    ON CONFLICT (partner, day) DO UPDATE SET identifiers = hit_check_quota.identifiers + EXCLUDED.identifiers
                    RETURNING identifiers""")) {
                upsert.setString(1, partner);
                upsert.setObject(2, day);
                upsert.setInt(3, identifiers);
                try (ResultSet rs = upsert.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Count a user's identifiers against today's limit; returns the day's total including them.
     * Our own users under our code, a partner's users under the partner's code and the name it
     * gives them. With {@code onlyWrite}, this count is the transaction's only write, and the
     * transaction commits without waiting for the disk (sent in the same round trip): a crash
     * forgets at most the counts of its last moment, and the check does not wait for a flush
     * before partners are asked.
     */
    public int countTowardsUserQuota(String jurisdiction, String requestedBy, LocalDate day, int identifiers,
            boolean onlyWrite) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement upsert = c.prepareStatement((onlyWrite ? "SET LOCAL synchronous_commit = off;\n" : "")
                    + """
                    INSERT INTO hit_check_user_quota (jurisdiction, requested_by, day, identifiers) VALUES (?, ?, ?, ?)
                    ON CONFLICT (jurisdiction, requested_by, day)
                    DO UPDATE SET identifiers = hit_check_user_quota.identifiers + EXCLUDED.identifiers
                    RETURNING identifiers""")) {
                upsert.setString(1, jurisdiction);
                upsert.setString(2, requester(requestedBy));
                upsert.setObject(3, day);
                upsert.setInt(4, identifiers);
                for (boolean rows = upsert.execute(); !rows; rows = upsert.getMoreResults()) {
                    if (upsert.getUpdateCount() == -1) {
                        throw new IllegalStateException("no count from the upsert");
                    }
                }
                try (ResultSet rs = upsert.getResultSet()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Whether a check of ours hit this alert at this owner (what a disclosure request needs). */
    public boolean hitRecorded(String owner, UUID alertId) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM hit_check_hit WHERE direction = 'OUTBOUND' AND alert_id = ? AND owner = ? LIMIT 1")) {
                select.setObject(1, alertId);
                select.setString(2, owner);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Whether a check of this partner hit this alert of ours (what its disclosure request needs here). */
    public boolean inboundHitRecorded(String partner, UUID alertId) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT 1 FROM hit_check_hit h
                    JOIN hit_check_log l ON l.check_id = h.check_id AND l.direction = 'INBOUND'
                    WHERE h.direction = 'INBOUND' AND h.alert_id = ? AND l.counterpart = ? LIMIT 1""")) {
                select.setObject(1, alertId);
                select.setString(2, partner);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** An alert a check hit: its owner and reference. */
    public record HitReference(String owner, UUID alertId) {
        @Override
        public String toString() {
            return owner + "/" + alertId;
        }
    }

    /**
     * The record of one check: who asked whom, how many identifiers, how many hits, and which
     * alerts they were (owner and reference; never which identifier hit). Written with the
     * check's audit entry, in the same round trip.
     */
    public AuditLog.Companion record(UUID checkId, Direction direction, String counterpart, String requestedBy,
            String unit, int identifiers, List<HitReference> hits) {
        List<HitReference> distinct = hits.stream().distinct().toList();
        return new AuditLog.Companion("""
                INSERT INTO hit_check_log (check_id, direction, counterpart, requested_by, unit, identifiers, hits)
                VALUES (?, ?, ?, ?, ?, ?, ?);
                INSERT INTO hit_check_hit (check_id, direction, owner, alert_id)
                SELECT ?, ?, h.owner, h.alert_id FROM unnest(?::varchar[], ?::uuid[]) AS h (owner, alert_id)""", 11, insert -> {
            insert.setObject(1, checkId);
            insert.setString(2, direction.name());
            insert.setString(3, counterpart);
            insert.setString(4, requester(requestedBy));
            if (unit == null || unit.isEmpty()) {
                insert.setNull(5, Types.VARCHAR);
            } else {
                insert.setString(5, unit);
            }
            insert.setInt(6, identifiers);
            insert.setInt(7, hits.size());
            insert.setObject(8, checkId);
            insert.setString(9, direction.name());
            Connection c = insert.getConnection();
            insert.setArray(10, c.createArrayOf("varchar", distinct.stream().map(HitReference::owner).toArray()));
            insert.setArray(11, c.createArrayOf("uuid", distinct.stream().map(HitReference::alertId).toArray()));
        });
    }

    private static String requester(String requestedBy) {
        return requestedBy == null || requestedBy.isEmpty() ? "unknown" : requestedBy;
    }
}
