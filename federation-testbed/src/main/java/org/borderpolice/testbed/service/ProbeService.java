package org.borderpolice.testbed.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.outbox.DeliveryRefused;
import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.testbed.inbox.ProbeApplier;

import com.google.protobuf.StringValue;

import io.agroal.api.AgroalDataSource;

/** Writes probes and their replication events in one transaction. */
@ApplicationScoped
public class ProbeService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

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
                outbox.publish(RecordChange.upsert(ProbeApplier.RECORD_TYPE, id.toString(), 1, distribution,
                        StringValue.of(title)));
                ids.add(id);
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    @Transactional
    public long rename(UUID id, String title) {
        Current current = lock(id);
        long version = current.version() + 1;
        update(id, title, version, false);
        outbox.publish(RecordChange.upsert(ProbeApplier.RECORD_TYPE, id.toString(), version, current.distribution(),
                StringValue.of(title)));
        return version;
    }

    @Transactional
    public long delete(UUID id) {
        Current current = lock(id);
        long version = current.version() + 1;
        update(id, current.title(), version, true);
        outbox.publish(RecordChange.tombstone(ProbeApplier.RECORD_TYPE, id.toString(), version, current.distribution()));
        return version;
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT title, version, distribution FROM probe WHERE id = ? AND NOT deleted FOR UPDATE")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundProblem("no probe " + id);
                }
                return new Current(rs.getString(1), rs.getLong(2), Set.of((String[]) rs.getArray(3).getArray()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(UUID id, String title, long version, boolean deleted) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE probe SET title = ?, version = ?, deleted = ? WHERE id = ?")) {
            update.setString(1, title);
            update.setLong(2, version);
            update.setBoolean(3, deleted);
            update.setObject(4, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Current(String title, long version, Set<String> distribution) {
    }
}
