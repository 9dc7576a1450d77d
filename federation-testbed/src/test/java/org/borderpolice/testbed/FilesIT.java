package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.S3Server;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.response.ValidatableResponse;

/**
 * Evidence files across three processes (docs/files.md): Jiangshan (A) attaches files to a probe
 * held by Pucheng (B); Guangfeng (C) is a partner outside the probe's distribution. B fetches
 * each file from A over FileTransferService, verified by SHA-256; a fetch cut by B's death
 * resumes where B's store ends; bytes that do not match their announced hash are never kept;
 * every served fetch is audited at A, every refused one too. Intake refuses bad files (413, 415,
 * 400) and keeps nothing of them. Each store is used: A keeps its files in PostgreSQL, B in a
 * directory (killed in the middle of a fetch), C in an S3-compatible bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesIT {

    static final Duration PATIENCE = Await.MACHINE;
    static final String A = JIANGSHAN;
    static final String B = PUCHENG;
    static final String C = GUANGFENG;
    /** A serves each transfer at this rate: slow enough to kill B in the middle of one. */
    static final int RATE = 2 * 1024 * 1024;
    /** Bytes per stored chunk at every jurisdiction (border.federation.files.chunk-size). */
    static final int CHUNK = 256 * 1024;
    /** Fetch calls one partner may have open at A at once. */
    static final int STREAMS = 2;

    TestFederation federation;
    /** C keeps its files in an S3-compatible object store (s3proxy), this bucket; A in PostgreSQL. */
    S3Server s3;
    /** B keeps its files in this directory (the directory store, fsync on). */
    Path directoryOfB;

    String bucketOfC;
    final Map<String, JurisdictionProcess> processes = new HashMap<>();
    final Map<String, PostgresServer.Database> databases = new HashMap<>();
    ManagedChannel channelToA;

    String probe;
    /** The first file: its id, bytes, hash. */
    String first;

    byte[] firstBytes;
    /** A file whose bytes at A were changed after intake. */
    String corrupted;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", A, B, C);
        var app = JurisdictionProcess.packagedApplication();
        Map<String, String> quick = Map.of(
                "border.federation.relay.initial-backoff", "200ms",
                "border.federation.relay.max-backoff", "2s",
                "border.federation.files.fetch.every", "1s",
                "border.federation.files.fetch.initial-backoff", "500ms",
                "border.federation.files.fetch.max-backoff", "2s",
                "border.federation.files.fetch.lease", "3s",
                "border.federation.files.chunk-size", String.valueOf(CHUNK),
                "border.federation.files.max-rate-per-transfer", String.valueOf(RATE),
                "border.federation.files.max-streams-per-peer", String.valueOf(STREAMS));
        s3 = S3Server.get();
        bucketOfC = s3.createBucket("files-" + C);
        try {
            directoryOfB = Files.createTempDirectory("files-" + B);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String code : List.of(A, B, C)) {
            Map<String, String> settings = new HashMap<>(quick);
            if (code.equals(C)) {
                // C's own Fetch calls are the test's (aPartnerHasAtMostItsShareOfFetchStreams)
                settings.put("border.federation.files.fetch.enabled", "false");
                settings.putAll(s3.fileStoreSettings(bucketOfC));
            }
            if (code.equals(B)) {
                settings.put("border.federation.files.store", "directory");
                settings.put("border.federation.files.directory.path", directoryOfB.toString());
            }
            processes.put(code, federation.process(code, app, settings));
        }
        JurisdictionProcess.startAll(PATIENCE, processes.values().toArray(JurisdictionProcess[]::new));
        for (String code : List.of(A, B, C)) {
            databases.put(code, federation.database(code));
        }
        channelToA = NettyChannelBuilder.forAddress(
                        "localhost", processes.get(A).httpPort())
                .usePlaintext()
                .build();
        probe = Probes.publish(given().baseUri(processes.get(A).baseUrl()), integrator(A), 1, "证据 probe", List.of(A, B))
                .get(0);
    }

    @AfterAll
    void stop() {
        if (channelToA != null) {
            channelToA.shutdownNow();
        }
        JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
        if (directoryOfB != null) {
            try (Stream<Path> all = Files.walk(directoryOfB)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory
            }
        }
    }

    // --- helpers

    String integrator(String code) {
        return federation.issuer(code).token(code).roles("integrator").sign();
    }

    String peerToken(String from, String to) {
        return federation.issuer(from).token(to).roles("peer").sign();
    }

    ValidatableResponse upload(String code, String probeId, String token, byte[] bytes, String name) {
        var spec = given().baseUri(processes.get(code).baseUrl()).contentType("application/octet-stream");
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        if (name != null) {
            spec = spec.queryParam("name", name);
        }
        return spec.body(bytes)
                .when()
                .post("/api/v1/probes/" + probeId + "/files")
                .then();
    }

    String attach(byte[] bytes, String name) {
        return upload(A, probe, integrator(A), bytes, name)
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("fileId");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pdf(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] head = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    long count(String code, String sql, Object... params) {
        return databases.get(code).count(sql, params);
    }

    boolean completeAt(String code, String origin, String fileId) {
        return count(
                        code,
                        "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND complete",
                        origin,
                        fileId)
                == 1;
    }

    /** Bytes of the file stored at B (its parts, in its directory). */
    long storedAtB(String origin, String fileId) {
        return count(
                B,
                "SELECT coalesce(sum(length), 0) FROM federation.file_part WHERE origin = ? AND id = ?::uuid",
                origin,
                fileId);
    }

    /** The parts of the file in B's directory (not a temporary file a killed writer left). */
    List<String> objectsAtB(String origin, String fileId) {
        Path folder = directoryOfB.resolve(origin).resolve(fileId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.endsWith(".tmp"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> served(String fileId) {
        List<String> details = new ArrayList<>();
        try (Connection c = databases.get(A).connect();
                PreparedStatement select = c.prepareStatement("""
                        SELECT jurisdiction || ' ' || record_type || ' ' || record_id || ' ' || detail
                        FROM federation.audit_log WHERE action = 'file.served' AND detail LIKE ? ORDER BY seq""")) {
            select.setString(1, "file " + fileId + ",%");
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return details;
    }

    FileTransferServiceGrpc.FileTransferServiceBlockingStub stub(String token) {
        var stub = FileTransferServiceGrpc.newBlockingStub(channelToA).withDeadlineAfter(30, TimeUnit.SECONDS);
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** Fetch from A as a partner would; all chunks. */
    List<FileChunk> fetch(String token, String fileId, long offset) {
        Iterator<FileChunk> chunks = stub(token)
                .fetch(FetchRequest.newBuilder()
                        .setFileId(fileId)
                        .setOffset(offset)
                        .build());
        List<FileChunk> all = new ArrayList<>();
        chunks.forEachRemaining(all::add);
        return all;
    }

    Status.Code refusal(String token, String fileId) {
        return assertThrows(StatusRuntimeException.class, () -> fetch(token, fileId, 0))
                .getStatus()
                .getCode();
    }

    long refusedAtA(String method) {
        return count(
                A,
                "SELECT count(*) FROM federation.audit_log WHERE action = 'access.refused' AND detail LIKE ?",
                "%" + method + "%");
    }

    // --- tests

    @Test
    @Order(1)
    void aFileReachesThePartnerVerifiedAndEveryDownloadIsAudited() {
        firstBytes = pdf(300_000, 1);
        first = attach(firstBytes, "协查函.pdf");
        Await.until(PATIENCE, () -> completeAt(B, A, first), () -> "file " + first + " complete at B");
        assertEquals(
                1,
                count(
                        B,
                        "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND sha256 = ? AND size = ?",
                        A,
                        first,
                        sha256(firstBytes),
                        (long) firstBytes.length));
        assertEquals(0, count(B, "SELECT count(*) FROM federation.file_fetch"), "nothing left to fetch at B");
        // at B in its directory: one file per part, none in file_chunk
        assertEquals(count(B, "SELECT count(*) FROM federation.file_part WHERE id = ?::uuid", first), (long)
                objectsAtB(A, first).size());
        assertEquals(2, objectsAtB(A, first).size(), "300,000 bytes in parts of 256 KiB");
        assertEquals(0, count(B, "SELECT count(*) FROM federation.file_chunk"));
        // served once, to B, naming the probe that holds the file
        assertEquals(
                List.of(B + " testbed.probe " + probe + " file " + first + ", bytes 0 to 300000 of 300000"),
                served(first));

        // B's user downloads the verified copy: the same bytes, their hash as ETag; audited at B
        var response = given().baseUri(processes.get(B).baseUrl())
                .auth()
                .oauth2(integrator(B))
                .when()
                .get("/api/v1/probe-replicas/" + A + "/files/" + first)
                .then()
                .statusCode(200)
                .contentType("application/pdf")
                .header("ETag", "\"" + sha256(firstBytes) + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .extract();
        assertArrayEquals(firstBytes, response.asByteArray());
        String disposition = response.header("Content-Disposition");
        assertTrue(disposition.contains("filename*=UTF-8''%E5%8D%8F%E6%9F%A5%E5%87%BD.pdf"), disposition);
        assertEquals(
                1,
                count(
                        B,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'file.downloaded' AND detail = ?",
                        "file " + first));
        // and A's user downloads A's own; audited at A
        byte[] own = given().baseUri(processes.get(A).baseUrl())
                .auth()
                .oauth2(integrator(A))
                .when()
                .get("/api/v1/probes/" + probe + "/files/" + first)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(firstBytes, own);
        assertEquals(
                1,
                count(
                        A,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'file.downloaded' AND record_id = ?",
                        probe));
        // C is outside the probe's distribution: no record, nothing to fetch
        assertEquals(0, count(C, "SELECT count(*) FROM federation.file_fetch"));
        assertEquals(0, count(C, "SELECT count(*) FROM probe_file_replica"));
    }

    @Test
    @Order(2)
    void aFetchCutByTheReceiversDeathResumesFromItsOffset() {
        byte[] bytes = pdf(6 * 1024 * 1024 + 1000, 2);
        String id = attach(bytes, "photos.pdf");
        // at 2 MB/s the transfer takes about three seconds: B dies within it
        Await.until(PATIENCE, () -> storedAtB(A, id) > 0, () -> "first bytes of " + id + " at B");
        processes.get(B).kill();
        long held = storedAtB(A, id);
        assertTrue(held > 0 && held < bytes.length, "B held " + held + " of " + bytes.length + " bytes");
        assertFalse(completeAt(B, A, id));

        // while B is down: a file whose bytes at A no longer match the hash intake computed
        byte[] text = "协查函：请协助核查。\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        corrupted = attach(text, "letter.txt");
        try (Connection c = databases.get(A).connect();
                PreparedStatement update = c.prepareStatement("""
                        UPDATE federation.file_chunk SET data = overlay(data placing '\\x00'::bytea from 100 for 1)
                        WHERE origin = ? AND id = ?::uuid AND off = 0""")) {
            update.setString(1, A);
            update.setString(2, corrupted);
            assertEquals(1, update.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        processes.get(B).startAndAwait();
        Await.until(PATIENCE, () -> completeAt(B, A, id), () -> "file " + id + " complete at B after its restart");
        assertEquals(
                1,
                count(
                        B,
                        "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND sha256 = ?",
                        A,
                        id,
                        sha256(bytes)));
        // B stores what arrives in chunks of its chunk-size (A sends at most 255 KiB per message),
        // before and after the cut: only the last is shorter
        assertEquals(0, held % CHUNK, "B held whole chunks: " + held);
        assertEquals(
                List.of((long) CHUNK, 1L),
                List.of(
                        count(
                                B,
                                "SELECT max(length) FROM federation.file_part WHERE origin = ? AND id = ?::uuid",
                                A,
                                id),
                        count(
                                B,
                                "SELECT count(*) FROM federation.file_part WHERE origin = ? AND id = ?::uuid "
                                        + "AND length < " + CHUNK,
                                A,
                                id)));
        // every part row names a file in B's directory, also across B's death (a killed write leaves
        // at most a file without its row, never a row without its bytes)
        List<String> onDisk = objectsAtB(A, id);
        assertTrue(onDisk.size() >= 2, onDisk.toString());
        assertEquals(
                0,
                count(
                        B,
                        "SELECT count(*) FROM federation.file_part WHERE origin = ? AND id = ?::uuid "
                                + "AND regexp_replace(object_key, '^.*/', '') <> ALL (?::text[])",
                        A,
                        id,
                        "{" + String.join(",", onDisk) + "}"),
                "part rows naming no file in " + onDisk);
        // A served it twice: from 0, then from exactly what B held
        List<String> served = served(id);
        assertEquals(2, served.size(), served.toString());
        assertTrue(served.get(0).endsWith("bytes 0 to " + bytes.length + " of " + bytes.length), served.toString());
        assertTrue(
                served.get(1).endsWith("bytes " + held + " to " + bytes.length + " of " + bytes.length),
                served + " (B held " + held + ")");
        byte[] copy = given().baseUri(processes.get(B).baseUrl())
                .auth()
                .oauth2(integrator(B))
                .when()
                .get("/api/v1/probe-replicas/" + A + "/files/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(bytes, copy);
    }

    @Test
    @Order(3)
    void bytesThatDoNotMatchTheirHashAreNeverKeptNorServed() {
        // B fetched it, found another hash, dropped it, and tries again later (with the same outcome)
        Await.until(
                PATIENCE,
                () -> count(
                                B,
                                "SELECT count(*) FROM federation.file_fetch WHERE id = ?::uuid AND attempts >= 2 "
                                        + "AND last_error LIKE '%SHA-256%is not the announced%'",
                                corrupted)
                        == 1,
                () -> "two failed fetches of " + corrupted + " at B");
        assertFalse(completeAt(B, A, corrupted));
        given().baseUri(processes.get(B).baseUrl())
                .auth()
                .oauth2(integrator(B))
                .when()
                .get("/api/v1/probe-replicas/" + A + "/files/" + corrupted)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void aPartnerReadsFromAnOffsetAndEachFetchIsAudited() {
        int before = served(first).size();
        List<FileChunk> chunks = fetch(peerToken(B, A), first, 100_000);
        assertEquals(100_000, chunks.get(0).getOffset());
        assertEquals(sha256(firstBytes), chunks.get(0).getInfo().getSha256());
        assertEquals(firstBytes.length, chunks.get(0).getInfo().getSize());
        assertEquals("application/pdf", chunks.get(0).getInfo().getContentType());
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        chunks.forEach(c -> rest.writeBytes(c.getData().toByteArray()));
        assertArrayEquals(java.util.Arrays.copyOfRange(firstBytes, 100_000, firstBytes.length), rest.toByteArray());
        List<String> served = served(first);
        assertEquals(before + 1, served.size());
        assertTrue(served.get(before).endsWith("bytes 100000 to 300000 of 300000"), served.toString());
        StatusRuntimeException beyond =
                assertThrows(StatusRuntimeException.class, () -> fetch(peerToken(B, A), first, firstBytes.length + 1));
        assertEquals(Status.Code.OUT_OF_RANGE, beyond.getStatus().getCode());
        // a fetch that serves nothing is audited too, saying so
        List<String> refused = served(first);
        assertEquals(before + 2, refused.size());
        assertTrue(refused.get(before + 1).endsWith("outside its 300000 bytes: no bytes served"), refused.toString());
        assertEquals(Status.Code.INVALID_ARGUMENT, refusal(peerToken(B, A), "not-a-uuid"));
    }

    @Test
    @Order(5)
    void refusedFetchesAreRefusedAndAudited() {
        String method = "border.files.v1.FileTransferService/Fetch";
        long refusedBefore = refusedAtA(method);
        // a partner outside the probe's distribution
        assertEquals(Status.Code.PERMISSION_DENIED, refusal(peerToken(C, A), first));
        // a file no record of A holds, asked by a partner
        assertEquals(
                Status.Code.PERMISSION_DENIED,
                refusal(peerToken(B, A), java.util.UUID.randomUUID().toString()));
        // no token
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(null, first));
        // an issuer not on A's trust list, claiming to be B
        TestIssuer stranger = new TestIssuer(B, "https://idp.example.invalid/realms/stranger");
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                refusal(stranger.token(A).roles("peer").sign(), first));
        // B's token for another jurisdiction (C), replayed at A
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(peerToken(B, C), first));
        // B's token claiming to be C's jurisdiction
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                refusal(
                        federation
                                .issuer(B)
                                .token(A)
                                .roles("peer")
                                .jurisdictionClaim(C)
                                .sign(),
                        first));
        // a user of B, not its service account
        assertEquals(
                Status.Code.PERMISSION_DENIED,
                refusal(federation.issuer(B).token(A).roles("integrator").sign(), first));
        // A's own service account: no partner of itself
        assertEquals(Status.Code.PERMISSION_DENIED, refusal(peerToken(A, A), first));
        // every refusal is in A's audit log; none of them served anything
        Await.until(
                PATIENCE,
                () -> refusedAtA(method) >= refusedBefore + 8,
                () -> "8 refusals of " + method + " audited at A, have " + (refusedAtA(method) - refusedBefore));
        assertTrue(served(first).stream().noneMatch(s -> s.startsWith(C)), "nothing served to C");
    }

    @Test
    @Order(6)
    void badFilesAreRefusedAndNothingIsStored() {
        String files = "SELECT count(*) FROM federation.file";
        String chunks = "SELECT count(*) FROM federation.file_chunk";
        String attached = "SELECT count(*) FROM probe_file";
        String announced = "SELECT count(*) FROM probe_file_replica";
        long announcedBefore = count(B, announced);
        long filesBefore = count(A, files);
        long chunksBefore = count(A, chunks);
        long attachedBefore = count(A, attached);
        String token = integrator(A);

        problem(upload(A, probe, token, new byte[0], "empty.pdf"), 400);
        byte[] exe = new byte[4096];
        exe[0] = 'M';
        exe[1] = 'Z';
        problem(upload(A, probe, token, exe, "photo.jpg"), 415);
        problem(upload(A, probe, token, "协查函".repeat(100).getBytes(Charset.forName("GBK")), "letter.txt"), 415);
        problem(upload(A, probe, token, "<html><body>x</body></html>".getBytes(StandardCharsets.UTF_8), "a.txt"), 415);
        // one byte over the default limit of 25 MB
        problem(upload(A, probe, token, pdf(25 * 1024 * 1024 + 1, 3), "big.pdf"), 413);
        // a good file, but no such probe
        problem(upload(A, java.util.UUID.randomUUID().toString(), token, pdf(1000, 4), "x.pdf"), 404);
        // refused before anything is read
        upload(A, probe, null, pdf(1000, 5), "x.pdf").statusCode(401);
        upload(A, probe, peerToken(B, A), pdf(1000, 5), "x.pdf").statusCode(403);

        assertEquals(filesBefore, count(A, files));
        assertEquals(chunksBefore, count(A, chunks));
        assertEquals(attachedBefore, count(A, attached));
        // downloads: no token, a partner's service account, a file of another probe
        given().baseUri(processes.get(A).baseUrl())
                .when()
                .get("/api/v1/probes/" + probe + "/files/" + first)
                .then()
                .statusCode(401);
        problem(
                given().baseUri(processes.get(A).baseUrl())
                        .auth()
                        .oauth2(peerToken(B, A))
                        .when()
                        .get("/api/v1/probes/" + probe + "/files/" + first)
                        .then(),
                403);
        problem(
                given().baseUri(processes.get(A).baseUrl())
                        .auth()
                        .oauth2(token)
                        .when()
                        .get("/api/v1/probes/" + java.util.UUID.randomUUID() + "/files/" + first)
                        .then(),
                404);
        given().baseUri(processes.get(B).baseUrl())
                .when()
                .get("/api/v1/probe-replicas/" + A + "/files/" + first)
                .then()
                .statusCode(401);
        problem(
                given().baseUri(processes.get(B).baseUrl())
                        .auth()
                        .oauth2(peerToken(A, B))
                        .when()
                        .get("/api/v1/probe-replicas/" + A + "/files/" + first)
                        .then(),
                403);

        // nothing announced either: a good file after them is the next B learns of
        String sentinel = attach(pdf(1000, 6), "after.pdf");
        Await.until(
                PATIENCE,
                () -> count(B, "SELECT count(*) FROM probe_file_replica WHERE file_id = ?::uuid", sentinel) == 1,
                () -> "file " + sentinel + " announced to B");
        assertEquals(announcedBefore + 1, count(B, announced));
    }

    @Test
    @Order(7)
    void aFileTheOwnerRefusesIsDroppedFromTheQueue() throws SQLException {
        // B expects a file A has not given it to read (B left its record, say): A answers PERMISSION_DENIED
        String id = java.util.UUID.randomUUID().toString();
        try (Connection c = databases.get(B).connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO federation.file_fetch (origin, id, sha256, size) VALUES (?, ?::uuid, ?, 1000)")) {
            insert.setString(1, A);
            insert.setString(2, id);
            insert.setString(3, "b".repeat(64));
            insert.executeUpdate();
        }
        Await.until(
                PATIENCE,
                () -> count(B, "SELECT count(*) FROM federation.file_fetch WHERE id = ?::uuid", id) == 0,
                () -> "B dropped file " + id + " A refuses (attempts "
                        + count(
                                B,
                                "SELECT coalesce(max(attempts), 0) FROM federation.file_fetch WHERE id = ?::uuid",
                                id)
                        + ")");
        assertEquals(0, count(B, "SELECT count(*) FROM federation.file WHERE id = ?::uuid", id));
    }

    @Test
    @Order(8)
    void aPartnerHasAtMostItsShareOfFetchStreams() throws Exception {
        // a probe shared with C (which fetches nothing itself here), and a file that takes A seconds to serve
        String shared = Probes.publish(
                        given().baseUri(processes.get(A).baseUrl()), integrator(A), 1, "证据 streams", List.of(A, C))
                .get(0);
        byte[] bytes = pdf(8 * 1024 * 1024, 8);
        String id = upload(A, shared, integrator(A), bytes, "big.pdf")
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("fileId");
        List<Iterator<FileChunk>> open = new ArrayList<>();
        List<Long> firsts = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            Iterator<FileChunk> chunks = stub(peerToken(C, A))
                    .fetch(FetchRequest.newBuilder().setFileId(id).build());
            // the stream is open and serving: its first chunk is here (the rest waits on our reading)
            FileChunk first = chunks.next();
            assertEquals(0, first.getOffset());
            firsts.add((long) first.getData().size());
            open.add(chunks);
        }
        StatusRuntimeException beyond = assertThrows(StatusRuntimeException.class, () -> fetch(peerToken(C, A), id, 0));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, beyond.getStatus().getCode());
        // the open streams still deliver the whole file
        for (int i = 0; i < open.size(); i++) {
            Iterator<FileChunk> chunks = open.get(i);
            long received = firsts.get(i);
            while (chunks.hasNext()) {
                received += chunks.next().getData().size();
            }
            assertEquals(bytes.length, received);
        }
        // once they ended, C fetches the file again
        Await.until(
                PATIENCE,
                () -> {
                    try {
                        return fetch(peerToken(C, A), id, 0).stream()
                                        .mapToLong(chunk -> chunk.getData().size())
                                        .sum()
                                == bytes.length;
                    } catch (StatusRuntimeException e) {
                        return false;
                    }
                },
                () -> "C fetches " + id + " once its streams ended");
    }

    @Test
    @Order(9)
    void aFileOfAnOwnerOnObjectStorageReachesThePartnerVerifiedAndARefusedOneLeavesNoObject() {
        String probeOfC = Probes.publish(
                        given().baseUri(processes.get(C).baseUrl()), integrator(C), 1, "证据 probe", List.of(C, B))
                .get(0);
        byte[] bytes = pdf(3 * CHUNK + 1000, 9);
        String id = upload(C, probeOfC, integrator(C), bytes, "照片.pdf")
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("fileId");
        // at C: the file's row in PostgreSQL, its bytes in one object per chunk, none in file_chunk
        assertEquals(
                1,
                count(
                        C,
                        "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND complete AND sha256 = ?",
                        C,
                        id,
                        sha256(bytes)));
        assertEquals(0, count(C, "SELECT count(*) FROM federation.file_chunk"));
        assertEquals(4, count(C, "SELECT count(*) FROM federation.file_part WHERE id = ?::uuid", id));
        assertEquals(
                4,
                s3.keys(bucketOfC).stream()
                        .filter(k -> k.startsWith(C + "/" + id + "/"))
                        .count());

        // served from the object store to B (in PostgreSQL there), verified by its hash
        Await.until(PATIENCE, () -> completeAt(B, C, id), () -> "file " + id + " of C complete at B");
        assertEquals(
                1,
                count(
                        B,
                        "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND sha256 = ? AND size = ?",
                        C,
                        id,
                        sha256(bytes),
                        (long) bytes.length));
        byte[] atB = given().baseUri(processes.get(B).baseUrl())
                .auth()
                .oauth2(integrator(B))
                .when()
                .get("/api/v1/probe-replicas/" + C + "/files/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(bytes, atB);

        // text for its first chunks, GBK further on: refused once every chunk is stored; none is kept
        List<String> objects = s3.keys(bucketOfC);
        long files = count(C, "SELECT count(*) FROM federation.file");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes("案情摘要 plain text\n".repeat(30_000).getBytes(StandardCharsets.UTF_8));
        text.writeBytes("协查函".repeat(100).getBytes(Charset.forName("GBK")));
        assertTrue(text.size() > 2 * CHUNK);
        problem(upload(C, probeOfC, integrator(C), text.toByteArray(), "notes.txt"), 415);
        assertEquals(objects, s3.keys(bucketOfC));
        assertEquals(files, count(C, "SELECT count(*) FROM federation.file"));
        assertEquals(4, count(C, "SELECT count(*) FROM federation.file_part"));
    }

    static void problem(ValidatableResponse response, int status) {
        response.statusCode(status).contentType("application/problem+json");
    }
}
