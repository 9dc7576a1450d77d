package org.borderpolice.federation.hitcheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditLog;

/**
 * What hit/no-hit checks leave behind besides the audit: the record of each check at both ends,
 * the identifiers each partner and user checked per day, and the count of each partner's refused
 * checks per minute ({@code federation.hit_check_*}, for every record type of the service). Plain
 * JDBC on the transaction's connection: a check is one short transaction, and these are its fixed
 * costs.
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
    TransactionConnection jdbc;

    /** A day's totals, including the identifiers just counted. */
    public record Counts(int partner, int user) {}

    /**
     * Count a partner's identifiers against today's quota of the partner and of its user (the
     * name it gives them): one statement, the transaction's only write, committed without waiting
     * for the disk (sent in the same round trip), so that the partner's count row is held for
     * moments only, not for a flush, while its other checks wait for it. A crash forgets at most
     * the counts of its last moment. Returns the day's totals including these identifiers.
     */
    public Counts countTowardsPartnerQuotas(String partner, String requestedBy, LocalDate day, int identifiers) {
        return jdbc.call(c -> {
            try (PreparedStatement upsert = c.prepareStatement("""
                    SET LOCAL synchronous_commit = off;
                    WITH p AS (
                        INSERT INTO federation.hit_check_quota (partner, day, identifiers) VALUES (?, ?, ?)
                        ON CONFLICT (partner, day)
                        DO UPDATE SET identifiers = hit_check_quota.identifiers + EXCLUDED.identifiers
                        RETURNING identifiers),
                    u AS (
                        INSERT INTO federation.hit_check_user_quota (jurisdiction, requested_by, day, identifiers) VALUES (?, ?, ?, ?)
                        ON CONFLICT (jurisdiction, requested_by, day)
                        DO UPDATE SET identifiers = hit_check_user_quota.identifiers + EXCLUDED.identifiers
                        RETURNING identifiers)
                    SELECT p.identifiers, u.identifiers FROM p, u""")) {
                upsert.setString(1, partner);
                upsert.setObject(2, day);
                upsert.setInt(3, identifiers);
                upsert.setString(4, partner);
                upsert.setString(5, requester(requestedBy));
                upsert.setObject(6, day);
                upsert.setInt(7, identifiers);
                try (ResultSet rs = firstResult(upsert)) {
                    rs.next();
                    return new Counts(rs.getInt(1), rs.getInt(2));
                }
            }
        });
    }

    /**
     * Count a refusal of a partner's check of this kind ({@code reason}: the status and our
     * description, never what the partner sent) in the current minute; returns how many there
     * were in this minute so far, this one included. Committed without waiting for the disk,
     * unless the caller audits it (the first of the minute).
     */
    public int countRefusal(String partner, String reason) {
        return jdbc.call(c -> {
            try (PreparedStatement upsert = c.prepareStatement("""
                    SET LOCAL synchronous_commit = off;
                    INSERT INTO federation.hit_check_refusal (partner, minute, reason, refusals)
                    VALUES (?, date_trunc('minute', now()), ?, 1)
                    ON CONFLICT (partner, minute, reason)
                    DO UPDATE SET refusals = hit_check_refusal.refusals + 1
                    RETURNING refusals""")) {
                upsert.setString(1, partner);
                upsert.setString(2, reason);
                try (ResultSet rs = firstResult(upsert)) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Commit this transaction waiting for the disk after all (it writes what must not be lost). */
    public void durableCommit() {
        jdbc.run(c -> {
            try (var s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit = on");
            }
        });
    }

    /** Refusals of a minute that is over, for one partner and kind. */
    public record Refusals(String partner, java.time.Instant minute, String reason, int refusals) {}

    /** Take the counts of the minutes that are over (each is taken once, by one replica). */
    public List<Refusals> takeRefusalsOfPastMinutes() {
        return jdbc.call(c -> {
            try (PreparedStatement delete = c.prepareStatement("""
                    DELETE FROM federation.hit_check_refusal WHERE minute < date_trunc('minute', now())
                    RETURNING partner, minute, reason, refusals""")) {
                List<Refusals> taken = new java.util.ArrayList<>();
                try (ResultSet rs = delete.executeQuery()) {
                    while (rs.next()) {
                        taken.add(new Refusals(
                                rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getInt(4)));
                    }
                }
                return taken;
            }
        });
    }

    /** The result set of a statement sent after a SET in the same round trip. */
    private static ResultSet firstResult(PreparedStatement statement) throws java.sql.SQLException {
        for (boolean rows = statement.execute(); !rows; rows = statement.getMoreResults()) {
            if (statement.getUpdateCount() == -1) {
                throw new IllegalStateException("no result from the statement");
            }
        }
        return statement.getResultSet();
    }

    /**
     * Count one of our users' identifiers against today's limit; returns the day's total
     * including them. The transaction's only write: it commits without waiting for the disk (sent
     * in the same round trip), so a crash forgets at most the counts of its last moment, and the
     * check does not wait for a flush before partners are asked.
     */
    public int countTowardsUserQuota(String jurisdiction, String requestedBy, LocalDate day, int identifiers) {
        return jdbc.call(c -> {
            try (PreparedStatement upsert = c.prepareStatement("""
                    SET LOCAL synchronous_commit = off;
                    INSERT INTO federation.hit_check_user_quota (jurisdiction, requested_by, day, identifiers) VALUES (?, ?, ?, ?)
                    ON CONFLICT (jurisdiction, requested_by, day)
                    DO UPDATE SET identifiers = hit_check_user_quota.identifiers + EXCLUDED.identifiers
                    RETURNING identifiers""")) {
                upsert.setString(1, jurisdiction);
                upsert.setString(2, requester(requestedBy));
                upsert.setObject(3, day);
                upsert.setInt(4, identifiers);
                try (ResultSet rs = firstResult(upsert)) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Whether a check of ours hit this record at this owner (what a follow-up request needs, e.g.
     * a disclosure request): a check of this user, or with {@code user} null, of anyone here.
     */
    public boolean hitRecorded(String owner, String recordType, String recordId, String user) {
        return jdbc.call(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT 1 FROM federation.hit_check_hit WHERE direction = 'OUTBOUND' "
                            + "AND record_id = ? AND owner = ? AND record_type = ?"
                            + (user == null ? "" : " AND requested_by = ?") + " LIMIT 1")) {
                select.setString(1, recordId);
                select.setString(2, owner);
                select.setString(3, recordType);
                if (user != null) {
                    select.setString(4, requester(user));
                }
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Whether a check of this partner hit this record of ours (what its follow-up request needs here). */
    public boolean inboundHitRecorded(String partner, String recordType, String recordId) {
        return jdbc.call(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT 1 FROM federation.hit_check_hit
                    WHERE direction = 'INBOUND' AND record_id = ? AND counterpart = ? AND record_type = ? LIMIT 1""")) {
                select.setString(1, recordId);
                select.setString(2, partner);
                select.setString(3, recordType);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** A record a check hit: its owner, type and reference (audited as owner/reference, as before types). */
    public record HitReference(String owner, String recordType, String recordId) {
        @Override
        public String toString() {
            return owner + "/" + recordId;
        }
    }

    /**
     * The record of one check: who asked whom, how many identifiers, how many hits, and which
     * records they were (owner and reference; never which identifier hit), each hit with who asked
     * (the partner, and the user). Written with the check's audit entry, in the same round trip.
     */
    public AuditLog.Companion record(
            UUID checkId,
            Direction direction,
            String counterpart,
            String requestedBy,
            String unit,
            int identifiers,
            List<HitReference> hits) {
        List<HitReference> distinct = hits.stream().distinct().toList();
        return new AuditLog.Companion("""
                INSERT INTO federation.hit_check_log (check_id, direction, counterpart, requested_by, unit, identifiers, hits)
                VALUES (?, ?, ?, ?, ?, ?, ?);
                INSERT INTO federation.hit_check_hit (check_id, direction, counterpart, requested_by, owner, record_type, record_id)
                SELECT ?, ?, ?, ?, h.owner, h.record_type, h.record_id
                FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS h (owner, record_type, record_id)""", 14, insert -> {
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
            insert.setString(10, counterpart);
            insert.setString(11, requester(requestedBy));
            Connection c = insert.getConnection();
            insert.setArray(
                    12,
                    c.createArrayOf(
                            "varchar",
                            distinct.stream().map(HitReference::owner).toArray()));
            insert.setArray(
                    13,
                    c.createArrayOf(
                            "varchar",
                            distinct.stream().map(HitReference::recordType).toArray()));
            insert.setArray(
                    14,
                    c.createArrayOf(
                            "varchar",
                            distinct.stream().map(HitReference::recordId).toArray()));
        });
    }

    private static String requester(String requestedBy) {
        return requestedBy == null || requestedBy.isEmpty() ? "unknown" : requestedBy;
    }
}
