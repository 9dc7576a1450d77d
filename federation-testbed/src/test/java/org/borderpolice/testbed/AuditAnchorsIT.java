package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.audit.AuditKeys;
import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.ProveRequest;
import org.borderpolice.federation.proto.audit.v1.ProveResponse;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.testing.AuditTampering;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Anchoring between two jurisdictions running as processes, tried as a hostile partner and as an
 * attacker with the database would try it (review of issue 21, audit #3, #4, #5, #6): verification
 * starts from a checkpoint the partner holds, not from a row anyone with the database could add; a
 * lagging replica's older head is not tamper evidence; a partner's answer that is not signed by us
 * is not taken for a mismatch; a flood of heads is kept at most once per half interval, and a
 * re-baseline forgets a partner's mismatches; when anchoring stops, verification no longer calls
 * the chain intact and the partner alarms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditAnchorsIT {

    static final String VERIFY = "/api/v1/audit/verify";
    static final String OUTBOX = "/api/v1/federation/outbox";

    /** Anchors go out every second; a chain is called intact only with an anchor this young. */
    static final Duration ANCHOR_EVERY = Duration.ofSeconds(1);

    static final Duration ANCHOR_MAX_AGE = Duration.ofSeconds(6);

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
        Map<String, String> settings = Map.of(
                "border.federation.relay.enabled",
                "false",
                "border.federation.audit.anchor-every",
                ANCHOR_EVERY.toSeconds() + "s",
                "border.federation.audit.anchor-max-age",
                ANCHOR_MAX_AGE.toSeconds() + "s");
        jiangshan = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), settings);
        pucheng = federation.process(PUCHENG, JurisdictionProcess.packagedApplication(), settings);
        JurisdictionProcess.startAll(Await.MACHINE, jiangshan, pucheng);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    String commander(String code) {
        return federation
                .issuer(code)
                .token(code)
                .subject("commander-" + code)
                .roles("commander")
                .sign();
    }

    /** Entries at a jurisdiction: refused requests are audited. */
    void someEntries(JurisdictionProcess process, int n) {
        for (int i = 0; i < n; i++) {
            given().baseUri(process.baseUrl()).when().get(OUTBOX).then().statusCode(401);
        }
    }

    long linked(String code) {
        return db(code).count("SELECT coalesce(max(position), 0) FROM federation.audit_chain");
    }

    /** The newest head of {@code partner} that {@code holder} holds (by arrival, as the holder keeps them). */
    long newestHeld(String holder, String partner) {
        return db(holder)
                .count(
                        "SELECT coalesce((SELECT position FROM federation.audit_partner_head WHERE partner = ? "
                                + "ORDER BY received_at DESC, position DESC LIMIT 1), 0)",
                        partner);
    }

    JsonPath verify(JurisdictionProcess at, String code, boolean restart) {
        return given().baseUri(at.baseUrl())
                .auth()
                .oauth2(commander(code))
                .queryParam("restart", restart)
                .queryParam("limit", 100_000)
                .when()
                .get(VERIFY)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The audit anchor service of a process, called as {@code caller}'s relay (its peer token for {@code callee}). */
    AuditAnchorServiceGrpc.AuditAnchorServiceBlockingStub anchorService(
            JurisdictionProcess at, String caller, String callee, ManagedChannel channel) {
        Metadata headers = new Metadata();
        headers.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer "
                        + federation.issuer(caller).token(callee).roles("peer").sign());
        return AuditAnchorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A head of {@code code}'s chain, signed with its audit key, as its own process would sign it. */
    SignedHead signedBy(String code, long position, byte[] hash) {
        byte[] statement = ChainHead.newBuilder()
                .setJurisdiction(code)
                .setService("testbed")
                .setPosition(position)
                .setHash(ByteString.copyFrom(hash))
                .setSignedAtMillis(System.currentTimeMillis())
                .build()
                .toByteArray();
        return SignedHead.newBuilder()
                .setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(
                        AuditKeys.sign(federation.auditKey(code).getPrivate(), statement)))
                .build();
    }

    @Test
    @Order(1)
    void verificationStartsFromACheckpointThePartnerHoldsNotFromALocalRow() throws Exception {
        someEntries(jiangshan, 5);
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> linked(JIANGSHAN) >= 5 && newestHeld(PUCHENG, JIANGSHAN) >= 5,
                () -> "entries linked and anchored");
        JsonPath first = verify(jiangshan, JIANGSHAN, true);
        assertTrue(first.getBoolean("intact"), first.prettify());
        long verifiedThrough = first.getLong("throughPosition");

        someEntries(jiangshan, 5);
        Await.until(() -> linked(JIANGSHAN) >= verifiedThrough + 5, () -> "more entries linked");
        PostgresServer.Database db = db(JIANGSHAN);
        long edited = db.count("SELECT seq FROM federation.audit_chain WHERE position = ?", verifiedThrough + 2);
        long head = linked(JIANGSHAN);
        String original;
        try (Connection admin = db.connect();
                Statement s = admin.createStatement();
                var rs = s.executeQuery("SELECT detail FROM federation.audit_log WHERE seq = " + edited)) {
            rs.next();
            original = rs.getString(1);
        }
        // the owner edits an entry after the checkpoint; the service's own role adds a checkpoint past it
        try (Connection owner = db.connectAs(db.owner());
                Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE federation.audit_log SET detail = 'nothing happened' WHERE seq = " + edited);
            s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
        }
        try (Connection app = db.connectAs(db.application());
                PreparedStatement s = app.prepareStatement(
                        "INSERT INTO federation.audit_verification (verified_by, through_position, through_hash, seq_through) "
                                + "SELECT 'forger', position, hash, seq FROM federation.audit_chain WHERE position = ?")) {
            s.setLong(1, head);
            assertEquals(1, s.executeUpdate());
        }
        JsonPath v = verify(jiangshan, JIANGSHAN, false);
        assertEquals(false, v.getBoolean("intact"), v.prettify());
        assertEquals("content does not match its hash", v.getString("reason"));
        assertEquals(edited, v.getLong("firstBrokenSeq"));
        // it started from the checkpoint Pucheng was handed after the first verification
        assertEquals(verifiedThrough, v.getLong("fromPosition"), v.getString("checkpointFrom"));
        assertEquals("checkpoint held by partner " + PUCHENG, v.getString("checkpointFrom"));
        assertEquals(
                1,
                db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM federation.audit_partner_checkpoint WHERE partner = ? "
                                        + "AND position = ?",
                                JIANGSHAN,
                                verifiedThrough));
        // the owner puts the entry back as it was, for the tests after this one
        try (Connection owner = db.connectAs(db.owner());
                PreparedStatement s =
                        owner.prepareStatement("UPDATE federation.audit_log SET detail = ? WHERE seq = ?");
                Statement t = owner.createStatement()) {
            t.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
            s.setString(1, original);
            s.setLong(2, edited);
            s.executeUpdate();
            t.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
        }
        assertTrue(verify(jiangshan, JIANGSHAN, true).getBoolean("intact"));
    }

    @Test
    @Order(2)
    void anOlderHeadFromALaggingReplicaIsNotTamperEvidence() throws Exception {
        someEntries(jiangshan, 3);
        long[] held = new long[1];
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> (held[0] = newestHeld(PUCHENG, JIANGSHAN)) >= 3,
                () -> "Pucheng holds a head of Jiangshan's");
        long older = held[0] - 1;
        SignedHead lagging = signedBy(JIANGSHAN, older, AuditTampering.hashAt(db(JIANGSHAN), older));
        long mismatches = db(PUCHENG).count("SELECT count(*) FROM federation.audit_anchor_mismatch");
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", pucheng.httpPort())
                .usePlaintext()
                .build();
        try {
            ExchangeResult result = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                result = anchorService(pucheng, JIANGSHAN, PUCHENG, channel).exchange(lagging);
                if (!result.getOutcome().name().equals("TOO_SOON")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("STALE", result.getOutcome().name(), result.toString());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals(mismatches, db(PUCHENG).count("SELECT count(*) FROM federation.audit_anchor_mismatch"));
        assertEquals(
                0,
                db(PUCHENG).count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.mismatch'"));
    }

    /**
     * Final review #1: Pucheng, hostile, takes an anchor Jiangshan handed it, asks Jiangshan (as its
     * relay, with a real peer token) to prove position 1 and a position far ahead, and serves each
     * answer with the anchor as evidence of a mismatch. Both statements of each pair are really
     * Jiangshan's, and prove nothing: Jiangshan's chain stays intact and Pucheng MATCHES.
     */
    @Test
    @Order(3)
    void twoRealStatementsOfOursPairedByAPartnerAreNoMismatch() throws Exception {
        someEntries(jiangshan, 3);
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> newestHeld(PUCHENG, JIANGSHAN) >= 3,
                () -> "Pucheng holds a head of Jiangshan's");
        PostgresServer.Database puchengDb = db(PUCHENG);
        byte[] anchor;
        byte[] anchorSignature;
        try (Connection c = puchengDb.connectAs(puchengDb.owner());
                Statement s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT statement, signature FROM federation.audit_partner_head WHERE partner = '" + JIANGSHAN
                                + "' ORDER BY id DESC LIMIT 1")) {
            rs.next();
            anchor = rs.getBytes(1);
            anchorSignature = rs.getBytes(2);
        }
        ChainHead held = ChainHead.parseFrom(anchor);
        ProveResponse lower;
        ProveResponse ahead;
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
        try {
            lower = anchorService(jiangshan, PUCHENG, JIANGSHAN, channel)
                    .prove(ProveRequest.newBuilder().setPosition(1).build());
            ahead = anchorService(jiangshan, PUCHENG, JIANGSHAN, channel)
                    .prove(ProveRequest.newBuilder()
                            .setPosition(held.getPosition() + 1_000_000)
                            .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertTrue(lower.getFound());
        assertEquals(
                ChainHead.Kind.AT_POSITION,
                ChainHead.parseFrom(lower.getHead().getStatement()).getKind());
        assertEquals(
                ChainHead.Kind.NOT_FOUND_AT,
                ChainHead.parseFrom(ahead.getHead().getStatement()).getKind());
        try (Connection owner = puchengDb.connectAs(puchengDb.owner())) {
            for (SignedHead stated : new SignedHead[] {lower.getHead(), ahead.getHead()}) {
                ChainHead statedHead = ChainHead.parseFrom(stated.getStatement());
                try (PreparedStatement s = owner.prepareStatement(
                        "INSERT INTO federation.audit_anchor_mismatch (partner, "
                                + "held_position, held_hash, stated_position, stated_hash, reason, statement, signature, "
                                + "held_statement, held_signature) VALUES (?, ?, ?, ?, ?, 'entries were removed', ?, ?, ?, ?)")) {
                    s.setString(1, JIANGSHAN);
                    s.setLong(2, held.getPosition());
                    s.setBytes(3, held.getHash().toByteArray());
                    s.setLong(4, statedHead.getPosition());
                    s.setBytes(5, statedHead.getHash().toByteArray());
                    s.setBytes(6, stated.getStatement().toByteArray());
                    s.setBytes(7, stated.getSignature().toByteArray());
                    s.setBytes(8, anchor);
                    s.setBytes(9, anchorSignature);
                    s.executeUpdate();
                }
            }
        }
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> verify(jiangshan, JIANGSHAN, true).getBoolean("intact"),
                () -> "intact: " + verify(jiangshan, JIANGSHAN, true).prettify());
        JsonPath v = verify(jiangshan, JIANGSHAN, false);
        assertTrue(v.getBoolean("intact"), v.prettify());
        assertEquals("MATCHES", v.getString("anchors.find { it.partner == '" + PUCHENG + "' }.status"), v.prettify());
        assertTrue(
                v.getString("anchors.find { it.partner == '" + PUCHENG + "' }.detail")
                        .contains("without evidence"),
                v.prettify());
    }

    @Test
    @Order(4)
    void aPartnersAnswerNotSignedByUsIsNotAMismatch() throws Exception {
        // Pucheng, hostile, writes into its own database a head "of Jiangshan's" far beyond Jiangshan's
        // chain, with a signature that is not Jiangshan's, and a mismatch it claims without evidence
        PostgresServer.Database puchengDb = db(PUCHENG);
        byte[] statement = ChainHead.newBuilder()
                .setJurisdiction(JIANGSHAN)
                .setService("testbed")
                .setPosition(1_000_000_000L)
                .setHash(ByteString.copyFrom(new byte[32]))
                .setSignedAtMillis(Instant.now().toEpochMilli())
                .build()
                .toByteArray();
        try (Connection owner = puchengDb.connectAs(puchengDb.owner())) {
            try (PreparedStatement s =
                    owner.prepareStatement("INSERT INTO federation.audit_partner_head (partner, position, "
                            + "hash, signed_at, statement, signature) VALUES (?, 1000000000, ?, now(), ?, ?)")) {
                s.setString(1, JIANGSHAN);
                s.setBytes(2, new byte[32]);
                s.setBytes(3, statement);
                s.setBytes(4, new byte[64]);
                s.executeUpdate();
            }
            try (PreparedStatement s = owner.prepareStatement("INSERT INTO federation.audit_anchor_mismatch (partner, "
                    + "held_position, held_hash, reason) VALUES (?, 1, ?, 'made up')")) {
                s.setString(1, JIANGSHAN);
                s.setBytes(2, new byte[32]);
                s.executeUpdate();
            }
        }
        JsonPath right = verify(jiangshan, JIANGSHAN, true);
        String status = right.getString("anchors.find { it.partner == '" + PUCHENG + "' }.status");
        assertTrue(!"MISMATCH".equals(status), right.prettify());
        // and once Pucheng holds Jiangshan's next genuine head, the chain is intact again: the claim is not evidence
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> verify(jiangshan, JIANGSHAN, true).getBoolean("intact"),
                () -> "intact again: " + verify(jiangshan, JIANGSHAN, true).prettify());
        JsonPath again = verify(jiangshan, JIANGSHAN, true);
        assertEquals("MATCHES", again.getString("anchors.find { it.partner == '" + PUCHENG + "' }.status"));
        assertTrue(again.getString("anchors.find { it.partner == '" + PUCHENG + "' }.detail")
                .contains("without evidence"));
    }

    @Test
    @Order(5)
    void aFloodOfHeadsKeepsFewAndARebaselineForgetsAPartnersMismatches() throws Exception {
        // Pucheng, hostile, hands Jiangshan heads of its own as fast as it can, each at a new position
        long kept =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_partner_head WHERE partner = ?", PUCHENG);
        long base = newestHeld(JIANGSHAN, PUCHENG) + 1_000;
        int tooSoon = 0;
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
        long started = System.nanoTime();
        // per call not answered TOO_SOON: when it was sent and when its answer came (client clock)
        List<long[]> admitted = new ArrayList<>();
        List<long[]> recordedMismatches = new ArrayList<>();
        try {
            var stub = anchorService(jiangshan, PUCHENG, JIANGSHAN, channel);
            for (int i = 0; i < 300; i++) {
                byte[] hash = new byte[32];
                hash[0] = (byte) i;
                long sent = System.nanoTime();
                var result = stub.exchange(signedBy(PUCHENG, base + i, hash));
                long answered = System.nanoTime();
                if (result.getOutcome().name().equals("TOO_SOON")) {
                    tooSoon++;
                } else {
                    admitted.add(new long[] {sent, answered});
                    if (result.getOutcome().name().equals("MISMATCH")
                            && !result.getReason().contains("not recorded again")) {
                        recordedMismatches.add(new long[] {sent, answered});
                    }
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        long added =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_partner_head WHERE partner = ?", PUCHENG)
                        - kept;
        long mismatches =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_anchor_mismatch WHERE partner = ?", PUCHENG);
        // one head per half anchor interval gets past TOO_SOON: as many as the flood's duration
        // allows (a slow machine takes longer over the 300 calls), at least what a fast one allows
        Duration flood = Duration.ofNanos(System.nanoTime() - started);
        long intervals = flood.toMillis() / ANCHOR_EVERY.toMillis() + 1;
        long mayPass = Math.max(20, 2 * intervals + 1);
        assertTrue(300 - tooSoon <= mayPass, tooSoon + " of 300 answered TOO_SOON within " + flood);
        assertTrue(added <= mayPass, added + " heads kept of 300 within " + flood);
        assertTrue(
                mismatches <= Math.max(10, intervals + 1),
                mismatches + " mismatches within " + flood + ": recorded at most once per anchor interval");
        // the product's rule, whatever the machine's speed: two calls got past TOO_SOON only if the
        // later one's answer came at least half an interval after the earlier one was sent, and two
        // recorded mismatches at least an interval apart (a few ms for the two clocks)
        long slack = Duration.ofMillis(20).toNanos();
        for (int i = 1; i < admitted.size(); i++) {
            long apart = admitted.get(i)[1] - admitted.get(i - 1)[0];
            assertTrue(
                    apart >= ANCHOR_EVERY.toNanos() / 2 - slack,
                    "calls " + (i - 1) + " and " + i + " of those admitted got past TOO_SOON " + Duration.ofNanos(apart)
                            + " apart");
        }
        for (int i = 1; i < recordedMismatches.size(); i++) {
            long apart = recordedMismatches.get(i)[1] - recordedMismatches.get(i - 1)[0];
            assertTrue(
                    apart >= ANCHOR_EVERY.toNanos() - slack,
                    "two mismatches recorded " + Duration.ofNanos(apart) + " apart");
        }

        // Pucheng's genuine heads no longer extend what Jiangshan holds: Pucheng's verification hears of it
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> "MISMATCH"
                        .equals(verify(pucheng, PUCHENG, true)
                                .getString("anchors.find { it.partner == '" + JIANGSHAN + "' }.status")),
                () -> "Pucheng hears of it");

        // Pucheng says it was its own doing (a restore); Jiangshan's commander re-baselines it
        String path = "/api/v1/audit/anchors/" + PUCHENG + "/rebaseline";
        given().baseUri(jiangshan.baseUrl())
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "x"))
                .when()
                .post(path)
                .then()
                .statusCode(401);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(federation
                        .issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .roles("analyst")
                        .sign())
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "x"))
                .when()
                .post(path)
                .then()
                .statusCode(403);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(federation
                        .issuer(PUCHENG)
                        .token(JIANGSHAN)
                        .roles("commander")
                        .sign())
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "x"))
                .when()
                .post(path)
                .then()
                .statusCode(403);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(commander(JIANGSHAN))
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "x"))
                .when()
                .post("/api/v1/audit/anchors/999999/rebaseline")
                .then()
                .statusCode(404);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(commander(JIANGSHAN))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post(path)
                .then()
                .statusCode(400);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(commander(JIANGSHAN))
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "浦城 restored its audit log from the backup of 2026-11-30 (notice 2026-12-01)"))
                .when()
                .post(path)
                .then()
                .statusCode(200)
                .body("partner", equalTo(PUCHENG));
        assertEquals(
                1,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = "
                                        + "'audit.anchor.rebaseline' AND record_id = ? AND actor = ?",
                                PUCHENG,
                                "commander-" + JIANGSHAN));
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> "MATCHES"
                        .equals(verify(pucheng, PUCHENG, true)
                                .getString("anchors.find { it.partner == '" + JIANGSHAN + "' }.status")),
                () -> "a fresh start");
    }

    @Test
    @Order(6)
    void whenAnchoringStopsTheChainIsNotCalledIntactAndThePartnerAlarms() {
        someEntries(jiangshan, 2);
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> verify(jiangshan, JIANGSHAN, true).getBoolean("intact"),
                () -> "intact while anchored");
        long alarms =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_log WHERE action = 'audit.anchor.stale'");
        pucheng.stop();
        try {
            // Jiangshan's anchors have nowhere to go: what it appends now is anchored nowhere
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(commander(JIANGSHAN))
                    .queryParam("restart", true)
                    .when()
                    .get(VERIFY)
                    .then()
                    .statusCode(200)
                    .body("intact", equalTo(false))
                    .body("reason", containsString("no partner holds a head of ours younger than"))
                    .body("anchors.find { it.partner == '" + PUCHENG + "' }.status", equalTo("UNREACHABLE"));
            // and Pucheng's anchors stop coming to Jiangshan, which alarms on its own
            Await.until(
                    Await.timer(ANCHOR_MAX_AGE, 5),
                    () -> db(JIANGSHAN)
                                    .count(
                                            "SELECT count(*) FROM federation.audit_log "
                                                    + "WHERE action = 'audit.anchor.stale' AND record_id = ?",
                                            PUCHENG)
                            > alarms,
                    () -> "Jiangshan alarms about Pucheng's anchors");
        } finally {
            pucheng.start().awaitReady(Await.MACHINE);
        }
    }

    /**
     * Final review #4: Pucheng calling Prove in eight loops at once gets a few answered at a time and
     * RESOURCE_EXHAUSTED beyond; meanwhile Jiangshan's background pool still writes its refused
     * accesses (nothing dropped) and anchors.
     */
    @Test
    @Order(7)
    void aPartnersAuditCallsInLoopsDoNotHoldOurBackgroundPool() throws Exception {
        String droppedSql = "SELECT count(*) FROM federation.audit_log WHERE action = 'access.refused.dropped'";
        long dropped = db(JIANGSHAN).count(droppedSql);
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger exhausted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService loops = java.util.concurrent.Executors.newFixedThreadPool(8);
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
        try {
            Instant until = Instant.now().plusSeconds(10);
            for (int i = 0; i < 8; i++) {
                loops.submit(() -> {
                    var stub = anchorService(jiangshan, PUCHENG, JIANGSHAN, channel);
                    while (Instant.now().isBefore(until)) {
                        try {
                            stub.prove(ProveRequest.newBuilder().setPosition(1).build());
                            answered.incrementAndGet();
                        } catch (io.grpc.StatusRuntimeException e) {
                            assertEquals(
                                    io.grpc.Status.Code.RESOURCE_EXHAUSTED,
                                    e.getStatus().getCode(),
                                    e.toString());
                            exhausted.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            // meanwhile refused requests, which the background pool's writer records
            for (int i = 0; i < 100; i++) {
                given().baseUri(jiangshan.baseUrl()).when().get(OUTBOX).then().statusCode(401);
            }
            loops.shutdown();
            assertTrue(loops.awaitTermination(60, TimeUnit.SECONDS));
        } finally {
            loops.shutdownNow();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertTrue(answered.get() > 0, "answered within the limits");
        assertTrue(exhausted.get() > 0, "refused beyond them: " + answered.get() + " answered");
        long linked = linked(JIANGSHAN);
        Await.until(
                Await.timer(ANCHOR_EVERY, 10),
                () -> newestHeld(PUCHENG, JIANGSHAN) >= linked,
                () -> "Jiangshan still anchors at Pucheng");
        assertEquals(dropped, db(JIANGSHAN).count(droppedSql), "no refused access dropped");
    }
}
