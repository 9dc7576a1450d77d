package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsRequest;
import org.borderpolice.federation.proto.audit.v1.ProveRequest;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.http.ContentType;

/**
 * One jurisdiction (Jiangshan, 330881) running as a process; the test plays its partners and
 * forgers: tokens of trusted and untrusted issuers over REST and gRPC, and hand-made batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LoneJiangshan.Shared.class)
class SecurityAndInboxIT {

    static final String OUTBOX = "/api/v1/federation/outbox";
    static final String TYPE = "testbed.probe";

    TestFederation federation;
    JurisdictionProcess jiangshan;
    PostgresServer.Database db;
    ReplicationClient grpc;

    @BeforeAll
    void start(LoneJiangshan shared) {
        // partners are not running: the tests play them
        federation = shared.federation;
        jiangshan = shared.jiangshan;
        db = federation.database(JIANGSHAN);
        grpc = new ReplicationClient(jiangshan.httpPort());
    }

    @AfterAll
    void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    TestIssuer issuer(String code) {
        return federation.issuer(code);
    }

    String token(String code, String... roles) {
        return issuer(code).token(JIANGSHAN).roles(roles).sign();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Rest {

        @Test
        void ownCommanderSeesTheBacklog() {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "commander"))
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(200)
                    .body("partner", hasItem(PUCHENG))
                    .body("partner", hasItem(GUANGFENG));
        }

        @Test
        void noTokenIs401ProblemJson() {
            given().baseUri(jiangshan.baseUrl())
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("status", equalTo(401))
                    .body("type", equalTo("https://border-police.example/problems/unauthenticated"));
        }

        @Test
        void untrustedIssuerIs401() {
            String token =
                    new TestIssuer("330822").token(JIANGSHAN).roles("commander").sign();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
        }

        @Test
        void trustedIssuerNameWithAForeignKeyIs401() {
            String token = issuer(JIANGSHAN).token(JIANGSHAN).roles("commander").signWithForeignKey();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401);
        }

        @Test
        void unsignedTokenIs401() {
            String token = issuer(JIANGSHAN).token(JIANGSHAN).roles("commander").unsigned();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401);
        }

        @Test
        void expiredTokenIs401() {
            String token = issuer(JIANGSHAN)
                    .token(JIANGSHAN)
                    .roles("commander")
                    .expiredSince(Duration.ofMinutes(5))
                    .sign();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401);
        }

        @Test
        void tokenForAnotherAudienceIs401() {
            String token = issuer(JIANGSHAN).token(PUCHENG).roles("commander").sign();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401);
        }

        @Test
        void partnerIssuerSpeakingForAnotherJurisdictionIs401() {
            String token = issuer(PUCHENG)
                    .token(JIANGSHAN)
                    .roles("commander")
                    .jurisdictionClaim(JIANGSHAN)
                    .sign();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(401);
        }

        @Test
        void aPartnersUserTokenGoodAtSeveralJurisdictionsIs401() {
            // Pucheng's officer's token names Guangfeng too: we would otherwise accept what Guangfeng could replay here
            String both = issuer(PUCHENG)
                    .token(JIANGSHAN)
                    .roles("commander")
                    .audiences("border-" + JIANGSHAN, "border-" + GUANGFENG)
                    .sign();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(both)
                    .when()
                    .get("/api/v1/federation/partners")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
            // our own identity provider's tokens may name more than us
            String own = issuer(JIANGSHAN)
                    .token(JIANGSHAN)
                    .roles("analyst")
                    .audiences("border-" + JIANGSHAN, "account")
                    .sign();
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(own)
                    .when()
                    .get("/api/v1/federation/partners")
                    .then()
                    .statusCode(200);
        }

        @Test
        void partnerCommanderIsTheWrongJurisdiction() {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(PUCHENG, "commander"))
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403));
        }

        @Test
        void analystLacksTheRole() {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "analyst"))
                    .when()
                    .get(OUTBOX)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }

        @Test
        void partnersAreListedForOwnUsers() {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "analyst"))
                    .when()
                    .get("/api/v1/federation/partners")
                    .then()
                    .statusCode(200)
                    .body("jurisdiction", equalTo(JIANGSHAN))
                    .body("partners", hasSize(2))
                    .body("partners.find { it.code == '350722' }.name", equalTo("浦城县公安局"));
        }

        @Test
        void malformedBodyIs400AndStoresNothing() {
            long before = db.count("SELECT count(*) FROM federation.outbox");
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "integrator"))
                    .contentType(ContentType.JSON)
                    .body("{\"count\": 2, \"title\": ")
                    .when()
                    .post("/api/v1/probes")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://border-police.example/problems/malformed-body"));
            assertEquals(before, db.count("SELECT count(*) FROM federation.outbox"));
        }

        @Test
        void invalidFieldsAre400WithFieldErrorsAndStoreNothing() {
            long probes = db.count("SELECT count(*) FROM probe");
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "integrator"))
                    .contentType(ContentType.JSON)
                    .body("{\"count\": 0, \"title\": \"x\", \"distribution\": [\"350722\", \"99999\"]}")
                    .when()
                    .post("/api/v1/probes")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://border-police.example/problems/validation"))
                    .body("errors.field", hasItem("count"))
                    .body("errors.field", hasItem("distribution[].<iterable element>"));
            assertEquals(probes, db.count("SELECT count(*) FROM probe"));
        }

        @Test
        void unknownRecordIs404ProblemJson() {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "integrator"))
                    .contentType(ContentType.JSON)
                    .body("{\"title\": \"x\"}")
                    .when()
                    .put("/api/v1/probes/" + UUID.randomUUID())
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }

        @Test
        void healthAndOpenApiAreServed() {
            given().baseUri(jiangshan.managementUrl())
                    .when()
                    .get("/q/health/live")
                    .then()
                    .statusCode(200);
            given().baseUri(jiangshan.managementUrl())
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200);
            given().baseUri(jiangshan.managementUrl())
                    .accept("application/json")
                    .when()
                    .get("/q/openapi")
                    .then()
                    .statusCode(200)
                    .body("paths", org.hamcrest.Matchers.hasKey(OUTBOX));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GrpcIdentity {

        ReplicationEvent probe() {
            return event(PUCHENG, UUID.randomUUID().toString(), 1, false, "识别");
        }

        @Test
        void noTokenIsUnauthenticated() {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(null, probe()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }

        @Test
        void untrustedIssuerIsUnauthenticated() {
            String token = new TestIssuer(PUCHENG, "https://idp.rogue.test")
                    .token(JIANGSHAN)
                    .roles("peer")
                    .sign();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token, probe()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }

        @Test
        void badSignatureIsUnauthenticated() {
            String token = issuer(PUCHENG).token(JIANGSHAN).roles("peer").signWithForeignKey();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token, probe()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }

        @Test
        void expiredTokenIsUnauthenticated() {
            String token = issuer(PUCHENG)
                    .token(JIANGSHAN)
                    .roles("peer")
                    .expiredSince(Duration.ofMinutes(2))
                    .sign();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token, probe()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }

        @Test
        void wrongAudienceIsUnauthenticated() {
            String token = issuer(PUCHENG).token(GUANGFENG).roles("peer").sign();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token, probe()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }

        @Test
        void ourOwnPeerTokenIsNoPartners() {
            String own = issuer(JIANGSHAN).token(JIANGSHAN).roles("peer").sign();
            String id = UUID.randomUUID().toString();
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class, () -> grpc.deliver(own, event(JIANGSHAN, id, 1, false, "自己")));
            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
            assertEquals(0, db.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ?", id));
        }

        @Test
        void auditAnchorsAreForPartnersRelaysOnly() {
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                    .usePlaintext()
                    .build();
            try {
                Map<String, Status.Code> refusals = new java.util.LinkedHashMap<>();
                refusals.put(null, Status.Code.UNAUTHENTICATED);
                refusals.put(token(PUCHENG, "analyst", "commander"), Status.Code.PERMISSION_DENIED);
                refusals.put(token(JIANGSHAN, "commander"), Status.Code.PERMISSION_DENIED);
                refusals.put(token(JIANGSHAN, "peer"), Status.Code.PERMISSION_DENIED);
                refusals.forEach((token, expected) -> {
                    var stub = anchors(channel, token);
                    StatusRuntimeException prove = assertThrows(
                            StatusRuntimeException.class,
                            () -> stub.prove(
                                    ProveRequest.newBuilder().setPosition(1).build()));
                    assertEquals(expected, prove.getStatus().getCode(), String.valueOf(prove.getStatus()));
                    StatusRuntimeException held = assertThrows(
                            StatusRuntimeException.class, () -> stub.heldHeads(HeldHeadsRequest.getDefaultInstance()));
                    assertEquals(expected, held.getStatus().getCode(), String.valueOf(held.getStatus()));
                });
                // a partner's relay is answered
                anchors(channel, token(PUCHENG, "peer")).heldHeads(HeldHeadsRequest.getDefaultInstance());
            } finally {
                channel.shutdownNow();
            }
        }

        AuditAnchorServiceGrpc.AuditAnchorServiceBlockingStub anchors(ManagedChannel channel, String token) {
            var stub = AuditAnchorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            if (token == null) {
                return stub;
            }
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        @Test
        void userWithoutPeerRoleIsDenied() {
            String token = issuer(PUCHENG)
                    .token(JIANGSHAN)
                    .roles("analyst", "commander")
                    .sign();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token, probe()));
            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InboxRules {

        String peer() {
            return token(PUCHENG, "peer");
        }

        long replicas(String id) {
            return db.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ?", PUCHENG, id);
        }

        String title(String id) {
            try (var c = db.connect();
                    var ps = c.prepareStatement("SELECT title FROM probe_replica WHERE origin = ? AND id = ?")) {
                ps.setString(1, PUCHENG);
                ps.setString(2, id);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void redeliveryOfAnAppliedEventIsANoOp() {
            String id = UUID.randomUUID().toString();
            ReplicationEvent event = event(PUCHENG, id, 1, false, "第一版");
            assertEquals(
                    Outcome.APPLIED, grpc.deliver(peer(), event).getResults(0).getOutcome());
            assertEquals(
                    Outcome.DUPLICATE, grpc.deliver(peer(), event).getResults(0).getOutcome());
            assertEquals(1, replicas(id));
            assertEquals(
                    1,
                    db.count(
                            "SELECT redeliveries FROM federation.inbox_event WHERE event_id = ?::uuid",
                            event.getEventId()));
        }

        @Test
        void theSameEventTwiceInOneBatchIsAppliedOnce() {
            String id = UUID.randomUUID().toString();
            ReplicationEvent event = event(PUCHENG, id, 1, false, "一次");
            DeliveryAck ack = grpc.deliver(peer(), event, event);
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
            assertEquals(Outcome.DUPLICATE, ack.getResults(1).getOutcome());
            assertEquals(
                    1,
                    db.count(
                            "SELECT count(*) FROM federation.inbox_event WHERE event_id = ?::uuid",
                            event.getEventId()));
        }

        @Test
        void anOlderVersionIsIgnored() {
            String id = UUID.randomUUID().toString();
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(peer(), event(PUCHENG, id, 3, false, "v3"))
                            .getResults(0)
                            .getOutcome());
            assertEquals(
                    Outcome.STALE,
                    grpc.deliver(peer(), event(PUCHENG, id, 2, false, "v2"))
                            .getResults(0)
                            .getOutcome());
            assertEquals("v3", title(id));
        }

        @Test
        void withinOneBatchTheNewestVersionWins() {
            String id = UUID.randomUUID().toString();
            DeliveryAck ack =
                    grpc.deliver(peer(), event(PUCHENG, id, 5, false, "v5"), event(PUCHENG, id, 4, false, "v4"));
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
            assertEquals(Outcome.STALE, ack.getResults(1).getOutcome());
            assertEquals("v5", title(id));
        }

        @Test
        void aTombstoneRemovesTheReplicaAndALateOlderVersionCannotBringItBack() {
            String id = UUID.randomUUID().toString();
            grpc.deliver(peer(), event(PUCHENG, id, 1, false, "存在"));
            assertEquals(1, replicas(id));
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(peer(), event(PUCHENG, id, 2, true, null))
                            .getResults(0)
                            .getOutcome());
            assertEquals(0, replicas(id));
            assertEquals(
                    Outcome.STALE,
                    grpc.deliver(peer(), event(PUCHENG, id, 1, false, "迟到"))
                            .getResults(0)
                            .getOutcome());
            assertEquals(0, replicas(id));
        }

        @Test
        void aForgedOriginIsRefusedAndLogged() {
            String id = UUID.randomUUID().toString();
            ReplicationEvent forged = event(GUANGFENG, id, 1, false, "冒充");
            DeliveryAck ack = grpc.deliver(peer(), forged);
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome());
            assertTrue(ack.getResults(0).getReason().contains("not the authenticated peer"));
            assertEquals(0, db.count("SELECT count(*) FROM probe_replica WHERE id = ?", id));
            assertEquals(0, db.count("SELECT count(*) FROM federation.replica_state WHERE record_id = ?", id));
            assertEquals(
                    1,
                    db.count(
                            "SELECT count(*) FROM federation.inbox_rejection WHERE peer = ? AND origin = ? "
                                    + "AND record_id = ?",
                            PUCHENG,
                            GUANGFENG,
                            id));
        }

        @Test
        void aRecordNotDistributedToUsIsRefused() {
            ReplicationEvent event = event(PUCHENG, UUID.randomUUID().toString(), 1, false, "不给你").toBuilder()
                    .clearDistribution()
                    .addDistribution(GUANGFENG)
                    .build();
            assertEquals(
                    Outcome.REJECTED, grpc.deliver(peer(), event).getResults(0).getOutcome());
        }

        @Test
        void anUnknownRecordTypeOrUnreadablePayloadIsRefused() {
            ReplicationEvent unknown = event(PUCHENG, UUID.randomUUID().toString(), 1, false, "x").toBuilder()
                    .setRecordType("cases.joint-case")
                    .build();
            ReplicationEvent unreadable = event(PUCHENG, UUID.randomUUID().toString(), 1, false, "x").toBuilder()
                    .setPayload(Any.pack(Int64Value.of(7)))
                    .build();
            ReplicationEvent noPayload = event(PUCHENG, UUID.randomUUID().toString(), 1, false, "x").toBuilder()
                    .clearPayload()
                    .build();
            DeliveryAck ack = grpc.deliver(peer(), unknown, unreadable, noPayload);
            assertEquals(
                    List.of(Outcome.REJECTED, Outcome.REJECTED, Outcome.REJECTED),
                    ack.getResultsList().stream().map(r -> r.getOutcome()).toList());
        }
    }

    /** What a partner may take of us with the default limits. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DefaultLimits {

        @Test
        void aPartnerMayHaveFourCallsOpenAtOnce() throws Exception {
            List<PeerIdentityIT.OpenStream> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    var stream = new PeerIdentityIT.OpenStream(jiangshan.httpPort(), token(GUANGFENG, "peer"));
                    open.add(stream);
                    assertEquals(
                            Outcome.APPLIED,
                            stream.send(event(GUANGFENG, UUID.randomUUID().toString(), 1, false, "四"))
                                    .get(30, TimeUnit.SECONDS)
                                    .getResults(0)
                                    .getOutcome());
                }
                var fifth = new PeerIdentityIT.OpenStream(jiangshan.httpPort(), token(GUANGFENG, "peer"));
                open.add(fifth);
                fifth.send(event(GUANGFENG, UUID.randomUUID().toString(), 1, false, "五"));
                Status closed = fifth.closed().get(30, TimeUnit.SECONDS);
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, closed.getCode(), String.valueOf(closed));
                assertTrue(closed.getDescription().contains("calls"), closed.getDescription());
            } finally {
                open.forEach(PeerIdentityIT.OpenStream::close);
            }
        }

        @Test
        void aBatchMayCarryAThousandEvents() {
            ReplicationEvent[] events = new ReplicationEvent[1001];
            for (int i = 0; i < events.length; i++) {
                events[i] = event(PUCHENG, UUID.randomUUID().toString(), 1, false, "批");
            }
            StatusRuntimeException e =
                    assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token(PUCHENG, "peer"), events));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), String.valueOf(e.getStatus()));
            assertEquals(0, db.count("SELECT count(*) FROM probe_replica WHERE id = ?", events[0].getRecordId()));
            DeliveryAck ack = grpc.deliver(token(PUCHENG, "peer"), java.util.Arrays.copyOf(events, 1000));
            assertEquals(
                    1000,
                    ack.getResultsList().stream()
                            .filter(r -> r.getOutcome() == Outcome.APPLIED)
                            .count());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AuditTrail {

        static final String VERIFY = "/api/v1/audit/verify";

        @Test
        void receptionIsAuditedTheChainVerifiesAndTamperingIsFound() throws Exception {
            String id = UUID.randomUUID().toString();
            grpc.deliver(token(PUCHENG, "peer"), event(PUCHENG, id, 1, false, "审计"));
            assertTrue(db.count(
                            "SELECT count(*) FROM federation.audit_log WHERE action = 'replication.received' "
                                    + "AND jurisdiction = ? AND detail LIKE ?",
                            PUCHENG,
                            "%testbed.probe:" + id + "@1%")
                    == 1);
            String commander = token(JIANGSHAN, "commander");
            // the links verify; whether the chain is also called intact depends on a partner holding
            // an anchor of ours, which this test (playing the partners) does not arrange: AuditIT does
            var first = given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(commander)
                    .when()
                    .get(VERIFY)
                    .then()
                    .statusCode(200)
                    .body("firstBrokenSeq", org.hamcrest.Matchers.nullValue())
                    .extract()
                    .jsonPath();
            assertTrue(
                    first.getBoolean("intact")
                            || first.getString("reason").startsWith("no partner holds a head of ours"),
                    first.prettify());

            // append-only: the database refuses changes outright
            long seq = db.count("SELECT max(seq) FROM federation.audit_log");
            // the entry is chained moments after it committed (AuditLinker)
            org.borderpolice.federation.testing.Await.until(
                    org.borderpolice.federation.testing.Await.MACHINE,
                    () -> db.count("SELECT count(*) FROM federation.audit_chain WHERE seq = ?", seq) == 1,
                    () -> "entry " + seq + " linked");
            try (var c = db.connect();
                    var s = c.createStatement()) {
                assertThrows(
                        java.sql.SQLException.class,
                        () -> s.executeUpdate("UPDATE federation.audit_log SET detail = 'x' WHERE seq = " + seq));
                assertThrows(
                        java.sql.SQLException.class,
                        () -> s.executeUpdate("DELETE FROM federation.audit_log WHERE seq = " + seq));
                // someone with the power to lift that protection rewrites a row: the chain shows where
                s.execute("ALTER TABLE federation.audit_log DISABLE TRIGGER audit_log_no_update");
                s.executeUpdate("UPDATE federation.audit_log SET detail = 'nothing happened' WHERE seq = " + seq);
                s.execute("ALTER TABLE federation.audit_log ENABLE TRIGGER audit_log_no_update");
            }
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(commander)
                    .queryParam("restart", true)
                    .when()
                    .get(VERIFY)
                    .then()
                    .statusCode(200)
                    .body("intact", equalTo(false))
                    .body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("content does not match its hash"));
        }

        @Test
        void verifyIsForOwnCommandersAndIntegrators() {
            given().baseUri(jiangshan.baseUrl()).when().get(VERIFY).then().statusCode(401);
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(JIANGSHAN, "analyst"))
                    .when()
                    .get(VERIFY)
                    .then()
                    .statusCode(403);
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token(PUCHENG, "commander"))
                    .when()
                    .get(VERIFY)
                    .then()
                    .statusCode(403);
        }
    }

    static ReplicationEvent event(String origin, String recordId, long version, boolean tombstone, String title) {
        Instant now = Instant.now();
        ReplicationEvent.Builder b = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(origin)
                .setRecordType(TYPE)
                .setRecordId(recordId)
                .setVersion(version)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .addDistribution(JIANGSHAN)
                .addDistribution(origin)
                .setTombstone(tombstone);
        if (!tombstone) {
            b.setPayload(Any.pack(StringValue.of(title)));
        }
        return b.build();
    }
}
