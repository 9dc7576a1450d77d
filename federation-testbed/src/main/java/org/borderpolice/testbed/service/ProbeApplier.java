package org.borderpolice.testbed.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;

import io.agroal.api.AgroalDataSource;

/**
 * Keeps replicas of partners' probes in probe_replica, one statement per kind of change. Checks
 * only what a probe is (its id, its payload type): a title its store cannot take (over 4,000
 * characters, a NUL) passes the check and fails in {@link #apply}, which the inbox turns into a
 * per-event refusal.
 */
@ApplicationScoped
public class ProbeApplier implements RecordApplier {

    public static final String RECORD_TYPE = "testbed.probe";

    @Inject
    AgroalDataSource dataSource;

    @Override
    public String recordType() {
        return RECORD_TYPE;
    }

    /** Called for tombstones too (payload null): a probe's id is a UUID whatever the change. */
    @Override
    public void check(ReplicaChange change) throws UnreadablePayloadException {
        try {
            UUID.fromString(change.recordId());
        } catch (IllegalArgumentException e) {
            throw new UnreadablePayloadException("a probe's id is a UUID");
        }
        if (change.tombstone()) {
            return;
        }
        if (!change.payload().is(StringValue.class)) {
            throw new UnreadablePayloadException(
                    "expected " + StringValue.getDescriptor().getFullName() + ", got "
                            + change.payload().getTypeUrl());
        }
    }

    @Override
    public void apply(List<ReplicaChange> changes) {
        List<ReplicaChange> upserts = new ArrayList<>();
        List<ReplicaChange> deletes = new ArrayList<>();
        for (ReplicaChange change : changes) {
            (change.tombstone() ? deletes : upserts).add(change);
        }
        try (Connection c = dataSource.getConnection()) {
            if (!upserts.isEmpty()) {
                try (PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO probe_replica (origin, id, version, title)
                        SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::text[])
                        ON CONFLICT (origin, id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
                            received_at = now()""")) {
                    upsert.setArray(
                            1,
                            c.createArrayOf(
                                    "varchar",
                                    upserts.stream().map(ReplicaChange::origin).toArray()));
                    upsert.setArray(
                            2,
                            c.createArrayOf(
                                    "varchar",
                                    upserts.stream()
                                            .map(ReplicaChange::recordId)
                                            .toArray()));
                    upsert.setArray(
                            3,
                            c.createArrayOf(
                                    "bigint",
                                    upserts.stream().map(ReplicaChange::version).toArray()));
                    upsert.setArray(4, c.createArrayOf("text", titles(upserts)));
                    upsert.executeUpdate();
                }
            }
            if (!deletes.isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement("""
                        DELETE FROM probe_replica p USING unnest(?::varchar[], ?::varchar[]) AS d(origin, id)
                        WHERE p.origin = d.origin AND p.id = d.id""")) {
                    delete.setArray(
                            1,
                            c.createArrayOf(
                                    "varchar",
                                    deletes.stream().map(ReplicaChange::origin).toArray()));
                    delete.setArray(
                            2,
                            c.createArrayOf(
                                    "varchar",
                                    deletes.stream()
                                            .map(ReplicaChange::recordId)
                                            .toArray()));
                    delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store probe replicas", e);
        }
    }

    private static Object[] titles(List<ReplicaChange> upserts) {
        Object[] titles = new Object[upserts.size()];
        for (int i = 0; i < titles.length; i++) {
            try {
                titles[i] = upserts.get(i).payload().unpack(StringValue.class).getValue();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("payload checked but unreadable", e);
            }
        }
        return titles;
    }
}
