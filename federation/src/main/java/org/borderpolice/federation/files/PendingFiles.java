package org.borderpolice.federation.files;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.proto.files.v1.FileRef;

import io.agroal.api.AgroalDataSource;

/**
 * Partners' files to fetch: a service that applies a record naming a file of its owner
 * ({@link FileRef}) calls {@link #expect} in the applier's transaction; {@link FileFetcher}
 * fetches it in the background. {@link #check} is for the applier's check: a reference that
 * cannot be fetched refuses the event rather than failing later.
 */
@ApplicationScoped
public class PendingFiles {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final AgroalDataSource dataSource;
    private final FilesConfig config;
    private final FileStore store;

    @Inject
    public PendingFiles(AgroalDataSource dataSource, FilesConfig config, FileStore store) {
        this.dataSource = dataSource;
        this.config = config;
        this.store = store;
    }

    /**
     * The record naming this file of the owner's left us (we were removed, declined, or the
     * record is gone): its queue entry and every byte we hold of it go, in the caller's
     * transaction. Only for a partner's file: ours are evidence of our own records.
     */
    public void forget(String owner, UUID fileId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM federation.file_fetch WHERE origin = ? AND id = ?")) {
            delete.setString(1, owner);
            delete.setObject(2, fileId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop a file from the queue", e);
        }
        store.delete(new FileKey(owner, fileId));
    }

    /** Refuse a reference that names no fetchable file (id, hash, size within our limit). */
    public void check(FileRef ref) throws RecordApplier.UnreadablePayloadException {
        try {
            UUID.fromString(ref.getFileId());
        } catch (IllegalArgumentException e) {
            throw new RecordApplier.UnreadablePayloadException("a file_id is a UUID");
        }
        if (!SHA256.matcher(ref.getSha256()).matches()) {
            throw new RecordApplier.UnreadablePayloadException("a file's sha256 is 64 lower-case hex digits");
        }
        if (ref.getSize() <= 0 || ref.getSize() > config.maxSize().asLongValue()) {
            throw new RecordApplier.UnreadablePayloadException(
                    "a file's size is 1 to " + config.maxSize().asLongValue() + " bytes");
        }
    }

    /** Fetch this file of the owner's, unless it is here already; in the caller's transaction. */
    public void expect(String owner, FileRef ref) {
        expect(owner, UUID.fromString(ref.getFileId()), ref.getSha256(), ref.getSize());
    }

    public void expect(String owner, UUID fileId, String sha256, long size) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO federation.file_fetch (origin, id, sha256, size)
                        SELECT ?, ?, ?, ?
                        WHERE NOT EXISTS (SELECT 1 FROM federation.file
                                          WHERE origin = ? AND id = ? AND complete)
                        ON CONFLICT (origin, id) DO NOTHING""")) {
            insert.setString(1, owner);
            insert.setObject(2, fileId);
            insert.setString(3, sha256);
            insert.setLong(4, size);
            insert.setString(5, owner);
            insert.setObject(6, fileId);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not queue a file to fetch", e);
        }
    }
}
