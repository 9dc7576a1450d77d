package org.borderpolice.mediation;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.proto.mediation.v1.DisputeProto;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Escalation (民转刑) between two real processes of Jiangshan: its packaged joint-mediation and its
 * packaged case-exchange (each with its own database, trusting the same issuers), with real
 * signed tokens. A high-risk dispute opens a joint case through case-exchange's REST API (the
 * generated client, the caller's token forwarded); the case names the dispute and the dispute the
 * case; a repeat gets the same case; a failed try is tried again; case-exchange down is a 503
 * and stores nothing; whoever case-exchange or the dispute's rules refuse gets nothing.
 * joint-mediation calls case-exchange through a small HTTP front in this JVM ({@link Front}) that
 * passes every call on, counts the filings and fails as many as a test asks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the tests that count tries first: the circuit breaker (8 calls, 75 % failures) then holds none of
// the failures the other tests cause, and cannot cut the tries short
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscalationIT {

    static final String PROBLEM = "application/problem+json";
    /** case-exchange's packaged application, built before joint-mediation (joint-mediation/pom.xml). */
    static final Path CASE_EXCHANGE = Path.of("..", "case-exchange", "target", "quarkus-app")
            .toAbsolutePath()
            .normalize();

    private TestFederation federation;
    private PostgresServer.Database casesDb;
    private JurisdictionProcess cases;
    private JurisdictionProcess mediation;
    private Front front;

    @BeforeAll
    void start() throws Exception {
        assertTrue(
                Files.exists(CASE_EXCHANGE.resolve("quarkus-run.jar")),
                "package case-exchange first: " + CASE_EXCHANGE);
        federation = new TestFederation("joint-mediation", "mediation", JIANGSHAN, PUCHENG);
        // Jiangshan's case-exchange: the same jurisdiction and trust list, its own database and ports
        casesDb = PostgresServer.get().createDatabase("cx");
        Map<String, String> cx = new LinkedHashMap<>(casesDb.serviceSettings());
        cx.put("border.federation.service", "case-exchange");
        cx.put(
                "border.federation.partners." + PUCHENG + ".endpoints.case-exchange",
                "localhost:" + TestFederation.freePort());
        cx.put("border.federation.partners." + PUCHENG + ".categories", "cases");
        cases = federation.replica(JIANGSHAN, "case-exchange", CASE_EXCHANGE, cx);
        front = new Front(cases.httpPort());
        mediation = federation.process(
                JIANGSHAN,
                JurisdictionProcess.packagedApplication(),
                Map.of(
                        "border.mediation.escalation.case-exchange-url",
                        "http://localhost:" + front.port,
                        // a case-exchange that does not answer is given up sooner (4 tries)
                        "border.mediation.escalation.read-timeout",
                        "3s"));
        JurisdictionProcess.startAll(Duration.ofSeconds(180), cases, mediation);
    }

    @AfterAll
    void stop() throws Exception {
        JurisdictionProcess.stopAll(mediation, cases);
        front.close();
    }

    /**
     * case-exchange as joint-mediation reaches it: every call passed on (a new connection each, as
     * the client makes them), the filings ({@code POST /api/v1/cases}) counted, and as many of the
     * next filings as {@link #failNext} asks answered 503 instead.
     */
    static final class Front implements AutoCloseable {

        private static final java.util.Set<String> HOP_BY_HOP =
                java.util.Set.of("connection", "keep-alive", "transfer-encoding", "content-length", "host");

        private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        private final io.vertx.core.http.HttpClient client;
        private final java.util.concurrent.atomic.AtomicInteger filings =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger failing =
                new java.util.concurrent.atomic.AtomicInteger();
        final int port;

        Front(int upstream) throws Exception {
            client = vertx.createHttpClient(
                    new io.vertx.core.http.HttpClientOptions()
                            .setKeepAlive(false)
                            .setDefaultHost("localhost")
                            .setDefaultPort(upstream),
                    new io.vertx.core.http.PoolOptions().setHttp1MaxSize(50));
            port = vertx.createHttpServer()
                    .requestHandler(this::handle)
                    .listen(0)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .actualPort();
        }

        int filings() {
            return filings.get();
        }

        void failNext(int calls) {
            failing.set(calls);
        }

        private record Answer(io.vertx.core.http.HttpClientResponse head, io.vertx.core.buffer.Buffer body) {}

        private void handle(io.vertx.core.http.HttpServerRequest in) {
            boolean filing = in.method() == io.vertx.core.http.HttpMethod.POST && "/api/v1/cases".equals(in.path());
            boolean fail = filing && failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (filing) {
                filings.incrementAndGet();
            }
            in.body()
                    .compose(body -> fail
                            ? io.vertx.core.Future.<Answer>succeededFuture()
                            : client.request(in.method(), in.uri())
                                    .compose(out -> {
                                        copy(in.headers(), out.headers());
                                        return out.send(body);
                                    })
                                    .compose(head -> head.body().map(b -> new Answer(head, b))))
                    .onComplete(result -> {
                        io.vertx.core.http.HttpServerResponse r = in.response();
                        if (r.closed() || r.ended()) {
                            return; // the caller gave up (its read timeout)
                        }
                        if (fail) {
                            r.setStatusCode(503)
                                    .putHeader("Content-Type", PROBLEM)
                                    .end("{\"title\":\"Service Unavailable\",\"status\":503}");
                        } else if (result.failed()) {
                            r.setStatusCode(502).end();
                        } else {
                            r.setStatusCode(result.result().head().statusCode());
                            copy(result.result().head().headers(), r.headers());
                            r.end(result.result().body());
                        }
                    });
        }

        private static void copy(io.vertx.core.MultiMap from, io.vertx.core.MultiMap to) {
            from.forEach(h -> {
                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    to.add(h.getKey(), h.getValue());
                }
            });
        }

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private String token(String code, String audience, String... roles) {
        return federation
                .issuer(code)
                .token(audience)
                .subject("it-" + UUID.randomUUID())
                .roles(roles)
                .unit("江山市公安局廿八都派出所")
                .sign();
    }

    private RequestSpecification at(JurisdictionProcess p, String token) {
        return given().baseUri(p.baseUrl()).auth().oauth2(token);
    }

    private String takeIn(String title, String risk) {
        Map<String, Object> body = DisputesIT.landBoundary(title);
        body.put("riskLevel", risk);
        if (risk.equals("LOW")) {
            body.remove("riskReasons");
        }
        return at(mediation, token(JIANGSHAN, JIANGSHAN, "mediator"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private Response escalate(String token, String dispute) {
        RequestSpecification r = token == null ? given().baseUri(mediation.baseUrl()) : at(mediation, token);
        return r.when().post("/api/v1/disputes/" + dispute + "/escalation");
    }

    private JsonPath dispute(String id) {
        return at(mediation, token(JIANGSHAN, JIANGSHAN, "analyst"))
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private long casesOf(String dispute) {
        return casesDb.count("SELECT count(*) FROM joint_case WHERE linked_dispute = ?::uuid", dispute);
    }

    /** The newest version of the dispute queued for Pucheng, as Pucheng will receive it. */
    private DisputeProto.Dispute sentToPucheng(String dispute) throws Exception {
        try (Connection c = federation.database(JIANGSHAN).connect();
                PreparedStatement s = c.prepareStatement("SELECT payload FROM federation.outbox WHERE record_id = ?"
                        + " AND destination = ? AND NOT tombstone ORDER BY version DESC LIMIT 1")) {
            s.setString(1, dispute);
            s.setString(2, PUCHENG);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "nothing queued for Pucheng");
                return DisputeProto.Dispute.parseFrom(rs.getBytes(1));
            }
        }
    }

    @Test
    void aHighRiskDisputeOpensOneLinkedCaseAndTheLinkShowsOnBothSides() throws Exception {
        String id = takeIn("江山浦城两村山林边界纠纷(民转刑)", "HIGH");
        String investigator = token(JIANGSHAN, JIANGSHAN, "investigator");
        JsonPath escalated =
                escalate(investigator, id).then().statusCode(201).extract().jsonPath();
        String caseId = escalated.getString("escalatedCase");
        String number = escalated.getString("escalatedCaseNumber");
        assertNotNull(caseId);
        assertTrue(number.startsWith(JIANGSHAN + "-"), number);
        assertNotNull(escalated.getString("escalatedAt"));

        // case-exchange's side: the case is OPEN, names the dispute, its parties with ID numbers as related subjects
        JsonPath c = at(cases, investigator)
                .when()
                .get("/api/v1/cases/" + caseId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(id, c.getString("linkedDispute"));
        assertEquals(number, c.getString("number"));
        assertEquals("OPEN", c.getString("status"));
        assertEquals("VIOLENCE", c.getString("category"));
        assertEquals("民转刑风险纠纷：江山浦城两村山林边界纠纷(民转刑)", c.getString("title"));
        assertTrue(c.getString("summary").contains("扬言动手"), c.getString("summary"));
        assertEquals(List.of(MediationFederation.VALID_ID), c.getList("subjects.value"));
        assertEquals(List.of("RELATED"), c.getList("subjects.role"));

        // the dispute's side: its view and what goes to Pucheng (a party's jurisdiction) name the case
        JsonPath d = dispute(id);
        assertEquals(caseId, d.getString("escalatedCase"));
        assertEquals(number, d.getString("escalatedCaseNumber"));
        DisputeProto.Dispute sent = sentToPucheng(id);
        assertEquals(caseId, sent.getEscalatedCase());
        assertEquals(number, sent.getEscalatedCaseNumber());
        assertTrue(sent.hasEscalatedAt());

        // twice: the same case, by another user too, and nothing new at case-exchange
        escalate(token(JIANGSHAN, JIANGSHAN, "commander"), id)
                .then()
                .statusCode(200)
                .body("escalatedCase", equalTo(caseId))
                .body("escalatedCaseNumber", equalTo(number));
        assertEquals(1, casesOf(id));
        long version = dispute(id).getLong("version");
        assertEquals(d.getLong("version"), version, "a repeat changes nothing");

        // the answer to the first call lost (the dispute never recorded the case): the same user's
        // repeat carries the same idempotency key, and case-exchange answers with the case it opened
        federation
                .database(JIANGSHAN)
                .count(
                        "WITH u AS (UPDATE dispute SET escalated_case = NULL, escalated_case_number = NULL,"
                                + " escalated_at = NULL, escalated_by = NULL WHERE id = ?::uuid RETURNING 1)"
                                + " SELECT count(*) FROM u",
                        id);
        escalate(investigator, id)
                .then()
                .statusCode(201)
                .body("escalatedCase", equalTo(caseId))
                .body("escalatedCaseNumber", equalTo(number));
        assertEquals(1, casesOf(id));
    }

    /** The dispute as it is when the escalation's answer was lost or its transaction rolled back. */
    private void forgetTheCase(String dispute) {
        assertEquals(
                1,
                federation
                        .database(JIANGSHAN)
                        .count(
                                "WITH u AS (UPDATE dispute SET escalated_case = NULL, escalated_case_number = NULL,"
                                        + " escalated_at = NULL, escalated_by = NULL WHERE id = ?::uuid RETURNING 1)"
                                        + " SELECT count(*) FROM u",
                                dispute));
    }

    @Test
    void anotherUsersEscalationAfterALostAnswerGetsTheCaseOpenedFirst() {
        String id = takeIn("另一用户再次升级的纠纷", "HIGH");
        String first = token(JIANGSHAN, JIANGSHAN, "investigator");
        String caseId = escalate(first, id).then().statusCode(201).extract().path("escalatedCase");
        // the case is open at case-exchange, but the dispute does not know it (answer lost, or the
        // transaction rolled back after case-exchange committed): another user's escalation carries
        // another idempotency key space, and still gets that case
        forgetTheCase(id);
        escalate(token(JIANGSHAN, JIANGSHAN, "commander"), id)
                .then()
                .statusCode(201)
                .body("escalatedCase", equalTo(caseId));
        assertEquals(1, casesOf(id));
        // lost again, and the dispute changed meanwhile: the first user's repeat (the same key, another
        // request) gets the same case too, not a refusal for reusing the key
        forgetTheCase(id);
        federation
                .database(JIANGSHAN)
                .count(
                        "WITH u AS (UPDATE dispute SET title = title || '(已修改)' WHERE id = ?::uuid RETURNING 1)"
                                + " SELECT count(*) FROM u",
                        id);
        escalate(first, id).then().statusCode(201).body("escalatedCase", equalTo(caseId));
        assertEquals(1, casesOf(id));
        assertEquals(caseId, dispute(id).getString("escalatedCase"));
    }

    /**
     * Review 26 S2: the case was opened but the dispute never recorded it (a crash or a rollback after
     * case-exchange committed), and the dispute was lowered below HIGH since: the next escalation asks
     * case-exchange for the case linked to the dispute and records it, instead of a 409 for ever.
     */
    @Test
    void aCaseOpenedButNotRecordedIsRecordedAfterTheDisputeWasLowered() {
        String id = takeIn("升级后未记录即降级的纠纷", "HIGH");
        String caseId = escalate(token(JIANGSHAN, JIANGSHAN, "investigator"), id)
                .then()
                .statusCode(201)
                .extract()
                .path("escalatedCase");
        forgetTheCase(id);
        assertEquals(
                1,
                federation
                        .database(JIANGSHAN)
                        .count(
                                "WITH u AS (UPDATE dispute SET risk_level = 'MEDIUM' WHERE id = ?::uuid RETURNING 1)"
                                        + " SELECT count(*) FROM u",
                                id));
        // a mediator (whom case-exchange does not let look for cases) still gets the dispute's 409
        escalate(token(JIANGSHAN, JIANGSHAN, "mediator"), id)
                .then()
                .statusCode(409)
                .contentType(PROBLEM);
        assertNull(dispute(id).getString("escalatedCase"));
        // a commander: case-exchange holds the case for the dispute, which now records it
        escalate(token(JIANGSHAN, JIANGSHAN, "commander"), id)
                .then()
                .statusCode(201)
                .body("escalatedCase", equalTo(caseId));
        assertEquals(caseId, dispute(id).getString("escalatedCase"));
        assertEquals("MEDIUM", dispute(id).getString("riskLevel"));
        assertEquals(1, casesOf(id));
        // a lowered dispute for which no case was ever opened: 409, and nothing opened
        String never = takeIn("从未升级的中风险纠纷", "MEDIUM");
        escalate(token(JIANGSHAN, JIANGSHAN, "commander"), never)
                .then()
                .statusCode(409)
                .contentType(PROBLEM);
        assertEquals(0, casesOf(never));
        assertNull(dispute(never).getString("escalatedCase"));
    }

    /**
     * Twenty rounds: Hibernate's locked read of a dispute (which fetches its risk reasons) handed
     * out the state before another escalation's record, with no lock held, about once in ten.
     */
    @Test
    void usersEscalatingOneDisputeAtOnceGetOneCase() throws Exception {
        for (int round = 0; round < 20; round++) {
            escalateAtOnce("多人同时升级的纠纷 " + round);
        }
    }

    private void escalateAtOnce(String title) throws Exception {
        String id = takeIn(title, "HIGH");
        int users = 4;
        List<String> tokens = new java.util.ArrayList<>();
        for (int u = 0; u < users; u++) {
            tokens.add(token(JIANGSHAN, JIANGSHAN, u % 2 == 0 ? "investigator" : "commander"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(users);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Integer> statuses = new java.util.ArrayList<>();
        java.util.Set<String> cases = new java.util.HashSet<>();
        try {
            List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            for (String t : tokens) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return escalate(t, id);
                }));
            }
            start.countDown();
            for (var answer : answers) {
                Response r = answer.get();
                statuses.add(r.statusCode());
                cases.add(r.path("escalatedCase"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(users - 1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, cases.size(), cases.toString());
        assertEquals(1, casesOf(id));
        assertEquals(cases.iterator().next(), dispute(id).getString("escalatedCase"));
    }

    @Test
    @Order(1)
    void aFilingThatFailsOnceIsTriedAgainAndOpensOneCase() {
        String id = takeIn("联打服务首次失败时的纠纷", "HIGH");
        int before = front.filings();
        front.failNext(1);
        String caseId = escalate(token(JIANGSHAN, JIANGSHAN, "investigator"), id)
                .then()
                .statusCode(201)
                .extract()
                .path("escalatedCase");
        // the first try got a 503; @Retry made the second, which case-exchange answered
        assertEquals(2, front.filings() - before, "tries");
        assertEquals(1, casesOf(id));
        assertEquals(caseId, dispute(id).getString("escalatedCase"));
    }

    @Test
    @Order(2)
    void whileCaseExchangeHangsTheDisputeIsNotLockedAndTheNextCallCompletes() throws Exception {
        String id = takeIn("联打服务无应答时的纠纷", "HIGH");
        String investigator = token(JIANGSHAN, JIANGSHAN, "investigator");
        int before = front.filings();
        cases.stop();
        // a case-exchange that takes connections and never answers: every try waits for its timeout
        java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
        java.net.ServerSocket hanging = new java.net.ServerSocket(cases.httpPort());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(hanging.accept());
                    called.countDown();
                }
            } catch (java.io.IOException closed) {
                // the test closed it
            }
        });
        acceptor.start();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Response> escalation = pool.submit(() -> escalate(investigator, id));
            assertTrue(
                    called.await(Await.MACHINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                    "the escalation never called case-exchange");
            // the call is under way: the dispute's row is free (no transaction holds it meanwhile)
            try (Connection c = federation.database(JIANGSHAN).connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement s =
                        c.prepareStatement("SELECT 1 FROM dispute WHERE id = ?::uuid FOR UPDATE NOWAIT")) {
                    s.setString(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        assertTrue(rs.next());
                    }
                }
                c.rollback();
            }
            escalation.get().then().statusCode(503).contentType(PROBLEM);
            // each try waited for its read timeout: the first and @Retry's 3 more
            assertEquals(4, front.filings() - before, "tries");
        } finally {
            pool.shutdownNow();
            hanging.close();
            for (java.net.Socket s : held) {
                s.close();
            }
            acceptor.join();
            cases.startAndAwait();
        }
        assertEquals(0, casesOf(id));
        assertNull(dispute(id).getString("escalatedCase"), "nothing stored");
        Await.until(
                Duration.ofSeconds(60),
                () -> escalate(investigator, id).statusCode() == 201,
                () -> "escalation after case-exchange answered again");
        assertEquals(1, casesOf(id));
    }

    @Test
    void refusedCallersAndDisputesGetNothing() throws SQLException {
        String id = takeIn("拒绝升级测试纠纷", "HIGH");
        // no token; a partner's token made for its own services; an issuer not on the trust list
        escalate(null, id).then().statusCode(401);
        escalate(token(PUCHENG, PUCHENG, "investigator"), id).then().statusCode(401);
        escalate(
                        new org.borderpolice.federation.testing.TestIssuer("330822")
                                .token(JIANGSHAN)
                                .roles("investigator")
                                .sign(),
                        id)
                .then()
                .statusCode(401);
        // a role that does not escalate here: analysts
        escalate(token(JIANGSHAN, JIANGSHAN, "analyst"), id)
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
        // a mediator may escalate here, but case-exchange does not let a mediator open a case: its
        // refusal is ours, and nothing is stored on either side
        escalate(token(JIANGSHAN, JIANGSHAN, "mediator"), id)
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("detail", org.hamcrest.Matchers.startsWith("case-exchange: "));
        // a partner's user (Pucheng) may not escalate Jiangshan's dispute
        escalate(token(PUCHENG, JIANGSHAN, "investigator"), id)
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
        escalate(token(PUCHENG, JIANGSHAN, "commander"), id)
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
        assertEquals(0, casesOf(id));
        at(mediation, token(JIANGSHAN, JIANGSHAN, "analyst"))
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .body("escalatedCase", nullValue())
                .body("version", equalTo(1));

        // not at high risk: 409; no such dispute: 404
        String low = takeIn("低风险纠纷", "LOW");
        escalate(token(JIANGSHAN, JIANGSHAN, "investigator"), low)
                .then()
                .statusCode(409)
                .contentType(PROBLEM);
        assertEquals(0, casesOf(low));
        escalate(
                        token(JIANGSHAN, JIANGSHAN, "investigator"),
                        RecordIds.create(JIANGSHAN).toString())
                .then()
                .statusCode(404)
                .contentType(PROBLEM);

        // not the owner: Pucheng's dispute held here as a replica is Pucheng's to escalate
        String theirs = RecordIds.create(PUCHENG).toString();
        DisputeProto.Dispute replica = DisputeProto.Dispute.newBuilder()
                .setId(theirs)
                .setOrigin(PUCHENG)
                .setChannel(DisputeProto.DisputeChannel.DISPUTE_CHANNEL_PATROL)
                .setKind(DisputeProto.DisputeKind.DISPUTE_KIND_LAND_BOUNDARY)
                .setStatus(DisputeProto.DisputeStatus.DISPUTE_STATUS_RECEIVED)
                .setTitle("浦城的高风险纠纷")
                .setDescription("浦城受理的山林边界纠纷。")
                .setReportedAt(MediationFederation.now())
                .setAmountAtStake("0.00")
                .setRiskLevel(DisputeProto.RiskLevel.RISK_LEVEL_HIGH)
                .addRiskReasons("扬言动手")
                .setTier(DisputeProto.MediationTier.MEDIATION_TIER_VILLAGE)
                .setTierRule("VILLAGE_FIRST")
                .addParties(DisputeProto.Party.newBuilder()
                        .setKind(DisputeProto.PartyKind.PARTY_KIND_PERSON)
                        .setRole(DisputeProto.PartyRole.PARTY_ROLE_APPLICANT)
                        .setName("某")
                        .setJurisdiction(JIANGSHAN)
                        .setPreferredLanguage("zh"))
                .addInvolved(JIANGSHAN)
                .addInvolved(PUCHENG)
                .setCreatedAt(MediationFederation.now())
                .setUpdatedAt(MediationFederation.now())
                .setStatusChangedAt(MediationFederation.now())
                .build();
        try (ReplicationClient client = new ReplicationClient(mediation.httpPort())) {
            DeliveryAck ack = client.deliver(
                    federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign(),
                    MediationFederation.upsert(
                            PUCHENG, "mediation.dispute", theirs, 1, List.of(PUCHENG, JIANGSHAN), replica));
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), ack.toString());
        }
        escalate(token(JIANGSHAN, JIANGSHAN, "investigator"), theirs)
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
        assertEquals(0, casesOf(theirs));
    }

    @Test
    void caseExchangeDownIsA503ThatStoresNothingAndALaterTryOpensTheCase() {
        String id = takeIn("联打服务停机时的纠纷", "HIGH");
        String investigator = token(JIANGSHAN, JIANGSHAN, "investigator");
        cases.stop();
        try {
            escalate(investigator, id)
                    .then()
                    .statusCode(503)
                    .contentType(PROBLEM)
                    .header("Retry-After", "30");
            at(mediation, token(JIANGSHAN, JIANGSHAN, "analyst"))
                    .when()
                    .get("/api/v1/disputes/" + id)
                    .then()
                    .statusCode(200)
                    .body("escalatedCase", nullValue())
                    .body("version", equalTo(1));
        } finally {
            cases.startAndAwait();
        }
        assertEquals(0, casesOf(id));
        // once case-exchange is back (and the circuit closed again), the same request opens the case
        Await.until(
                Duration.ofSeconds(60),
                () -> escalate(investigator, id).statusCode() == 201,
                () -> "escalation after case-exchange came back");
        assertEquals(1, casesOf(id));
        at(cases, investigator)
                .when()
                .get("/api/v1/cases/" + dispute(id).getString("escalatedCase"))
                .then()
                .statusCode(200)
                .body("linkedDispute", equalTo(id));
    }
}
