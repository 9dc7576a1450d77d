package org.borderpolice.testbed.service;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.files.FileAccess;
import org.borderpolice.federation.files.FileIntake;
import org.borderpolice.federation.files.StoredFile;
import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.proto.files.v1.FileRef;

import io.agroal.api.AgroalDataSource;

/**
 * Files on probes, as a service attaches evidence to its records: intake, a row naming the file,
 * and a record of type {@value #RECORD_TYPE} (payload {@link FileRef}) to the probe's distribution,
 * so that each partner fetches the bytes. Partners may fetch a file while they are in the
 * distribution of its live probe ({@link FileAccess}).
 */
@ApplicationScoped
public class ProbeFiles implements FileAccess {

    public static final String RECORD_TYPE = "testbed.probe-file";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FileIntake intake;

    @Inject
    Outbox outbox;

    @Inject
    ProbeService probes;

    /** Take the file (refused: nothing stored), attach it to our live probe, announce it. */
    @Transactional
    public FileRef attach(UUID probeId, String name, InputStream content) {
        StoredFile file = intake.accept(content);
        ProbeService.Current probe =
                probes.lockLive(probeId).orElseThrow(() -> new NotFoundProblem("no probe " + probeId));
        String fileName = name == null || name.isBlank() ? file.key().id().toString() : name;
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO probe_file (file_id, probe_id, name, sha256, size, content_type)
                        VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, file.key().id());
            insert.setObject(2, probeId);
            insert.setString(3, fileName);
            insert.setString(4, file.sha256());
            insert.setLong(5, file.size());
            insert.setString(6, file.contentType());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        FileRef ref = FileRef.newBuilder()
                .setFileId(file.key().id().toString())
                .setSha256(file.sha256())
                .setSize(file.size())
                .setContentType(file.contentType())
                .setName(fileName)
                .build();
        outbox.publish(RecordChange.upsert(RECORD_TYPE, ref.getFileId(), 1, probe.distribution(), ref));
        return ref;
    }

    @Override
    public Optional<FileHolder> readableBy(String jurisdiction, UUID fileId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT p.id FROM probe_file f JOIN probe p ON p.id = f.probe_id
                        WHERE f.file_id = ? AND NOT p.deleted AND ? = ANY (p.distribution)""")) {
            select.setObject(1, fileId);
            select.setString(2, jurisdiction);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new FileHolder(ProbeApplier.RECORD_TYPE, rs.getString(1)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The name of a file of our probe. */
    public Optional<String> ownFile(UUID probeId, UUID fileId) {
        return name("SELECT name FROM probe_file WHERE probe_id = ?::uuid AND file_id = ?", probeId.toString(), fileId);
    }

    /** The name of a partner's file we hold a record of (its bytes may still be on their way). */
    public Optional<String> replicaFile(String origin, UUID fileId) {
        return name("SELECT name FROM probe_file_replica WHERE origin = ? AND file_id = ?", origin, fileId);
    }

    private Optional<String> name(String sql, String first, UUID fileId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, first);
            select.setObject(2, fileId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
