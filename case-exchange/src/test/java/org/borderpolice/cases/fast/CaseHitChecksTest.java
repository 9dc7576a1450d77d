package org.borderpolice.cases.fast;

import static io.restassured.RestAssured.given;
import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.count;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.proto.common.v1.CheckedIdentifier;
import org.borderpolice.federation.proto.common.v1.KeyedHash;
import org.borderpolice.federation.proto.hitcheck.v1.Hit;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Hit/no-hit checks over joint cases' suspects at Jiangshan (比对): a user's check over REST (bad
 * identifiers, roles, the daily limit, what a hit tells; the partners, not running, are listed as
 * unavailable), and partners' checks over gRPC as Pucheng's service sends them (what a partner may
 * hit: no drafts, no case it takes part in, no victims; refusals), audited at this end.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseHitChecksTest {

    static final String SUSPECT = "330881198505051239";
    static final String PARTNERS_SUSPECT = "330881198707071115";
    static final String VICTIM_PHONE = "13912345678";
    static final String DRAFT_SUSPECT = "330881197911110025";
    static final String PARTICIPANTS_SUSPECT = "350722199003034562";

    @Inject
    AgroalDataSource db;

    @Inject
    org.borderpolice.federation.outbox.PartnerChannels channels;

    /** A case filed at Jiangshan by an investigator (OPEN unless a draft); returns its id and number. */
    static Map<String, String> file(boolean open, String suspect, String... participants) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "SMUGGLING");
        body.put("title", "走私香烟案（不得出现在比对结果中）");
        body.put("summary", "经205国道走私香烟。");
        body.put("countyCode", "330881");
        body.put("leadUnit", "江山市公安局刑侦大队");
        body.put(
                "subjects",
                List.of(
                        Map.of("kind", "PERSON", "value", suspect, "label", "李某", "role", "SUSPECT"),
                        Map.of("kind", "PHONE", "value", VICTIM_PHONE, "role", "VICTIM")));
        body.put("participants", List.of(participants));
        var r = home("investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", open)
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract();
        return Map.of("id", r.path("id"), "number", r.path("number"));
    }

    static Response check(io.restassured.specification.RequestSpecification caller, Object identifiers) {
        return caller.contentType(ContentType.JSON)
                .body(Map.of("identifiers", identifiers))
                .when()
                .post("/api/v1/cases/hit-checks");
    }

    static List<Map<String, String>> ids(String kind, String... values) {
        List<Map<String, String>> ids = new ArrayList<>();
        for (String v : values) {
            ids.add(Map.of("kind", kind, "value", v));
        }
        return ids;
    }

    long checks() {
        return count(db, "SELECT count(*) FROM federation.hit_check_log");
    }

    @Test
    void aUsersCheckHitsTheCaseWithItsNumberUnitAndCategoryOnly() {
        Map<String, String> c = file(true, SUSPECT);
        Response r = check(home("analyst"), ids("PERSON", SUSPECT));
        r.then()
                .statusCode(200)
                .body("identifiers", equalTo(1))
                .body("hits.size()", equalTo(1))
                .body("hits[0].recordType", equalTo("cases.case"))
                .body("hits[0].recordId", equalTo(c.get("id")))
                .body("hits[0].owner", equalTo(SELF))
                .body("hits[0].unit", equalTo("江山市公安局刑侦大队"))
                .body("hits[0].summary", aMapWithSize(2))
                .body("hits[0].summary.number", equalTo(c.get("number")))
                .body("hits[0].summary.category", equalTo("SMUGGLING"))
                .body("hits[0].local", equalTo(true))
                // the partners (not running) are asked and listed as unavailable
                .body("partnersAsked", equalTo(List.of(PUCHENG, GUANGFENG)))
                .body("partnersUnavailable", hasKey(PUCHENG))
                .body("partnersUnavailable['" + PUCHENG + "']", equalTo("UNAVAILABLE"));
        assertFalse(r.asString().contains("走私香烟案"), "the title is not in a hit");
        assertFalse(r.asString().contains("李某"), "no subject's label in a hit");
        String checkId = r.path("checkId");
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.asked' "
                                + "AND record_type = 'cases.hit-check' AND record_id = ? AND detail LIKE ?",
                        checkId,
                        "%" + SELF + "/" + c.get("id") + "%"));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.hit_check_hit WHERE check_id = ?::uuid "
                                + "AND direction = 'OUTBOUND' AND record_type = 'cases.case' AND record_id = ?",
                        checkId,
                        c.get("id")));
        // a victim's phone is not indexed: no hit
        check(home("investigator"), ids("PHONE", VICTIM_PHONE))
                .then()
                .statusCode(200)
                .body("hits.size()", equalTo(0));
    }

    @Test
    void badIdentifiersAre400ProblemsThatStoreNothing() {
        long before = checks();
        for (Object bad : List.of(
                ids("PERSON", "330881198505051230"), // wrong check character
                ids("PHONE", "1234"),
                List.of(Map.of("kind", "DNA", "value", "x")),
                List.of(),
                ids(
                        "PHONE",
                        java.util.stream.IntStream.range(0, 101)
                                .mapToObj(i -> "139" + String.format("%08d", i))
                                .toArray(String[]::new)))) {
            check(home("investigator"), bad).then().statusCode(400).contentType("application/problem+json");
        }
        home("investigator")
                .contentType(ContentType.JSON)
                .body("{\"identifiers\": ")
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, checks());
    }

    @Test
    void onlyInvestigatorsAnalystsAndCommandersOfJiangshanCheckHere() {
        long before = checks();
        check(io.restassured.RestAssured.given(), ids("PERSON", SUSPECT)).then().statusCode(401);
        TestIssuer stranger = new TestIssuer(SELF, "https://idp.example.org/realms/untrusted");
        check(
                        io.restassured.RestAssured.given()
                                .auth()
                                .oauth2(stranger.token(SELF)
                                        .roles("investigator")
                                        .sign()),
                        ids("PERSON", SUSPECT))
                .then()
                .statusCode(401);
        for (String role : List.of("mediator", "integrator")) {
            check(home(role), ids("PERSON", SUSPECT)).then().statusCode(403).contentType("application/problem+json");
        }
        // a partner's user checks at its own service, which asks us over gRPC
        check(as(PUCHENG, "investigator"), ids("PERSON", SUSPECT))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("only users of " + SELF));
        assertEquals(before, checks());
    }

    @Test
    void aUsersDailyLimitIs429AndAudited() {
        String user = "quota-" + UUID.randomUUID();
        count(
                db,
                "WITH u AS (INSERT INTO federation.hit_check_user_quota (jurisdiction, requested_by, day, identifiers) "
                        + "VALUES (?, ?, ?, 499) RETURNING 1) SELECT count(*) FROM u",
                SELF,
                user,
                LocalDate.now(ZoneOffset.ofHours(8)));
        var caller = io.restassured.RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(SELF)
                        .token(SELF)
                        .roles("investigator")
                        .subject(user)
                        .unit("坛石派出所")
                        .sign());
        long before = checks();
        check(caller, ids("PHONE", "13900000001", "13900000002"))
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("detail", containsString("daily limit of 500"));
        assertEquals(before, checks());
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' AND actor = ?",
                        user));
        // what is left is still usable
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(SELF)
                        .token(SELF)
                        .roles("investigator")
                        .subject(user)
                        .sign())
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", ids("PHONE", "13900000001")))
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(200);
    }

    // --- a partner's check over gRPC, as Pucheng's service sends it

    static ByteString hash(String kind, String value) {
        return ByteString.copyFrom(new BlindIndex(JurisdictionTestResource.blindIndexKey()).hash(kind, value));
    }

    static HitCheckRequest request(String requestedBy, List<String> roles, String... persons) {
        HitCheckRequest.Builder b = HitCheckRequest.newBuilder()
                .setCheckId(UUID.randomUUID().toString())
                .setRequestedBy(requestedBy)
                .setRequestingUnit("浦城县公安局刑侦大队")
                .addAllRequesterRoles(roles);
        for (String p : persons) {
            b.addIdentifiers(CheckedIdentifier.newBuilder()
                    .addHashes(KeyedHash.newBuilder().setKeyVersion(1).setHash(hash("PERSON", p))));
        }
        return b.build();
    }

    /** Check as {@code from}'s service with this token (null: none); the status, and the answer if OK. */
    static Object grpc(String token, HitCheckRequest request) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", JurisdictionTestResource.port())
                .usePlaintext()
                .build();
        try {
            var stub = HitCheckServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            if (token != null) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            return stub.check(request);
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        } finally {
            channel.shutdownNow();
        }
    }

    static String peer(String code) {
        return JurisdictionTestResource.issuer(code).token(SELF).roles("peer").sign();
    }

    @Test
    void aPartnersCheckHitsOurOwnCasesButNoDraftNorOneItTakesPartIn() {
        Map<String, String> open = file(true, PARTNERS_SUSPECT);
        file(false, DRAFT_SUSPECT);
        file(true, PARTICIPANTS_SUSPECT, PUCHENG);
        HitCheckRequest request = request(
                "officer-350722", List.of("investigator"), PARTNERS_SUSPECT, DRAFT_SUSPECT, PARTICIPANTS_SUSPECT);
        Object answer = grpc(peer(PUCHENG), request);
        assertTrue(answer instanceof HitCheckResponse, String.valueOf(answer));
        HitCheckResponse r = (HitCheckResponse) answer;
        // the open case only: not the draft, not the case Pucheng takes part in, not a victim
        assertEquals(
                List.of(open.get("id")),
                r.getHitsList().stream().map(h -> h.getRecordId()).toList());
        for (var hit : r.getHitsList()) {
            assertEquals("cases.case", hit.getRecordType());
            assertEquals(SELF, hit.getOwner());
            assertEquals(hash("PERSON", PARTNERS_SUSPECT), hit.getIdentifierHash());
            assertEquals(2, hit.getSummaryCount());
            assertEquals("SMUGGLING", hit.getSummaryOrThrow("category"));
            assertEquals(open.get("number"), hit.getSummaryOrThrow("number"));
            assertEquals("江山市公安局刑侦大队", hit.getUnit());
        }
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.answered' "
                                + "AND record_id = ? AND jurisdiction = ? AND actor = ?",
                        request.getCheckId(),
                        PUCHENG,
                        "peer:" + PUCHENG + "/officer-350722"));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.hit_check_hit WHERE check_id = ?::uuid AND direction = 'INBOUND' "
                                + "AND counterpart = ? AND record_id = ?",
                        request.getCheckId(),
                        PUCHENG,
                        open.get("id")));
    }

    @Test
    void partnersChecksWithoutTokenFromAnUntrustedIssuerOrWithoutARoleThatChecksAreRefused() {
        HitCheckRequest request = request("officer-350722", List.of("investigator"), SUSPECT);
        long before = checks();
        assertEquals(Status.Code.UNAUTHENTICATED, grpc(null, request));
        TestIssuer stranger = new TestIssuer(PUCHENG, "https://idp.example.org/realms/untrusted");
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                grpc(stranger.token(SELF).roles("peer").sign(), request));
        // a user's token is no service's
        assertEquals(
                Status.Code.PERMISSION_DENIED,
                grpc(
                        JurisdictionTestResource.issuer(PUCHENG)
                                .token(SELF)
                                .roles("investigator")
                                .sign(),
                        request));
        // the asking user holds no role that may check
        assertEquals(
                Status.Code.PERMISSION_DENIED,
                grpc(peer(PUCHENG), request("officer-350722", List.of("mediator"), SUSPECT)));
        // a malformed request
        assertEquals(
                Status.Code.INVALID_ARGUMENT,
                grpc(peer(PUCHENG), request.toBuilder().setCheckId("not-a-uuid").build()));
        assertEquals(before, checks());
        assertTrue(count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' "
                                + "AND jurisdiction = ?",
                        PUCHENG)
                >= 2);
    }

    @Test
    void aPartnersDailyQuotaIsResourceExhausted() {
        count(
                db,
                "WITH q AS (INSERT INTO federation.hit_check_quota (partner, day, identifiers) VALUES (?, ?, 5000) "
                        + "ON CONFLICT (partner, day) DO UPDATE SET identifiers = 5000 RETURNING 1) "
                        + "SELECT count(*) FROM q",
                GUANGFENG,
                LocalDate.now(ZoneOffset.ofHours(8)));
        long before = checks();
        assertEquals(
                Status.Code.RESOURCE_EXHAUSTED,
                grpc(peer(GUANGFENG), request("officer-361103", List.of("analyst"), SUSPECT)));
        assertEquals(before, checks());
    }

    // --- Pucheng's answer to our user's check, as a stand-in gRPC server on Pucheng's address

    /** Pucheng's address in our trust list (Pucheng does not run in this tier). */
    static int puchengPort() {
        String endpoint = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("border.federation.partners." + PUCHENG + ".endpoints.case-exchange", String.class);
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    static Hit.Builder puchengHit(HitCheckRequest request) {
        KeyedHash asked = request.getIdentifiers(0).getHashes(0);
        return Hit.newBuilder()
                .setIdentifierHash(asked.getHash())
                .setKeyVersion(asked.getKeyVersion())
                .setOwner(PUCHENG)
                .setUnit("浦城县公安局刑侦大队")
                .setRecordType("cases.case")
                .setRecordId(RecordIds.create(PUCHENG).toString())
                .putSummary("number", PUCHENG + "-2026-000045")
                .putSummary("category", "FRAUD");
    }

    /** A user's check of this phone at home, by a user of its own (each has a daily limit). */
    static Response checkPhone(String phone) {
        return check(
                given().auth()
                        .oauth2(JurisdictionTestResource.issuer(SELF)
                                .token(SELF)
                                .subject("s4-investigator")
                                .roles("investigator")
                                .sign()),
                ids("PHONE", phone));
    }

    @Test
    void aPartnersHitOnACaseItDidNotCreateOrNumberIsRefusedAsMalformedAndAudited() throws Exception {
        AtomicReference<Function<HitCheckRequest, Hit.Builder>> answer =
                new AtomicReference<>(CaseHitChecksTest::puchengHit);
        // built from the method descriptor, not as a subclass of the generated service: Quarkus would
        // take a BindableService among the test classes for one of the application's
        Server pucheng = NettyServerBuilder.forPort(puchengPort())
                .addService(ServerServiceDefinition.builder(HitCheckServiceGrpc.SERVICE_NAME)
                        .addMethod(
                                HitCheckServiceGrpc.getCheckMethod(),
                                ServerCalls.asyncUnaryCall(
                                        (HitCheckRequest request, StreamObserver<HitCheckResponse> response) -> {
                                            response.onNext(HitCheckResponse.newBuilder()
                                                    .addHits(answer.get().apply(request))
                                                    .build());
                                            response.onCompleted();
                                        }))
                        .build())
                .build()
                .start();
        try {
            // our channel to Pucheng may be waiting out its reconnect backoff from earlier attempts
            // (up to minutes): Pucheng is up now, so it may try again at once
            channels.channel(PUCHENG).resetConnectBackoff();
            String phone = "13755556666";
            Response shown = checkPhone(phone);
            for (int i = 0; i < 150 && "UNAVAILABLE".equals(shown.path("partnersUnavailable." + PUCHENG)); i++) {
                Thread.sleep(1000);
                shown = checkPhone(phone);
            }
            // Pucheng's own case: shown
            shown.then()
                    .statusCode(200)
                    .body("hits.size()", equalTo(1))
                    .body("hits[0].owner", equalTo(PUCHENG))
                    .body("hits[0].local", equalTo(false))
                    .body("hits[0].summary.number", equalTo(PUCHENG + "-2026-000045"))
                    .body("partnersUnavailable", org.hamcrest.Matchers.not(hasKey(PUCHENG)));

            Map<String, Function<HitCheckRequest, Hit.Builder>> malformed = Map.of(
                    "Guangfeng's case number",
                    r -> puchengHit(r).putSummary("number", GUANGFENG + "-2026-000045"),
                    "a case id Guangfeng created",
                    r -> puchengHit(r).setRecordId(RecordIds.create(GUANGFENG).toString()),
                    "a case id naming no creator",
                    r -> puchengHit(r).setRecordId(UUID.randomUUID().toString()),
                    "a unit with a control character",
                    r -> puchengHit(r).setUnit("浦城县公安局\u0007刑侦大队"));
            for (var m : malformed.entrySet()) {
                answer.set(m.getValue());
                Response r = checkPhone(phone);
                r.then().statusCode(200);
                assertEquals(List.of(), r.path("hits"), m.getKey());
                assertEquals("MALFORMED_ANSWER", r.path("partnersUnavailable." + PUCHENG), m.getKey());
                assertEquals(
                        1,
                        count(
                                db,
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.asked' "
                                        + "AND record_id = ? AND detail LIKE ?",
                                (String) r.path("checkId"),
                                "%malformed {" + PUCHENG + "=%"),
                        m.getKey() + " is audited with why");
                assertEquals(
                        0,
                        count(db, "SELECT count(*) FROM federation.hit_check_hit WHERE check_id = ?::uuid", (String)
                                r.path("checkId")),
                        m.getKey() + ": no hit recorded");
            }
        } finally {
            pucheng.shutdownNow();
            pucheng.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
