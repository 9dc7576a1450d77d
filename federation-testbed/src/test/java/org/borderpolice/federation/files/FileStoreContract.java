package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;
import com.google.protobuf.ByteString;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;

/**
 * What every {@link FileStore} does, run on each (PostgresFileStoreTest, S3FileStoreTest) with a
 * real PostgreSQL, as the application role (the migrations and their grants): contiguous appends
 * only, a refused append storing nothing, resuming at the stored length, range reads across parts
 * and from inside one, completion, deletion with every byte; and intake through it, where telling
 * DOCX from ZIP reads the central directory by range, and a refused file leaves nothing behind;
 * in a JTA transaction (Narayana, the datasource enlisted as in a service), appends rolled back
 * leave no file and a deletion rolled back leaves every byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FileStoreContract {

    PostgresServer.Database db;
    AgroalDataSource dataSource;
    FileStore store;
    /** Narayana, standalone, and a datasource enlisted in its transactions, as a service's. */
    TransactionManager transactionManager;

    TransactionSynchronizationRegistry transactions;
    AgroalDataSource transactional;

    /** The store under test on {@code dataSource}, joining its JTA transactions through {@code transactions} (or none). */
    abstract FileStore store(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions);

    /** The store under test, on {@link #dataSource}, every write standing alone. */
    FileStore store() {
        return store(dataSource, null);
    }

    /** How many parts (appends) of the file are stored. */
    abstract long parts(FileKey key);

    /** Nothing of the file is left anywhere the store keeps bytes. */
    abstract void assertNothingStored(FileKey key);

    /** What a committed deletion left for later (the directory and s3 stores' queue) is done. */
    void settleDeletions() {}

    @BeforeAll
    void start() throws Exception {
        db = PostgresServer.get().createDatabase("files");
        db.migrateFederation();
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(3)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.application().user()))
                                .credential(new SimplePassword(db.application().password())))));
        store = store();
        Path log = Files.createTempDirectory("narayana");
        System.setProperty("ObjectStoreEnvironmentBean.objectStoreDir", log.toString());
        System.setProperty("com.arjuna.ats.arjuna.objectstore.objectStoreDir", log.toString());
        transactionManager = com.arjuna.ats.jta.TransactionManager.transactionManager();
        transactions = new TransactionSynchronizationRegistryImple();
        transactional = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(3)
                        .transactionIntegration(new NarayanaTransactionIntegration(transactionManager, transactions))
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.application().user()))
                                .credential(new SimplePassword(db.application().password())))));
    }

    @AfterAll
    void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (transactional != null) {
            transactional.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The deletion queue's entries of a file (directory and s3 stores). */
    static final String QUEUED =
            "SELECT count(*) FROM federation.file_object_deletion WHERE origin = ? AND id = ?::uuid";

    /** Of them, the folder's entry waiting for its next look, no attempt counted. */
    static final String WAITING = QUEUED + " AND object_key IS NULL AND attempts = 0 AND due_at > clock_timestamp()";

    /** The file's queue entries due now (their next turn). */
    void dueNow(FileKey key) {
        db.execute(
                "UPDATE federation.file_object_deletion SET due_at = clock_timestamp() WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
    }

    /** Sets a file's modification time this many hours back (a writer's leftover, not an append in flight). */
    static void hoursAgo(Path file, int hours) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(hours))));
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[7]; // small reads cross chunk rows mid-way
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    @Test
    void bytesAreAppendedInOrderAndReadFromAnyOffset() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(250, 1);
        store.create(key);
        store.create(key); // again: nothing happens
        assertEquals(0, store.length(key));
        store.append(key, 0, Arrays.copyOfRange(bytes, 0, 100), 100);
        byte[] second = Arrays.copyOf(Arrays.copyOfRange(bytes, 100, 200), 150); // longer buffer, 100 used
        store.append(key, 100, second, 100);
        assertEquals(200, store.length(key));
        // not where the stored bytes end: refused, nothing added
        assertThrows(IllegalStateException.class, () -> store.append(key, 150, bytes, 50));
        assertThrows(IllegalStateException.class, () -> store.append(key, 250, bytes, 50));
        assertThrows(IllegalStateException.class, () -> store.append(key, 0, bytes, 50));
        assertEquals(200, store.length(key));
        assertEquals(2, parts(key));
        store.append(key, 200, Arrays.copyOfRange(bytes, 200, 250), 50);
        assertEquals(3, parts(key));

        assertFalse(store.find(key).orElseThrow().complete(), "not complete before complete()");
        assertArrayEquals(bytes, read(store.open(key, 0)));
        assertArrayEquals(Arrays.copyOfRange(bytes, 150, 250), read(store.open(key, 150)));
        assertArrayEquals(Arrays.copyOfRange(bytes, 249, 250), read(store.open(key, 249)));
        assertEquals(0, read(store.open(key, 250)).length);

        store.complete(key, 250, "ab".repeat(32), "application/pdf");
        assertEquals(
                new StoredFile(key, 250, "ab".repeat(32), "application/pdf", true),
                store.find(key).orElseThrow());

        store.delete(key);
        assertTrue(store.find(key).isEmpty());
        assertEquals(0, store.length(key));
        assertNothingStored(key);
        store.delete(key); // again: nothing happens
    }

    /**
     * A complete file whose stored bytes end before its size (taken by the other store before
     * border.federation.files.store was switched, say) fails when read past them: a download must
     * not answer 200 with a short body, nor a partner's fetch take it.
     */
    @Test
    void aCompleteFileWhoseBytesEndShortFailsWhenReadPastThem() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        store.create(key);
        store.append(key, 0, new byte[10], 10);
        store.complete(key, 20, "0".repeat(64), "application/pdf");
        try (InputStream in = store.open(key, 0)) {
            assertEquals(10, in.readNBytes(10).length, "the stored bytes are read");
            IOException e = assertThrows(IOException.class, in::read);
            assertTrue(e.getMessage().contains("end at 10 of 20"), e.getMessage());
        }
        store.delete(key);
    }

    @Test
    void aWriterThatStoppedResumesAtTheStoredLength() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(700, 3);
        store.create(key);
        store.append(key, 0, bytes, 300);
        // another writer (a fetch resumed elsewhere, a store of its own) goes on from what is stored
        FileStore resumed = store();
        long from = resumed.length(key);
        assertEquals(300, from);
        resumed.create(key); // as a resumed fetch starts: the file is kept as it is
        resumed.append(key, from, Arrays.copyOfRange(bytes, 300, 700), 400);
        assertArrayEquals(bytes, read(store.open(key, 0)));
        // the first writer, unaware, tries its next part where it left off: refused, nothing added
        assertThrows(IllegalStateException.class, () -> store.append(key, 300, bytes, 100));
        assertEquals(2, parts(key));
        assertArrayEquals(bytes, read(resumed.open(key, 0)));
        store.delete(key);
        assertNothingStored(key);
    }

    @Test
    void aFetchAppendsFromStreamsAndTheOwnerReadsWholePartsInOrder() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(3 * 1000 + 10, 2);
        store.create(key);
        // as a fetch stores what it received: streamed, each chunk where the stored bytes end
        store.append(key, 0, new ByteArrayInputStream(bytes, 0, 1000), 1000);
        store.append(key, 1000, new ByteArrayInputStream(bytes, 1000, 1000), 1000);
        assertThrows(
                IllegalStateException.class,
                () -> store.append(key, 500, new ByteArrayInputStream(bytes, 500, 1000), 1000),
                "not where the stored bytes end");
        store.append(key, 2000, new ByteArrayInputStream(bytes, 2000, 1010), 1010);
        assertEquals(bytes.length, store.length(key));
        assertEquals(3, parts(key));
        // as the owner serves it: a chunk at a time, each read as the stored row, in order
        try (InputStream in = store.open(key, 0)) {
            assertArrayEquals(Arrays.copyOfRange(bytes, 0, 1000), in.readNBytes(1000));
            assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), in.readNBytes(1000));
            // a read that is not a whole row still gets every byte
            assertArrayEquals(Arrays.copyOfRange(bytes, 2000, 2400), in.readNBytes(400));
            assertArrayEquals(Arrays.copyOfRange(bytes, 2400, 3010), in.readNBytes(1000));
            assertEquals(0, in.readNBytes(1000).length);
        }
        // from an offset inside a row, the reads continue across rows
        try (InputStream in = store.open(key, 1500)) {
            assertArrayEquals(Arrays.copyOfRange(bytes, 1500, 2500), in.readNBytes(1000));
        }
        // again and again on the pooled connections (PostgreSQL: the statement is prepared on the server from its first
        // use)
        for (int i = 0; i < 8; i++) {
            try (InputStream in = store.open(key, 0)) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
        }
        store.delete(key);
        assertNothingStored(key);
    }

    @Test
    void aFetchAppendsTheBuffersItReceivedAsTheyAre() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(5000, 5);
        store.create(key);
        // as a fetch hands over a chunk gathered from several messages: buffers, some read-only,
        // one empty, one a slice of a larger array (only what is left in each is the chunk's)
        ByteBuffer sliced = ByteBuffer.wrap(bytes, 0, 2000);
        sliced.position(1000);
        List<ByteBuffer> first = List.of(
                ByteBuffer.wrap(bytes, 0, 1000).asReadOnlyBuffer(),
                ByteBuffer.allocate(0),
                sliced,
                ByteBuffer.wrap(bytes, 2000, 1000).asReadOnlyBuffer());
        store.append(key, 0, first);
        // the caller's buffers are as they were
        assertEquals(1000, sliced.position());
        assertEquals(1000, first.get(0).remaining());
        assertThrows(
                IllegalStateException.class,
                () -> store.append(key, 2000, List.of(ByteBuffer.wrap(bytes, 2000, 1000))),
                "not where the stored bytes end");
        store.append(key, 3000, List.of(ByteBuffer.wrap(bytes, 3000, 2000)));
        assertEquals(bytes.length, store.length(key));
        assertEquals(2, parts(key));
        try (InputStream in = store.open(key, 0)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        store.delete(key);
        assertNothingStored(key);
    }

    /**
     * A chunk gathered from more buffers than one gathering write takes (IOV_MAX: 1024 on Linux),
     * some of them empty: the write goes on from the first buffer not written whole, and every
     * byte is stored once, in order (review 36b C6).
     */
    @Test
    void aChunkOfMoreBuffersThanOneWriteTakesIsStoredWhole() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        int count = 1500;
        byte[] bytes = random(count * 7, 18);
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            buffers.add(ByteBuffer.wrap(bytes, i * 7, 7));
            if (i % 100 == 0) {
                buffers.add(ByteBuffer.allocate(0));
            }
        }
        store.create(key);
        store.append(key, 0, buffers);
        assertEquals(bytes.length, store.length(key));
        assertEquals(1, parts(key));
        assertArrayEquals(bytes, read(store.open(key, 0)));
        store.delete(key);
        assertNothingStored(key);
    }

    /** The store hands over a whole stored chunk as one array when a transfer asks for exactly one (PostgreSQL). */
    boolean handsOverWholeChunks() {
        return false;
    }

    /** The largest array a transfer's chunk is made of (each becomes one message, or part of one). */
    static int largestPiece(ByteString chunk) {
        return chunk.asReadOnlyByteBufferList().stream()
                .mapToInt(ByteBuffer::remaining)
                .max()
                .orElse(0);
    }

    /**
     * As the owner reads a file for a transfer ({@code StoredBytes.readChunk}): every byte in order,
     * a chunk at a time, from any offset and across parts, in arrays of at most a message's bytes
     * (no array of a whole chunk: 1 MiB ones are humongous objects), except a stored chunk the store
     * read as one array anyway.
     */
    @Test
    void theOwnerReadsChunksInArraysOfAMessage() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(2 * 1000 + 10, 4);
        store.create(key);
        store.append(key, 0, bytes, 1000);
        store.append(key, 1000, Arrays.copyOfRange(bytes, 1000, 2000), 1000);
        store.append(key, 2000, Arrays.copyOfRange(bytes, 2000, 2010), 10);
        try (InputStream in = store.open(key, 0)) {
            ByteString first = StoredBytes.readChunk(in, 1000, 300);
            assertArrayEquals(Arrays.copyOfRange(bytes, 0, 1000), first.toByteArray());
            assertEquals(handsOverWholeChunks() ? 1000 : 300, largestPiece(first));
            ByteString second = StoredBytes.readChunk(in, 1000, 300);
            assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), second.toByteArray());
            ByteString last = StoredBytes.readChunk(in, 1000, 300);
            assertArrayEquals(Arrays.copyOfRange(bytes, 2000, 2010), last.toByteArray(), "fewer only at the end");
            assertEquals(0, StoredBytes.readChunk(in, 1000, 300).size());
        }
        try (InputStream in = store.open(key, 500)) {
            ByteString across = StoredBytes.readChunk(in, 1000, 300);
            assertArrayEquals(Arrays.copyOfRange(bytes, 500, 1500), across.toByteArray());
            assertTrue(largestPiece(across) <= 300, "not a whole stored chunk: arrays of at most 300 bytes");
        }
        store.delete(key);
        assertNothingStored(key);
    }

    /** A file of more parts than a reader takes in one statement is read whole, from any part on. */
    @Test
    void aFileOfManyPartsIsReadWhole() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        int parts = 2 * PartsFileStore.ROWS_PER_READ + 5;
        byte[] bytes = random(parts * 10, 5);
        store.create(key);
        for (int i = 0; i < parts; i++) {
            store.append(key, i * 10L, Arrays.copyOfRange(bytes, i * 10, i * 10 + 10), 10);
        }
        assertEquals(parts, parts(key));
        assertArrayEquals(bytes, read(store.open(key, 0)));
        int from = PartsFileStore.ROWS_PER_READ * 10 - 5;
        assertArrayEquals(Arrays.copyOfRange(bytes, from, bytes.length), read(store.open(key, from)));
        store.delete(key);
        assertNothingStored(key);
    }

    @Test
    void intakeTellsADocxFromItsCentralDirectoryReadByRange() throws IOException {
        // a DOCX of several chunks whose [Content_Types].xml is not first (no help from magic)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(0);
            zip.putNextEntry(new ZipEntry("word/media/image1.png"));
            zip.write(random(200_000, 2));
            zip.closeEntry();
            for (String name : new String[] {"[Content_Types].xml", "_rels/.rels", "word/document.xml"}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("<x/>".getBytes());
                zip.closeEntry();
            }
        }
        byte[] docx = out.toByteArray();
        FileKey key = new FileKey("330881", UUID.randomUUID());
        StoredFile file = FileIntake.accept(
                store, key, new ByteArrayInputStream(docx), 1 << 20, Set.of(ContentTypes.DOCX), 64 * 1024);
        assertEquals(ContentTypes.DOCX, file.contentType());
        assertEquals(file, store.find(key).orElseThrow());
        assertArrayEquals(docx, read(store.open(key, 0)));

        // the same bytes where DOCX is not allowed: refused, and the store holds nothing of them
        FileKey other = new FileKey("330881", UUID.randomUUID());
        assertThrows(
                FileRefused.class,
                () -> FileIntake.accept(
                        store, other, new ByteArrayInputStream(docx), 1 << 20, Set.of(ContentTypes.PDF), 64 * 1024));
        assertTrue(store.find(other).isEmpty());
        assertNothingStored(other);

        // too large once a few chunks are stored: refused, nothing left of them either
        FileKey large = new FileKey("330881", UUID.randomUUID());
        assertThrows(
                FileRefused.class,
                () -> FileIntake.accept(
                        store, large, new ByteArrayInputStream(docx), 150_000, Set.of(ContentTypes.DOCX), 64 * 1024));
        assertTrue(store.find(large).isEmpty());
        assertNothingStored(large);
        store.delete(key);
        assertNothingStored(key);
    }

    @Test
    void appendsOfATransactionRolledBackLeaveNoFile() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(300, 11);
        FileStore joined = store(transactional, transactions);
        transactionManager.begin();
        try {
            joined.create(key);
            joined.append(key, 0, bytes, 100);
            joined.append(key, 100, new ByteArrayInputStream(bytes, 100, 200), 200);
            assertEquals(300, joined.length(key), "the transaction sees its own parts");
        } finally {
            transactionManager.rollback();
        }
        assertTrue(store.find(key).isEmpty());
        assertEquals(0, store.length(key));
        assertNothingStored(key);
    }

    @Test
    void aDeletionRolledBackKeepsEveryByteAndOneCommittedTakesThemAll() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(300, 12);
        FileStore joined = store(transactional, transactions);
        transactionManager.begin();
        joined.create(key);
        joined.append(key, 0, bytes, 200);
        joined.append(key, 200, Arrays.copyOfRange(bytes, 200, 300), 100);
        transactionManager.commit();
        assertArrayEquals(bytes, read(store.open(key, 0)));

        transactionManager.begin();
        try {
            joined.delete(key);
            assertTrue(joined.find(key).isEmpty(), "the transaction sees the file gone");
        } finally {
            transactionManager.rollback();
        }
        settleDeletions();
        assertEquals(2, parts(key));
        assertArrayEquals(bytes, read(store.open(key, 0)));

        transactionManager.begin();
        joined.delete(key);
        transactionManager.commit();
        assertTrue(store.find(key).isEmpty());
        settleDeletions();
        assertNothingStored(key);
    }
}
