package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.transaction.TransactionSynchronizationRegistry;

import org.borderpolice.federation.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link FileStoreContract} on the S3-compatible file store, against a real S3-compatible
 * server (s3proxy, a separate process): the file and its parts in PostgreSQL (V40), one object
 * per part; nothing stored means no part row and no object of the file in the bucket.
 */
class S3FileStoreTest extends FileStoreContract {

    S3Server s3;
    String bucket;
    S3Client client;

    @Override
    FileStore store(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions) {
        if (s3 == null) {
            s3 = S3Server.get();
            bucket = s3.createBucket("files");
            // the client as the service builds it from border.federation.files.s3.*
            client = S3FileStore.client(new FilesConfig.S3() {
                @Override
                public Optional<URI> endpoint() {
                    return Optional.of(s3.endpoint());
                }

                @Override
                public String region() {
                    return S3Server.REGION;
                }

                @Override
                public Optional<String> bucket() {
                    return Optional.of(bucket);
                }

                @Override
                public boolean pathStyleAccess() {
                    return true;
                }

                @Override
                public Optional<String> keyPrefix() {
                    return Optional.of("border/");
                }

                @Override
                public Optional<String> accessKeyId() {
                    return Optional.of(S3Server.IDENTITY);
                }

                @Override
                public Optional<String> secretAccessKey() {
                    return Optional.of(S3Server.CREDENTIAL);
                }
            });
        }
        return new S3FileStore(dataSource, client, bucket, "border/", transactions);
    }

    @AfterAll
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    long parts(FileKey key) {
        long rows = db.count(
                "SELECT count(*) FROM federation.file_part WHERE origin = ? AND id = ?::uuid",
                key.origin(),
                key.id().toString());
        assertEquals(rows, objects(key).size(), "one object per part row");
        return rows;
    }

    /** The objects of the file in the bucket. */
    List<String> objects(FileKey key) {
        return s3.keys(bucket).stream()
                .filter(k -> k.contains(key.id().toString()))
                .toList();
    }

    @Override
    void settleDeletions() {
        ((PartsFileStore) store).drain();
    }

    @Override
    void assertNothingStored(FileKey key) {
        assertEquals(List.of(), objects(key));
        assertEquals(0, parts(key));
    }

    @Test
    void eachPartIsAnObjectUnderTheFilesFolder() {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        store.create(key);
        store.append(key, 0, random(10, 4), 10);
        store.append(key, 10, random(5, 5), 5);
        List<String> objects = objects(key);
        assertEquals(2, objects.size());
        String folder = "border/350722/" + key.id() + "/";
        assertTrue(objects.get(0).startsWith(folder + "0000000000000000000-"), objects.toString());
        assertTrue(objects.get(1).startsWith(folder + "0000000000000000010-"), objects.toString());
        store.delete(key);
        assertNothingStored(key);
    }

    @Test
    void anOriginThatIsNotAJurisdictionCodeShapesNoKey() {
        for (String origin : List.of("../etc", "35072/", "abcdef", "3507221")) {
            FileKey key = new FileKey(origin, UUID.randomUUID());
            assertThrows(IllegalArgumentException.class, () -> store.create(key), origin);
            assertThrows(IllegalArgumentException.class, () -> store.append(key, 0, new byte[] {1}, 1), origin);
            assertThrows(IllegalArgumentException.class, () -> store.open(key, 0), origin);
            assertEquals(List.of(), objects(key));
        }
    }

    @Test
    void deletionAlsoTakesObjectsNoPartNames() throws IOException {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        byte[] bytes = random(20, 6);
        store.create(key);
        store.append(key, 0, bytes, 20);
        // a writer that stopped between its put and its part row left this one behind
        s3.client()
                .putObject(
                        r -> r.bucket(bucket).key("border/350722/" + key.id() + "/0000000000000000020-left"),
                        RequestBody.fromBytes(new byte[] {1, 2, 3}));
        assertEquals(2, objects(key).size());
        // it is not read: only parts with a row are the file's bytes
        assertArrayEquals(bytes, read(store.open(key, 0)));
        store.delete(key);
        assertNothingStored(key);
    }

    /**
     * A deleted file fetched again (review 34 S1) on the object store: an object nobody names yet,
     * put a moment ago (its time the store's LastModified), is left while in-flight lasts, and
     * the folder's entry waits with no attempt counted; with no time in flight (a store on
     * in-flight 0) it is a leftover and goes, and the new fetch's part stays.
     */
    @Test
    void theFolderSweepLeavesAYoungObjectNobodyNamesWhileTheFileIsFetchedAgain() throws Exception {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        FileStore joined = store(transactional, transactions);
        joined.create(key);
        joined.append(key, 0, random(20, 31), 20);
        transactionManager.begin();
        joined.delete(key);
        transactionManager.commit();
        assertEquals(2, db.count(QUEUED, key.origin(), key.id().toString()), "its part and its folder, queued");
        store.create(key);
        List<String> before = objects(key);
        byte[] first = random(10, 32);
        store.append(key, 0, first, first.length);
        String fetched = objects(key).stream()
                .filter(o -> !before.contains(o))
                .findFirst()
                .orElseThrow();
        // a put of the new fetch whose row is not committed yet
        String inFlight = "border/350722/" + key.id() + "/0000000000000000010-" + UUID.randomUUID();
        s3.client().putObject(r -> r.bucket(bucket).key(inFlight), RequestBody.fromBytes(new byte[] {7, 7}));
        settleDeletions();
        assertTrue(objects(key).contains(inFlight), "younger than in-flight and nobody's: left alone");
        assertEquals(1, db.count(QUEUED, key.origin(), key.id().toString()));
        assertEquals(1, db.count(WAITING, key.origin(), key.id().toString()), "waiting is no failed attempt");
        dueNow(key);
        new S3FileStore(dataSource, client, bucket, "border/", null, Duration.ZERO).drain();
        assertEquals(List.of(fetched), objects(key));
        assertEquals(0, db.count(QUEUED, key.origin(), key.id().toString()));
        assertArrayEquals(first, read(store.open(key, 0)));
    }

    @Test
    void aPartWhoseObjectIsGoneIsAnErrorNotAShortFile() {
        FileKey key = new FileKey("350722", UUID.randomUUID());
        store.create(key);
        store.append(key, 0, random(20, 7), 20);
        s3.client().deleteObject(r -> r.bucket(bucket).key(objects(key).get(0)));
        assertThrows(IOException.class, () -> read(store.open(key, 0)));
        store.delete(key);
        assertTrue(store.find(key).isEmpty());
    }

    @Test
    void aBucketThatIsNotThereStopsTheStartNotTheFirstUpload() {
        ((PartsFileStore) store).check();
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new S3FileStore(dataSource, client, "no-such-bucket", "", null).check());
        assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
    }
}
