package org.borderpolice.intel.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
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
     * The record of one check: who asked whom, how many identifiers, how many hits (never which).
     * Written with the check's audit entry, in the same round trip.
     */
    public AuditLog.Companion record(UUID checkId, Direction direction, String counterpart, String requestedBy,
            String unit, int identifiers, int hits) {
        return new AuditLog.Companion("""
                INSERT INTO hit_check_log (check_id, direction, counterpart, requested_by, unit, identifiers, hits)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", insert -> {
            insert.setObject(1, checkId);
            insert.setString(2, direction.name());
            insert.setString(3, counterpart);
            insert.setString(4, requestedBy == null || requestedBy.isEmpty() ? "unknown" : requestedBy);
            if (unit == null || unit.isEmpty()) {
                insert.setNull(5, Types.VARCHAR);
            } else {
                insert.setString(5, unit);
            }
            insert.setInt(6, identifiers);
            insert.setInt(7, hits);
        });
    }
}
