package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.caseBody;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.cases.service.FileOrphans;
import org.borderpolice.federation.files.FileIntake;
import org.borderpolice.federation.files.StoredFile;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Evidence files on our cases, in one JVM (partners fetching them is the ITs'): intake by the
 * case's owner, the file named in the case sent to its participants and put on the timeline,
 * lists and audited downloads for those who see the case, refusals that store nothing.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseFilesTest {

    static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Inject
    AgroalDataSource db;

    String openCase(String title) {
        return home("investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .body(caseBody(title, PUCHENG))
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Response upload(RequestSpecification r, String caseId, byte[] body, String name) {
        return r.contentType("application/pdf")
                .queryParam("name", name)
                .body(body)
                .when()
                .post("/api/v1/cases/" + caseId + "/files");
    }

    long count(String sql, Object... params) {
        return Callers.count(db, sql, params);
    }

    /** The newest case event for Pucheng, as the relay would send it. */
    CaseProto.JointCase sentToPucheng(String caseId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT payload FROM federation.outbox
                        WHERE record_type = 'cases.case' AND record_id = ? AND destination = ?
                        ORDER BY version DESC LIMIT 1""")) {
            s.setString(1, caseId);
            s.setString(2, PUCHENG);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return CaseProto.JointCase.parseFrom(rs.getBytes(1));
            }
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theOwnerAttachesParticipantsListAndDownload() throws Exception {
        String id = openCase("证据材料测试案件");
        long version = count("SELECT version FROM joint_case WHERE id = ?::uuid", id);
        String hash = sha256(PDF);
        String fileId = upload(home("investigator"), id, PDF, "协查函 第1号.pdf")
                .then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("contentType", equalTo("application/pdf"))
                .body("size", equalTo(PDF.length))
                .body("sha256", equalTo(hash))
                .body("name", equalTo("协查函 第1号.pdf"))
                .body("origin", equalTo(JIANGSHAN))
                .body("part", equalTo("CASE"))
                .body("available", equalTo(true))
                .extract()
                .path("fileId");

        // a new version of the case names the file for its participant; the timeline says so
        assertEquals(version + 1, count("SELECT version FROM joint_case WHERE id = ?::uuid", id));
        CaseProto.JointCase sent = sentToPucheng(id);
        assertEquals(1, sent.getFilesCount());
        assertEquals(fileId, sent.getFiles(0).getFileId());
        assertEquals(hash, sent.getFiles(0).getSha256());
        assertEquals(PDF.length, sent.getFiles(0).getSize());
        assertEquals("application/pdf", sent.getFiles(0).getContentType());
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid AND kind = 'FILE_ATTACHED'"
                                + " AND text = '协查函 第1号.pdf'",
                        id));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.file.attached'"
                                + " AND record_id = ?",
                        id));

        // those who see the case list and download it (a participant's user too), audited each time
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id + "/files")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].fileId", equalTo(fileId))
                .body("[0].available", equalTo(true));
        as(PUCHENG, "investigator")
                .when()
                .get("/api/v1/cases/" + id + "/files")
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
        long downloads = count("SELECT count(*) FROM federation.audit_log WHERE action = 'case.file.downloaded'");
        for (RequestSpecification reader : List.of(home("commander"), as(PUCHENG, "analyst"))) {
            Response r = reader.when().get("/api/v1/cases/" + id + "/files/" + fileId);
            r.then()
                    .statusCode(200)
                    .contentType(startsWith("application/pdf"))
                    .header("ETag", "\"" + hash + "\"")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition", startsWith("attachment;"));
            assertArrayEquals(PDF, r.asByteArray());
        }
        home("investigator")
                .header("If-None-Match", "\"" + hash + "\"")
                .when()
                .get("/api/v1/cases/" + id + "/files/" + fileId)
                .then()
                .statusCode(304);
        assertEquals(
                downloads + 3,
                count("SELECT count(*) FROM federation.audit_log WHERE action = 'case.file.downloaded'"));

        // a jurisdiction the case is not shared with sees nothing of it
        as(GUANGFENG, "investigator")
                .when()
                .get("/api/v1/cases/" + id + "/files")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(GUANGFENG, "investigator")
                .when()
                .get("/api/v1/cases/" + id + "/files/" + fileId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        // a file of another case is not this case's
        String other = openCase("另一起案件");
        home("investigator")
                .when()
                .get("/api/v1/cases/" + other + "/files/" + fileId)
                .then()
                .statusCode(404);
    }

    @Test
    void refusedUploadsStoreNothing() throws Exception {
        String id = openCase("拒收附件测试案件");
        long files = count("SELECT count(*) FROM federation.file");
        long chunks = count("SELECT count(*) FROM federation.file_chunk");
        long named = count("SELECT count(*) FROM case_file");
        long outbox = count("SELECT count(*) FROM federation.outbox");
        long version = count("SELECT version FROM joint_case WHERE id = ?::uuid", id);

        // bad files: empty, a type not allowed whatever its name and Content-Type, too large
        upload(home("investigator"), id, new byte[0], "空.pdf")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        upload(home("investigator"), id, "<html><body>不是PDF</body></html>".getBytes(StandardCharsets.UTF_8), "x.pdf")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        byte[] exe = new byte[4096];
        exe[0] = 'M';
        exe[1] = 'Z';
        upload(home("investigator"), id, exe, "photo.jpg")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        byte[] big = Arrays.copyOf(PDF, 25 * 1024 * 1024 + 1);
        upload(home("investigator"), id, big, "大文件.pdf").then().statusCode(413).contentType("application/problem+json");

        // callers: no token, an untrusted issuer, a token for another jurisdiction than its issuer's
        for (RequestSpecification r : List.of(
                RestAssured.given(),
                RestAssured.given()
                        .auth()
                        .oauth2(new TestIssuer("330822")
                                .token(JIANGSHAN)
                                .roles("investigator")
                                .sign()),
                RestAssured.given()
                        .auth()
                        .oauth2(JurisdictionTestResource.issuer(JIANGSHAN)
                                .token(PUCHENG)
                                .roles("investigator")
                                .sign()))) {
            upload(r, id, PDF, "a.pdf").then().statusCode(401).contentType("application/problem+json");
        }
        // a participant's user (only the owner attaches), one not invited, roles that do not change cases
        upload(as(PUCHENG, "investigator"), id, PDF, "a.pdf")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        upload(as(GUANGFENG, "commander"), id, PDF, "a.pdf")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        upload(home("analyst"), id, PDF, "a.pdf").then().statusCode(403).contentType("application/problem+json");
        upload(home("mediator", "integrator"), id, PDF, "a.pdf")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        upload(home("investigator"), UUID.randomUUID().toString(), PDF, "a.pdf")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        assertEquals(files, count("SELECT count(*) FROM federation.file"));
        assertEquals(chunks, count("SELECT count(*) FROM federation.file_chunk"));
        assertEquals(named, count("SELECT count(*) FROM case_file"));
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        assertEquals(version, count("SELECT version FROM joint_case WHERE id = ?::uuid", id));

        // reads: no token, a role that does not read cases
        String fileId = upload(home("investigator"), id, PDF, "a.pdf")
                .then()
                .statusCode(201)
                .extract()
                .path("fileId");
        for (String path : List.of("/api/v1/cases/" + id + "/files", "/api/v1/cases/" + id + "/files/" + fileId)) {
            RestAssured.given().when().get(path).then().statusCode(401).contentType("application/problem+json");
            home("mediator").when().get(path).then().statusCode(403).contentType("application/problem+json");
        }
    }

    /** A refused read of files (404) is in the audit log as a read is: who asked, for what. */
    @Test
    void refusedFileReadsAreAudited() {
        String id = openCase("拒读审计测试案件");
        String fileId = upload(home("investigator"), id, PDF, "a.pdf")
                .then()
                .statusCode(201)
                .extract()
                .path("fileId");
        String refused = "SELECT count(*) FROM federation.audit_log WHERE action = ? AND record_id = ?"
                + " AND jurisdiction = ? AND detail LIKE '%not found%'";

        // a jurisdiction the case is not shared with: the list and a download
        as(GUANGFENG, "investigator")
                .when()
                .get("/api/v1/cases/" + id + "/files")
                .then()
                .statusCode(404);
        assertEquals(1, count(refused, "case.file.list", id, GUANGFENG));
        as(GUANGFENG, "investigator")
                .when()
                .get("/api/v1/cases/" + id + "/files/" + fileId)
                .then()
                .statusCode(404);
        assertEquals(1, count(refused, "case.file.downloaded", id, GUANGFENG));
        // a file the visible case does not hold
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id + "/files/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        assertEquals(1, count(refused, "case.file.downloaded", id, JIANGSHAN));
        // requests that do not exist (or are not visible): their files and their answers' files
        String request = UUID.randomUUID().toString();
        home("investigator")
                .when()
                .get("/api/v1/assistance-requests/" + request + "/files")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(1, count(refused, "assistance.file.list", request, JIANGSHAN));
        home("investigator")
                .when()
                .get("/api/v1/assistance-requests/" + request + "/answer/files/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(1, count(refused, "assistance.answer-file.downloaded", request, JIANGSHAN));
    }

    /** Only the upload paths take bodies above border.http.max-body-size (1M); every other route refuses them. */
    @Test
    void onlyUploadsTakeLargeBodies() throws Exception {
        long cases = count("SELECT count(*) FROM joint_case");
        Map<String, Object> body = caseBody("大请求体测试", PUCHENG);
        body.put("summary", "案".repeat(400_000)); // 1.2 MB of UTF-8
        home("investigator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        // the same body without Content-Length (chunked), counted as it is read
        byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
        // the server answers 413 and closes as soon as the limit is passed: a client still sending
        // may see the connection closed instead of the answer; either way nothing is stored
        try {
            HttpResponse<String> chunked = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/cases"))
                                    .header(
                                            "Authorization",
                                            "Bearer "
                                                    + JurisdictionTestResource.issuer(JIANGSHAN)
                                                            .token(JIANGSHAN)
                                                            .roles("investigator")
                                                            .sign())
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                                            () -> new ByteArrayInputStream(json)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(413, chunked.statusCode(), chunked.body());
        } catch (java.io.IOException closedWhileSending) {
            // refused before the body was read to its end
        }
        assertEquals(cases, count("SELECT count(*) FROM joint_case"));

        // an upload of 2 MB is taken
        String id = openCase("大附件测试案件");
        upload(home("investigator"), id, Arrays.copyOf(PDF, 2 * 1024 * 1024), "大.pdf")
                .then()
                .statusCode(201);
    }

    @Inject
    org.borderpolice.cases.service.CaseFiles caseFiles;

    void sql(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    /**
     * A partner's case that leaves us (tombstone: we declined, were removed) takes its files with
     * it: the rows naming them, the bytes we fetched, the files still queued for fetching.
     */
    @Test
    void aCaseThatLeavesUsTakesItsFilesBytesAndQueue() throws Exception {
        UUID caseId = UUID.randomUUID();
        UUID fetched = UUID.randomUUID();
        UUID queued = UUID.randomUUID();
        String hash = sha256(PDF);
        for (UUID f : List.of(fetched, queued)) {
            sql("""
                    INSERT INTO case_file (origin, file_id, part, case_id, name, sha256, size, content_type, attached_at)
                    VALUES (?, ?, 'CASE', ?, 'a.pdf', ?, ?, 'application/pdf', now())""", PUCHENG, f, caseId, hash, PDF.length);
        }
        sql(
                "INSERT INTO federation.file (origin, id, size, sha256, content_type, complete) VALUES (?, ?, ?, ?, ?, true)",
                PUCHENG,
                fetched,
                PDF.length,
                hash,
                "application/pdf");
        sql("INSERT INTO federation.file_chunk (origin, id, off, data) VALUES (?, ?, 0, ?)", PUCHENG, fetched, PDF);
        sql("INSERT INTO federation.file (origin, id) VALUES (?, ?)", PUCHENG, queued);
        sql(
                "INSERT INTO federation.file_chunk (origin, id, off, data) VALUES (?, ?, 0, ?)",
                PUCHENG,
                queued,
                Arrays.copyOf(PDF, 10));
        sql(
                "INSERT INTO federation.file_fetch (origin, id, sha256, size, next_attempt_at) VALUES (?, ?, ?, ?, 'infinity')",
                PUCHENG,
                queued,
                hash,
                PDF.length);
        // a file of ours on a case of ours stays whatever happens to Pucheng's case
        String own = openCase("留存附件案件");
        upload(home("investigator"), own, PDF, "ours.pdf").then().statusCode(201);
        long ours = count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN);

        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> caseFiles.forgetCase(PUCHENG, caseId));

        assertEquals(0, count("SELECT count(*) FROM case_file WHERE origin = ? AND case_id = ?", PUCHENG, caseId));
        for (UUID f : List.of(fetched, queued)) {
            assertEquals(0, count("SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?", PUCHENG, f));
            assertEquals(
                    0, count("SELECT count(*) FROM federation.file_chunk WHERE origin = ? AND id = ?", PUCHENG, f));
            assertEquals(
                    0, count("SELECT count(*) FROM federation.file_fetch WHERE origin = ? AND id = ?", PUCHENG, f));
        }
        assertEquals(ours, count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN));
    }

    @Inject
    FileIntake intake;

    @Inject
    FileOrphans orphans;

    @Test
    void anUploadHoldsNoLockOnItsCaseWhileItsBodyStreams() throws Exception {
        String caseId = openCase("上传时不锁案件");
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 1 << 16);
        var response = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                                        + "/api/v1/cases/" + caseId + "/files?name=slow.pdf"))
                                .header(
                                        "Authorization",
                                        "Bearer "
                                                + JurisdictionTestResource.issuer(JIANGSHAN)
                                                        .token(JIANGSHAN)
                                                        .roles("investigator")
                                                        .sign())
                                .header("Content-Type", "application/pdf")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> in))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        byte[] part = new byte[1 << 20];
        Arrays.fill(part, (byte) ' ');
        System.arraycopy(PDF, 0, part, 0, PDF.length - 6);
        out.write(part);
        Arrays.fill(part, (byte) ' ');
        out.write(part);
        out.write(part);
        out.flush();
        // the server is storing the body (a chunk written, its transaction open) ...
        Await.until(
                Duration.ofSeconds(60),
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                                + "AND query ILIKE '%INSERT INTO federation.file_chunk%' AND state <> 'idle'")
                        > 0,
                () -> "the upload's intake under way");
        // ... and holds no lock on the case: another change could go on
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s =
                    c.prepareStatement("SELECT id FROM joint_case WHERE id = ?::uuid FOR UPDATE NOWAIT")) {
                s.setString(1, caseId);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                }
            } finally {
                c.rollback();
            }
        }
        out.write("\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        out.close();
        HttpResponse<String> done = response.get();
        assertEquals(201, done.statusCode(), done.body());
        home("analyst")
                .when()
                .get("/api/v1/cases/" + caseId + "/files")
                .then()
                .statusCode(200)
                .body("name", equalTo(List.of("slow.pdf")));
    }

    @Test
    void anUnreferencedFileOfOursIsCollectedOnceOldAndNoOtherIs() {
        String caseId = openCase("孤儿文件");
        upload(home("investigator"), caseId, PDF, "kept.pdf").then().statusCode(201);
        // taken in, never referenced: as if the service stopped between intake and reference
        StoredFile orphan = intake.accept(new ByteArrayInputStream(PDF));
        String ofOrphan = "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid";
        String id = orphan.key().id().toString();
        long partners = count("SELECT count(*) FROM federation.file WHERE origin <> ?", JIANGSHAN);
        long referenced = count("SELECT count(*) FROM case_file WHERE origin = ?", JIANGSHAN);
        // young: kept (an upload may still be on its way to its reference)
        orphans.collect(Instant.now().minus(Duration.ofHours(1)));
        assertEquals(1, count(ofOrphan, JIANGSHAN, id));
        while (orphans.collect(Instant.now().plusSeconds(1)) > 0) {
            // batches
        }
        assertEquals(0, count(ofOrphan, JIANGSHAN, id));
        assertEquals(0, count("SELECT count(*) FROM federation.file_chunk WHERE id = ?::uuid", id));
        // every file a record names stays, and partners' files are not ours to drop
        assertEquals(referenced, count("SELECT count(*) FROM case_file WHERE origin = ?", JIANGSHAN));
        assertEquals(
                referenced,
                count(
                        "SELECT count(*) FROM case_file cf JOIN federation.file f "
                                + "ON f.origin = cf.origin AND f.id = cf.file_id WHERE cf.origin = ?",
                        JIANGSHAN));
        assertEquals(partners, count("SELECT count(*) FROM federation.file WHERE origin <> ?", JIANGSHAN));
        home("analyst")
                .when()
                .get("/api/v1/cases/" + caseId + "/files")
                .then()
                .statusCode(200)
                .body("name", equalTo(List.of("kept.pdf")));
    }

    @Test
    void anUploadWithAnIdempotencyKeyIsAttachedOnce() {
        String caseId = openCase("幂等上传");
        String key = "upload-" + UUID.randomUUID();
        String ours = "SELECT count(*) FROM federation.file WHERE origin = ?";
        String fileId = upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(201)
                .extract()
                .path("fileId");
        long stored = count(ours, JIANGSHAN);
        long outbox = count("SELECT count(*) FROM federation.outbox");
        // the repeat (a retry after a lost response): the same file, nothing more stored or sent
        upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("fileId", equalTo(fileId));
        // the same key with other bytes, or another name: 422, nothing kept
        byte[] other = Arrays.copyOf(PDF, PDF.length + 1);
        other[PDF.length] = '\n';
        upload(home("investigator").header("Idempotency-Key", key), caseId, other, "letter.pdf")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "other.pdf")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        assertEquals(stored, count(ours, JIANGSHAN));
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        assertEquals(1, count("SELECT count(*) FROM case_file WHERE case_id = ?::uuid", caseId));
        // without a key, the same bytes again are a second file
        upload(home("investigator"), caseId, PDF, "letter.pdf").then().statusCode(201);
        assertEquals(2, count("SELECT count(*) FROM case_file WHERE case_id = ?::uuid", caseId));
    }

    @Test
    void aReplayedUploadGetsItsFirstAnswerEvenWhenTheRulesWouldNowRefuse() {
        String caseId = openCase("幂等上传后结案");
        String key = "upload-" + UUID.randomUUID();
        String fileId = upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(201)
                .extract()
                .path("fileId");
        for (String to : List.of("INVESTIGATING", "CLOSED")) {
            home("commander")
                    .contentType(ContentType.JSON)
                    .body(Map.of("to", to, "reason", "证据不足，终止侦查"))
                    .when()
                    .post("/api/v1/cases/" + caseId + "/transitions")
                    .then()
                    .statusCode(200);
        }
        long stored = count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN);
        // a retry of the upload after the case was closed: the answer of the first time, not 409
        upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("fileId", equalTo(fileId));
        // the key still guards the body: other bytes under it are 422; a new upload is refused by the rules
        byte[] other = Arrays.copyOf(PDF, PDF.length + 1);
        other[PDF.length] = '\n';
        upload(home("investigator").header("Idempotency-Key", key), caseId, other, "letter.pdf")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        upload(home("investigator").header("Idempotency-Key", "upload-" + UUID.randomUUID()), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(stored, count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN));
        assertEquals(1, count("SELECT count(*) FROM case_file WHERE case_id = ?::uuid", caseId));
    }

    @Test
    void aRepeatedUploadKeyStillNeedsTheCallersRole() {
        String caseId = openCase("幂等上传后失去权限");
        String key = "upload-" + UUID.randomUUID();
        upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(201);
        long stored = count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN);
        // the same user (the same subject) without the role now: refused before the body is taken in
        upload(home("analyst").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertEquals(stored, count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN));
        assertEquals(1, count("SELECT count(*) FROM case_file WHERE case_id = ?::uuid", caseId));
        // with the role again: the first answer
        upload(home("investigator").header("Idempotency-Key", key), caseId, PDF, "letter.pdf")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true");
    }
}
