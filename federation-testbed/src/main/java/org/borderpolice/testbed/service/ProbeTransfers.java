package org.borderpolice.testbed.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.transfer.TransferableRecords;

import com.google.protobuf.StringValue;

import io.agroal.api.AgroalDataSource;

/** Probes may be handed to a partner: the domain side of the federation's transfer handshake. */
@ApplicationScoped
public class ProbeTransfers implements TransferableRecords {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    ProbeService probes;

    @Override
    public String recordType() {
        return ProbeApplier.RECORD_TYPE;
    }

    @Override
    public Optional<Owned> lockOwned(String recordId) {
        UUID id;
        try {
            id = UUID.fromString(recordId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return probes.lockLive(id).map(p -> new Owned(p.version(), p.distribution()));
    }

    /** Our probe continuing the partner's: its title from our replica, a new id, version 1. */
    @Override
    public String continueRecord(Predecessor predecessor) {
        String title;
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT title FROM probe_replica WHERE origin = ? AND id = ? AND version = ?")) {
            select.setString(1, predecessor.ref().getOrigin());
            select.setString(2, predecessor.ref().getRecordId());
            select.setLong(3, predecessor.version());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new ConflictProblem(
                            "this jurisdiction holds no copy of the offered probe at the offered version");
                }
                title = rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        UUID id = UUID.randomUUID();
        probes.insertContinuing(id, title, predecessor.distribution(), predecessor.ref());
        outbox.publish(RecordChange.upsert(
                        ProbeApplier.RECORD_TYPE, id.toString(), 1, predecessor.distribution(), StringValue.of(title))
                .withPredecessor(predecessor.ref()));
        return id.toString();
    }

    /** The final version: the same title, one version more, naming the successor. */
    @Override
    public void close(String recordId, RecordRef successor) {
        UUID id = UUID.fromString(recordId);
        ProbeService.Current current = probes.lockLive(id)
                .orElseThrow(() -> new IllegalStateException("closing a probe we do not hold: " + recordId));
        long version = current.version() + 1;
        probes.closeRow(id, version, successor);
        outbox.publish(RecordChange.upsert(
                        ProbeApplier.RECORD_TYPE,
                        recordId,
                        version,
                        current.distribution(),
                        StringValue.of(current.title()))
                .withPredecessor(current.predecessor())
                .withSuccessor(successor));
    }
}
