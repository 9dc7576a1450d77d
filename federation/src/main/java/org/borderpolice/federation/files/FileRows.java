package org.borderpolice.federation.files;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The rows of {@code federation.file} every store keeps in PostgreSQL (size, SHA-256, type,
 * complete: what queries and {@link FileAccess} read), through the service's datasource, so they
 * join the caller's transaction.
 */
final class FileRows {

    private final DataSource dataSource;

    FileRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void create(FileKey key) {
        update("INSERT INTO federation.file (origin, id) VALUES (?, ?) ON CONFLICT DO NOTHING", key);
    }

    void complete(FileKey key, long size, String sha256, String contentType) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("""
                        UPDATE federation.file SET size = ?, sha256 = ?, content_type = ?, complete = true,
                            completed_at = clock_timestamp()
                        WHERE origin = ? AND id = ?""")) {
            update.setLong(1, size);
            update.setString(2, sha256);
            update.setString(3, contentType);
            update.setString(4, key.origin());
            update.setObject(5, key.id());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no file " + key + " to complete");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not complete a file", e);
        }
    }

    Optional<StoredFile> find(FileKey key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT size, sha256, content_type, complete FROM federation.file WHERE origin = ? AND id = ?")) {
            bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new StoredFile(key, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read a file", e);
        }
    }

    /**
     * A reader found no stored bytes at {@code position}: an IOException if the file is complete and
     * larger, its bytes taken by the other store (switched while the service held files,
     * docs/upgrading.md) or cut short. A download must not answer 200 with a short body, nor a
     * partner's fetch take it.
     */
    void endsShort(FileKey key, long position) throws IOException {
        Optional<StoredFile> file = find(key);
        if (file.isPresent() && file.get().complete() && position < file.get().size()) {
            throw new IOException("file " + key + ": its stored bytes end at " + position + " of "
                    + file.get().size()
                    + " (is border.federation.files.store the store that took it? docs/upgrading.md)");
        }
    }

    /** The file's row and, by cascade, the rows of its bytes or parts. */
    void delete(FileKey key) {
        update("DELETE FROM federation.file WHERE origin = ? AND id = ?", key);
    }

    private void update(String sql, FileKey key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, key);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change a file", e);
        }
    }

    /** The key as a statement's first two parameters. */
    static void bind(PreparedStatement statement, FileKey key) throws SQLException {
        statement.setString(1, key.origin());
        statement.setObject(2, key.id());
    }
}
