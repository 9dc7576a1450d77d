package org.borderpolice.gateway;

import static io.restassured.RestAssured.given;
import static org.borderpolice.gateway.GatewayProcesses.JIANGSHAN;
import static org.borderpolice.gateway.GatewayProcesses.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged gateway of Jiangshan in front of Jiangshan's packaged intel-sharing (its own
 * database, the same trust list): a request with a real signed token goes through the gateway
 * to the service and comes back with the service's answer, the same the service gives directly;
 * what the service refuses it refuses through the gateway too (the gateway grants nothing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayInFrontOfServiceIT {

    static final String PROBLEM = "application/problem+json";
    /** intel-sharing's packaged application, built before the gateway (gateway/pom.xml). */
    static final Path INTEL_SHARING = Path.of("..", "intel-sharing", "target", "quarkus-app")
            .toAbsolutePath()
            .normalize();

    private TestFederation federation;
    private JurisdictionProcess intel;
    private JurisdictionProcess gateway;

    @BeforeAll
    void start() throws IOException {
        assertTrue(
                Files.exists(INTEL_SHARING.resolve("quarkus-run.jar")),
                "package intel-sharing first: " + INTEL_SHARING.toAbsolutePath());
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
        intel = federation.process(JIANGSHAN, INTEL_SHARING, Map.of());
        Map<String, String> settings =
                GatewayProcesses.settings(federation.issuer(JIANGSHAN), federation.issuer(PUCHENG));
        settings.put("border.gateway.services.intel-sharing.url", intel.baseUrl());
        settings.put("border.gateway.services.intel-sharing.management-url", intel.managementUrl());
        // the other services are not running here: addresses where nothing listens, never the
        // default local ports (another process of this machine may hold them)
        for (String other : List.of("case-exchange", "joint-mediation")) {
            String closed = "http://127.0.0.1:" + closedPort();
            settings.put("border.gateway.services." + other + ".url", closed);
            settings.put("border.gateway.services." + other + ".management-url", closed);
        }
        gateway = GatewayProcesses.process("gateway-" + JIANGSHAN, settings);
        JurisdictionProcess.startAll(Duration.ofSeconds(90), intel, gateway);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(gateway, intel);
    }

    private String token(String code, String... roles) {
        return federation
                .issuer(code)
                .token(JIANGSHAN)
                .subject("it-" + UUID.randomUUID())
                .roles(roles)
                .unit("坛石派出所")
                .sign();
    }

    private static Map<String, Object> alert() {
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

    @Test
    void aRequestWithARealTokenReachesTheServiceAndReturnsItsAnswer() {
        String requestId = "it-" + UUID.randomUUID();
        String analyst = token(JIANGSHAN, "analyst");
        String id = given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(analyst)
                .header("X-Request-Id", requestId)
                .contentType(ContentType.JSON)
                .body(alert())
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .header("X-Request-Id", requestId)
                .body("title", equalTo("走私烟草车辆预警"))
                .extract()
                .path("id");
        // the service stored it: read directly and through the gateway, the same answer
        Response direct =
                given().baseUri(intel.baseUrl()).auth().oauth2(analyst).when().get("/api/v1/alerts/" + id);
        Response through =
                given().baseUri(gateway.baseUrl()).auth().oauth2(analyst).when().get("/api/v1/alerts/" + id);
        assertEquals(200, direct.statusCode(), direct.asString());
        assertEquals(200, through.statusCode(), through.asString());
        assertEquals(direct.jsonPath().getString("id"), through.jsonPath().getString("id"));
        assertEquals(direct.jsonPath().getString("title"), through.jsonPath().getString("title"));
        assertEquals(direct.jsonPath().getString("origin"), through.jsonPath().getString("origin"));
        // a partner's user at our gateway: what the service lets Pucheng see, the service decides
        String partner = token(PUCHENG, "investigator");
        Response partnerDirect =
                given().baseUri(intel.baseUrl()).auth().oauth2(partner).when().get("/api/v1/alerts/" + id);
        Response partnerThrough =
                given().baseUri(gateway.baseUrl()).auth().oauth2(partner).when().get("/api/v1/alerts/" + id);
        assertEquals(partnerDirect.statusCode(), partnerThrough.statusCode(), partnerThrough.asString());
        assertEquals(partnerDirect.contentType(), partnerThrough.contentType());
    }

    @Test
    void whatTheServiceRefusesItRefusesThroughTheGateway() {
        // a valid token without a suite role passes the gateway; the service answers 403
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(token(JIANGSHAN))
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("status", equalTo(403));
        // invalid input: the service's 400 problem+json, unchanged
        Map<String, Object> bad = alert();
        bad.put("severity", "PURPLE");
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(token(JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(bad)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        // no token: the gateway's 401
        given().baseUri(gateway.baseUrl())
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer");
        // a service that is not running: 502 problem+json
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(token(JIANGSHAN, "investigator"))
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(502)
                .contentType(PROBLEM);
    }

    @Test
    void theMergedDocumentHoldsTheServicesRealOperations() {
        given().baseUri(gateway.baseUrl())
                .when()
                .get("/api/v1/gateway/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/alerts"))
                .body("paths", hasKey("/api/v1/alerts/{id}"))
                .body("paths", hasKey("/api/v1/services/intel-sharing/federation/outbox"))
                .body("paths", hasKey("/api/v1/gateway/caller"))
                .body("x-border-unavailable", org.hamcrest.Matchers.hasItems("case-exchange", "joint-mediation"));
    }

    // --- 周报 the weekly bulletin: real intel-sharing (alerts, directory), the other services down

    private static String currentWeek() {
        return IsoWeek.of(LocalDate.now(ZoneId.of("Asia/Shanghai"))).toString();
    }

    /** A bulletin through the gateway; {@code token} null: none. */
    private Response bulletin(String token, String path) {
        RequestSpecification request = given().baseUri(gateway.baseUrl());
        return (token == null ? request : request.auth().oauth2(token)).get("/api/v1/bulletins/" + path);
    }

    private int red(String token) {
        Response r = bulletin(token, currentWeek());
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getBoolean("alerts.source.available"), r.asString());
        return r.jsonPath().getInt("alerts.bySeverity.RED");
    }

    private void publish(String handling) {
        Map<String, Object> body = alert();
        body.put("severity", "RED");
        body.put("handling", handling);
        Response r = given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(token(JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/alerts");
        assertEquals(201, r.statusCode(), r::asString);
    }

    @Test
    void theBulletinHoldsEachServicesFiguresAsTheCallerMaySeeThemAndMarksServicesDown() {
        String analyst = token(JIANGSHAN, "analyst");
        String partner = token(PUCHENG, "analyst");
        int ours = red(analyst);
        int theirs = red(partner);
        publish("GENERAL");
        publish("HIT_ONLY"); // never distributed: Pucheng's analyst does not see it
        assertEquals(ours + 2, red(analyst));
        assertEquals(theirs + 1, red(partner));
        Response r = bulletin(analyst, currentWeek());
        assertEquals(currentWeek(), r.jsonPath().getString("week"));
        assertEquals(JIANGSHAN, r.jsonPath().getString("jurisdiction"));
        assertEquals("江山市公安局", r.jsonPath().getString("jurisdictionName"));
        assertEquals(false, r.jsonPath().getBoolean("complete"));
        // the directory answers (intel-sharing hosts it); case-exchange and joint-mediation are down
        assertTrue(r.jsonPath().getBoolean("patrols.source.available"), r.asString());
        assertEquals(0, r.jsonPath().getInt("patrols.held"));
        for (String section : List.of("cases", "disputes")) {
            assertEquals(false, r.jsonPath().getBoolean(section + ".source.available"), section);
            assertEquals("the service could not be reached", r.jsonPath().getString(section + ".source.unavailable"));
        }
        assertNull(r.jsonPath().get("cases.opened"));
        // an investigator: the alert statistics refuse the role, the directory's do not
        Response investigator = bulletin(token(JIANGSHAN, "investigator"), currentWeek());
        assertEquals(200, investigator.statusCode());
        assertEquals(false, investigator.jsonPath().getBoolean("alerts.source.available"));
        assertTrue(
                investigator.jsonPath().getString("alerts.source.unavailable").startsWith("the service answered 403"));
        assertNull(investigator.jsonPath().get("alerts.published"));
        assertTrue(investigator.jsonPath().getBoolean("patrols.source.available"));
    }

    @Test
    void theBulletinIsAPrintablePageWithChineseHeadings() {
        Response r = bulletin(token(JIANGSHAN, "analyst"), currentWeek() + ".html");
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        String page = r.asString();
        IsoWeek week = IsoWeek.parse(currentWeek());
        for (String text : List.of(
                "边界警务合作周报",
                "江山市公安局（330881）",
                week.year() + "年第" + week.week() + "周（" + week.monday() + " 至 " + week.sunday() + "）",
                "一、预警信息",
                "红色预警",
                "四、联合巡逻与联席会议",
                "暂无数据（case-exchange）")) {
            assertTrue(page.contains(text), () -> text + " missing in " + page);
        }
        // review 28 S2: on the console's origin, the page runs no script and loads nothing; only
        // its own style block, by its hash
        assertPageHeaders(r, page);
        // a past week is whole
        Response past = bulletin(token(JIANGSHAN, "analyst"), "2026-W01");
        assertEquals(200, past.statusCode(), past.asString());
        assertEquals("2025-12-29", past.jsonPath().getString("firstDay"));
        assertEquals(true, past.jsonPath().getBoolean("complete"));
    }

    /** The CSP every answer under /api carries: nothing but the page's own style block. */
    static void assertPageHeaders(Response r, String page) {
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        java.util.regex.Matcher style = java.util.regex.Pattern.compile(
                        "<style>(.*?)</style>", java.util.regex.Pattern.DOTALL)
                .matcher(page);
        String hash = style.find()
                ? java.util.Base64.getEncoder()
                        .encodeToString(sha256(style.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                : "(a page without style)";
        Map<String, String> directives = new java.util.TreeMap<>();
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null, "no Content-Security-Policy");
        for (String directive : csp.split(";")) {
            String d = directive.strip();
            int space = d.indexOf(' ');
            directives.put(d.substring(0, space), d.substring(space + 1));
        }
        assertEquals(
                Map.of(
                        "default-src", "'none'",
                        "style-src", "'sha256-" + hash + "'",
                        "base-uri", "'none'",
                        "form-action", "'none'",
                        "frame-ancestors", "'none'"),
                directives,
                csp);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyAnswerUnderApiCarriesNosniffAndTheCsp() {
        String page =
                bulletin(token(JIANGSHAN, "analyst"), currentWeek() + ".html").asString();
        List<Response> answers = List.of(
                // the service's JSON through the proxy
                given().baseUri(gateway.baseUrl())
                        .auth()
                        .oauth2(token(JIANGSHAN, "analyst"))
                        .get("/api/v1/alerts"),
                // the gateway's own JSON
                bulletin(token(JIANGSHAN, "analyst"), currentWeek()),
                // refusals: the gateway's and the proxy's
                bulletin(null, currentWeek() + ".html"),
                given().baseUri(gateway.baseUrl()).get("/api/v1/alerts"),
                given().baseUri(gateway.baseUrl())
                        .auth()
                        .oauth2(token(JIANGSHAN, "analyst"))
                        .get("/api/v1/nothing-here"));
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertEquals(List.of(200, 200, 401, 401, 404), statuses);
        for (Response r : answers) {
            assertPageHeaders(r, page);
        }
    }

    @Test
    void theBulletinRefusesBadWeeksFutureWeeksAndCallersWithoutAValidToken() {
        String analyst = token(JIANGSHAN, "analyst");
        for (String bad : List.of("2026-W54", "2026-W00", "2026-48", "W48", "1899-W10", "2026-W48.pdf")) {
            Response r = bulletin(analyst, bad);
            assertEquals(400, r.statusCode(), () -> bad + ": " + r.asString());
            assertEquals(PROBLEM, r.contentType(), bad);
        }
        IsoWeek next = IsoWeek.of(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(7));
        for (String future : List.of(next.toString(), next + ".html", "2199-W01")) {
            Response r = bulletin(analyst, future);
            assertEquals(404, r.statusCode(), () -> future + ": " + r.asString());
            assertEquals(PROBLEM, r.contentType(), future);
        }
        String stranger =
                new TestIssuer("330822").token(JIANGSHAN).roles("analyst").sign();
        for (String path : List.of(currentWeek(), currentWeek() + ".html")) {
            for (String token : java.util.Arrays.asList(null, stranger)) {
                Response r = bulletin(token, path);
                assertEquals(401, r.statusCode(), () -> path + ": " + r.asString());
                assertEquals(PROBLEM, r.contentType(), path);
            }
        }
    }

    @Test
    void theMergedDocumentHoldsTheBulletin() {
        given().baseUri(gateway.baseUrl())
                .when()
                .get("/api/v1/gateway/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/bulletins/{week}"))
                .body("paths", hasKey("/api/v1/bulletins/{week}.html"))
                .body("paths", hasKey("/api/v1/alerts/statistics"))
                .body("paths", hasKey("/api/v1/directory/statistics"));
    }

    /** Pucheng's relay delivers a RED alert for Jiangshan to Jiangshan's intel-sharing; its id. */
    private String puchengRedAlert(String title) {
        String id =
                org.borderpolice.federation.validation.RecordIds.create(PUCHENG).toString();
        java.time.Instant now = java.time.Instant.now();
        com.google.protobuf.Timestamp at = com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(now.getEpochSecond())
                .setNanos(now.getNano())
                .build();
        var alert = org.borderpolice.federation.proto.intel.v1.AlertProto.Alert.newBuilder()
                .setId(id)
                .setOrigin(PUCHENG)
                .setIssuingUnit("浦城县公安局")
                .setCategory(org.borderpolice.federation.proto.intel.v1.AlertProto.AlertCategory.SMUGGLING)
                .setSeverity(org.borderpolice.federation.proto.intel.v1.AlertProto.Severity.RED)
                .setTitle(title)
                .setBody("一辆闽H牌照货车疑似运输走私烟，可能经205国道进入江山。")
                .setValidFrom(at)
                .addDistribution(JIANGSHAN)
                .setHandling(org.borderpolice.federation.proto.intel.v1.AlertProto.HandlingCode.GENERAL)
                .setSourceReliability("B")
                .setInformationCredibility(2)
                .setVersion(1)
                .setPublishedAt(at)
                .setUpdatedAt(at)
                .build();
        var event = org.borderpolice.federation.proto.replication.v1.ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG)
                .setRecordType("intel.alert")
                .setRecordId(id)
                .setVersion(1)
                .setOccurredAt(at)
                .addDistribution(PUCHENG)
                .addDistribution(JIANGSHAN)
                .setPayload(com.google.protobuf.Any.pack(alert))
                .build();
        try (var client = new org.borderpolice.federation.testing.ReplicationClient(intel.httpPort())) {
            var ack = client.deliver(
                    federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign(), event);
            assertEquals(
                    org.borderpolice.federation.proto.replication.v1.Outcome.APPLIED,
                    ack.getResults(0).getOutcome(),
                    ack.toString());
        }
        return id;
    }

    @Test
    void theMergedNotificationStreamCarriesTheServicesNotificationsAndResumes() {
        java.net.URI stream = java.net.URI.create(gateway.baseUrl() + "/api/v1/notifications/stream");
        String analyst = token(JIANGSHAN, "analyst");
        String resumeWith;
        try (var merged = org.borderpolice.federation.testing.SseClient.open(stream, analyst, null)) {
            assertEquals(200, merged.status());
            assertTrue(merged.contentType().startsWith("text/event-stream"), merged.contentType());
            // intel-sharing's stream is open once its position is in the merged id (case-exchange and
            // joint-mediation are down here: the stream goes on without them)
            while (merged.lastEventId() == null || !merged.lastEventId().contains("intel-sharing:")) {
                merged.next();
            }
            String first = puchengRedAlert("走私香烟货车");
            var event = merged.nextEvent();
            assertEquals("alert.acknowledgement-due", event.name());
            assertTrue(event.data().contains(first), event.data());
            assertTrue(event.id().matches("intel-sharing:[0-9]+"), event.id());
            resumeWith = merged.lastEventId();
        }
        // missed while away, then resumed with the merged id: exactly that one
        String missed = puchengRedAlert("走私香烟货车（二）");
        try (var merged = org.borderpolice.federation.testing.SseClient.open(stream, analyst, resumeWith)) {
            var event = merged.nextEvent();
            assertTrue(event.data().contains(missed), event.data());
            assertTrue(event.data().contains("浦城县公安局 红色预警待签收：走私香烟货车（二）"), event.data());
        }
        // refusals at the edge: no token, a Last-Event-ID that is not a merged id
        try (var refused = org.borderpolice.federation.testing.SseClient.open(stream, null, null)) {
            assertEquals(401, refused.status());
        }
        try (var refused = org.borderpolice.federation.testing.SseClient.open(stream, analyst, "12")) {
            assertEquals(400, refused.status());
        }
    }

    /** An answer read off the socket: status, headers (lower-case names), body. */
    record RawAnswer(int status, Map<String, String> headers, String body) {}

    /**
     * A GET whose request target is sent as these bytes (an HTTP client would percent-encode
     * them; curl and some scripts do not), HTTP/1.1, connection closed after the answer.
     */
    private static RawAnswer rawGet(String baseUrl, byte[] target, String token) throws IOException {
        java.net.URI base = java.net.URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.write("GET ".getBytes(StandardCharsets.US_ASCII));
            request.write(target);
            request.write((" HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                            + "\r\nAuthorization: Bearer " + token
                            + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "an HTTP answer: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
                int at = 0;
                while (true) {
                    int lineEnd = indexOfCrLf(body, at);
                    int size = Integer.parseInt(
                            new String(body, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    joined.write(body, lineEnd + 2, size);
                    at = lineEnd + 2 + size + 2;
                }
                body = joined.toByteArray();
            }
            return new RawAnswer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no chunk size line at " + from);
    }

    @Test
    void aRawUtf8QueryIsReadAsWhatItMeansAndABrokenTargetIsAProblemAtTheGatewayAndTheService() throws IOException {
        String analyst = token(JIANGSHAN, "analyst");
        Map<String, Object> fireworks = alert();
        fireworks.put("title", "非法运输烟花爆竹车辆预警");
        String id = given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(fireworks)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // the same search percent-encoded, as a client should send it
        List<String> encoded = given().baseUri(intel.baseUrl())
                .auth()
                .oauth2(analyst)
                .queryParam("q", "烟花爆竹")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertTrue(encoded.contains(id), encoded.toString());
        for (String base : List.of(intel.baseUrl(), gateway.baseUrl())) {
            // ?q=烟花爆竹 as raw UTF-8 bytes (烟 is E7 83 9F: 0x83 and 0x9F read as C1 control characters)
            RawAnswer raw = rawGet(base, "/api/v1/alerts?q=烟花爆竹&limit=200".getBytes(StandardCharsets.UTF_8), analyst);
            assertEquals(200, raw.status(), base + ": " + raw);
            List<String> found =
                    io.restassured.path.json.JsonPath.from(raw.body()).getList("items.id");
            assertEquals(encoded, found, base);
            // bytes that are not UTF-8 (烟花 in GBK), a control byte, a character java.net.URI does not
            // take, a broken escape: 400 problem+json, before any route
            for (byte[] broken : List.of(
                    concat(
                            "/api/v1/alerts?q=".getBytes(StandardCharsets.US_ASCII),
                            new byte[] {(byte) 0xD1, (byte) 0xCC, (byte) 0xBB, (byte) 0xA8}),
                    concat("/api/v1/alerts?q=a".getBytes(StandardCharsets.US_ASCII), new byte[] {0x01}),
                    "/api/v1/alerts?q={x}".getBytes(StandardCharsets.US_ASCII),
                    "/api/v1/alerts?q=%zz".getBytes(StandardCharsets.US_ASCII))) {
                RawAnswer refused = rawGet(base, broken, analyst);
                String what = base + " " + new String(broken, StandardCharsets.ISO_8859_1) + ": " + refused;
                assertEquals(400, refused.status(), what);
                assertTrue(refused.headers().getOrDefault("content-type", "").startsWith(PROBLEM), what);
                assertEquals(
                        400,
                        io.restassured.path.json.JsonPath.from(refused.body()).getInt("status"),
                        what);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
