package org.borderpolice.testbed.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.outbox.DeliveryRefused;
import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.transfer.Transfers;

import com.google.protobuf.StringValue;

import io.agroal.api.AgroalDataSource;

/** Writes probes and their replication events in one transaction. */
@ApplicationScoped
public class ProbeService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    Transfers transfers;

    @Transactional
    public List<UUID> create(int count, String titlePrefix, Set<String> distribution) {
        List<UUID> ids = new ArrayList<>(count);
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO probe (id, title, version, distribution) VALUES (?, ?, 1, ?)")) {
            var dist = c.createArrayOf("varchar", distribution.toArray());
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                String title = titlePrefix + " #" + i;
                insert.setObject(1, id);
                insert.setString(2, title);
                insert.setArray(3, dist);
                insert.addBatch();
                outbox.publish(RecordChange.upsert(
                        ProbeApplier.RECORD_TYPE, id.toString(), 1, distribution, StringValue.of(title)));
                ids.add(id);
            }
            insert.executeBatch();
            history(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** A new version; refused (409) while the probe is offered to a partner and once it was handed over. */
    @Transactional
    public long rename(UUID id, String title) {
        Current current = lock(id);
        transfers.requireChangeable(ProbeApplier.RECORD_TYPE, id.toString());
        long version = current.version() + 1;
        update(id, title, version, false);
        outbox.publish(RecordChange.upsert(
                        ProbeApplier.RECORD_TYPE, id.toString(), version, current.distribution(), StringValue.of(title))
                .withPredecessor(current.predecessor()));
        return version;
    }

    @Transactional
    public long delete(UUID id) {
        Current current = lock(id);
        transfers.requireChangeable(ProbeApplier.RECORD_TYPE, id.toString());
        long version = current.version() + 1;
        update(id, current.title(), version, true);
        outbox.publish(RecordChange.tombstone(ProbeApplier.RECORD_TYPE, id.toString(), version, current.distribution())
                .withPredecessor(current.predecessor()));
        return version;
    }

    /** Our probe as it is now (deleted ones too), with its transfer links. */
    @Transactional
    public Optional<ProbeView> read(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT title, version, deleted, distribution, predecessor_origin, predecessor_id,
                               successor_origin, successor_id
                        FROM probe WHERE id = ?""")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ProbeView(
                        id,
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getBoolean(3),
                        List.of((String[]) rs.getArray(4).getArray()),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        history(c, id)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public record ProbeView(
            UUID id,
            String title,
            long version,
            boolean deleted,
            List<String> distribution,
            String predecessorOrigin,
            String predecessorId,
            String successorOrigin,
            String successorId,
            List<Version> history) {}

    public record Version(long version, String title, boolean deleted) {}

    private static List<Version> history(Connection c, UUID id) throws SQLException {
        List<Version> versions = new ArrayList<>();
        try (PreparedStatement select =
                c.prepareStatement("SELECT version, title, deleted FROM probe_history WHERE id = ? ORDER BY version")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    versions.add(new Version(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return versions;
    }

    /** Our live probe, locked for the rest of the transaction. */
    Optional<Current> lockLive(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT title, version, distribution, predecessor_origin, predecessor_id
                        FROM probe WHERE id = ? AND NOT deleted FOR UPDATE""")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                RecordRef predecessor = rs.getString(5) == null
                        ? null
                        : RecordRef.newBuilder()
                                .setOrigin(rs.getString(4))
                                .setRecordId(rs.getString(5))
                                .build();
                return Optional.of(new Current(
                        rs.getString(1),
                        rs.getLong(2),
                        Set.of((String[]) rs.getArray(3).getArray()),
                        predecessor));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A probe of ours continuing a partner's (accepting its transfer). */
    void insertContinuing(UUID id, String title, Set<String> distribution, RecordRef predecessor) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO probe (id, title, version, distribution, predecessor_origin, predecessor_id)
                        VALUES (?, ?, 1, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, title);
            insert.setArray(3, c.createArrayOf("varchar", distribution.toArray()));
            insert.setString(4, predecessor.getOrigin());
            insert.setString(5, predecessor.getRecordId());
            insert.executeUpdate();
            history(c, List.of(id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The final version of a probe handed over: same title, naming its successor. */
    void closeRow(UUID id, long version, RecordRef successor) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("""
                        UPDATE probe SET version = ?, successor_origin = ?, successor_id = ? WHERE id = ?""")) {
            update.setLong(1, version);
            update.setString(2, successor.getOrigin());
            update.setString(3, successor.getRecordId());
            update.setObject(4, id);
            update.executeUpdate();
            history(c, List.of(id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current version of these probes into their history. */
    private static void history(Connection c, List<UUID> ids) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO probe_history (id, version, title, deleted)
                SELECT id, version, title, deleted FROM probe WHERE id = ANY(?)""")) {
            insert.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            insert.executeUpdate();
        }
    }

    /** What a service does with a partner's refusal: mark its own record (here: a row per refusal). */
    @Transactional
    void onRefused(@Observes DeliveryRefused refused) {
        if (!ProbeApplier.RECORD_TYPE.equals(refused.recordType())) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO probe_refusal (partner, id, version, reason) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")) {
            insert.setString(1, refused.partner());
            insert.setObject(2, UUID.fromString(refused.recordId()));
            insert.setLong(3, refused.version());
            insert.setString(4, refused.reason());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Current lock(UUID id) {
        return lockLive(id).orElseThrow(() -> new NotFoundProblem("no probe " + id));
    }

    private void update(UUID id, String title, long version, boolean deleted) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE probe SET title = ?, version = ?, deleted = ? WHERE id = ?")) {
            update.setString(1, title);
            update.setLong(2, version);
            update.setBoolean(3, deleted);
            update.setObject(4, id);
            update.executeUpdate();
            history(c, List.of(id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record Current(String title, long version, Set<String> distribution, RecordRef predecessor) {}
}
