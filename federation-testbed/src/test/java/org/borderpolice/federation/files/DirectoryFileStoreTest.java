package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.transaction.TransactionSynchronizationRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

/**
 * The {@link FileStoreContract} on the directory file store: the file and its parts in PostgreSQL
 * (V40's {@code federation.file_part}), one file per part under the directory; nothing stored
 * means no part row and no folder of the file. Keys a partner or a row could shape are refused,
 * and nothing is ever written or read outside the directory.
 */
class DirectoryFileStoreTest extends FileStoreContract {

    /** What the store may use; a sibling of it stands for the rest of the disk. */
    Path base;

    Path directory;

    @Override
    FileStore store(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions) {
        if (base == null) {
            try {
                base = Files.createTempDirectory("directory-store");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            directory = base.resolve("files");
        }
        return new DirectoryFileStore(
                dataSource, directory, true, directIo(), transactions, PartsFileStore.DEFAULT_IN_FLIGHT);
    }

    /** Whether the store is asked for O_DIRECT (the default); {@link BufferedDirectoryFileStoreTest} asks not to. */
    boolean directIo() {
        return true;
    }

    @AfterAll
    void removeDirectory() throws IOException {
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    long parts(FileKey key) {
        long rows = db.count(
                "SELECT count(*) FROM federation.file_part WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
        assertEquals(rows, objects(key).size(), "one file per part row");
        return rows;
    }

    /** The names in the file's folder. */
    List<String> objects(FileKey key) {
        Path folder = directory.resolve(key.origin()).resolve(key.id().toString());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    void settleDeletions() {
        ((PartsFileStore) store).drain();
    }

    @Override
    void assertNothingStored(FileKey key) {
        assertFalse(
                Files.exists(directory.resolve(key.origin()).resolve(key.id().toString())),
                "the file's folder is gone");
        assertEquals(0, parts(key));
    }

    /** Every path under the base outside the store's directory: there must be none. */
    List<Path> outside() throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            return all.filter(p -> !p.equals(base) && !p.startsWith(directory)).toList();
        }
    }

    @Test
    void eachPartIsAFileUnderTheFilesFolderAndNoTemporaryOneStays() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] first = random(10, 4);
        store.create(key);
        store.append(key, 0, first, 10);
        store.append(key, 10, random(5, 5), 5);
        List<String> objects = objects(key);
        assertEquals(2, objects.size(), objects.toString());
        assertTrue(objects.get(0).matches("0000000000000000000-[0-9a-f-]{36}"), objects.toString());
        assertTrue(objects.get(1).matches("0000000000000000010-[0-9a-f-]{36}"), objects.toString());
        assertArrayEquals(first, Files.readAllBytes(directory.resolve("350722/" + key.id() + "/" + objects.get(0))));
        store.delete(key);
        assertNothingStored(key);
    }

    @Test
    void objectsOfAnySizeAreReadBackFromAnyOffsetWithTheirLengthOnDisk() throws IOException {
        DirectoryBackend objects = new DirectoryBackend(directory, false, directIo());
        String type = Files.getFileStore(base).type();
        if (!directIo()) {
            assertFalse(objects.directIo(), "asked not to: through the page cache");
        } else if (List.of("ext4", "xfs", "btrfs").contains(type)) {
            assertTrue(objects.directIo(), "a local disk's file system (" + type + ") takes O_DIRECT");
        }
        String folder = "350722/" + UUID.randomUUID() + "/";
        int buffer = DirectoryBackend.ALIGNED_BYTES;
        int seed = 20;
        String empty = folder + String.format("%019d-%s", 0, UUID.randomUUID());
        objects.put(empty, new byte[0], 0);
        assertEquals(0, Files.size(directory.resolve(empty)));
        try (InputStream in = objects.get(empty, 0, 10)) {
            assertEquals(0, in.readAllBytes().length);
        }
        for (int size :
                new int[] {1, 4095, 4096, 4097, buffer - 1, buffer, buffer + 3, 2 * buffer, 2 * buffer + 5000}) {
            byte[] bytes = random(size, seed++);
            String key = folder + String.format("%019d-%s", size, UUID.randomUUID());
            // every way bytes come in: an array, a stream, received buffers (one of them direct)
            switch (size % 3) {
                case 0 -> objects.put(key, bytes, size);
                case 1 -> objects.put(key, new java.io.ByteArrayInputStream(bytes), size);
                default -> {
                    int half = size / 2;
                    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(size - half)
                            .put(bytes, half, size - half)
                            .flip();
                    objects.put(key, List.of(java.nio.ByteBuffer.wrap(bytes, 0, half), direct));
                }
            }
            assertEquals(size, Files.size(directory.resolve(key)), "the padding cut off: " + size);
            for (long from : new long[] {0, 1, size / 2, Math.max(0, size - 4096), size - 1}) {
                for (long length : new long[] {1, 4097, size - from}) {
                    long n = Math.min(length, size - from);
                    try (InputStream in = objects.get(key, from, n)) {
                        assertArrayEquals(
                                java.util.Arrays.copyOfRange(bytes, (int) from, (int) (from + n)),
                                in.readAllBytes(),
                                size + " bytes from " + from + ", " + n + " of them");
                    }
                }
            }
            // asked for more than the object holds: its bytes, then the end; from its end: nothing
            try (InputStream in = objects.get(key, 0, size + 10L)) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
            try (InputStream in = objects.get(key, size, 10)) {
                assertEquals(0, in.readAllBytes().length);
            }
        }
        assertEquals(DirectoryBackend.MAX_ALIGNED, objects.alignedLeft(), "every buffer back");
    }

    @Test
    void readsAndWritesBeyondTheAlignedBuffersGoThroughThePageCacheAndAClosedReadGivesItsBack() throws IOException {
        DirectoryBackend objects = new DirectoryBackend(directory, false, directIo());
        String folder = "350722/" + UUID.randomUUID() + "/";
        byte[] bytes = random(3 * 4096 + 7, 40);
        String key = folder + String.format("%019d-%s", 0, UUID.randomUUID());
        objects.put(key, bytes, bytes.length);
        List<InputStream> open = new java.util.ArrayList<>();
        try {
            // partners' transfers that hold their streams open: one aligned buffer each, at most
            for (int i = 0; i < DirectoryBackend.MAX_ALIGNED + 2; i++) {
                InputStream in = objects.get(key, 0, bytes.length);
                assertEquals(bytes[0], (byte) in.read());
                open.add(in);
            }
            if (objects.directIo()) {
                assertEquals(0, objects.alignedLeft(), "no more aligned buffers than the bound");
            }
            // none left: another read and a write still work, through the page cache
            try (InputStream in = objects.get(key, 5, 100)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 5, 105), in.readAllBytes());
            }
            String other = folder + String.format("%019d-%s", bytes.length, UUID.randomUUID());
            objects.put(other, bytes, bytes.length);
            try (InputStream in = open.get(0)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1, bytes.length), in.readAllBytes());
            }
            try (InputStream in = objects.get(other, 0, bytes.length)) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
        assertEquals(DirectoryBackend.MAX_ALIGNED, objects.alignedLeft(), "every buffer back");
        // a stream closed (a transfer cancelled) reads no more, with either kind of stream
        InputStream closed = objects.get(key, 0, bytes.length);
        closed.close();
        assertThrows(IOException.class, () -> closed.read(new byte[10], 0, 10));
        assertEquals(DirectoryBackend.MAX_ALIGNED, objects.alignedLeft());
    }

    @Test
    void aDirectoryThatRefusesODirectIsUsedThroughThePageCacheAndABrokenOneStopsTheWrite() throws IOException {
        DirectoryBackend refusing = new DirectoryBackend(directory, false, true, backend -> false);
        assertFalse(refusing.directIo());
        String key = "350722/" + UUID.randomUUID() + "/" + String.format("%019d-%s", 0, UUID.randomUUID());
        byte[] bytes = random(5000, 41);
        refusing.put(key, bytes, bytes.length);
        assertEquals(5000, Files.size(directory.resolve(key)));
        try (InputStream in = refusing.get(key, 100, 200)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 100, 300), in.readAllBytes());
        }
        assertEquals(DirectoryBackend.MAX_ALIGNED, refusing.alignedLeft(), "no aligned buffer taken");
        DirectoryBackend broken = new DirectoryBackend(directory, false, true, backend -> {
            throw new IOException("No space left on device");
        });
        String another = "350722/" + UUID.randomUUID() + "/" + String.format("%019d-%s", 0, UUID.randomUUID());
        IOException e = assertThrows(IOException.class, () -> broken.put(another, bytes, bytes.length));
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        assertFalse(Files.exists(directory.resolve(another)));
    }

    @Test
    void anOriginThatIsNotAJurisdictionCodeShapesNoPath() throws IOException {
        for (String origin : List.of("../etc", "..", "35072/", "/tmp/x", "abcdef", "3507221", "35072\u0000")) {
            FileKey key = new FileKey(origin, UUID.randomUUID());
            assertThrows(IllegalArgumentException.class, () -> store.create(key), origin);
            assertThrows(IllegalArgumentException.class, () -> store.append(key, 0, new byte[] {1}, 1), origin);
            assertThrows(IllegalArgumentException.class, () -> store.open(key, 0), origin);
        }
        assertEquals(List.of(), outside());
    }

    @Test
    void keysOfAnotherShapeAreRefusedByTheDirectory() throws IOException {
        DirectoryBackend objects = new DirectoryBackend(directory, false, directIo());
        Files.writeString(base.resolve("secret"), "机密");
        String id = UUID.randomUUID().toString();
        String part = "0000000000000000000-" + UUID.randomUUID();
        for (String key : List.of(
                "../secret",
                "350722/" + id + "/../../../secret",
                "350722/../../secret",
                "/" + base.resolve("secret"),
                "350722/" + id + "/" + part + "/../../../../secret",
                "350722/" + id.toUpperCase() + "/" + part,
                "350722/" + id + "/" + part + "\n",
                "350722/" + id + "/x",
                "")) {
            assertThrows(IllegalArgumentException.class, () -> objects.put(key, new byte[] {1}, 1), key);
            assertThrows(IllegalArgumentException.class, () -> objects.get(key, 0, 1), key);
            assertThrows(IllegalArgumentException.class, () -> objects.delete(key), key);
            assertThrows(IllegalArgumentException.class, () -> objects.list(key), key);
        }
        // a temporary name is the store's own: deleted with its folder, never written or read as a part
        assertThrows(
                IllegalArgumentException.class,
                () -> objects.put("350722/" + id + "/" + part + ".tmp", new byte[] {1}, 1));
        assertEquals("机密", Files.readString(base.resolve("secret")));
        assertEquals(List.of(base.resolve("secret")), outside());
        Files.delete(base.resolve("secret"));
    }

    @Test
    void aPartRowNamingAPathOutsideIsReadAsAnErrorNotAsThatFile() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        store.create(key);
        store.append(key, 0, random(20, 8), 20);
        Files.write(base.resolve("elsewhere"), random(20, 9));
        db.execute(
                "UPDATE federation.file_part SET object_key = '../elsewhere' WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
        IOException e = assertThrows(IOException.class, () -> read(store.open(key, 0)));
        assertTrue(e.getMessage().contains("not an object key"), e.getMessage());
        store.delete(key);
        assertTrue(Files.exists(base.resolve("elsewhere")), "deletion touches nothing outside either");
        assertNothingStored(key);
        Files.delete(base.resolve("elsewhere"));
    }

    @Test
    void deletionAlsoTakesFilesNoPartNames() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(20, 6);
        store.create(key);
        store.append(key, 0, bytes, 20);
        // writers that stopped between their put and their part row, or before their move, a
        // moment ago: the file gone and not expected again, they go at once
        Path folder = directory.resolve("350722/" + key.id());
        Files.write(folder.resolve("0000000000000000020-" + UUID.randomUUID()), new byte[] {1, 2, 3});
        Files.write(folder.resolve("0000000000000000020-" + UUID.randomUUID() + ".tmp"), new byte[] {4});
        assertEquals(3, objects(key).size());
        // they are not read: only parts with a row are the file's bytes
        assertArrayEquals(bytes, read(store.open(key, 0)));
        store.delete(key);
        assertNothingStored(key);
    }

    /** A file fetched again, and the name of the part it stored anew. */
    record Again(FileKey key, String part) {}

    /**
     * A file of this key stored, deleted (its part and its folder queued, not drained yet) and
     * fetched again: its file row and a first part of 10 bytes ({@code seed + 1}) stored anew.
     */
    Again deletedAndFetchedAgain(long seed) throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        FileStore joined = store(transactional, transactions);
        joined.create(key);
        joined.append(key, 0, random(20, seed), 20);
        transactionManager.begin();
        joined.delete(key);
        transactionManager.commit();
        assertEquals(2, db.count(QUEUED, key.origin(), key.id().toString()), "its part and its folder, queued");
        store.create(key);
        // (the deleted file's own part is still there: its entry is queued too)
        List<String> before = objects(key);
        byte[] first = random(10, seed + 1);
        store.append(key, 0, first, first.length);
        return new Again(
                key,
                objects(key).stream()
                        .filter(o -> !before.contains(o))
                        .findFirst()
                        .orElseThrow());
    }

    /**
     * A file deleted and at once fetched again (review 34 S1): the deleted file's folder sweep must
     * not take the new fetch's object put a moment ago whose part row is not committed yet. It
     * waits (the entry stays queued, no attempt counted) while the object is young, keeps the new
     * fetch's parts, and takes an object still nobody's after in-flight (10 minutes).
     */
    @Test
    void theFolderSweepLeavesAnObjectWhoseRowMayStillComeAlone() throws Exception {
        Again again = deletedAndFetchedAgain(21);
        FileKey key = again.key();
        byte[] first = random(10, 22);
        // a put whose row is not committed yet
        Path folder = directory.resolve("350722/" + key.id());
        Path inFlight = folder.resolve("0000000000000000010-" + UUID.randomUUID());
        Files.write(inFlight, new byte[] {7, 7});
        settleDeletions();
        assertTrue(Files.exists(inFlight), "a put younger than in-flight and nobody's is left alone");
        assertEquals(1, db.count(QUEUED, key.origin(), key.id().toString()), "the folder's entry waits for it");
        assertEquals(
                1,
                db.count(WAITING, key.origin(), key.id().toString()),
                "the folder's entry looked and waits, which is no failed attempt");
        assertTrue(objects(key).contains(again.part()));
        // still nobody's long after: a writer's leftover, taken at the entry's next turn; the part stays
        hoursAgo(inFlight, 1);
        dueNow(key);
        settleDeletions();
        assertEquals(0, db.count(QUEUED, key.origin(), key.id().toString()));
        assertEquals(List.of(again.part()), objects(key));
        try (var in = store.open(key, 0)) {
            assertArrayEquals(first, in.readAllBytes());
        }
    }

    /**
     * The case review 34 S1 was about, to its end (review 36a C1): the fetch's part row naming the
     * object the sweep waited for commits after that look; at the entry's next turn the object is
     * a part, kept whatever its age, and the folder's entry settles.
     */
    @Test
    void theFolderSweepKeepsTheObjectWhoseRowCameWhileItWaited() throws Exception {
        FileKey key = deletedAndFetchedAgain(23).key();
        byte[] first = random(10, 24);
        String name = "0000000000000000010-" + UUID.randomUUID();
        Path inFlight = directory.resolve("350722/" + key.id()).resolve(name);
        Files.write(inFlight, new byte[] {7, 7});
        settleDeletions();
        assertTrue(Files.exists(inFlight));
        assertEquals(1, db.count(WAITING, key.origin(), key.id().toString()), "the folder's entry waits");
        // the fetch's row commits, and the object grows old
        db.execute(
                "INSERT INTO federation.file_part (origin, id, off, length, object_key) VALUES (?, ?::uuid, 10, 2, ?)",
                key.origin(),
                key.id().toString(),
                "350722/" + key.id() + "/" + name);
        hoursAgo(inFlight, 1);
        dueNow(key);
        settleDeletions();
        assertEquals(0, db.count(QUEUED, key.origin(), key.id().toString()), "the folder's entry settled");
        assertTrue(Files.exists(inFlight), "a part is never swept");
        assertEquals(2, parts(key));
        byte[] whole = Arrays.copyOf(first, 12);
        whole[10] = 7;
        whole[11] = 7;
        try (var in = store.open(key, 0)) {
            assertArrayEquals(whole, in.readAllBytes());
        }
    }

    /**
     * An operator who widens or narrows border.federation.files.in-flight moves the line between
     * an append in flight and a leftover: with a narrow one, the same young object is a leftover.
     */
    @Test
    void inFlightIsTheSettingsTime() throws Exception {
        FileKey key = deletedAndFetchedAgain(25).key();
        Path inFlight = directory.resolve("350722/" + key.id()).resolve("0000000000000000010-" + UUID.randomUUID());
        Files.write(inFlight, new byte[] {7, 7});
        hoursAgo(inFlight, 1);
        // a store's clock an hour and more behind: widened to two hours, the object stays
        PartsFileStore wide =
                new DirectoryFileStore(dataSource, directory, true, directIo(), null, Duration.ofHours(2));
        wide.drain();
        assertTrue(Files.exists(inFlight), "an hour old, within a two hours' in-flight");
        assertEquals(1, db.count(WAITING, key.origin(), key.id().toString()));
        dueNow(key);
        ((PartsFileStore) store).drain();
        assertFalse(Files.exists(inFlight), "an hour old, past the default 10 minutes: a leftover");
        assertEquals(0, db.count(QUEUED, key.origin(), key.id().toString()));
        assertEquals(1, parts(key));
    }

    @Test
    void aPartWhoseFileIsGoneOrCutIsAnErrorNotAShortFile() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        store.create(key);
        store.append(key, 0, random(20, 7), 20);
        store.append(key, 20, random(20, 8), 20);
        Path folder = directory.resolve("350722/" + key.id());
        Files.write(folder.resolve(objects(key).get(1)), random(5, 8)); // cut short
        assertThrows(IOException.class, () -> read(store.open(key, 0)));
        Files.delete(folder.resolve(objects(key).get(0)));
        assertThrows(IOException.class, () -> read(store.open(key, 0)));
        store.delete(key);
        assertTrue(store.find(key).isEmpty());
        assertFalse(Files.exists(folder));
    }

    @Test
    void aDirectoryThatCannotKeepFilesStopsTheStartNotTheFirstUpload() throws IOException {
        Path fresh = base.resolve("fresh/files");
        new DirectoryFileStore(dataSource, fresh, true, null).check();
        assertTrue(Files.isDirectory(fresh), "made at start");
        try (Stream<Path> left = Files.list(fresh)) {
            assertEquals(0, left.count(), "the check leaves nothing");
        }
        Path file = base.resolve("a-file");
        Files.writeString(file, "not a directory");
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new DirectoryFileStore(dataSource, file, true, null).check());
        assertTrue(e.getMessage().contains("cannot keep files"), e.getMessage());
        Files.delete(file);
        Files.delete(fresh);
        Files.delete(fresh.getParent());
    }

    /**
     * A committed deletion's objects wait in federation.file_object_deletion for the job, not for
     * the committing thread: a process that stops right after the commit leaves them queued, and
     * the next one (any replica) deletes them; a rolled-back deletion queues nothing.
     */
    @Test
    void aCommittedDeletionIsQueuedAndSurvivesTheProcess() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        FileStore joined = store(transactional, transactions);
        joined.create(key);
        joined.append(key, 0, random(30, 13), 30);
        String queued = "SELECT count(*) FROM federation.file_object_deletion WHERE origin = ? AND id = ?::uuid";

        transactionManager.begin();
        joined.delete(key);
        transactionManager.rollback();
        assertEquals(0, db.count(queued, key.origin(), key.id().toString()));

        transactionManager.begin();
        joined.delete(key);
        transactionManager.commit();
        assertTrue(store.find(key).isEmpty());
        // the part's object and the folder's rest, still on disk until the job runs
        assertEquals(2, db.count(queued, key.origin(), key.id().toString()));
        assertEquals(1, objects(key).size());
        // another process of the service (a new store on the same directory and database) drains it
        PartsFileStore next = (PartsFileStore) store();
        assertTrue(next.drain() >= 2);
        assertEquals(0, db.count(queued, key.origin(), key.id().toString()));
        assertNothingStored(key);
    }

    /** An object that cannot be deleted stays queued, tried again later, and the rest goes on. */
    @Test
    void anObjectThatCannotBeDeletedWaitsItsTurnAgain() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        FileStore joined = store(transactional, transactions);
        joined.create(key);
        joined.append(key, 0, random(30, 14), 30);
        Path folder = directory.resolve("350722/" + key.id());
        // a directory where a part's file is: deleting it fails (not empty)
        Path part = folder.resolve(objects(key).get(0));
        Files.delete(part);
        Files.createDirectories(part.resolve("x"));
        transactionManager.begin();
        joined.delete(key);
        transactionManager.commit();
        ((PartsFileStore) store).drain();
        String waiting = "SELECT count(*) FROM federation.file_object_deletion WHERE origin = ? AND id = ?::uuid "
                + "AND attempts = 1 AND due_at > clock_timestamp()";
        assertTrue(db.count(waiting, key.origin(), key.id().toString()) >= 1);
        Files.delete(part.resolve("x"));
        db.execute(
                "UPDATE federation.file_object_deletion SET due_at = clock_timestamp() WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
        ((PartsFileStore) store).drain();
        assertNothingStored(key);
        assertEquals(
                0,
                db.count(
                        "SELECT count(*) FROM federation.file_object_deletion WHERE origin = ? AND id = ?::uuid",
                        key.origin(),
                        key.id().toString()));
    }

    /**
     * A queue entry naming an object that a part row still names (queued too early, or a file of
     * the same key stored again) is settled without deleting the object: the bytes stay readable.
     */
    @Test
    void anObjectAPartRowStillNamesIsNeverDeleted() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(40, 15);
        store.create(key);
        store.append(key, 0, bytes, bytes.length);
        store.complete(key, bytes.length, "ab".repeat(32), "application/octet-stream");
        db.execute(
                "INSERT INTO federation.file_object_deletion (origin, id, object_key) "
                        + "SELECT origin, id, object_key FROM federation.file_part WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
        ((PartsFileStore) store).drain();
        assertEquals(
                0,
                db.count(
                        "SELECT count(*) FROM federation.file_object_deletion WHERE origin = ? AND id = ?::uuid",
                        key.origin(),
                        key.id().toString()));
        try (var in = store.open(key, 0)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    /**
     * A name in a deleted file's folder that is not of the store's shape (an NFS {@code .nfsXXXX},
     * a stranger's file) is left alone, and the folder's entry settles instead of retrying forever;
     * an entry that keeps failing is given up after {@link PartsFileStore#MAX_ATTEMPTS}.
     */
    @Test
    void strangersAreLeftAloneAndAHopelessDeletionIsGivenUp() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        store.create(key);
        store.append(key, 0, random(30, 16), 30);
        Path folder = directory.resolve("350722/" + key.id());
        Path stranger = folder.resolve(".nfs000000000001");
        Files.writeString(stranger, "open elsewhere");
        String queued = "SELECT count(*) FROM federation.file_object_deletion WHERE origin = ? AND id = ?::uuid";
        store.delete(key);
        assertEquals(0, db.count(queued, key.origin(), key.id().toString()));
        assertTrue(Files.exists(stranger));
        assertEquals(List.of(".nfs000000000001"), objects(key));
        Files.delete(stranger);
        Files.delete(folder);

        FileKey stuck = new FileKey("350722", UUID.randomUUID());
        store.create(stuck);
        store.append(stuck, 0, random(30, 17), 30);
        Path part =
                directory.resolve("350722/" + stuck.id()).resolve(objects(stuck).get(0));
        Files.delete(part);
        Files.createDirectories(part.resolve("x")); // a part that cannot be deleted
        store.delete(stuck);
        // the part and the folder's rest (the part's name is still there)
        assertEquals(
                2,
                db.count(
                        queued + " AND attempts = 1", stuck.origin(), stuck.id().toString()));
        db.execute(
                "UPDATE federation.file_object_deletion SET due_at = clock_timestamp(), attempts = ? "
                        + "WHERE origin = ? AND id = ?::uuid",
                PartsFileStore.MAX_ATTEMPTS - 1,
                stuck.origin(),
                stuck.id().toString());
        ((PartsFileStore) store).drain();
        assertEquals(0, db.count(queued, stuck.origin(), stuck.id().toString()));
        Files.delete(part.resolve("x"));
        Files.delete(part);
        Files.delete(part.getParent());
    }
}
