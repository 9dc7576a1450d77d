package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.proto.common.v1.CheckedIdentifier;
import org.borderpolice.federation.proto.common.v1.KeyedHash;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse;
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

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Hit/no-hit checks between three jurisdictions as processes: what each role's check may hit,
 * the agreement's categories, the per-user limits at both ends, the audit at both ends, and
 * disclosure requests only after a hit. Jiangshan's agreement does not grant Guangfeng
 * intelligence; Guangfeng's own configuration still names Jiangshan as an intel partner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HitCheckIT {

    TestFederation federation;
    Map<String, JurisdictionProcess> processes = new LinkedHashMap<>();
    int phones = 0;

    @BeforeAll
    void start() {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG, GUANGFENG);
        Map<String, Map<String, String>> settings = Map.of(
                JIANGSHAN,
                        Map.of(
                                "border.federation.partners." + GUANGFENG + ".categories",
                                "cases",
                                "intel.hit-check.partner-user-daily-quota",
                                "10"),
                PUCHENG, Map.of("intel.hit-check.user-daily-quota", "12"),
                GUANGFENG, Map.of());
        settings.forEach((code, s) ->
                processes.put(code, federation.process(code, JurisdictionProcess.packagedApplication(), s)));
        JurisdictionProcess.startAll(Await.MACHINE, processes.values().toArray(JurisdictionProcess[]::new));
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
    }

    String url(String code) {
        return processes.get(code).baseUrl();
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    /** A user of `code` calling its own service, with a subject of its own (limits are per user). */
    String token(String code, String subject, String... roles) {
        return federation
                .issuer(code)
                .token(code)
                .subject(subject)
                .roles(roles)
                .unit("坛石派出所")
                .sign();
    }

    /** A phone number no other test uses. */
    synchronized String phone() {
        return "1370" + String.format("%07d", 4000 + phones++);
    }

    static List<Map<String, String>> phones(String... values) {
        return java.util.Arrays.stream(values)
                .map(v -> Map.of("kind", "PHONE", "value", v))
                .toList();
    }

    /** Publish at Jiangshan an alert shared with nobody, about this phone. */
    String publish(String handling, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "SMUGGLING");
        body.put("severity", "YELLOW");
        body.put("title", "比对线索 " + handling);
        body.put("body", "线索内容不得随比对结果外泄。");
        body.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        body.put("distribution", List.of(JIANGSHAN));
        body.put("handling", handling);
        body.put("sourceReliability", "B");
        body.put("informationCredibility", 2);
        return given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, "publisher", "analyst"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    Response check(String at, String token, List<Map<String, String>> identifiers) {
        return given().baseUri(url(at))
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", identifiers))
                .when()
                .post("/api/v1/alerts/hit-checks");
    }

    String hash(String kind, String value) {
        return HexFormat.of().formatHex(new BlindIndex(federation.blindIndexKey(1)).hash(kind, value));
    }

    @Test
    void aCheckHitsWhatTheAskersRolesOpenAndHitOnlyAlertsForEveryRoleThatMayCheck() {
        String[] p = {phone(), phone(), phone(), phone()};
        String general = publish("GENERAL", p[0]);
        String restricted = publish("RESTRICTED", p[1]);
        String confidential = publish("CONFIDENTIAL", p[2]);
        String hitOnly = publish("HIT_ONLY", p[3]);
        List<Map<String, String>> all = phones(p);

        // at a partner: an investigator could never read a CONFIDENTIAL alert, so it does not hit
        check(PUCHENG, token(PUCHENG, "role-investigator", "investigator"), all)
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(general, restricted, hitOnly))
                .body("hits.local", everyItem(equalTo(false)))
                .body("partnersUnavailable", anEmptyMap());
        check(PUCHENG, token(PUCHENG, "role-analyst", "analyst"), all)
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(general, restricted, confidential, hitOnly));
        check(PUCHENG, token(PUCHENG, "role-commander", "commander"), all)
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(general, restricted, confidential, hitOnly));

        // at home the same rule: an investigator hits the HIT_ONLY alert it may not read, not the CONFIDENTIAL one
        check(JIANGSHAN, token(JIANGSHAN, "home-investigator", "investigator"), all)
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(general, restricted, hitOnly))
                .body("hits.local", everyItem(equalTo(true)));
        check(JIANGSHAN, token(JIANGSHAN, "home-analyst", "analyst"), all)
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(general, restricted, confidential, hitOnly));
        // roles that may not check at all
        check(PUCHENG, token(PUCHENG, "role-mediator", "mediator"), all)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        check(PUCHENG, token(PUCHENG, "role-integrator", "integrator"), all)
                .then()
                .statusCode(403);
    }

    @Test
    void aPartnerTheAgreementDoesNotGrantIntelligenceIsRefused() {
        String phone = phone();
        String hitOnly = publish("HIT_ONLY", phone);
        check(GUANGFENG, token(GUANGFENG, "guangfeng-analyst", "analyst"), phones(phone))
                .then()
                .statusCode(200)
                .body("hits", org.hamcrest.Matchers.empty())
                .body("partnersAsked", hasItem(JIANGSHAN))
                .body("partnersUnavailable." + JIANGSHAN, equalTo("PERMISSION_DENIED"));
        assertEquals(
                0,
                db(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log WHERE counterpart = ?", GUANGFENG));
        // the refusal is audited, without the hashes a partner it refuses sent
        assertTrue(db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' "
                                        + "AND jurisdiction = ? AND detail LIKE '%PERMISSION_DENIED%'",
                                GUANGFENG)
                >= 1);
        assertEquals(
                0,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' "
                                        + "AND detail LIKE ?",
                                "%" + hash("PHONE", phone) + "%"));
        // and Jiangshan does not ask Guangfeng either
        check(JIANGSHAN, token(JIANGSHAN, "home-analyst-2", "analyst"), phones(phone))
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(hitOnly))
                .body("partnersAsked", not(hasItem(GUANGFENG)));
    }

    @Test
    void eachUserHasADailyLimitAtHomeAndAtEveryOwner() {
        String busy = token(PUCHENG, "busy-officer", "analyst");
        String[] ten = new String[10];
        for (int i = 0; i < ten.length; i++) {
            ten[i] = phone();
        }
        check(PUCHENG, busy, phones(ten)).then().statusCode(200).body("partnersUnavailable", anEmptyMap());
        // Jiangshan answers each Pucheng user for 10 identifiers a day; Guangfeng has no such limit set
        check(PUCHENG, busy, phones(phone()))
                .then()
                .statusCode(200)
                .body("partnersUnavailable." + JIANGSHAN, equalTo("RESOURCE_EXHAUSTED"))
                .body("partnersUnavailable", not(hasKey(GUANGFENG)));
        check(PUCHENG, token(PUCHENG, "fresh-officer", "analyst"), phones(phone()))
                .then()
                .statusCode(200)
                .body("partnersUnavailable", anEmptyMap());
        // Pucheng lets each of its users check 12 identifiers a day: the 13th is refused before anyone is asked
        check(PUCHENG, busy, phones(phone())).then().statusCode(200);
        long asked = db(PUCHENG).count("SELECT count(*) FROM federation.hit_check_log WHERE direction = 'OUTBOUND'");
        long answered =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log WHERE direction = 'INBOUND'");
        check(PUCHENG, busy, phones(phone())).then().statusCode(429).contentType("application/problem+json");
        assertEquals(
                asked, db(PUCHENG).count("SELECT count(*) FROM federation.hit_check_log WHERE direction = 'OUTBOUND'"));
        assertEquals(
                answered,
                db(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log WHERE direction = 'INBOUND'"));
        check(PUCHENG, token(PUCHENG, "fresh-officer", "analyst"), phones(phone()))
                .then()
                .statusCode(200);
    }

    @Test
    void checksAreAuditedWithTheirHashesAndMatchesAtBothEndsAlsoWhenNothingMatched() {
        String held = phone();
        String unheld = phone();
        String alert = publish("HIT_ONLY", held);
        String checkId = check(PUCHENG, token(PUCHENG, "audited-officer", "analyst"), phones(held, unheld))
                .then()
                .statusCode(200)
                .body("hits.alertId", containsInAnyOrder(alert))
                .extract()
                .path("checkId");
        String asked = "SELECT detail FROM federation.audit_log WHERE action = 'hitcheck.asked' AND record_id = ?";
        String answered =
                "SELECT detail FROM federation.audit_log WHERE action = 'hitcheck.answered' AND record_id = ?";
        for (String detail : List.of(detail(PUCHENG, asked, checkId), detail(JIANGSHAN, answered, checkId))) {
            assertTrue(detail.contains(hash("PHONE", held)) && detail.contains(hash("PHONE", unheld)), detail);
            assertTrue(detail.contains(JIANGSHAN + "/" + alert), detail);
        }
        String none = check(PUCHENG, token(PUCHENG, "audited-officer", "analyst"), phones(unheld))
                .then()
                .statusCode(200)
                .body("hits", org.hamcrest.Matchers.empty())
                .extract()
                .path("checkId");
        assertTrue(detail(PUCHENG, asked, none).contains(hash("PHONE", unheld)));
        assertTrue(detail(JIANGSHAN, answered, none).contains(hash("PHONE", unheld)));
        // and Guangfeng, which answered with no hit, audited the hashes too
        assertTrue(detail(GUANGFENG, answered, none).contains(hash("PHONE", unheld)));
    }

    String detail(String code, String sql, String recordId) {
        try (var c = db(code).connect();
                var select = c.prepareStatement(sql)) {
            select.setString(1, recordId);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next(), "an audit entry for " + recordId + " at " + code);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDisclosureRequestNeedsAHitOfOursOnThatAlertAtThatOwner() {
        String phone = phone();
        String alert = publish("HIT_ONLY", phone);
        String analyst = token(PUCHENG, "disclosing-analyst", "analyst");
        long stored = db(PUCHENG).count("SELECT count(*) FROM disclosure_request");
        for (String unhit : List.of(alert, UUID.randomUUID().toString())) {
            given().baseUri(url(PUCHENG))
                    .auth()
                    .oauth2(analyst)
                    .contentType(ContentType.JSON)
                    .body(Map.of("owner", JIANGSHAN, "alertId", unhit, "reason", "未经比对的申请"))
                    .when()
                    .post("/api/v1/alerts/disclosure-requests")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
        }
        assertEquals(stored, db(PUCHENG).count("SELECT count(*) FROM disclosure_request"));
        assertEquals(
                0,
                db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM federation.outbox WHERE record_type = 'intel.disclosure-request'"));

        check(PUCHENG, analyst, phones(phone)).then().statusCode(200).body("hits.alertId", containsInAnyOrder(alert));
        // the hit was Jiangshan's: it does not open a request to Guangfeng for the same reference
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", GUANGFENG, "alertId", alert, "reason", "错误的归属"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(409);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alert, "reason", "比对命中后申请"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(201)
                .body("status", equalTo("PENDING"));
    }

    /** HitCheckService/Check at Jiangshan, called as a partner's service (or a forger) would. */
    io.grpc.Status.Code grpcCheck(String token, HitCheckRequest request) {
        return grpcAnswer(token, request).status;
    }

    record GrpcResult(io.grpc.Status.Code status, String description, HitCheckResponse response) {}

    GrpcResult grpcAnswer(String token, HitCheckRequest request) {
        io.grpc.ManagedChannel channel = io.grpc.netty.NettyChannelBuilder.forAddress(
                        "localhost", processes.get(JIANGSHAN).httpPort())
                .usePlaintext()
                .build();
        try {
            var stub = HitCheckServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS);
            if (token != null) {
                io.grpc.Metadata headers = new io.grpc.Metadata();
                headers.put(
                        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                        "Bearer " + token);
                stub = stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            return new GrpcResult(io.grpc.Status.Code.OK, null, stub.check(request));
        } catch (io.grpc.StatusRuntimeException e) {
            return new GrpcResult(e.getStatus().getCode(), e.getStatus().getDescription(), null);
        } finally {
            channel.shutdownNow();
        }
    }

    HitCheckRequest.Builder request(String subject, List<String> roles, String... phones) {
        HitCheckRequest.Builder r = HitCheckRequest.newBuilder()
                .setCheckId(UUID.randomUUID().toString())
                .setRequestedBy(subject)
                .setRequestingUnit("浦城县公安局刑侦大队")
                .addAllRequesterRoles(roles);
        for (String phone : phones) {
            r.addIdentifiers(CheckedIdentifier.newBuilder()
                    .addHashes(KeyedHash.newBuilder()
                            .setKeyVersion(1)
                            .setHash(ByteString.copyFrom(HexFormat.of().parseHex(hash("PHONE", phone))))));
        }
        return r;
    }

    @Test
    void theCheckServiceRefusesWhatItShould() {
        String phone = phone();
        String confidential = publish("CONFIDENTIAL", phone);
        String puchengPeer =
                federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        HitCheckRequest good =
                request("grpc-officer", List.of("analyst"), phone).build();

        assertEquals(io.grpc.Status.Code.UNAUTHENTICATED, grpcCheck(null, good));
        assertEquals(
                io.grpc.Status.Code.PERMISSION_DENIED,
                grpcCheck(
                        federation
                                .issuer(PUCHENG)
                                .token(JIANGSHAN)
                                .roles("analyst")
                                .sign(),
                        good),
                "a user token");
        assertEquals(
                io.grpc.Status.Code.PERMISSION_DENIED,
                grpcCheck(
                        federation
                                .issuer(JIANGSHAN)
                                .token(JIANGSHAN)
                                .roles("peer")
                                .sign(),
                        good),
                "our own peer");
        assertEquals(
                1,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' "
                                        + "AND jurisdiction = ? AND record_id = ?",
                                JIANGSHAN,
                                good.getCheckId()),
                "the refusal is audited");
        assertEquals(
                io.grpc.Status.Code.PERMISSION_DENIED,
                grpcCheck(
                        federation
                                .issuer(GUANGFENG)
                                .token(JIANGSHAN)
                                .roles("peer")
                                .sign(),
                        good),
                "a partner not granted intelligence");
        assertEquals(
                io.grpc.Status.Code.PERMISSION_DENIED,
                grpcCheck(puchengPeer, request("grpc-officer", List.of(), phone).build()),
                "no roles");
        assertEquals(
                io.grpc.Status.Code.PERMISSION_DENIED,
                grpcCheck(
                        puchengPeer,
                        request("grpc-officer", List.of("mediator", "integrator"), phone)
                                .build()));

        List<HitCheckRequest> malformed = List.of(
                good.toBuilder().setCheckId("check-1").build(),
                good.toBuilder().clearIdentifiers().build(),
                request(
                                "grpc-officer",
                                List.of("analyst"),
                                java.util.stream.IntStream.range(0, 101)
                                        .mapToObj(i -> "139" + String.format("%08d", i))
                                        .toArray(String[]::new))
                        .build(),
                good.toBuilder()
                        .setIdentifiers(
                                0,
                                CheckedIdentifier.newBuilder()
                                        .addHashes(KeyedHash.newBuilder()
                                                .setKeyVersion(1)
                                                .setHash(ByteString.copyFrom(new byte[5]))))
                        .build(),
                good.toBuilder()
                        .setIdentifiers(
                                0,
                                good.getIdentifiers(0).toBuilder()
                                        .addHashes(good.getIdentifiers(0).getHashes(0)))
                        .build(),
                good.toBuilder()
                        .setIdentifiers(
                                0,
                                CheckedIdentifier.newBuilder()
                                        .addHashes(good.getIdentifiers(0).getHashes(0).toBuilder()
                                                .setKeyVersion(0)))
                        .build(),
                good.toBuilder().setRequestedBy("officer\0").build(),
                good.toBuilder().setRequestingUnit("队".repeat(101)).build());
        long records = db(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log");
        for (HitCheckRequest bad : malformed) {
            GrpcResult result = grpcAnswer(puchengPeer, bad);
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, result.status(), bad.toString());
            assertTrue(
                    !result.description().contains("SQL")
                            && !result.description().contains("Exception"),
                    result.description());
        }
        assertEquals(records, db(JIANGSHAN).count("SELECT count(*) FROM federation.hit_check_log"));

        // well-formed: the roles decide, the hit names the key version it was made under
        assertEquals(
                0,
                grpcAnswer(
                                puchengPeer,
                                request("grpc-officer", List.of("investigator"), phone)
                                        .build())
                        .response()
                        .getHitsCount());
        HitCheckResponse hit = grpcAnswer(puchengPeer, good).response();
        assertEquals(1, hit.getHitsCount());
        assertEquals(confidential, hit.getHits(0).getRecordId());
        assertEquals(1, hit.getHits(0).getKeyVersion());
        assertEquals(JIANGSHAN, hit.getHits(0).getOwner());
        // a version Jiangshan does not hold cannot hit, and is no error
        HitCheckRequest.Builder unknownVersion = request("grpc-officer", List.of("analyst"));
        unknownVersion.addIdentifiers(CheckedIdentifier.newBuilder()
                .addHashes(good.getIdentifiers(0).getHashes(0).toBuilder().setKeyVersion(7)));
        assertEquals(
                0, grpcAnswer(puchengPeer, unknownVersion.build()).response().getHitsCount());
    }

    @Test
    void theRestCheckRefusesCallersItDoesNotTrust() {
        String untrusted = new org.borderpolice.federation.testing.TestIssuer("330822")
                .token(PUCHENG)
                .roles("analyst")
                .sign();
        long asked = db(PUCHENG).count("SELECT count(*) FROM federation.hit_check_log");
        check(PUCHENG, untrusted, phones(phone())).then().statusCode(401).contentType("application/problem+json");
        given().baseUri(url(PUCHENG))
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", phones(phone())))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        // a partner's user checks at home, not here
        check(
                        PUCHENG,
                        federation
                                .issuer(JIANGSHAN)
                                .token(PUCHENG)
                                .roles("analyst")
                                .sign(),
                        phones(phone()))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertEquals(asked, db(PUCHENG).count("SELECT count(*) FROM federation.hit_check_log"));
    }

    @Test
    void refusedChecksAreAuditedBoundedAndWithoutTheirHashes() {
        long before =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused'");
        RefusedFlood flood = refuseFloodFromPucheng();
        long entries =
                db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused'")
                        - before;
        // the first refusal of its kind this minute is audited on its own (unless an earlier one was), the rest counted
        assertTrue(entries < 10, entries + " entries for " + flood.calls() + " refusals");
        assertEquals(
                0,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' "
                                        + "AND detail LIKE ?",
                                "%" + flood.oneHash() + "%"),
                "a refusal does not echo what was sent");
        assertTrue(db(JIANGSHAN)
                        .count("SELECT coalesce(max(octet_length(detail)), 0) FROM federation.audit_log "
                                + "WHERE action = 'hitcheck.refused'")
                < 2000);
    }

    /** Waits for the minute to end and its summary job (about 40 s), hence in the slow profile. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void repeatedRefusalsAreCountedOnceInASummaryAfterTheirMinute() {
        // what other tests' refusals will add once their minutes are summarised counts as before
        long refusalsCounted = refusalsCountedOrPending();
        RefusedFlood flood = refuseFloodFromPucheng();
        // the repeats are counted: a summary per partner and minute follows once the minute is over
        // (the calls may span two minutes: two summaries)
        org.borderpolice.federation.testing.Await.until(
                // the minute, then the job that writes the summaries (every 15 s)
                org.borderpolice.federation.testing.Await.timer(Duration.ofMinutes(1), 2),
                () -> refusalsCounted() >= refusalsCounted + flood.calls(),
                () -> "summaries of the repeated refusals");
        assertTrue(db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' "
                                        + "AND jurisdiction = ? AND detail LIKE '%more refusals%'",
                                PUCHENG)
                >= 1);
        assertEquals(refusalsCounted + flood.calls(), refusalsCounted(), "every refusal counted, once");
    }

    record RefusedFlood(int calls, String oneHash) {}

    /** 200 checks of 100 identifiers under 8 key versions each (what a partner may send at most), refused. */
    private RefusedFlood refuseFloodFromPucheng() {
        String puchengPeer =
                federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        HitCheckRequest.Builder big = HitCheckRequest.newBuilder()
                .setCheckId("not-a-uuid")
                .setRequestedBy("flooder")
                .addRequesterRoles("analyst");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100; i++) {
            CheckedIdentifier.Builder identifier = CheckedIdentifier.newBuilder();
            for (int v = 1; v <= 8; v++) {
                byte[] h = new byte[32];
                random.nextBytes(h);
                identifier.addHashes(KeyedHash.newBuilder().setKeyVersion(v).setHash(ByteString.copyFrom(h)));
            }
            big.addIdentifiers(identifier);
        }
        HitCheckRequest flood = big.build();
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, grpcCheck(puchengPeer, flood));
        }
        return new RefusedFlood(
                calls,
                HexFormat.of()
                        .formatHex(
                                flood.getIdentifiers(0).getHashes(0).getHash().toByteArray()));
    }

    /** Refusals of Pucheng's checks for a check_id that is no UUID, as the audit counts them. */
    /** Audited so far plus what pending counts will add (the first of each is audited already), in one snapshot. */
    long refusalsCountedOrPending() {
        String refusals = "FROM federation.audit_log WHERE action = 'hitcheck.refused' AND jurisdiction = ? "
                + "AND detail LIKE '%check_id is not a UUID%'";
        return db(JIANGSHAN)
                .count(
                        "SELECT (SELECT coalesce(sum(substring(detail from '([0-9]+) more refusals')::int), 0) "
                                + refusals + " AND detail LIKE '%more refusals%')"
                                + " + (SELECT count(*) " + refusals + " AND detail NOT LIKE '%more refusals%')"
                                + " + (SELECT coalesce(sum(refusals - 1), 0) FROM federation.hit_check_refusal"
                                + " WHERE partner = ? AND reason LIKE '%check_id is not a UUID%')",
                        PUCHENG,
                        PUCHENG,
                        PUCHENG);
    }

    long refusalsCounted() {
        String refusals = "FROM federation.audit_log WHERE action = 'hitcheck.refused' AND jurisdiction = ? "
                + "AND detail LIKE '%check_id is not a UUID%'";
        return db(JIANGSHAN)
                        .count(
                                "SELECT coalesce(sum(substring(detail from '([0-9]+) more refusals')::int), 0) "
                                        + refusals + " AND detail LIKE '%more refusals%'",
                                PUCHENG)
                + db(JIANGSHAN)
                        .count("SELECT count(*) " + refusals + " AND detail NOT LIKE '%more refusals%'", PUCHENG);
    }

    @Test
    void hashesUnderVersionsTheOwnerDoesNotHoldAreNeitherUsedNorKept() {
        String phone = phone();
        String alert = publish("HIT_ONLY", phone);
        String puchengPeer =
                federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        HitCheckRequest.Builder r = request("versions-officer", List.of("analyst"), phone);
        byte[] unknown = new byte[32];
        new java.util.Random(3).nextBytes(unknown);
        r.setIdentifiers(
                0,
                r.getIdentifiers(0).toBuilder()
                        .addHashes(KeyedHash.newBuilder().setKeyVersion(9).setHash(ByteString.copyFrom(unknown))));
        HitCheckRequest request = r.build();
        HitCheckResponse answer = grpcAnswer(puchengPeer, request).response();
        assertEquals(
                List.of(alert),
                answer.getHitsList().stream().map(h -> h.getRecordId()).toList());
        String detail = detail(
                JIANGSHAN,
                "SELECT detail FROM federation.audit_log WHERE action = 'hitcheck.answered' " + "AND record_id = ?",
                request.getCheckId());
        assertTrue(detail.contains(hash("PHONE", phone)), detail);
        assertTrue(!detail.contains(HexFormat.of().formatHex(unknown)), detail);
    }

    @Test
    void anOwnerAnswersAtMostTwentyHitsPerIdentifier() {
        String phone = phone();
        List<String> published = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            published.add(publish("HIT_ONLY", phone));
        }
        var answer = check(PUCHENG, token(PUCHENG, "many-hits-officer", "analyst"), phones(phone))
                .then()
                .statusCode(200)
                .body("partnersUnavailable", anEmptyMap())
                .extract()
                .jsonPath();
        List<String> hits = answer.getList("hits.alertId");
        assertEquals(20, hits.size(), hits::toString);
        assertTrue(published.containsAll(hits));
    }
}
