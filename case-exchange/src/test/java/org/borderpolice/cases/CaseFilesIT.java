package org.borderpolice.cases;

import static io.restassured.RestAssured.given;
import static org.borderpolice.cases.AssistanceJurisdictions.PATIENCE;
import static org.borderpolice.cases.AssistanceJurisdictions.request;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Evidence files (证据材料) across three jurisdictions as real processes: Jiangshan asks Pucheng
 * with a 协查函, Pucheng answers with its material, each side downloads the other's file (fetched
 * in the background, verified by SHA-256); Guangfeng, a participant of the case not addressed,
 * gets neither, at home, at Jiangshan's service or as a peer; a case file reaches every
 * participant; a participant that was down while the case changed and took files gets every
 * change and fetches every file once after its restart; every
 * endpoint refuses strangers; bad uploads store nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedAssistanceJurisdictions.class)
class CaseFilesIT {

    static final String BASE = "/api/v1/assistance-requests";

    AssistanceJurisdictions j;
    /** Pucheng and Guangfeng accepted. */
    String bothAccepted;

    ManagedChannel channelToJiangshan;

    @BeforeAll
    void start(AssistanceJurisdictions shared) {
        j = shared;
        bothAccepted = j.openCase(List.of(PUCHENG, GUANGFENG), List.of(), List.of());
        channelToJiangshan = NettyChannelBuilder.forAddress(
                        "localhost", j.processes.get(JIANGSHAN).httpPort())
                .usePlaintext()
                .build();
    }

    @AfterAll
    void stop() {
        if (channelToJiangshan != null) {
            channelToJiangshan.shutdownNow();
        }
    }

    /** A PDF of {@code size} bytes (at least its header), different per marker. */
    static byte[] pdf(int size, String marker) {
        byte[] head = ("%PDF-1.4\n% " + marker + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, Math.max(size, head.length));
        for (int i = head.length; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + (i * 31 + marker.hashCode()) % 26);
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response upload(RequestSpecification r, String path, byte[] body, String name) {
        return r.contentType("application/octet-stream")
                .queryParam("name", name)
                .body(body)
                .when()
                .post(path);
    }

    String uploaded(String code, String path, byte[] body, String name) {
        return upload(j.home(code, "investigator"), path, body, name)
                .then()
                .statusCode(201)
                .body("sha256", equalTo(sha256(body)))
                .body("contentType", equalTo("application/pdf"))
                .extract()
                .path("fileId");
    }

    /** The file as {@code code}'s users download it once it has arrived; bytes and headers checked. */
    void awaitDownload(String code, String path, byte[] expected) {
        Await.until(
                PATIENCE, () -> j.home(code, "investigator").get(path).statusCode() == 200, () -> path + " at " + code);
        Response r = j.home(code, "analyst").get(path);
        r.then().statusCode(200).header("ETag", "\"" + sha256(expected) + "\"");
        assertArrayEquals(expected, r.asByteArray(), path + " at " + code);
        assertEquals(
                1,
                j.db(code)
                        .count(
                                "SELECT count(*) FROM federation.file WHERE id = ?::uuid AND complete AND sha256 = ?",
                                path.substring(path.lastIndexOf('/') + 1),
                                sha256(expected)));
    }

    String peerToken(String from, String to) {
        return j.federation.issuer(from).token(to).roles("peer").sign();
    }

    Status.Code fetchAtJiangshan(String token, String fileId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        var stub = FileTransferServiceGrpc.newBlockingStub(channelToJiangshan)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        StatusRuntimeException refused = assertThrows(
                StatusRuntimeException.class,
                () -> stub.fetch(FetchRequest.newBuilder().setFileId(fileId).build())
                        .forEachRemaining(c -> {}));
        return refused.getStatus().getCode();
    }

    @Test
    void jiangshanAsksWithALetterPuchengAnswersWithMaterialGuangfengGetsNeither() {
        String id = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        j.awaitState(PUCHENG, id, "SENT");
        byte[] letter = pdf(1_300_000, "协查函"); // more than two chunks of 512 KiB
        String letterId = uploaded(JIANGSHAN, BASE + "/" + id + "/files", letter, "协查函.pdf");

        // Pucheng, the addressee, fetches and verifies it; lists it as available
        awaitDownload(PUCHENG, BASE + "/" + id + "/files/" + letterId, letter);
        j.home(PUCHENG, "investigator")
                .get(BASE + "/" + id + "/files")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].fileId", equalTo(letterId))
                .body("[0].origin", equalTo(JIANGSHAN))
                .body("[0].name", equalTo("协查函.pdf"))
                .body("[0].available", equalTo(true));
        // the owner audits what it serves
        assertTrue(j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'file.served' AND record_id = ?",
                                id)
                > 0);

        // only the addressee attaches to the answer, once it accepted; only the requester to the request
        byte[] material = pdf(200_000, "反馈材料");
        upload(j.home(PUCHENG, "investigator"), BASE + "/" + id + "/answer/files", material, "反馈.pdf")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        upload(j.home(PUCHENG, "investigator"), BASE + "/" + id + "/files", material, "反馈.pdf")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("officerName", "王建国"))
                .when()
                .post(BASE + "/" + id + "/acceptance")
                .then()
                .statusCode(200);
        String materialId = uploaded(PUCHENG, BASE + "/" + id + "/answer/files", material, "反馈.pdf");
        upload(j.home(JIANGSHAN, "investigator"), BASE + "/" + id + "/answer/files", material, "反馈.pdf")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("findings", "经核查，张某已离开浦城，见附件。"))
                .when()
                .post(BASE + "/" + id + "/answer")
                .then()
                .statusCode(200);

        // Jiangshan sees the answer and downloads Pucheng's file
        j.awaitState(JIANGSHAN, id, "ANSWERED");
        awaitDownload(JIANGSHAN, BASE + "/" + id + "/answer/files/" + materialId, material);
        j.home(JIANGSHAN, "commander")
                .get(BASE + "/" + id + "/answer/files")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].origin", equalTo(PUCHENG))
                .body("[0].part", equalTo("ANSWER"));
        // an answered request takes no more files
        upload(j.home(JIANGSHAN, "investigator"), BASE + "/" + id + "/files", letter, "补充.pdf")
                .then()
                .statusCode(409);
        // every download audited: the first that found it here, and the analyst's (the attempts
        // before the bytes arrived are audited as refused, their detail says so)
        assertEquals(
                2,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'assistance.answer-file.downloaded'"
                                        + " AND record_id = ? AND detail NOT LIKE ?",
                                id,
                                "%" + org.borderpolice.federation.files.FileDownloads.NOT_HERE));

        // Guangfeng takes part in the case but is not addressed: nothing of the files anywhere
        for (String at : List.of(GUANGFENG, JIANGSHAN, PUCHENG)) {
            for (String path : List.of(
                    BASE + "/" + id + "/files",
                    BASE + "/" + id + "/files/" + letterId,
                    BASE + "/" + id + "/answer/files",
                    BASE + "/" + id + "/answer/files/" + materialId)) {
                j.as(GUANGFENG, at, "investigator")
                        .get(path)
                        .then()
                        .statusCode(404)
                        .contentType("application/problem+json");
            }
        }
        assertEquals(
                0,
                j.db(GUANGFENG)
                        .count(
                                "SELECT count(*) FROM federation.file WHERE id IN (?::uuid, ?::uuid)",
                                letterId,
                                materialId));
        assertEquals(0, j.db(GUANGFENG).count("SELECT count(*) FROM case_file WHERE request_id = ?::uuid", id));
        // nor as a peer: Jiangshan does not serve the request's file to it
        assertEquals(Status.Code.PERMISSION_DENIED, fetchAtJiangshan(peerToken(GUANGFENG, JIANGSHAN), letterId));
    }

    @Test
    void aCaseFileReachesEveryParticipantOnly() {
        String onlyPucheng = j.openCase(List.of(PUCHENG), List.of(), List.of());
        byte[] photo = pdf(700_000, "现场照片");
        String shared = uploaded(JIANGSHAN, "/api/v1/cases/" + bothAccepted + "/files", photo, "现场照片.pdf");
        byte[] record = pdf(30_000, "询问笔录");
        String notShared = uploaded(JIANGSHAN, "/api/v1/cases/" + onlyPucheng + "/files", record, "询问笔录.pdf");

        for (String partner : List.of(PUCHENG, GUANGFENG)) {
            awaitDownload(partner, "/api/v1/cases/" + bothAccepted + "/files/" + shared, photo);
            Await.until(
                    PATIENCE,
                    () -> j.home(partner, "investigator")
                            .queryParam("limit", 200)
                            .get("/api/v1/cases/" + bothAccepted + "/timeline")
                            .jsonPath()
                            .getList("items.findAll { it.kind == 'FILE_ATTACHED' }.text")
                            .contains("现场照片.pdf"),
                    () -> "the attachment on the timeline at " + partner);
        }
        awaitDownload(PUCHENG, "/api/v1/cases/" + onlyPucheng + "/files/" + notShared, record);
        // Guangfeng, not invited to the other case, sees and holds nothing of it, and may not fetch it
        j.home(GUANGFENG, "investigator")
                .get("/api/v1/cases/" + onlyPucheng + "/files")
                .then()
                .statusCode(404);
        j.as(GUANGFENG, JIANGSHAN, "investigator")
                .get("/api/v1/cases/" + onlyPucheng + "/files/" + notShared)
                .then()
                .statusCode(404);
        assertEquals(0, j.db(GUANGFENG).count("SELECT count(*) FROM federation.file WHERE id = ?::uuid", notShared));
        assertEquals(Status.Code.PERMISSION_DENIED, fetchAtJiangshan(peerToken(GUANGFENG, JIANGSHAN), notShared));
    }

    /** A change of Jiangshan's case {@code id}, as its investigators and commanders make them. */
    void change(String id, String what) {
        switch (what) {
            case "edit" ->
                j.home(JIANGSHAN, "investigator")
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "category", "TELECOM_FRAUD",
                                "title", "浦城停机期间的案件（已修改）",
                                "summary", "浦城停机期间江山补充了案情。",
                                "recoveredAmount", new java.math.BigDecimal("1200.50")))
                        .when()
                        .put("/api/v1/cases/" + id)
                        .then()
                        .statusCode(200);
            case "status" ->
                j.home(JIANGSHAN, "commander")
                        .contentType(ContentType.JSON)
                        .body(Map.of("to", "INVESTIGATING"))
                        .when()
                        .post("/api/v1/cases/" + id + "/transitions")
                        .then()
                        .statusCode(200);
            case "note" ->
                j.home(JIANGSHAN, "investigator")
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "浦城停机期间的备注"))
                        .when()
                        .post("/api/v1/cases/" + id + "/timeline")
                        .then()
                        .statusCode(201);
            default -> throw new IllegalArgumentException(what);
        }
    }

    long caseVersion(String code, String id) {
        return j.home(code, "analyst")
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("version");
    }

    List<String> timelineIds(String code, String id) {
        return j.home(code, "analyst")
                .queryParam("limit", 200)
                .get("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    @Test
    void aParticipantThatWasDownGetsEveryChangeAndFileOnceAfterItsRestart() {
        String id = j.openCase(List.of(PUCHENG), List.of(), List.of());
        List<byte[]> contents = List.of(pdf(2_100_000, "一"), pdf(5_000, "二"), pdf(600_000, "三"));
        List<String> ids = new ArrayList<>();
        j.processes.get(PUCHENG).stop();
        try {
            // files and changes of the case interleaved: each file follows one change
            List<String> changes = List.of("edit", "status", "note");
            for (int i = 0; i < contents.size(); i++) {
                change(id, changes.get(i));
                ids.add(uploaded(JIANGSHAN, "/api/v1/cases/" + id + "/files", contents.get(i), "材料" + i + ".pdf"));
            }
        } finally {
            j.processes.get(PUCHENG).startAndAwait();
        }
        for (int i = 0; i < contents.size(); i++) {
            awaitDownload(PUCHENG, "/api/v1/cases/" + id + "/files/" + ids.get(i), contents.get(i));
        }
        // once: one row per file, one timeline entry per attachment, every file listed in order
        assertEquals(
                3,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM case_file WHERE case_id = ?::uuid AND origin = ? AND part = 'CASE'",
                                id,
                                JIANGSHAN));
        assertEquals(
                3,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid"
                                        + " AND kind = 'FILE_ATTACHED'",
                                id));
        j.home(PUCHENG, "investigator")
                .get("/api/v1/cases/" + id + "/files")
                .then()
                .statusCode(200)
                .body("fileId", equalTo(ids))
                .body("available", equalTo(List.of(true, true, true)));
        // and the changes: Pucheng holds Jiangshan's latest version, and every entry of the timeline once
        // (this case converging, not the whole outbox empty: the federation is shared with other classes)
        Await.until(
                PATIENCE,
                () -> caseVersion(JIANGSHAN, id) == caseVersion(PUCHENG, id)
                        && timelineIds(JIANGSHAN, id).equals(timelineIds(PUCHENG, id)),
                () -> "Pucheng holds Jiangshan's version of the case and its whole timeline");
        var atA = j.home(JIANGSHAN, "analyst").get("/api/v1/cases/" + id).jsonPath();
        var atB = j.home(PUCHENG, "analyst").get("/api/v1/cases/" + id).jsonPath();
        assertEquals(atA.getLong("version"), atB.getLong("version"));
        assertEquals("浦城停机期间的案件（已修改）", atB.getString("title"));
        assertEquals("INVESTIGATING", atB.getString("status"));
        assertEquals(
                0,
                new java.math.BigDecimal("1200.50")
                        .compareTo(new java.math.BigDecimal(atB.getString("recoveredAmount"))));
        List<String> atPucheng = timelineIds(PUCHENG, id);
        assertEquals(timelineIds(JIANGSHAN, id), atPucheng);
        assertEquals(atPucheng.size(), new java.util.HashSet<>(atPucheng).size(), "every entry once");
        for (String kind : List.of("EDITED", "STATUS_CHANGED", "NOTE", "FILE_ATTACHED")) {
            assertEquals(
                    kind.equals("FILE_ATTACHED") ? 3 : 1,
                    j.db(PUCHENG)
                            .count(
                                    "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid AND kind = ?",
                                    id,
                                    kind),
                    kind);
        }
    }

    @Test
    void everyEndpointRefusesStrangersAndBadUploadsStoreNothing() {
        String id = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        byte[] file = pdf(1_000, "拒绝");
        String caseFile = uploaded(JIANGSHAN, "/api/v1/cases/" + bothAccepted + "/files", file, "a.pdf");
        String requestFile = uploaded(JIANGSHAN, BASE + "/" + id + "/files", file, "b.pdf");
        List<String> reads = List.of(
                "/api/v1/cases/" + bothAccepted + "/files",
                "/api/v1/cases/" + bothAccepted + "/files/" + caseFile,
                BASE + "/" + id + "/files",
                BASE + "/" + id + "/files/" + requestFile,
                BASE + "/" + id + "/answer/files");
        List<String> uploads = List.of(
                "/api/v1/cases/" + bothAccepted + "/files",
                BASE + "/" + id + "/files",
                BASE + "/" + id + "/answer/files");
        // Jiangshan's own files only: a partner's may still arrive from earlier tests' fetches
        long files = j.db(JIANGSHAN).count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN);
        long named = j.db(JIANGSHAN).count("SELECT count(*) FROM case_file WHERE origin = ?", JIANGSHAN);

        List<RequestSpecification> strangers = List.of(
                given().baseUri(j.url(JIANGSHAN)),
                given().baseUri(j.url(JIANGSHAN))
                        .auth()
                        .oauth2(new TestIssuer("330822")
                                .token(JIANGSHAN)
                                .roles("investigator")
                                .sign()),
                given().baseUri(j.url(JIANGSHAN))
                        .auth()
                        .oauth2(j.federation
                                .issuer(JIANGSHAN)
                                .token(PUCHENG)
                                .roles("investigator")
                                .sign()));
        for (String path : reads) {
            for (RequestSpecification r : strangers) {
                r.get(path).then().statusCode(401).contentType("application/problem+json");
            }
            j.home(JIANGSHAN, "mediator").get(path).then().statusCode(403).contentType("application/problem+json");
        }
        for (String path : uploads) {
            for (RequestSpecification r : strangers) {
                upload(r, path, file, "x.pdf").then().statusCode(401).contentType("application/problem+json");
            }
            // a role that does not change records, a partner's user at our service, a jurisdiction not a party
            upload(j.home(JIANGSHAN, "analyst"), path, file, "x.pdf")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            upload(j.as(PUCHENG, JIANGSHAN, "investigator"), path, file, "x.pdf")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            upload(j.as(GUANGFENG, JIANGSHAN, "commander"), path, file, "x.pdf")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        // bad files: empty, wrong type by content, too large
        String path = BASE + "/" + id + "/files";
        upload(j.home(JIANGSHAN, "investigator"), path, new byte[0], "空.pdf")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        upload(j.home(JIANGSHAN, "investigator"), path, "<html>x</html>".getBytes(StandardCharsets.UTF_8), "x.pdf")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        upload(j.home(JIANGSHAN, "investigator"), path, pdf(25 * 1024 * 1024 + 1, "大"), "大.pdf")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        assertEquals(files, j.db(JIANGSHAN).count("SELECT count(*) FROM federation.file WHERE origin = ?", JIANGSHAN));
        assertEquals(named, j.db(JIANGSHAN).count("SELECT count(*) FROM case_file WHERE origin = ?", JIANGSHAN));
        assertEquals(
                0, j.db(JIANGSHAN).count("SELECT count(*) FROM case_file WHERE name IN ('x.pdf', '空.pdf', '大.pdf')"));
    }

    @Test
    void theCaseListAndSearchFilterCasesWithAnOverdueRequestOfTheCaller() {
        String overdueCase = j.openCase(List.of(PUCHENG, GUANGFENG), List.of(), List.of());
        String calmCase = j.openCase(List.of(PUCHENG, GUANGFENG), List.of(), List.of());
        // IMMEDIATE is 3 s at Jiangshan; a ROUTINE request (7 days) is not overdue
        String id = j.send(request(overdueCase, PUCHENG, "IMMEDIATE"));
        j.send(request(calmCase, PUCHENG, "ROUTINE"));
        j.awaitState(PUCHENG, id, "SENT");
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            Await.until(
                    PATIENCE,
                    () -> j.home(code, "investigator")
                            .get(BASE + "/" + id)
                            .jsonPath()
                            .getBoolean("overdue"),
                    () -> "request " + id + " overdue at " + code);
            for (String path : List.of("/api/v1/cases", "/api/v1/cases/search")) {
                List<String> overdue = j.home(code, "analyst")
                        .queryParam("overdue", true)
                        .queryParam("limit", 200)
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id");
                assertTrue(overdue.contains(overdueCase), path + " overdue=true at " + code);
                assertTrue(!overdue.contains(calmCase), path + " overdue=true at " + code);
                List<String> notOverdue = j.home(code, "analyst")
                        .queryParam("overdue", false)
                        .queryParam("limit", 200)
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id");
                assertTrue(!notOverdue.contains(overdueCase), path + " overdue=false at " + code);
                assertTrue(notOverdue.contains(calmCase), path + " overdue=false at " + code);
            }
        }
        // Guangfeng takes part in both cases but the request is not its own: nothing overdue for it
        for (String at : List.of(GUANGFENG, JIANGSHAN)) {
            List<String> overdue = j.as(GUANGFENG, at, "commander")
                    .queryParam("overdue", true)
                    .queryParam("limit", 200)
                    .get("/api/v1/cases")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.id");
            assertTrue(!overdue.contains(overdueCase), "Guangfeng's overdue list at " + at);
        }
    }
}
