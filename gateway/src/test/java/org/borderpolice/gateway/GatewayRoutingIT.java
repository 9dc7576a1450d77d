package org.borderpolice.gateway;

import static io.restassured.RestAssured.given;
import static org.borderpolice.gateway.StandIns.CONSOLE;
import static org.borderpolice.gateway.StandIns.GUANGFENG;
import static org.borderpolice.gateway.StandIns.GUANGFENG_IDP;
import static org.borderpolice.gateway.StandIns.JIANGSHAN;
import static org.borderpolice.gateway.StandIns.OWN;
import static org.borderpolice.gateway.StandIns.PUCHENG;
import static org.borderpolice.gateway.StandIns.PUCHENG_IDP;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.response.Response;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The packaged gateway (a process; one start, a second or two: it has no database) in front of
 * stand-in services (real HTTP servers in this JVM, {@link StandIns}): routing of every prefix,
 * headers on the way, streaming, failures of the services, token refusals that never reach a
 * service, rate limits, CORS and the merged OpenAPI document. Not a {@code @QuarkusTest}: the
 * test kit brings federation (datasources, replication beans) onto the test class path, which the
 * gateway must not have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayRoutingIT {

    static final String PROBLEM = "application/problem+json";

    URI base;
    JurisdictionProcess gateway;

    @BeforeAll
    void start() {
        Map<String, String> settings = GatewayProcesses.settings(OWN, PUCHENG_IDP);
        settings.putAll(StandIns.start());
        gateway = GatewayProcesses.process("gateway-routing", settings);
        gateway.startAndAwait();
        base = URI.create(gateway.baseUrl() + "/");
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        StandIns.stop();
    }

    /** A token of our own issuer for a subject of its own (rate limits are per subject). */
    static String token() {
        return OWN.token(JIANGSHAN)
                .subject("t-" + UUID.randomUUID())
                .roles("analyst")
                .sign();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void routesEveryPrefixToItsService() {
        Map<String, Upstream> routes = Map.ofEntries(
                Map.entry("/api/v1/alerts", StandIns.intel),
                Map.entry("/api/v1/alerts/a-1/acknowledgements", StandIns.intel),
                Map.entry("/api/v1/cases", StandIns.cases),
                Map.entry("/api/v1/cases/search", StandIns.cases),
                Map.entry("/api/v1/assistance-requests/r-1", StandIns.cases),
                Map.entry("/api/v1/case-reports", StandIns.cases),
                Map.entry("/api/v1/case-statistics", StandIns.cases),
                Map.entry("/api/v1/disputes/d-1", StandIns.mediation),
                Map.entry("/api/v1/mediators", StandIns.mediation),
                Map.entry("/api/v1/mediation-statistics", StandIns.mediation));
        routes.forEach((path, upstream) -> {
            String id = newId();
            given().baseUri(base.toString())
                    .auth()
                    .oauth2(token())
                    .header("X-Request-Id", id)
                    .queryParam("q", "走私")
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("X-Upstream", upstream.name)
                    .body("service", equalTo(upstream.name))
                    .body("uri", equalTo(path + "?q=%E8%B5%B0%E7%A7%81"));
            assertTrue(upstream.byRequestId.containsKey(id), path);
        });
        // a prefix is a whole segment: /api/v1/cases-x is no route of case-exchange
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/cases-x")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void routesAServicesOwnFederationEndpointsByItsName() {
        for (Upstream upstream : List.of(StandIns.cases, StandIns.intel, StandIns.mediation)) {
            given().baseUri(base.toString())
                    .auth()
                    .oauth2(token())
                    .contentType("application/json")
                    .body("{}")
                    .when()
                    .post("/api/v1/services/" + upstream.name + "/federation/transfers")
                    .then()
                    .statusCode(200)
                    .body("service", equalTo(upstream.name))
                    .body("method", equalTo("POST"))
                    .body("uri", equalTo("/api/v1/federation/transfers"));
        }
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/services/no-such-service/federation/transfers")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        // the gateway's own endpoints stay its own
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(200)
                .body("jurisdiction", equalTo(JIANGSHAN));
    }

    @Test
    void refusesPathsThatAServiceWouldReadOtherwise() throws Exception {
        // sent as written (an HTTP client library would normalise some of them away)
        io.vertx.core.http.HttpClient client = StandIns.vertx.createHttpClient(new HttpClientOptions());
        try {
            for (String path : List.of(
                    "/api/v1/cases/%2e%2e/federation/outbox",
                    "/api/v1/cases/x%2Fy",
                    "/api/v1/cases//x",
                    "/api/v1/cases/./x",
                    "/api/v1/cases/../federation/outbox")) {
                String id = newId();
                String token = token();
                io.vertx.core.http.HttpClientResponse response = client.request(new RequestOptions()
                                .setMethod(HttpMethod.GET)
                                .setHost(base.getHost())
                                .setPort(base.getPort())
                                .setURI(path))
                        .compose(request -> request.putHeader("Authorization", "Bearer " + token)
                                .putHeader("X-Request-Id", id)
                                .send())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                assertEquals(400, response.statusCode(), path);
                assertEquals(PROBLEM, response.getHeader("Content-Type"), path);
                assertFalse(StandIns.cases.byRequestId.containsKey(id), path);
            }
        } finally {
            client.close();
        }
    }

    /** A GET with exactly these headers (a client that sends what REST Assured would not), answered. */
    io.vertx.core.http.HttpClientResponse getWithHeaders(String uri, io.vertx.core.MultiMap headers) throws Exception {
        io.vertx.core.http.HttpClient client = StandIns.vertx.createHttpClient(new HttpClientOptions());
        try {
            return client.request(new RequestOptions()
                            .setMethod(HttpMethod.GET)
                            .setHost(base.getHost())
                            .setPort(base.getPort())
                            .setURI(uri))
                    .compose(request -> {
                        request.headers().addAll(headers);
                        return request.send();
                    })
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    @Test
    void passesTheCallersTokenOnAndSetsForwardingHeaders() throws Exception {
        String token = token();
        String id = newId();
        io.vertx.core.http.HttpClientResponse response = getWithHeaders(
                "/api/v1/cases/c-1",
                io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                        .add("Authorization", "Bearer " + token)
                        .add("X-Request-Id", id)
                        .add("Connection", "keep-alive, X-Hop")
                        .add("X-Hop", "dropped")
                        .add("Keep-Alive", "timeout=5")
                        .add("Proxy-Authorization", "Basic c2VjcmV0")
                        .add("X-Forwarded-For", "6.6.6.6")
                        .add("Forwarded", "for=6.6.6.6")
                        .add("X-Forwarded-Prefix", "/evil")
                        .add("x-forwarded-server", "evil")
                        .add("X-Real-IP", "6.6.6.6")
                        // a console session beside a bearer token: the session stays at the edge
                        .add("Cookie", "q_session_console330881=sealed-session; q_auth_console330881=state"));
        assertEquals(200, response.statusCode());
        // hop-by-hop headers of the service's answer are not passed back either
        assertNull(response.getHeader("X-Upstream-Hop"));
        assertEquals(id, response.getHeader("X-Request-Id"));
        Upstream.Received received = StandIns.cases.byRequestId.get(id);
        assertEquals("Bearer " + token, received.headers().get("Authorization"));
        assertEquals(id, received.headers().get("X-Request-Id"));
        assertNull(received.headers().get("X-Hop"));
        assertNull(received.headers().get("Keep-Alive"));
        assertNull(received.headers().get("Proxy-Authorization"));
        assertNull(received.headers().get("Forwarded"));
        assertNull(received.headers().get("Cookie"));
        assertNull(received.headers().get("X-Forwarded-Prefix"));
        assertNull(received.headers().get("X-Forwarded-Server"));
        assertNull(received.headers().get("X-Real-IP"));
        assertEquals("127.0.0.1", received.headers().get("X-Forwarded-For"));
        assertEquals("http", received.headers().get("X-Forwarded-Proto"));
        assertEquals(base.getHost() + ":" + base.getPort(), received.headers().get("X-Forwarded-Host"));
        assertEquals(String.valueOf(base.getPort()), received.headers().get("X-Forwarded-Port"));
    }

    /**
     * A WebSocket upgrade asked of the proxy is an ordinary request to it: the same routed path
     * and header rules (its WebSocket branch passed the caller's headers and raw path on).
     */
    @Test
    void anUpgradeRequestPassesTheSameRules() throws Exception {
        String id = newId();
        getWithHeaders(
                "/api/v1/cases/c-1",
                io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                        .add("Authorization", "Bearer " + token())
                        .add("X-Request-Id", id)
                        .add("Connection", "Upgrade")
                        .add("Upgrade", "websocket")
                        .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                        .add("Sec-WebSocket-Version", "13")
                        .add("X-Forwarded-For", "6.6.6.6")
                        .add("Cookie", "q_session_console330881=sealed-session"));
        Upstream.Received received = StandIns.cases.byRequestId.get(id);
        assertNotNull(received, "the stand-in received the request");
        assertNull(received.headers().get("Cookie"));
        assertNull(received.headers().get("Upgrade"));
        assertEquals("127.0.0.1", received.headers().get("X-Forwarded-For"));
    }

    /** A Transfer-Encoding other than exactly chunked: a 400 problem+json, not the proxy's bare 400. */
    @Test
    void aTransferEncodingOtherThanChunkedIsAProblem() throws Exception {
        for (String encoding : List.of("Chunked", "gzip, chunked")) {
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream()
                        .write(("POST /api/v1/alerts HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                                        + "\r\nAuthorization: Bearer " + token()
                                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: " + encoding
                                        + "\r\nConnection: close\r\n\r\n0\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String answer = new String(
                        socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 400"), encoding + ": " + answer);
                assertTrue(
                        answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"),
                        encoding + ": " + answer);
            }
        }
    }

    /**
     * A client's requests under way at once are bounded (2 in this test): slow ones hold their
     * pooled connections, so one more is a 429 at once; other clients are served, and the client
     * again once its slow requests ended.
     */
    @Test
    void aClientsRequestsUnderWayAtOnceAreBounded() throws Exception {
        String slow = OWN.token(JIANGSHAN)
                .subject("slow-" + UUID.randomUUID())
                .roles("analyst")
                .sign();
        io.vertx.core.http.HttpClient client = StandIns.vertx.createHttpClient(new HttpClientOptions());
        try {
            List<String> ids = List.of(newId(), newId());
            List<java.util.concurrent.CompletableFuture<Integer>> hanging = new java.util.ArrayList<>();
            for (String id : ids) {
                hanging.add(client.request(new RequestOptions()
                                .setMethod(HttpMethod.GET)
                                .setHost(base.getHost())
                                .setPort(base.getPort())
                                .setURI("/api/v1/slow-test"))
                        .compose(request -> request.putHeader("Authorization", "Bearer " + slow)
                                .putHeader("X-Request-Id", id)
                                .send())
                        .map(io.vertx.core.http.HttpClientResponse::statusCode)
                        .toCompletionStage()
                        .toCompletableFuture());
            }
            org.borderpolice.federation.testing.Await.until(
                    java.time.Duration.ofSeconds(10),
                    () -> ids.stream().allMatch(StandIns.cases.byRequestId::containsKey),
                    () -> "both slow requests reached the service");
            java.util.function.Function<String, io.restassured.response.ValidatableResponse> readCase =
                    bearer -> given().baseUri(base.toString())
                            .auth()
                            .oauth2(bearer)
                            .when()
                            .get("/api/v1/cases/c-1")
                            .then();
            readCase.apply(slow)
                    .statusCode(429)
                    .contentType(PROBLEM)
                    .body("type", equalTo("https://border-police.example/problems/too-many-in-flight"));
            readCase.apply(token()).statusCode(200);
            for (var h : hanging) {
                assertEquals(504, h.get(30, TimeUnit.SECONDS));
            }
            readCase.apply(slow).statusCode(200);
        } finally {
            client.close();
        }
    }

    @Test
    void keepsAValidRequestIdAndReplacesAMissingOrMalformedOne() {
        String kept = "req-" + newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .header("X-Request-Id", kept)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .header("X-Request-Id", kept)
                .body("headers.x-request-id", equalTo(kept));
        Response generated =
                given().baseUri(base.toString()).auth().oauth2(token()).when().get("/api/v1/alerts");
        generated.then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        assertEquals(generated.header("X-Request-Id"), generated.jsonPath().getString("headers.x-request-id"));
        for (String malformed : List.of("a b", "x".repeat(129), "id\u00e9", "<script>")) {
            Response replaced = given().baseUri(base.toString())
                    .auth()
                    .oauth2(token())
                    .header("X-Request-Id", malformed)
                    .when()
                    .get("/api/v1/alerts");
            replaced.then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
            assertEquals(replaced.header("X-Request-Id"), replaced.jsonPath().getString("headers.x-request-id"));
        }
    }

    @Test
    void refusedTokensNeverReachAService() {
        String noToken = newId();
        given().baseUri(base.toString())
                .header("X-Request-Id", noToken)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .header("X-Request-Id", noToken)
                .body("type", equalTo("https://border-police.example/problems/unauthenticated"));
        String untrusted = newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(new TestIssuer("330822")
                        .token(JIANGSHAN)
                        .roles("analyst")
                        .sign())
                .header("X-Request-Id", untrusted)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
        String expired = newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(OWN.token(JIANGSHAN)
                        .roles("analyst")
                        .expiredSince(Duration.ofMinutes(10))
                        .sign())
                .header("X-Request-Id", expired)
                .when()
                .get("/api/v1/disputes")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
        String forged = newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(OWN.token(JIANGSHAN).roles("analyst").signWithForeignKey())
                .header("X-Request-Id", forged)
                .contentType("application/json")
                .body("{\"title\":\"x\"}")
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
        String otherAudience = newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(PUCHENG_IDP.token("361103").roles("investigator").sign())
                .header("X-Request-Id", otherAudience)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
        for (String id : List.of(noToken, untrusted, expired, forged, otherAudience)) {
            for (Upstream upstream : List.of(StandIns.cases, StandIns.intel, StandIns.mediation)) {
                assertFalse(upstream.byRequestId.containsKey(id), id + " reached " + upstream.name);
            }
        }
        // a partner's valid token goes on: the service decides what it may see
        given().baseUri(base.toString())
                .auth()
                .oauth2(PUCHENG_IDP
                        .token(JIANGSHAN)
                        .subject("p-" + newId())
                        .roles("investigator")
                        .sign())
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("service", equalTo("intel-sharing"));
    }

    @Test
    void anUnreachableServiceIs502AndASilentOne504() {
        String id = newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .header("X-Request-Id", id)
                .when()
                .get("/api/v1/down-test")
                .then()
                .statusCode(502)
                .contentType(PROBLEM)
                .header("X-Request-Id", id)
                .body("status", equalTo(502))
                .body("type", equalTo("https://border-police.example/problems/upstream-unavailable"))
                .body("detail", not(org.hamcrest.Matchers.containsString("127.0.0.1")));
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/slow-test")
                .then()
                .statusCode(504)
                .contentType(PROBLEM)
                .body("status", equalTo(504))
                .body("type", equalTo("https://border-police.example/problems/upstream-timeout"));
        // a body on its way when the service does not answer: the timeout counts from its end
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .contentType("application/json")
                .body("{\"x\":\"" + "a".repeat(100_000) + "\"}")
                .when()
                .post("/api/v1/slow-test")
                .then()
                .statusCode(504)
                .contentType(PROBLEM);
    }

    @Test
    void streamsALargeUploadWhileTheCallerStillSends() throws Exception {
        String id = newId();
        long total = 30L * 1024 * 1024;
        AtomicLong upstreamBytes = StandIns.cases.bodyBytes.computeIfAbsent(id, k -> new AtomicLong());
        long half = total / 2;
        // sends half, then waits until the service has most of it before sending the rest: a gateway
        // that buffered the body whole would never pass this point
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) {
                    return -1;
                }
                if (sent == half) {
                    Await.until(
                            Duration.ofSeconds(30),
                            () -> upstreamBytes.get() >= half - 1024 * 1024,
                            () -> "the service got " + upstreamBytes.get() + " bytes while the caller had sent "
                                    + sent);
                }
                int n = (int) Math.min(len, (sent < half ? half : total) - sent);
                java.util.Arrays.fill(b, off, off + n, (byte) 'z');
                sent += n;
                return n;
            }
        };
        HttpResponse<String> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/v1/cases/c-1/files"))
                                .header("Authorization", "Bearer " + token())
                                .header("X-Request-Id", id)
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(total, new JsonObject(response.body()).getLong("received"));
        assertEquals(total, upstreamBytes.get());
    }

    @Test
    void refusalsOverHttp2AreWellFormed() throws IOException, InterruptedException {
        // the JDK's client upgrades a plain connection to HTTP/2 (h2c) on its first request and
        // takes a connection-specific header in an HTTP/2 answer for a malformed response
        HttpClient h2 =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> first = h2.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/cases")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, first.statusCode(), first.body());
        assertEquals(HttpClient.Version.HTTP_2, first.version(), "the connection was upgraded");
        // refused before its body was read: over HTTP/1.1 the answer closes the connection
        HttpResponse<String> refused = h2.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/cases"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"走私\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(PROBLEM, refused.headers().firstValue("Content-Type").orElse(null));
        assertTrue(refused.headers().firstValue("Connection").isEmpty());
        HttpResponse<String> tooLarge = h2.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/cases"))
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(1_100_000) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals(PROBLEM, tooLarge.headers().firstValue("Content-Type").orElse(null));
        // a refused upload is not read to its end: the stream is reset once the answer is out
        long total = 256L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        byte[] chunk = new byte[64 * 1024];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return sent.getAndIncrement() < total ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent.get() >= total) {
                    return -1;
                }
                int n = Math.min(len, chunk.length);
                sent.addAndGet(n);
                return n;
            }
        };
        try {
            HttpResponse<String> unauthenticated = h2.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/cases"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unauthenticated.statusCode(), unauthenticated.body());
        } catch (IOException resetWhileSending) {
            // the client may report the reset instead of the answer it read: what counts is below
        }
        assertTrue(sent.get() < total, "the gateway read a refused upload of " + total + " bytes to its end");
    }

    @Test
    void refusesOversizedBodiesAtTheEdge() throws IOException, InterruptedException {
        // announced: refused before any byte goes on
        String announced = newId();
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .header("X-Request-Id", announced)
                .contentType("application/json")
                .body("{\"x\":\"" + "a".repeat(1_100_000) + "\"}")
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(413)
                .contentType(PROBLEM);
        assertFalse(StandIns.cases.byRequestId.containsKey(announced));
        // chunked (no Content-Length): counted as it streams, cut at the limit
        String chunked = newId();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        InputStream body = new InputStream() {
            long sent;

            @Override
            public int read() {
                return sent++ < 3_000_000 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= 3_000_000) {
                    return -1;
                }
                int n = Math.min(len, chunk.length);
                System.arraycopy(chunk, 0, b, off, n);
                sent += n;
                return n;
            }
        };
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/cases"))
                                    .header("Authorization", "Bearer " + token())
                                    .header("X-Request-Id", chunked)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), response.body());
            assertEquals(PROBLEM, response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException closedWhileSending) {
            // the gateway answers and closes while the client still sends: acceptable, as long as
            // the service never got the whole body (below)
        }
        Upstream.Received seen = StandIns.cases.byRequestId.get(chunked);
        assertTrue(seen == null || !seen.complete(), "the service received the whole oversized body");
    }

    @Test
    void limitsEachClient() {
        String token = OWN.token(JIANGSHAN)
                .subject("limited-" + newId())
                .roles("analyst")
                .sign();
        for (int i = 0; i < 5; i++) {
            given().baseUri(base.toString())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/alerts")
                    .then()
                    .statusCode(200);
        }
        String refused = newId();
        Response response = given().baseUri(base.toString())
                .auth()
                .oauth2(token)
                .header("X-Request-Id", refused)
                .when()
                .get("/api/v1/cases");
        response.then()
                .statusCode(429)
                .contentType(PROBLEM)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://border-police.example/problems/rate-limited"));
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertFalse(StandIns.cases.byRequestId.containsKey(refused));
        // another client of the same jurisdiction is not held back
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200);
    }

    @Test
    void limitsEachPartnerAcrossItsUsers() {
        // twenty users of Guangfeng, one request each: the partner's rate (20) is used up
        for (int i = 0; i < 20; i++) {
            given().baseUri(base.toString())
                    .auth()
                    .oauth2(GUANGFENG_IDP
                            .token(JIANGSHAN)
                            .subject("g-" + newId())
                            .roles("investigator")
                            .sign())
                    .when()
                    .get("/api/v1/alerts")
                    .then()
                    .statusCode(200);
        }
        String fresh = GUANGFENG_IDP
                .token(JIANGSHAN)
                .subject("g-" + newId())
                .roles("investigator")
                .sign();
        given().baseUri(base.toString())
                .auth()
                .oauth2(fresh)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(429)
                .contentType(PROBLEM)
                .header("Retry-After", notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString("partner"));
        // Pucheng's users and ours are not held back by Guangfeng's use
        given().baseUri(base.toString())
                .auth()
                .oauth2(PUCHENG_IDP
                        .token(JIANGSHAN)
                        .subject("p-" + newId())
                        .roles("investigator")
                        .sign())
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200);
        given().baseUri(base.toString())
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200);
        assertNotEquals(GUANGFENG, JIANGSHAN);
    }

    // merged notification streams (review 26 M2, C4): the stand-ins answer by the token's subject

    private URI notificationStream() {
        return URI.create(base + "api/v1/notifications/stream");
    }

    private static String ownToken(String subject) {
        return OWN.token(JIANGSHAN).subject(subject).roles("analyst").sign();
    }

    /** Asserts a problem answer; returns its body (read once: it is a stream). */
    private static String assertProblem(org.borderpolice.federation.testing.SseClient s, int status, String type) {
        String body = s.body();
        assertEquals(status, s.status(), body);
        assertTrue(s.contentType().startsWith(PROBLEM), s.contentType());
        assertTrue(body.contains("\"type\":\"https://border-police.example/problems/" + type + "\""), body);
        return body;
    }

    @Test
    void aMergedStreamCountsAgainstTheCallersRate() {
        String token = ownToken("streamer-" + newId());
        for (int i = 0; i < 5; i++) {
            given().baseUri(base.toString())
                    .auth()
                    .oauth2(token)
                    .get("/api/v1/alerts")
                    .then()
                    .statusCode(200);
        }
        try (var s = org.borderpolice.federation.testing.SseClient.open(notificationStream(), token, null)) {
            assertProblem(s, 429, "rate-limited");
            assertTrue(s.header("Retry-After") != null, "no Retry-After");
        }
    }

    @Test
    void aClosedStreamGivesItsPlaceBack() throws InterruptedException {
        // a console reloaded three times must not be locked out of its notifications; the client's
        // five requests an hour here: three streams, then two tries at a fourth, 1 s and 6 s after the
        // closes (the gateway learns of each from its connection: on a busy machine, not at once)
        String token = ownToken("reloader-" + newId());
        List<org.borderpolice.federation.testing.SseClient> three = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var s = org.borderpolice.federation.testing.SseClient.open(notificationStream(), token, null);
                three.add(s);
                assertEquals(200, s.status());
                s.next(); // open: its first position
            }
        } finally {
            three.forEach(org.borderpolice.federation.testing.SseClient::close);
        }
        String refused = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Thread.sleep(attempt == 0 ? 1000 : 5000);
            try (var fourth = org.borderpolice.federation.testing.SseClient.open(notificationStream(), token, null)) {
                if (fourth.status() == 200) {
                    return;
                }
                refused = fourth.status() + " " + fourth.body();
            }
        }
        throw new AssertionError("the closed streams' places were not given back: " + refused);
    }

    @Test
    void aClientHoldsAtMostThreeMergedStreams() {
        String token = ownToken("reader-" + newId());
        List<org.borderpolice.federation.testing.SseClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var s = org.borderpolice.federation.testing.SseClient.open(notificationStream(), token, null);
                open.add(s);
                assertEquals(200, s.status());
            }
            try (var fourth = org.borderpolice.federation.testing.SseClient.open(notificationStream(), token, null)) {
                assertProblem(fourth, 429, "too-many-streams");
                assertTrue(fourth.header("Retry-After") != null, "no Retry-After");
            }
        } finally {
            open.forEach(org.borderpolice.federation.testing.SseClient::close);
        }
    }

    @Test
    void aPartnersUsersTogetherHoldAtMostItsShareOfMergedStreams() {
        List<org.borderpolice.federation.testing.SseClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var s = org.borderpolice.federation.testing.SseClient.open(
                        notificationStream(),
                        PUCHENG_IDP
                                .token(JIANGSHAN)
                                .subject("p-" + newId())
                                .roles("analyst")
                                .sign(),
                        null);
                open.add(s);
                assertEquals(200, s.status());
            }
            try (var another = org.borderpolice.federation.testing.SseClient.open(
                    notificationStream(),
                    PUCHENG_IDP
                            .token(JIANGSHAN)
                            .subject("p-" + newId())
                            .roles("analyst")
                            .sign(),
                    null)) {
                String body = assertProblem(another, 429, "too-many-streams");
                assertTrue(body.contains("partner"), body);
            }
            // our own users are not held back by the partner's streams
            try (var ours = org.borderpolice.federation.testing.SseClient.open(
                    notificationStream(), ownToken("own-" + newId()), null)) {
                assertEquals(200, ours.status());
            }
        } finally {
            open.forEach(org.borderpolice.federation.testing.SseClient::close);
        }
        assertNotEquals(PUCHENG, JIANGSHAN);
    }

    @Test
    void whenEveryServiceRefusesTheCallerGetsTheRefusalNotAnEmptyStream() {
        try (var s = org.borderpolice.federation.testing.SseClient.open(
                notificationStream(), ownToken("refused-" + newId()), null)) {
            assertProblem(s, 403, "forbidden");
        }
        try (var s = org.borderpolice.federation.testing.SseClient.open(
                notificationStream(), ownToken("revoked-" + newId()), null)) {
            assertProblem(s, 401, "unauthenticated");
        }
    }

    @Test
    void aClientThatDoesNotReadPausesTheServicesInsteadOfFillingTheGateway() throws InterruptedException {
        String subject = "flood-" + newId();
        try (var s =
                org.borderpolice.federation.testing.SseClient.open(notificationStream(), ownToken(subject), null)) {
            assertEquals(200, s.status());
            // the client reads nothing: each stand-in writes only as long as the gateway reads
            long limit = 64L * 1024 * 1024;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long before = -1;
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                long now = floodBytes(subject);
                assertTrue(now < limit, "the gateway read " + now + " bytes for a client that reads nothing");
                if (now == before && now > 0) {
                    return; // stalled: the gateway stopped reading
                }
                before = now;
            }
            throw new AssertionError("the services' streams never stalled: " + floodBytes(subject) + " bytes");
        }
    }

    private static long floodBytes(String subject) {
        long sum = 0;
        for (Upstream u : List.of(StandIns.cases, StandIns.intel, StandIns.mediation)) {
            AtomicLong b = u.floodBytes.get(subject);
            sum += b == null ? 0 : b.get();
        }
        return sum;
    }

    @Test
    void aSilentServiceStreamIsClosedAndOpenedAgainWhileOneWithKeepAlivesStays() throws InterruptedException {
        String silent = "silent-" + newId();
        String quiet = "quiet-" + newId();
        List<Upstream> services = List.of(StandIns.cases, StandIns.intel, StandIns.mediation);
        long begin = System.nanoTime();
        try (var s = org.borderpolice.federation.testing.SseClient.open(notificationStream(), ownToken(silent), null);
                var q = org.borderpolice.federation.testing.SseClient.open(
                        notificationStream(), ownToken(quiet), null)) {
            assertEquals(200, s.status());
            assertEquals(200, q.status());
            // each service's stream of the silent subject (a head, then nothing): closed after the
            // idle timeout (3 s) and opened again after RETRY (2 s); the merged stream goes on
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (services.stream().anyMatch(u -> opened(u, silent) < 2)) {
                assertTrue(System.nanoTime() < deadline, "a silent service's stream was never opened again");
                Thread.sleep(200);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin);
            assertTrue(seconds >= 3, "opened again after " + seconds + " s: before the idle timeout");
            // the stream whose services send a keep-alive every second was never silent that long
            for (Upstream u : services) {
                assertEquals(1, opened(u, quiet), u.name + ": the stream with keep-alives was opened again");
            }
        }
    }

    private static long opened(Upstream upstream, String subject) {
        AtomicLong n = upstream.streamsOpened.get(subject);
        return n == null ? 0 : n.get();
    }

    @Test
    void aFullPoolForStreamsRefusesWith503() {
        List<org.borderpolice.federation.testing.SseClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                var s = org.borderpolice.federation.testing.SseClient.open(
                        notificationStream(), ownToken("pool-" + newId()), null);
                open.add(s);
                if (s.status() == 503) {
                    assertProblem(s, 503, "streams-busy");
                    assertTrue(s.header("Retry-After") != null, "no Retry-After");
                    assertTrue(i >= 10 - 3, "refused after " + i + " streams"); // 10 connections, a few of other tests
                    return;
                }
                assertEquals(200, s.status());
            }
            throw new AssertionError("20 streams on 10 connections per service and no wait queue: none refused");
        } finally {
            open.forEach(org.borderpolice.federation.testing.SseClient::close);
        }
    }

    @Test
    void answersTheConsolesPreflightWithoutAToken() {
        String id = newId();
        given().baseUri(base.toString())
                .header("Origin", CONSOLE)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .header("X-Request-Id", id)
                .when()
                .options("/api/v1/cases")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", CONSOLE)
                .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("POST"));
        assertFalse(StandIns.cases.byRequestId.containsKey(id));
        // the console's actual call gets the header too, and may read the request id
        given().baseUri(base.toString())
                .header("Origin", CONSOLE)
                .auth()
                .oauth2(token())
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", CONSOLE)
                .header("Access-Control-Expose-Headers", org.hamcrest.Matchers.containsString("X-Request-Id"));
        // an origin not configured gets no permission
        given().baseUri(base.toString())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .when()
                .options("/api/v1/cases")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void servesOneOpenApiDocumentOfAllServices() {
        given().baseUri(base.toString())
                .when()
                .get("/api/v1/gateway/openapi")
                .then()
                .statusCode(200)
                .body("servers[0].url", equalTo("https://gateway.330881.test"))
                .body("paths", hasKey("/api/v1/cases"))
                .body("paths", hasKey("/api/v1/cases/{id}"))
                .body("paths", hasKey("/api/v1/alerts"))
                .body("paths", hasKey("/api/v1/disputes"))
                .body("paths", hasKey("/api/v1/mediators"))
                .body("paths", hasKey("/api/v1/gateway/caller"))
                .body("paths", hasKey("/api/v1/federation/partners"))
                // federation endpoints every service has: under the service's name, ids unique
                .body("paths", hasKey("/api/v1/services/case-exchange/federation/transfers"))
                .body("paths", hasKey("/api/v1/services/intel-sharing/federation/transfers"))
                .body("paths", not(hasKey("/api/v1/federation/transfers")))
                .body(
                        "paths.'/api/v1/services/case-exchange/federation/transfers'.get.operationId",
                        equalTo("caseExchangeListTransfers"))
                .body(
                        "paths.'/api/v1/services/intel-sharing/federation/transfers'.get.operationId",
                        equalTo("intelSharingListTransfers"))
                // a schema name two services use for different things: one renamed, refs follow
                .body("components.schemas.Page.description", equalTo("page of case-exchange"))
                .body("components.schemas.IntelSharingPage.description", equalTo("page of intel-sharing"))
                .body(
                        "paths.'/api/v1/alerts'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/IntelSharingPage"))
                .body("components.securitySchemes", hasKey("bearer"));
    }
}
