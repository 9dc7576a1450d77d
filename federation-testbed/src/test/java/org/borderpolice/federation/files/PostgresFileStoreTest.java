package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@link FileStoreContract} on the PostgreSQL file store (V17): the bytes in federation.file_chunk. */
class PostgresFileStoreTest extends FileStoreContract {

    @Override
    FileStore store() {
        return new PostgresFileStore(dataSource);
    }

    @Override
    long parts(FileKey key) {
        return db.count(
                "SELECT count(*) FROM federation.file_chunk WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
    }

    @Override
    void assertNothingStored(FileKey key) {
        assertEquals(0, parts(key));
    }
}
