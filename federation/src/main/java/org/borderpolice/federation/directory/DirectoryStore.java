package org.borderpolice.federation.directory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.paging.KeysetCursor;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * The directory's rows ({@code federation.liaison_record}), over JDBC in the caller's
 * transaction. Reads for users take the caller's jurisdiction and apply the visibility rule in
 * the WHERE clause: our own users see everything held here, a partner's users only our records
 * shared with their jurisdiction.
 */
@ApplicationScoped
@IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
public class DirectoryStore {

    /** Visibility: parameters (viewer, self, self, viewer). */
    static final String VISIBLE = "(? = ? OR (origin = ? AND ? = ANY (shared_with)))";

    @Inject
    AgroalDataSource dataSource;

    /** A stored row. */
    public record Row(
            String type,
            UUID id,
            String origin,
            long version,
            List<String> sharedWith,
            UUID unitId,
            Instant startsAt,
            Instant endsAt,
            String body,
            Instant createdAt,
            Instant updatedAt) {

        Row withVersion(long v, List<String> shared, UUID unit, Instant from, Instant to, String json, Instant at) {
            return new Row(type, id, origin, v, shared, unit, from, to, json, createdAt, at);
        }
    }

    private static final String COLUMNS =
            "record_type, id, origin, version, shared_with, unit_id, starts_at, ends_at, body::text, created_at, updated_at";

    /** The row, whoever may see it (for rules, never returned to a user as is). */
    public Row find(String type, UUID id, boolean lock) {
        return one(
                "SELECT " + COLUMNS + " FROM federation.liaison_record WHERE record_type = ? AND id = ?"
                        + (lock ? " FOR UPDATE" : ""),
                type,
                id);
    }

    /**
     * Minutes count only when their meeting is held here and they are its chair's (others'
     * waiting for a meeting, or left from before it named its chair, are no one's minutes).
     */
    static final String CHAIRS_MINUTES = " AND (record_type <> '" + Directory.MINUTES
            + "' OR EXISTS (SELECT 1 FROM federation.liaison_record g WHERE g.record_type = '" + Directory.MEETING
            + "' AND g.id = liaison_record.id AND g.body->>'chair' = liaison_record.origin))";

    /** The row if the viewer may see it. */
    public Row findVisible(String type, UUID id, String viewer, String self) {
        return one(
                "SELECT " + COLUMNS + " FROM federation.liaison_record WHERE record_type = ? AND id = ? AND " + VISIBLE
                        + CHAIRS_MINUTES,
                type,
                id,
                viewer,
                self,
                self,
                viewer);
    }

    /**
     * A page of the type the viewer may see, newest first.
     *
     * @param origin only records of this jurisdiction, or null
     * @param unit   only records of this unit, or null
     */
    public List<Row> list(
            String type, String viewer, String self, String origin, UUID unit, KeysetCursor after, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT " + COLUMNS + " FROM federation.liaison_record WHERE record_type = ? AND " + VISIBLE);
        List<Object> args = new ArrayList<>(List.of(type, viewer, self, self, viewer));
        if (origin != null) {
            sql.append(" AND origin = ?");
            args.add(origin);
        }
        if (unit != null) {
            sql.append(" AND unit_id = ?");
            args.add(unit);
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            args.add(Timestamp.from(after.at()));
            args.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(limit + 1);
        return many(sql.toString(), args.toArray());
    }

    /** The duty shifts of a jurisdiction that the viewer may see and that have not ended at {@code at}. */
    public List<Row> dutyNotEnded(String jurisdiction, Instant at, String viewer, String self) {
        return many(
                "SELECT " + COLUMNS + " FROM federation.liaison_record WHERE record_type = '" + Directory.DUTY
                        + "' AND origin = ? AND ends_at > ? AND starts_at <= ? AND " + VISIBLE
                        + " ORDER BY unit_id, starts_at LIMIT 1000",
                jurisdiction,
                Timestamp.from(at),
                Timestamp.from(at),
                viewer,
                self,
                self,
                viewer);
    }

    /**
     * The chairs of the latest {@code limit} meetings held here by {@code now} (ours and
     * partners'), organised and chaired by parties of the agreement and whose chair's minutes are
     * held here, oldest first. A meeting announced for a far future, one of a jurisdiction outside
     * the agreement, or one a party says another party chaired (which only that party's minutes
     * can confirm) steers nothing: a party cannot set the rotation by naming chairs (review 26 C1).
     */
    public List<String> chairHistory(List<String> parties, Instant now, int limit) {
        List<String> chairs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT body->>'chair' FROM federation.liaison_record "
                        + "WHERE record_type = '" + Directory.MEETING + "' AND starts_at <= ? AND origin = ANY (?) "
                        + "AND body->>'chair' = ANY (?) AND EXISTS (SELECT 1 FROM federation.liaison_record m "
                        + "WHERE m.record_type = '" + Directory.MINUTES + "' AND m.id = liaison_record.id "
                        + "AND m.origin = liaison_record.body->>'chair') "
                        + "ORDER BY starts_at DESC, created_at DESC, id DESC LIMIT ?")) {
            Array codes = c.createArrayOf("varchar", parties.toArray());
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, codes);
            s.setArray(3, codes);
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    chairs.add(0, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the directory", e);
        }
        return chairs;
    }

    /** Removes a meeting's minutes not written by {@code chair} (all of them when {@code chair} is null). */
    public void deleteMinutesNotBy(UUID meetingId, String chair) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM federation.liaison_record WHERE record_type = '"
                        + Directory.MINUTES + "' AND id = ? AND origin IS DISTINCT FROM ?")) {
            s.setObject(1, meetingId);
            s.setString(2, chair);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete minutes", e);
        }
    }

    /** How many minutes of {@code origin} wait here for a meeting not held here. */
    public long minutesWithoutMeeting(String origin) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM federation.liaison_record m "
                        + "WHERE m.record_type = '" + Directory.MINUTES + "' AND m.origin = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM federation.liaison_record g WHERE g.record_type = '" + Directory.MEETING
                        + "' AND g.id = m.id)")) {
            s.setString(1, origin);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the directory", e);
        }
    }

    /** Meetings and patrols of a period, as {@link #statistics} counts them. */
    public record Counts(long meetings, long meetingsHeld, long patrols, long patrolsHeld, long patrolsCancelled) {}

    /**
     * Meetings set and patrols starting in [from, to) that the viewer may see: meetings held by
     * {@code now}, patrols held (DONE) and cancelled.
     */
    public Counts statistics(String viewer, String self, Instant from, Instant to, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT "
                        + "count(*) FILTER (WHERE record_type = '" + Directory.MEETING + "'), "
                        + "count(*) FILTER (WHERE record_type = '" + Directory.MEETING + "' AND starts_at <= ?), "
                        + "count(*) FILTER (WHERE record_type = '" + Directory.PATROL + "'), "
                        + "count(*) FILTER (WHERE record_type = '" + Directory.PATROL
                        + "' AND body->>'status' = 'DONE'), "
                        + "count(*) FILTER (WHERE record_type = '" + Directory.PATROL
                        + "' AND body->>'status' = 'CANCELLED') "
                        + "FROM federation.liaison_record WHERE record_type IN ('" + Directory.MEETING + "', '"
                        + Directory.PATROL + "') AND starts_at >= ? AND starts_at < ? AND " + VISIBLE)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            s.setString(4, viewer);
            s.setString(5, self);
            s.setString(6, self);
            s.setString(7, viewer);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the directory", e);
        }
    }

    public void upsert(Row r) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO federation.liaison_record (record_type, id, origin, version, shared_with, unit_id,
                            starts_at, ends_at, body, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                        ON CONFLICT (record_type, id) DO UPDATE SET origin = excluded.origin,
                            version = excluded.version, shared_with = excluded.shared_with,
                            unit_id = excluded.unit_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                            body = excluded.body, updated_at = excluded.updated_at""")) {
            s.setString(1, r.type());
            s.setObject(2, r.id());
            s.setString(3, r.origin());
            s.setLong(4, r.version());
            Array shared = c.createArrayOf("varchar", r.sharedWith().toArray());
            s.setArray(5, shared);
            s.setObject(6, r.unitId());
            s.setTimestamp(7, r.startsAt() == null ? null : Timestamp.from(r.startsAt()));
            s.setTimestamp(8, r.endsAt() == null ? null : Timestamp.from(r.endsAt()));
            s.setString(9, r.body());
            s.setTimestamp(10, Timestamp.from(r.createdAt()));
            s.setTimestamp(11, Timestamp.from(r.updatedAt()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a directory record", e);
        }
    }

    public void delete(String type, UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("DELETE FROM federation.liaison_record WHERE record_type = ? AND id = ?")) {
            s.setString(1, type);
            s.setObject(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete a directory record", e);
        }
    }

    private Row one(String sql, Object... args) {
        List<Row> rows = many(sql, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<Row> many(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the directory", e);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString(1),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getLong(4),
                Arrays.asList((String[]) rs.getArray(5).getArray()),
                rs.getObject(6, UUID.class),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getString(9),
                instant(rs.getTimestamp(10)),
                instant(rs.getTimestamp(11)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
