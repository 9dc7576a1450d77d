package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;

/** The {@link FileStoreContract} on the PostgreSQL file store (V17): the bytes in federation.file_chunk. */
class PostgresFileStoreTest extends FileStoreContract {

    @Override
    FileStore store(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions) {
        return new PostgresFileStore(dataSource); // joins the caller's transaction through the datasource alone
    }

    @Override
    boolean handsOverWholeChunks() {
        return true; // the driver reads a chunk row into one array: handed over, not copied into smaller ones
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
