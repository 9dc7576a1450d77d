package org.borderpolice.federation.files;

import java.util.Optional;
import javax.sql.DataSource;

/**
 * What every store shares: the file's row in {@code federation.file} (created, completed, found)
 * through {@link FileRows}; the stores differ only in where the bytes go.
 */
public abstract class RowBackedFileStore implements FileStore {

    /** Null only in the container's client proxy of a bean. */
    final FileRows rows;

    RowBackedFileStore(DataSource dataSource) {
        this.rows = dataSource == null ? null : new FileRows(dataSource);
    }

    @Override
    public void create(FileKey key) {
        rows.create(key);
    }

    @Override
    public void complete(FileKey key, long size, String sha256, String contentType) {
        rows.complete(key, size, sha256, contentType);
    }

    @Override
    public Optional<StoredFile> find(FileKey key) {
        return rows.find(key);
    }
}
