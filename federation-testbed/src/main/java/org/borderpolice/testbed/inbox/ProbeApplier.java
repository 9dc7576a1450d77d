package org.borderpolice.testbed.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;

import io.agroal.api.AgroalDataSource;

/** Keeps replicas of partners' probes in probe_replica. */
@ApplicationScoped
public class ProbeApplier implements RecordApplier {

    public static final String RECORD_TYPE = "testbed.probe";

    @Inject
    AgroalDataSource dataSource;

    @Override
    public String recordType() {
        return RECORD_TYPE;
    }

    @Override
    public void check(ReplicaChange change) throws UnreadablePayloadException {
        if (!change.payload().is(StringValue.class)) {
            throw new UnreadablePayloadException("expected " + StringValue.getDescriptor().getFullName() + ", got "
                    + change.payload().getTypeUrl());
        }
    }

    @Override
    public void apply(List<ReplicaChange> changes) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO probe_replica (origin, id, version, title) VALUES (?, ?, ?, ?)
                        ON CONFLICT (origin, id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
                            received_at = now()""");
                PreparedStatement delete = c.prepareStatement("DELETE FROM probe_replica WHERE origin = ? AND id = ?")) {
            for (ReplicaChange change : changes) {
                if (change.tombstone()) {
                    delete.setString(1, change.origin());
                    delete.setString(2, change.recordId());
                    delete.addBatch();
                } else {
                    upsert.setString(1, change.origin());
                    upsert.setString(2, change.recordId());
                    upsert.setLong(3, change.version());
                    upsert.setString(4, change.payload().unpack(StringValue.class).getValue());
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
            delete.executeBatch();
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new IllegalStateException("could not store probe replicas", e);
        }
    }
}
