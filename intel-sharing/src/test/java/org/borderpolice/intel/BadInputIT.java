package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.PackagedServiceContract.assertProblem;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.http.ContentType;

/**
 * Input as a hostile client would send it, to Jiangshan (330881) and Pucheng (350722) running
 * as processes: every refusal is a 4xx application/problem+json and stores nothing, and a
 * partner's gRPC call that fails never learns our SQL or stack traces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    static final Duration PATIENCE = Await.MACHINE;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    /** Jiangshan's alert distributed to Pucheng: the target of Pucheng's sightings. */
    String shared;

    @BeforeAll
    void start() {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
        jiangshan = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of());
        pucheng = federation.process(PUCHENG, JurisdictionProcess.packagedApplication(), Map.of());
        JurisdictionProcess.startAll(Await.MACHINE, jiangshan, pucheng);
        shared = given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(token(JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(alert())
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Await.until(
                PATIENCE,
                () -> given().baseUri(pucheng.baseUrl())
                                .auth()
                                .oauth2(token(PUCHENG, "analyst"))
                                .get("/api/v1/alerts/" + shared)
                                .statusCode()
                        == 200,
                () -> "the shared alert at Pucheng");
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
    }

    String token(String code, String... roles) {
        return federation.issuer(code).token(code).roles(roles).unit("坛石派出所").sign();
    }

    static Map<String, Object> alert() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", "SMUGGLING");
        body.put("severity", "ORANGE");
        body.put("title", "走私烟草车辆预警");
        body.put("body", "一辆浙H牌照货车疑似运输走私烟，可能经205国道进入浦城。");
        body.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", "浙H12345", "label", "货车")));
        body.put("distribution", List.of(PUCHENG));
        body.put("handling", "GENERAL");
        body.put("sourceReliability", "B");
        body.put("informationCredibility", 2);
        return body;
    }

    static Map<String, Object> alertWith(String field, Object value) {
        Map<String, Object> body = alert();
        body.put(field, value);
        return body;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Counts of everything a refused request could have left behind, at both jurisdictions, once
     * replication is quiet (an accepted alert is delivered to its partner meanwhile).
     */
    Map<String, Long> stored() {
        Await.until(
                PATIENCE,
                () -> federation.database(JIANGSHAN).count("SELECT count(*) FROM federation.outbox") == 0
                        && federation.database(PUCHENG).count("SELECT count(*) FROM federation.outbox") == 0,
                () -> "outboxes drained");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var at : Map.of(JIANGSHAN, federation.database(JIANGSHAN), PUCHENG, federation.database(PUCHENG))
                .entrySet()) {
            PostgresServer.Database db = at.getValue();
            for (String table : List.of(
                    "alert",
                    "federation.subject_hash",
                    "alert_acknowledgement",
                    "alert_sighting",
                    "disclosure_request",
                    "federation.hit_check_log",
                    "federation.outbox",
                    "federation.idempotency_key")) {
                counts.put(at.getKey() + " " + table, db.count("SELECT count(*) FROM " + table));
            }
        }
        return counts;
    }

    HttpResponse<String> send(String method, String url, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postJson(JurisdictionProcess at, String path, String token, String body) {
        return send("POST", at.baseUrl() + path, token, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(JurisdictionProcess at, String pathAndQuery, String token) {
        return send("GET", at.baseUrl() + pathAndQuery, token, null, null);
    }

    /** A 400 problem whose field errors name this field. */
    static void assertFieldRefused(String field, HttpResponse<String> response) {
        assertProblem(400, response);
        assertTrue(response.body().contains("\"field\":\"" + field + "\""), field + " named in " + response.body());
    }

    @Test
    void aControlCharacterInAnyTextFieldOrParameterIsRefused() {
        String analyst = token(JIANGSHAN, "analyst");
        String puchengAnalyst = token(PUCHENG, "analyst");
        // text that allows lines keeps its newlines and tabs
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(alertWith("body", "第一行\n第二行\t（附表）"))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .body("body", equalTo("第一行\n第二行\t（附表）"));
        Map<String, Long> before = stored();

        assertFieldRefused(
                "title", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("title", "走私\u0000预警"))));
        assertFieldRefused("title", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("title", "走私\n预警"))));
        assertFieldRefused(
                "issuingUnit",
                postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("issuingUnit", "坛石\u0000派出所"))));
        assertFieldRefused(
                "body", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("body", "内容\u001b[2J"))));
        assertFieldRefused(
                "subjects[0].label",
                postJson(
                        jiangshan,
                        "/api/v1/alerts",
                        analyst,
                        json(alertWith(
                                "subjects",
                                List.of(Map.of("kind", "VEHICLE", "value", "浙H12345", "label", "货\u0007车"))))));
        assertFieldRefused(
                "distribution[0]",
                postJson(
                        jiangshan,
                        "/api/v1/alerts",
                        analyst,
                        json(alertWith("distribution", List.of("3507\u000022")))));
        assertFieldRefused(
                "title",
                send(
                        "PUT",
                        jiangshan.baseUrl() + "/api/v1/alerts/" + shared,
                        analyst,
                        "application/json",
                        json(alertWith("title", "\u0000")).getBytes(StandardCharsets.UTF_8)));
        assertFieldRefused(
                "identifiers[0].value",
                postJson(
                        pucheng,
                        "/api/v1/alerts/hit-checks",
                        puchengAnalyst,
                        json(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", "1391234\u00005678"))))));
        assertFieldRefused(
                "description",
                postJson(
                        pucheng,
                        "/api/v1/alerts/" + shared + "/sightings",
                        puchengAnalyst,
                        json(Map.of("kind", "SIGHTING", "description", "目标车辆\u0000经过卡口"))));
        assertFieldRefused(
                "place",
                postJson(
                        pucheng,
                        "/api/v1/alerts/" + shared + "/sightings",
                        puchengAnalyst,
                        json(Map.of("kind", "SIGHTING", "place", "卡口\u0000", "description", "目标车辆经过卡口"))));
        assertFieldRefused(
                "note",
                postJson(
                        pucheng,
                        "/api/v1/alerts/" + shared + "/acknowledgement",
                        puchengAnalyst,
                        json(Map.of("note", "已部署\u0000"))));
        assertFieldRefused(
                "reason",
                postJson(
                        pucheng,
                        "/api/v1/alerts/disclosure-requests",
                        puchengAnalyst,
                        json(Map.of("owner", JIANGSHAN, "alertId", shared, "reason", "侦办\u0000盗窃案"))));
        assertFieldRefused(
                "reason",
                postJson(
                        jiangshan,
                        "/api/v1/alerts/disclosure-requests/" + UUID.randomUUID() + "/answer",
                        analyst,
                        json(Map.of("decision", "DENIED", "reason", "\u0000"))));

        for (String query :
                List.of("?q=a%00b", "?subject=%00", "?q=%1F", "?origin=33088%00", "?cursor=%00", "?q=%E2%80%AE%00")) {
            assertProblem(400, get(jiangshan, "/api/v1/alerts" + query, analyst));
        }
        assertProblem(400, get(jiangshan, "/api/v1/alerts/export/stix?id=%00", analyst));
        assertProblem(400, get(jiangshan, "/api/v1/alerts/%00", analyst));
        assertEquals(before, stored());
    }

    @Test
    void theJsonReaderIsStrict() {
        String analyst = token(JIANGSHAN, "analyst");
        Map<String, Long> before = stored();
        String valid = json(alert());

        assertProblem(400, postJson(jiangshan, "/api/v1/alerts", analyst, valid + "}}}garbage"));
        assertProblem(400, postJson(jiangshan, "/api/v1/alerts", analyst, valid + " " + valid));
        assertProblem(400, postJson(jiangshan, "/api/v1/alerts", analyst, valid + " 1"));
        assertFieldRefused("title", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("title", 123))));
        assertFieldRefused("title", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("title", true))));
        assertFieldRefused(
                "informationCredibility",
                postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("informationCredibility", 1.5))));
        assertFieldRefused(
                "informationCredibility",
                postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("informationCredibility", "2"))));
        assertFieldRefused(
                "validFrom", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("validFrom", 123))));
        assertFieldRefused(
                "validUntil", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("validUntil", 1.8e9))));
        assertFieldRefused("severity", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("severity", 0))));
        assertFieldRefused(
                "distribution",
                postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("distribution", PUCHENG))));
        assertFieldRefused("bogus", postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("bogus", 1))));
        // the same field twice: which one would a validator and the database each see?
        assertProblem(
                400,
                postJson(jiangshan, "/api/v1/alerts", analyst, valid.replaceFirst("\\{", "{\"title\":\"另一个标题\",")));
        assertEquals(before, stored());
    }

    @Test
    void jsonBodiesAreUtf8Only() throws Exception {
        String analyst = token(JIANGSHAN, "analyst");
        String valid = json(alert());
        String url = jiangshan.baseUrl() + "/api/v1/alerts";
        Map<String, Long> before = stored();

        assertProblem(415, send("POST", url, analyst, "application/json", valid.getBytes(StandardCharsets.UTF_16LE)));
        assertProblem(415, send("POST", url, analyst, "application/json", valid.getBytes(StandardCharsets.UTF_16)));
        assertProblem(
                415,
                send("POST", url, analyst, "application/json", ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8)));
        assertProblem(
                415,
                send(
                        "POST",
                        url,
                        analyst,
                        "application/json; charset=UTF-16",
                        valid.getBytes(StandardCharsets.UTF_16)));
        assertProblem(
                415,
                send(
                        "POST",
                        url,
                        analyst,
                        "application/json; charset=klingon",
                        valid.getBytes(StandardCharsets.UTF_8)));
        assertProblem(
                415,
                send(
                        "POST",
                        url,
                        analyst,
                        "application/json; charset=ISO-8859-1",
                        valid.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> byTheServer = send(
                "POST", url, analyst, "application/json; charset=ISO-8859-1", valid.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> byJaxRs = send("POST", url, analyst, "text/plain", valid.getBytes(StandardCharsets.UTF_8));
        assertProblem(415, byJaxRs);
        // one title for one status, whichever layer refused
        assertEquals(
                JSON.readTree(byTheServer.body()).get("title"),
                JSON.readTree(byJaxRs.body()).get("title"),
                byTheServer.body() + " / " + byJaxRs.body());
        // bytes that are not UTF-8 inside a string
        byte[] broken = valid.replace("走私烟草车辆预警", "@@").getBytes(StandardCharsets.UTF_8);
        int at = new String(broken, StandardCharsets.ISO_8859_1).indexOf("@@");
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) 0x28;
        assertProblem(400, send("POST", url, analyst, "application/json", broken));
        assertEquals(before, stored());

        assertEquals(
                201,
                send("POST", url, analyst, "application/json; charset=utf-8", valid.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
    }

    @Test
    void aLongListIsRefusedByItsSizeBeforeItsItemsAndFieldErrorsAreCapped() {
        String analyst = token(JIANGSHAN, "analyst");
        Map<String, Long> before = stored();
        List<Map<String, String>> invalid = IntStream.range(0, 30_000)
                .mapToObj(i -> Map.of("kind", "PERSON", "value", "1"))
                .toList();

        HttpResponse<String> response =
                postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("subjects", invalid)));
        assertFieldRefused("subjects", response);
        assertFalse(response.body().contains("subjects[0]"), "items are not validated: " + response.body());
        assertTrue(response.body().length() < 2_000, response.body().length() + " characters");
        response = postJson(jiangshan, "/api/v1/alerts/hit-checks", analyst, json(Map.of("identifiers", invalid)));
        assertFieldRefused("identifiers", response);
        assertTrue(response.body().length() < 2_000, response.body().length() + " characters");

        // fifty invalid subjects are fifty field errors, of which the first twenty are listed
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(alertWith("subjects", invalid.subList(0, 50)))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(20))
                .body("detail", org.hamcrest.Matchers.containsString("50"));

        // a body over the limit is refused before it is read
        List<Map<String, String>> huge = IntStream.range(0, 100_000)
                .mapToObj(i -> Map.of("kind", "PERSON", "value", "1"))
                .toList();
        assertProblem(413, postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("subjects", huge))));
        assertEquals(before, stored());
    }

    @Test
    void timestampsOutsideWhatTheDatabaseStoresAreRefused() {
        String analyst = token(JIANGSHAN, "analyst");
        Map<String, Long> before = stored();
        assertFieldRefused(
                "validFrom",
                postJson(jiangshan, "/api/v1/alerts", analyst, json(alertWith("validFrom", "+99999-01-01T00:00:00Z"))));
        assertFieldRefused(
                "validUntil",
                postJson(
                        jiangshan,
                        "/api/v1/alerts",
                        analyst,
                        json(alertWith("validUntil", "+999999-01-01T00:00:00Z"))));
        assertFieldRefused(
                "validFrom",
                postJson(
                        jiangshan,
                        "/api/v1/alerts",
                        analyst,
                        json(alertWith("validFrom", "0001-01-01T00:00:00+08:00"))));
        assertFieldRefused(
                "observedAt",
                postJson(
                        pucheng,
                        "/api/v1/alerts/" + shared + "/sightings",
                        token(PUCHENG, "analyst"),
                        json(Map.of(
                                "kind",
                                "SIGHTING",
                                "description",
                                "见到目标",
                                "observedAt",
                                "1800-01-01T00:00:00+08:00"))));
        assertProblem(400, get(jiangshan, "/api/v1/alerts?activeAt=%2B999999-01-01T00:00:00Z", analyst));
        assertProblem(400, get(jiangshan, "/api/v1/alerts?activeAt=garbage", analyst));
        assertProblem(400, get(jiangshan, "/api/v1/alerts?limit=abc", analyst));
        assertProblem(400, get(jiangshan, "/api/v1/alerts?severity=PURPLE", analyst));
        assertEquals(before, stored());
    }

    /**
     * A cursor is the client's to send back: one forged with a time the database cannot hold (or
     * Java cannot convert) is refused like any other cursor that is not ours, 400, never a 500.
     */
    @Test
    void forgedCursorsWithTimesTheDatabaseCannotHoldAreRefused() {
        String analyst = token(JIANGSHAN, "analyst", "commander");
        Map<String, Long> before = stored();
        String id = UUID.randomUUID().toString();
        for (String at : List.of(
                "-5000-01-01T00:00:00Z",
                "+300000-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59Z",
                "1899-12-31T23:59:59Z")) {
            String cursor = java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
            for (String path : List.of(
                    "/api/v1/alerts?cursor=",
                    "/api/v1/alerts/disclosure-requests?cursor=",
                    "/api/v1/alerts/" + shared + "/sightings?cursor=")) {
                assertProblem(400, get(jiangshan, path + cursor, analyst));
            }
        }
        // a cursor the API gave out still works
        String next = given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(analyst)
                .queryParam("limit", 1)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .path("nextCursor");
        if (next != null) {
            assertEquals(
                    200,
                    get(jiangshan, "/api/v1/alerts?limit=1&cursor=" + next, analyst)
                            .statusCode());
        }
        assertEquals(before, stored());
    }

    /** A boolean parameter is true or false: anything else is refused, not read as false. */
    @Test
    void booleanParametersAreTrueOrFalseOnly() {
        String analyst = token(JIANGSHAN, "analyst");
        for (String value : List.of("maybe", "1", "0", "yes")) {
            assertProblem(400, get(jiangshan, "/api/v1/alerts?facets=" + value, analyst));
        }
        assertEquals(200, get(jiangshan, "/api/v1/alerts?facets=true", analyst).statusCode());
        assertEquals(200, get(jiangshan, "/api/v1/alerts?facets=false", analyst).statusCode());
    }

    @Test
    void claimsLongerThanTheirColumnsOrWithControlCharactersAreRefused() {
        Map<String, Long> before = stored();
        String body = json(alert());
        for (String unit : List.of("长".repeat(101), "坛石\u0000派出所", "坛石\n派出所")) {
            String token = federation
                    .issuer(JIANGSHAN)
                    .token(JIANGSHAN)
                    .roles("analyst")
                    .unit(unit)
                    .sign();
            assertProblem(401, postJson(jiangshan, "/api/v1/alerts", token, body));
        }
        for (String subject : List.of("u".repeat(201), "officer\u0000")) {
            String token = federation
                    .issuer(JIANGSHAN)
                    .token(JIANGSHAN)
                    .roles("analyst")
                    .subject(subject)
                    .sign();
            assertProblem(401, postJson(jiangshan, "/api/v1/alerts", token, body));
        }
        assertEquals(before, stored());
        // exactly as long as the column is fine
        String longest = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("analyst")
                .unit("长".repeat(100))
                .subject("u".repeat(200))
                .sign();
        assertEquals(201, postJson(jiangshan, "/api/v1/alerts", longest, body).statusCode());
    }

    @Test
    void aPartnersFailedCallCarriesNoSqlOrStackTrace() throws Exception {
        String peer = federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        Map<String, Long> before = stored();
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + peer);
            var stub = HitCheckServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            ByteString hash = ByteString.copyFrom(new byte[32]);
            var identifier = org.borderpolice.federation.proto.common.v1.CheckedIdentifier.newBuilder()
                    .addHashes(org.borderpolice.federation.proto.common.v1.KeyedHash.newBuilder()
                            .setKeyVersion(1)
                            .setHash(hash))
                    .build();
            for (HitCheckRequest request : List.of(
                    HitCheckRequest.newBuilder()
                            .setCheckId(UUID.randomUUID().toString())
                            .addIdentifiers(identifier)
                            .addRequesterRoles("analyst")
                            .setRequestingUnit("浦城县公安局")
                            .setRequestedBy("o".repeat(300))
                            .build(),
                    HitCheckRequest.newBuilder()
                            .setCheckId(UUID.randomUUID().toString())
                            .addIdentifiers(identifier)
                            .addRequesterRoles("analyst")
                            .setRequestingUnit("浦城\u0000县公安局")
                            .setRequestedBy("officer")
                            .build())) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.check(request));
                String description = String.valueOf(e.getStatus().getDescription());
                assertNotEquals(Status.Code.UNKNOWN, e.getStatus().getCode(), description);
                for (String leak : List.of(
                        "SQL",
                        "sql",
                        "INSERT",
                        "insert into",
                        "select",
                        "ERROR:",
                        "Exception",
                        "\tat ",
                        "org.",
                        "hit_check_log",
                        "audit_log")) {
                    assertFalse(description.contains(leak), "'" + leak + "' in " + description);
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals(before, stored());
    }

    @Test
    void aPartnersCallThatFailsInsideTheServiceGetsInternalWithoutDetails() throws Exception {
        String peer = federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        var identifier = org.borderpolice.federation.proto.common.v1.CheckedIdentifier.newBuilder()
                .addHashes(org.borderpolice.federation.proto.common.v1.KeyedHash.newBuilder()
                        .setKeyVersion(1)
                        .setHash(ByteString.copyFrom(new byte[32])))
                .build();
        HitCheckRequest valid = HitCheckRequest.newBuilder()
                .setCheckId(UUID.randomUUID().toString())
                .addIdentifiers(identifier)
                .addRequesterRoles("analyst")
                .setRequestingUnit("浦城县公安局")
                .setRequestedBy("officer")
                .build();
        // a valid request meets a database that fails on the check's record: a fault of ours (an error
        // raised by a trigger, SQLSTATE P0001), neither the partner's input nor a rule nor overload
        try (var c = federation.database(JIANGSHAN).connect();
                var s = c.createStatement()) {
            s.execute("CREATE FUNCTION bad_input_it_fault() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'bad_input_it_fault in hit_check_log'; END $$");
            s.execute("CREATE TRIGGER bad_input_it_fault BEFORE INSERT ON federation.hit_check_log "
                    + "FOR EACH ROW EXECUTE FUNCTION bad_input_it_fault()");
        }
        long records = federation.database(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log");
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + peer);
            var stub = HitCheckServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.check(valid));
            assertEquals(
                    Status.Code.INTERNAL, e.getStatus().getCode(), e.getStatus().toString());
            // the one classifier's answer for a fault of ours: a fixed description with an error id
            assertTrue(
                    String.valueOf(e.getStatus().getDescription())
                            .startsWith("the call could not be completed; error id "),
                    e.getStatus().toString());
            assertEquals(null, e.getStatus().getCause());
            String trailers = String.valueOf(e.getTrailers());
            for (String leak :
                    List.of("SQL", "hit_check_log", "bad_input_it_fault", "constraint", "Exception", "\tat ")) {
                assertFalse(trailers.contains(leak), "'" + leak + "' in " + trailers);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            try (var c = federation.database(JIANGSHAN).connect();
                    var s = c.createStatement()) {
                s.execute("DROP TRIGGER bad_input_it_fault ON federation.hit_check_log");
                s.execute("DROP FUNCTION bad_input_it_fault()");
            }
        }
        assertEquals(records, federation.database(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log"));
        // the fault is in our log, with the check it concerns
        assertTrue(jiangshan.logText().contains(valid.getCheckId()), "logged here");
    }

    /** Not a test of its own: a valid request still goes through after all of the above. */
    @Test
    void aValidAlertIsStillAccepted() {
        Map<String, Object> body = new HashMap<>(alert());
        body.put("validFrom", "2026-01-01T08:00:00+08:00");
        body.put("validUntil", "2199-12-31T00:00:00Z");
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(token(JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .body("subjects.value", hasItem("浙H12345"));
    }
}
