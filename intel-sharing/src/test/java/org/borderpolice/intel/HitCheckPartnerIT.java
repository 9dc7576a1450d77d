package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.proto.common.v1.KeyedHash;
import org.borderpolice.federation.proto.hitcheck.v1.Hit;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.protobuf.ByteString;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.restassured.http.ContentType;

/**
 * Jiangshan as a process asks a partner that is a gRPC server in this test: one that answers
 * with malformed hits, and one that takes its time. A bad answer marks that partner failed;
 * waiting for a partner holds no database connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HitCheckPartnerIT {

    TestFederation federation;
    JurisdictionProcess jiangshan;
    Server partner;
    final AtomicReference<Function<HitCheckRequest, HitCheckResponse>> answer = new AtomicReference<>();
    final List<HitCheckRequest> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
        // "Pucheng" is this test: Jiangshan's trust list sends its checks to Pucheng's port
        partner = NettyServerBuilder.forPort(federation.member(PUCHENG).httpPort())
                .addService(new HitCheckServiceGrpc.HitCheckServiceImplBase() {
                    @Override
                    public void check(HitCheckRequest request, StreamObserver<HitCheckResponse> response) {
                        received.add(request);
                        calls.incrementAndGet();
                        try {
                            response.onNext(answer.get().apply(request));
                            response.onCompleted();
                        } catch (RuntimeException e) {
                            response.onError(e);
                        }
                    }
                })
                .build()
                .start();
        // two connections, and a partner that may take a minute: waiting must not hold one (the
        // partner answers only after the user's list was served: a check holding a connection while
        // it waits would leave that list without one until the acquisition timeout, a 503). 10 s,
        // not less: once the partner answers, three checks record on two connections at once,
        // which on a loaded machine took over 3 s (a CI run's 503 at the end, not in the list)
        jiangshan = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        Map.of(
                                "quarkus.datasource.jdbc.max-size", "2",
                                "quarkus.datasource.jdbc.acquisition-timeout", "10s",
                                "intel.hit-check.partner-timeout", "60s",
                                "border.federation.relay.enabled", "false"))
                .startAndAwait();
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan);
        if (partner != null) {
            partner.shutdownNow();
        }
    }

    String analyst() {
        return federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .subject("partner-it")
                .roles("analyst")
                .sign();
    }

    io.restassured.response.Response check(String phone) {
        return given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(analyst())
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks");
    }

    /** The first hash the request asks about. */
    static KeyedHash asked(HitCheckRequest request) {
        return request.getIdentifiers(0).getHashes(0);
    }

    static Hit.Builder goodHit(HitCheckRequest request) {
        return Hit.newBuilder()
                .setIdentifierHash(asked(request).getHash())
                .setKeyVersion(asked(request).getKeyVersion())
                .setOwner(PUCHENG)
                .setUnit("浦城县公安局刑侦大队")
                .setRecordType("intel.alert")
                .setRecordId(RecordIds.create(PUCHENG).toString())
                .putSummary("severity", "RED");
    }

    static HitCheckResponse answer(Hit.Builder hit) {
        return HitCheckResponse.newBuilder().addHits(hit).build();
    }

    @Test
    void aWellFormedHitIsShownAndTheRequestCarriesTheUsersRolesAndVersionedHashes() {
        answer.set(r -> answer(goodHit(r)));
        int before = received.size();
        check("13800000001")
                .then()
                .statusCode(200)
                .body("hits[0].owner", equalTo(PUCHENG))
                .body("hits[0].severity", equalTo("RED"))
                .body("hits[0].local", equalTo(false))
                .body("partnersUnavailable", anEmptyMap());
        HitCheckRequest request = received.get(before);
        assertEquals(List.of("analyst"), request.getRequesterRolesList());
        assertEquals("partner-it", request.getRequestedBy());
        assertEquals(1, request.getIdentifiersCount());
        assertEquals(1, asked(request).getKeyVersion());
        assertEquals(
                ByteString.copyFrom(new BlindIndex(federation.blindIndexKey(1)).hash("PHONE", "13800000001")),
                asked(request).getHash());
    }

    @Test
    void aMalformedAnswerMarksThePartnerFailedAndNoneOfItsHitsCount() {
        Map<String, Function<HitCheckRequest, HitCheckResponse>> malformed = Map.of(
                "alert id that is no UUID", r -> answer(goodHit(r).setRecordId("330881-0001")),
                "unknown severity", r -> answer(goodHit(r).putSummary("severity", "PURPLE")),
                "no severity", r -> answer(goodHit(r).clearSummary()),
                "record type we do not know", r -> answer(goodHit(r).setRecordType("intel.sighting")),
                "summary too long", r -> answer(goodHit(r).putSummary("note", "队".repeat(101))),
                "owner other than the partner", r -> answer(goodHit(r).setOwner(JIANGSHAN)),
                "hash we did not ask about",
                        r -> answer(goodHit(r).setIdentifierHash(ByteString.copyFrom(new byte[32]))),
                "key version we did not ask under", r -> answer(goodHit(r).setKeyVersion(2)),
                "unit longer than a unit", r -> answer(goodHit(r).setUnit("队".repeat(101))),
                "one good hit and one bad",
                        r -> HitCheckResponse.newBuilder()
                                .addHits(goodHit(r))
                                .addHits(goodHit(r).setRecordId(""))
                                .build());
        malformed.forEach((what, response) -> {
            answer.set(response);
            var result = check("13800000002");
            assertEquals(200, result.statusCode(), what + ": " + result.asString());
            assertEquals(List.of(), result.path("hits"), what);
            assertEquals("MALFORMED_ANSWER", result.path("partnersUnavailable." + PUCHENG), what);
        });
    }

    /**
     * Review 25 C1: a hit names an alert of the answering partner, as a case hit does. Another
     * jurisdiction's alert id (a disclosure request would then name it), or a random id of before
     * ids named their creator where no cut-over for them lies ahead, makes the answer malformed:
     * no hit shown or recorded, and the audit says why.
     */
    @Test
    void aHitOnAnAlertTheAnsweringPartnerDidNotCreateIsMalformedAndAudited() {
        Map<String, Function<HitCheckRequest, HitCheckResponse>> foreign = Map.of(
                "an alert id Jiangshan created",
                        r -> answer(goodHit(r)
                                .setRecordId(RecordIds.create(JIANGSHAN).toString())),
                "an alert id Guangfeng created",
                        r -> answer(goodHit(r)
                                .setRecordId(RecordIds.create("361103").toString())),
                "a legacy alert id, no cut-over here",
                        r -> answer(goodHit(r).setRecordId(UUID.randomUUID().toString())));
        foreign.forEach((what, response) -> {
            answer.set(response);
            var result = check("13800000007");
            assertEquals(200, result.statusCode(), what + ": " + result.asString());
            assertEquals(List.of(), result.path("hits"), what);
            assertEquals("MALFORMED_ANSWER", result.path("partnersUnavailable." + PUCHENG), what);
            String checkId = result.path("checkId");
            assertEquals(
                    1,
                    federation
                            .database(JIANGSHAN)
                            .count(
                                    "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.asked' "
                                            + "AND record_id = ? AND detail LIKE ?",
                                    checkId,
                                    "%malformed {" + PUCHENG + "=%not created by the sender " + PUCHENG + "%"),
                    what + " is audited with why");
            assertEquals(
                    0,
                    federation
                            .database(JIANGSHAN)
                            .count("SELECT count(*) FROM federation.hit_check_hit WHERE check_id = ?::uuid", checkId),
                    what + ": no hit recorded");
        });
        // the partner's own alert is a hit
        answer.set(r -> answer(goodHit(r)));
        check("13800000007").then().statusCode(200).body("hits[0].owner", equalTo(PUCHENG));
    }

    @Test
    void waitingForAPartnerHoldsNoDatabaseConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        answer.set(r -> {
            try {
                release.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HitCheckResponse.getDefaultInstance();
        });
        int before = calls.get();
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        java.util.concurrent.ExecutorService users = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            // as many checks waiting for the partner as the pool has connections, and one more
            for (int i = 0; i < 3; i++) {
                waiting.add(
                        CompletableFuture.supplyAsync(() -> check("13800000003").statusCode(), users));
            }
            Await.until(Await.MACHINE, () -> calls.get() == before + 3, () -> "three checks at the partner");
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(analyst())
                    .when()
                    .get("/api/v1/alerts")
                    .then()
                    .statusCode(200);
        } finally {
            release.countDown();
        }
        for (CompletableFuture<Integer> w : waiting) {
            assertEquals(200, w.get(60, TimeUnit.SECONDS));
        }
        users.shutdown();
    }

    @Test
    void onlyTheSuiteRolesOfTheUserAreSent() {
        answer.set(r -> HitCheckResponse.getDefaultInstance());
        // what an identity provider adds to every token, and more roles than an owner takes (20)
        List<String> roles = new ArrayList<>(
                List.of("analyst", "investigator", "offline_access", "uma_authorization", "default-roles-border"));
        for (int i = 0; i < 20; i++) {
            roles.add("app-role-" + i + "-" + "x".repeat(50));
        }
        String token = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .subject("many-roles")
                .roles(roles.toArray(String[]::new))
                .sign();
        int before = received.size();
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", "13800000005"))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200)
                .body("partnersUnavailable", anEmptyMap());
        assertEquals(List.of("analyst", "investigator"), received.get(before).getRequesterRolesList());
    }

    @Test
    void anAnswerWithMoreHitsPerIdentifierThanAnOwnerGivesIsMalformed() {
        java.util.function.IntFunction<Function<HitCheckRequest, HitCheckResponse>> hits = n -> r -> {
            HitCheckResponse.Builder b = HitCheckResponse.newBuilder();
            for (int i = 0; i < n; i++) {
                b.addHits(goodHit(r));
            }
            return b.build();
        };
        answer.set(hits.apply(20));
        check("13800000006")
                .then()
                .statusCode(200)
                .body("hits", org.hamcrest.Matchers.hasSize(20))
                .body("partnersUnavailable", anEmptyMap());
        answer.set(hits.apply(21));
        check("13800000006")
                .then()
                .statusCode(200)
                .body("hits", org.hamcrest.Matchers.empty())
                .body("partnersUnavailable." + PUCHENG, equalTo("MALFORMED_ANSWER"));
    }
}
