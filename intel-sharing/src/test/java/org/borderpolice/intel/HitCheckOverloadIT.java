package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.common.v1.CheckedIdentifier;
import org.borderpolice.federation.proto.common.v1.KeyedHash;
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

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.http.ContentType;

/**
 * An owner at capacity answers a partner's hit/no-hit check UNAVAILABLE (the classifier's
 * overload), not INTERNAL: Jiangshan (330881) has one pooled connection, held by a revocation that
 * waits on a row lock; Pucheng (350722) asks, and its user gets its answer with Jiangshan listed
 * as unavailable, never a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HitCheckOverloadIT {

    static final String PHONE = "13955520001";

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;

    @BeforeAll
    void start() {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
        // the relay (which shares the service's pool) off: requests are all that take the one connection
        jiangshan = federation.process(
                JIANGSHAN,
                JurisdictionProcess.packagedApplication(),
                Map.of(
                        "quarkus.datasource.jdbc.max-size", "1",
                        "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                        "border.federation.relay.enabled", "false",
                        "border.federation.inbox.purge-every", "off"));
        pucheng = federation.process(PUCHENG, JurisdictionProcess.packagedApplication(), Map.of());
        JurisdictionProcess.startAll(Await.MACHINE, jiangshan, pucheng);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
    }

    String token(String code, String at, String... roles) {
        return federation.issuer(code).token(at).roles(roles).unit("坛石派出所").sign();
    }

    io.restassured.response.Response checkAtPucheng() {
        return given().baseUri(pucheng.baseUrl())
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "analyst"))
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", PHONE))))
                .when()
                .post("/api/v1/alerts/hit-checks");
    }

    /** Jiangshan's HitCheckService as Pucheng's service calls it. */
    StatusRuntimeException grpcCheckFails(HitCheckRequest request) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer "
                            + federation
                                    .issuer(PUCHENG)
                                    .token(JIANGSHAN)
                                    .roles("peer")
                                    .sign());
            var stub = HitCheckServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            return org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class, () -> stub.check(request));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anOwnerWithoutAFreeConnectionAnswersUnavailableAndTheAskerSaysSo() throws Exception {
        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        String id = given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "category",
                        "SMUGGLING",
                        "severity",
                        "ORANGE",
                        "title",
                        "联络电话",
                        "body",
                        "走私团伙联络电话。",
                        "subjects",
                        List.of(Map.of("kind", "PHONE", "value", PHONE)),
                        "distribution",
                        List.of(PUCHENG),
                        "handling",
                        "GENERAL",
                        "sourceReliability",
                        "B",
                        "informationCredibility",
                        2))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // with the connection free, Pucheng's check reaches Jiangshan and hits
        checkAtPucheng()
                .then()
                .statusCode(200)
                .body("hits.alertId", hasItem(id))
                .body("partnersUnavailable", anEmptyMap());

        HitCheckRequest request = HitCheckRequest.newBuilder()
                .setCheckId(UUID.randomUUID().toString())
                .addIdentifiers(CheckedIdentifier.newBuilder()
                        .addHashes(KeyedHash.newBuilder().setKeyVersion(1).setHash(ByteString.copyFrom(new byte[32]))))
                .addRequesterRoles("analyst")
                .setRequestingUnit("浦城县公安局")
                .setRequestedBy("officer")
                .build();
        PostgresServer.Database db = federation.database(JIANGSHAN);
        CompletableFuture<Integer> revocation;
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock =
                    holder.prepareStatement("SELECT 1 FROM alert WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            // this revocation waits on the row lock, holding the pool's only connection
            revocation = CompletableFuture.supplyAsync(() -> given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(analyst)
                    .when()
                    .post("/api/v1/alerts/" + id + "/revoke")
                    .then()
                    .extract()
                    .statusCode());
            Await.until(
                    Await.MACHINE,
                    () -> db.count(
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'",
                                    db.name())
                            == 1,
                    () -> "the revocation waits on the lock");

            StatusRuntimeException e = grpcCheckFails(request);
            assertEquals(
                    Status.Code.UNAVAILABLE,
                    e.getStatus().getCode(),
                    e.getStatus().toString());
            String description = String.valueOf(e.getStatus().getDescription());
            for (String leak : List.of("SQL", "JDBC", "Acquisition", "Exception", "\tat ")) {
                assertFalse(description.contains(leak), "'" + leak + "' in " + description);
            }

            // Pucheng's user gets an answer (its own holdings), with Jiangshan named as unavailable
            checkAtPucheng()
                    .then()
                    .statusCode(200)
                    .body("partnersUnavailable." + JIANGSHAN, equalTo("UNAVAILABLE"))
                    .body("hits.alertId", not(hasItem(id)));
            holder.rollback();
        }
        assertEquals(200, revocation.get(30, TimeUnit.SECONDS));
        // the overload is in Jiangshan's log with the check it concerns
        assertTrue(jiangshan.logText().contains(request.getCheckId()), "logged with the check id");
    }
}
