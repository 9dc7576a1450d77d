package org.borderpolice.testbed.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.files.PendingFiles;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.files.v1.FileRef;
import org.borderpolice.federation.replication.TypedApplier;

import io.agroal.api.AgroalDataSource;

/** Partners' probe files: the reference kept, the bytes queued for the fetcher. */
@ApplicationScoped
public class ProbeFileApplier extends TypedApplier<FileRef> {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PendingFiles pending;

    public ProbeFileApplier() {
        super(FileRef.class);
    }

    @Override
    public String recordType() {
        return ProbeFiles.RECORD_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, FileRef message) throws UnreadablePayloadException {
        if (message == null) {
            return;
        }
        pending.check(message);
        if (!message.getFileId().equals(change.recordId())) {
            throw new UnreadablePayloadException("a probe file's record id is its file id");
        }
    }

    @Override
    protected void applyTyped(List<Typed<FileRef>> changes) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO probe_file_replica (origin, file_id, name, sha256, size, content_type)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (origin, file_id) DO NOTHING""");
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM probe_file_replica WHERE origin = ? AND file_id = ?::uuid")) {
            for (Typed<FileRef> typed : changes) {
                String origin = typed.change().origin();
                if (typed.tombstone()) {
                    delete.setString(1, origin);
                    delete.setString(2, typed.change().recordId());
                    delete.executeUpdate();
                    continue;
                }
                FileRef ref = typed.message();
                upsert.setString(1, origin);
                upsert.setObject(2, UUID.fromString(ref.getFileId()));
                upsert.setString(3, ref.getName());
                upsert.setString(4, ref.getSha256());
                upsert.setLong(5, ref.getSize());
                upsert.setString(6, ref.getContentType());
                upsert.executeUpdate();
                pending.expect(origin, ref);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store probe file references", e);
        }
    }
}
