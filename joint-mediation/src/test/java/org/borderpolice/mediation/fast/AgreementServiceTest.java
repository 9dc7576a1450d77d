package org.borderpolice.mediation.fast;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.borderpolice.federation.proto.mediation.v1.AgreementProto;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.service.AgreementDocuments;
import org.borderpolice.mediation.service.AgreementService;
import org.borderpolice.mediation.service.DisputeService;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Agreements at the dispute's origin, in one JVM on the embedded PostgreSQL (replication to the
 * partners is the ITs'): draft and print, sign, pay, 司法确认, 回访, overdue instalments raising the
 * risk and listed for escalation; who may do what; bad input storing nothing.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "joint-mediation"),
            @ResourceArg(name = "categories", value = "mediation"),
            // Shaowu: a partner of the agreement for intelligence only, not for mediation
            @ResourceArg(name = "more-partners", value = TeamFixtures.SHAOWU),
            @ResourceArg(name = "categories." + TeamFixtures.SHAOWU, value = "intel")
        })
class AgreementServiceTest {

    static final LocalDate TODAY = AgreementRules.today();

    @Inject
    AgroalDataSource db;

    @Inject
    AgreementService service;

    // --- callers

    static RequestSpecification as(String code, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(code)
                        .token(JIANGSHAN)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    static RequestSpecification mediator() {
        return as(JIANGSHAN, "mediator");
    }

    // --- a dispute as the intake leaves it (its REST is another part's): rows of the skeleton's tables

    UUID dispute(String origin, String status, String... partyJurisdictions) {
        UUID id = RecordIds.create(origin);
        update(
                "INSERT INTO dispute (id, origin, channel, kind, status, title, description, reported_at, place,"
                        + " county_code, township, amount_at_stake, risk_level, consent, tier, tier_rule, version,"
                        + " created_at, updated_at, status_changed_at) VALUES (?, ?, 'PATROL', 'LAND_BOUNDARY', ?,"
                        + " '枫溪村与渔梁村山林边界纠纷', '两村因交界处山林权属及毛竹砍伐发生纠纷。', now(),"
                        + " '三山边界社会治理中心', '330881', '廿八都镇', 9000, 'LOW', true, 'CITY_CENTRE', 'seed-test', 1,"
                        + " now(), now(), now())",
                id,
                origin,
                status);
        List<String> involved = new ArrayList<>(List.of(origin));
        for (int i = 0; i < partyJurisdictions.length; i++) {
            update(
                    "INSERT INTO dispute_party (dispute_id, position, kind, role, name, jurisdiction, preferred_language)"
                            + " VALUES (?, ?, 'ORGANISATION', ?, ?, ?, 'zh')",
                    id,
                    (short) i,
                    i == 0 ? "APPLICANT" : "RESPONDENT",
                    i == 0 ? "江山市廿八都镇枫溪村村民委员会" : "浦城县仙阳镇渔梁村村民委员会",
                    partyJurisdictions[i]);
            if (!involved.contains(partyJurisdictions[i])) {
                involved.add(partyJurisdictions[i]);
            }
        }
        for (String code : involved) {
            update("INSERT INTO dispute_jurisdiction (dispute_id, jurisdiction) VALUES (?, ?)", id, code);
        }
        return id;
    }

    UUID ours() {
        return dispute(JIANGSHAN, "MEDIATING", JIANGSHAN, PUCHENG);
    }

    static Map<String, Object> agreementBody(LocalDate agreedOn, String total, Object... instalments) {
        Map<String, Object> body = new HashMap<>();
        body.put("terms", "一、以界桩为界，界桩以东山林归枫溪村。\n二、渔梁村赔偿已砍伐毛竹损失。");
        body.put("totalAmount", new java.math.BigDecimal(total));
        body.put("agreedOn", agreedOn.toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < instalments.length; i += 2) {
            list.add(Map.of("dueOn", instalments[i].toString(), "amount", new java.math.BigDecimal((String)
                    instalments[i + 1])));
        }
        body.put("instalments", list);
        body.put("mediators", List.of("王建国（江山市公安局坛石派出所）", "林秀英（浦城县仙阳司法所）"));
        return body;
    }

    Response draft(RequestSpecification who, UUID dispute, Map<String, Object> body) {
        return who.contentType(ContentType.JSON).body(body).when().put(path(dispute));
    }

    Response sign(RequestSpecification who, UUID dispute, int position, String sha, String signedAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("partyPosition", position);
        body.put("method", position == 0 ? "SEAL" : "FINGERPRINT");
        body.put("documentSha256", sha);
        if (signedAt != null) {
            body.put("signedAt", signedAt);
        }
        return who.contentType(ContentType.JSON).body(body).when().post(path(dispute) + "/signatures");
    }

    Response pay(RequestSpecification who, UUID dispute, int number, String amount, LocalDate on, String key) {
        RequestSpecification r = who.contentType(ContentType.JSON)
                .body(Map.of("amount", new java.math.BigDecimal(amount), "paidOn", on.toString()));
        if (key != null) {
            r = r.header("Idempotency-Key", key);
        }
        return r.when().post(path(dispute) + "/instalments/" + number + "/payments");
    }

    /** A signed agreement of 9000 yuan in two instalments, agreed {@code daysAgo} days ago. */
    String signed(UUID dispute, int daysAgo, int firstDueDaysAgo) {
        LocalDate agreed = TODAY.minusDays(daysAgo);
        String sha = draft(
                        mediator(),
                        dispute,
                        agreementBody(
                                agreed,
                                "9000",
                                agreed.plusDays(daysAgo - firstDueDaysAgo),
                                "6000",
                                TODAY.plusDays(60),
                                "3000"))
                .then()
                .statusCode(200)
                .extract()
                .path("documentSha256");
        String at = agreed.atTime(10, 0).atZone(AgreementRules.ZONE).toInstant().toString();
        sign(mediator(), dispute, 0, sha, at).then().statusCode(200);
        sign(mediator(), dispute, 1, sha, at).then().statusCode(200).body("status", equalTo("SIGNED"));
        return sha;
    }

    static String path(UUID dispute) {
        return "/api/v1/disputes/" + dispute + "/agreement";
    }

    // --- the life of an agreement

    @Test
    void draftedPrintedSignedPaidAndFulfilled() throws Exception {
        UUID d = ours();
        long outboxBefore = rows("SELECT count(*) FROM federation.outbox WHERE record_type = 'mediation.agreement'");
        Response drafted = draft(
                mediator(), d, agreementBody(TODAY, "9000", TODAY.plusDays(30), "6000", TODAY.plusDays(60), "3000"));
        drafted.then().statusCode(200).body("status", equalTo("DRAFT")).body("instalments.size()", equalTo(2));
        String sha = drafted.path("documentSha256");

        // the printed document: its hash as recorded, its Chinese text as written
        Response pdf = mediator().when().get(path(d) + "/document");
        pdf.then().statusCode(200).contentType("application/pdf");
        byte[] bytes = pdf.asByteArray();
        assertEquals(sha, org.borderpolice.mediation.service.AgreementDocuments.sha256(bytes));
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("人民调解协议书"), text);
            assertTrue(text.contains("被申请人：浦城县仙阳镇渔梁村村民委员会"), text);
            assertTrue(text.contains("第2期：" + TODAY.plusDays(60).getYear() + "年"), text);
        }

        // a signature on another print is refused; each party signs once
        sign(mediator(), d, 0, "0".repeat(64), null).then().statusCode(409).contentType("application/problem+json");
        sign(mediator(), d, 0, sha, null).then().statusCode(200).body("status", equalTo("DRAFT"));
        sign(mediator(), d, 0, sha, null).then().statusCode(409);
        sign(mediator(), d, 7, sha, null).then().statusCode(400);
        // signed by a party: the terms are fixed
        draft(mediator(), d, agreementBody(TODAY, "100")).then().statusCode(409);
        sign(mediator(), d, 1, sha, null)
                .then()
                .statusCode(200)
                .body("status", equalTo("SIGNED"))
                .body("effectiveOn", equalTo(TODAY.toString()));
        assertEquals("AGREED", text("SELECT status FROM dispute WHERE id = ?", d));

        // payments: once per idempotency key, never more than owed
        pay(mediator(), d, 1, "6000", TODAY, "pay-1").then().statusCode(201);
        pay(mediator(), d, 1, "6000", TODAY, "pay-1").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM agreement_payment p JOIN agreement a ON a.id = p.agreement_id"
                                + " WHERE a.dispute_id = ?",
                        d));
        pay(mediator(), d, 2, "3000.01", TODAY, null).then().statusCode(400).contentType("application/problem+json");
        pay(mediator(), d, 3, "1", TODAY, null).then().statusCode(404);
        pay(mediator(), d, 2, "1000", TODAY.plusDays(1), null).then().statusCode(400);
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM agreement_payment p JOIN agreement a ON a.id = p.agreement_id"
                                + " WHERE a.dispute_id = ?",
                        d));
        pay(mediator(), d, 2, "3000", TODAY, null)
                .then()
                .statusCode(201)
                .body("status", equalTo("FULFILLED"))
                .body("instalments[1].paid", equalTo(3000.0f));
        assertEquals("RESOLVED", text("SELECT status FROM dispute WHERE id = ?", d));

        // every change went to the partner involved (Pucheng), none to the one not involved
        assertTrue(rows("SELECT count(*) FROM federation.outbox WHERE record_type = 'mediation.agreement'")
                >= outboxBefore + 5);
        assertEquals(
                0,
                rows(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'mediation.agreement'"
                                + " AND destination = ?",
                        GUANGFENG));
        assertTrue(rows(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'agreement.document.read'"
                                + " AND record_id = ?",
                        d.toString())
                >= 1);
    }

    @Test
    void judicialConfirmationAndFollowUps() {
        UUID d = ours();
        signed(d, 5, -10);
        Map<String, Object> request = Map.of("court", "江山市人民法院", "requestedOn", TODAY.toString());
        mediator()
                .contentType(ContentType.JSON)
                .body(request)
                .when()
                .post(path(d) + "/confirmation")
                .then()
                .statusCode(200)
                .body("confirmation.status", equalTo("REQUESTED"));
        mediator()
                .contentType(ContentType.JSON)
                .body(request)
                .when()
                .post(path(d) + "/confirmation")
                .then()
                .statusCode(409);
        Map<String, Object> result =
                Map.of("result", "CONFIRMED", "decidedOn", TODAY.toString(), "reference", "(2026)浙0881民特123号");
        mediator()
                .contentType(ContentType.JSON)
                .body(result)
                .when()
                .put(path(d) + "/confirmation/result")
                .then()
                .statusCode(200)
                .body("confirmation.status", equalTo("CONFIRMED"))
                .body("confirmation.reference", equalTo("(2026)浙0881民特123号"));

        Map<String, Object> visit = new HashMap<>();
        visit.put("visitedOn", TODAY.toString());
        visit.put("method", "VISIT");
        visit.put("satisfied", false);
        visit.put("recurred", true);
        visit.put("note", "渔梁村村民再次越界砍伐毛竹，双方情绪激动。");
        mediator()
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(201)
                .body("authorJurisdiction", equalTo(JIANGSHAN));
        mediator().when().get(path(d)).then().statusCode(200).body("followUps.size()", equalTo(1));
        // a visit that finds the dispute flared up raises its risk
        assertEquals("MEDIUM", text("SELECT risk_level FROM dispute WHERE id = ?", d));
    }

    @Test
    void thePrintedAgreementNamesTheJointTeamsMediators() throws Exception {
        UUID d = ours();
        UUID ours = TeamFixtures.partnerMediator(db, JIANGSHAN, "POLICE", "王建国", null, "zh");
        UUID theirs = TeamFixtures.partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "林秀英", null, "zh");
        update(
                "INSERT INTO dispute_team (dispute_id, dispute_origin, version, updated_at) VALUES (?, ?, 1, now())",
                d,
                JIANGSHAN);
        for (UUID m : List.of(ours, theirs)) {
            update(
                    "INSERT INTO team_member (dispute_id, mediator_id, mediator_origin, added_at)"
                            + " VALUES (?, ?, (SELECT origin FROM mediator WHERE id = ?), now())",
                    d,
                    m,
                    m);
        }
        Map<String, Object> body = agreementBody(TODAY, "100");
        body.put("mediators", List.of("随手写的名字"));
        draft(mediator(), d, body).then().statusCode(200);
        byte[] bytes = mediator().when().get(path(d) + "/document").asByteArray();
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("王建国（司法所）"), text);
            assertTrue(text.contains("林秀英（司法所）"), text);
            assertTrue(!text.contains("随手写的名字"), text);
        }
    }

    /** A signature time every partner would refuse (and with it every later version of the agreement): 400. */
    @Test
    void aSignatureTimeOutsideWhatPartnersTakeIsRefused() {
        UUID d = ours();
        String sha = draft(mediator(), d, agreementBody(TODAY, "100"))
                .then()
                .statusCode(200)
                .extract()
                .path("documentSha256");
        sign(mediator(), d, 0, sha, "1899-12-31T00:00:00Z")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(
                0,
                rows(
                        "SELECT count(*) FROM agreement_signature s JOIN agreement a ON a.id = s.agreement_id"
                                + " WHERE a.dispute_id = ?",
                        d));
    }

    /** A visit (上门) by our mediator to the agreement of {@code d}, through REST. */
    io.restassured.response.ValidatableResponse ourVisit(UUID d, LocalDate on, boolean satisfied, boolean recurred) {
        Map<String, Object> visit = new HashMap<>();
        visit.put("visitedOn", on.toString());
        visit.put("method", "VISIT");
        visit.put("satisfied", satisfied);
        visit.put("recurred", recurred);
        return mediator()
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then();
    }

    /** {@code n} visits of {@code author} to the agreement of {@code d}, as if made before. */
    void visitsMadeBefore(UUID d, String author, int n) {
        UUID agreement = UUID.fromString(text("SELECT id FROM agreement WHERE dispute_id = ?", d));
        for (int i = 0; i < n; i++) {
            update(
                    "INSERT INTO follow_up_visit (id, agreement_id, dispute_id, author_jurisdiction, visitor,"
                            + " visited_on, method, satisfied, recurred, written_at)"
                            + " VALUES (?, ?, ?, ?, 'visitor', ?, 'PHONE', true, false, now())",
                    RecordIds.create(author),
                    agreement,
                    d,
                    author,
                    TODAY);
        }
    }

    @Test
    void anAgreementTakesAtMostOurQuotaOfOurVisits() {
        UUID d = ours();
        signed(d, 5, -10);
        // Pucheng's quota, and ours (the origin's: up to the total) but one
        visitsMadeBefore(d, PUCHENG, AgreementRules.FOLLOW_UPS_PER_JURISDICTION);
        visitsMadeBefore(d, JIANGSHAN, AgreementRules.MAX_FOLLOW_UPS - AgreementRules.FOLLOW_UPS_PER_JURISDICTION - 1);
        int held = AgreementRules.MAX_FOLLOW_UPS;
        Map<String, Object> visit = new HashMap<>();
        visit.put("visitedOn", TODAY.toString());
        visit.put("method", "PHONE");
        visit.put("satisfied", true);
        visit.put("recurred", false);
        String last = mediator()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "visit-" + d)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .extract()
                .path("id");
        // the agreement is full: one more visit is refused
        mediator()
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(held, rows("SELECT count(*) FROM follow_up_visit WHERE dispute_id = ?", d));
        long version = rows("SELECT version FROM agreement WHERE dispute_id = ?", d);
        // the last visit repeated with its Idempotency-Key (its answer lost): that visit, not a 409 nor a second one
        mediator()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "visit-" + d)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(last))
                .body("method", equalTo("PHONE"));
        // the repeat's answer is a read of the visit: audited
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'agreement.follow-up' AND detail = ?",
                        "repeated request: visit " + last));
        // the key with another visit: 422, nothing stored
        visit.put("satisfied", false);
        mediator()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "visit-" + d)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        assertEquals(held, rows("SELECT count(*) FROM follow_up_visit WHERE dispute_id = ?", d));
        assertEquals(version, rows("SELECT version FROM agreement WHERE dispute_id = ?", d));
    }

    @Test
    void anOverdueInstalmentRaisesTheRiskAndListsTheDisputeForEscalation() {
        UUID late = ours();
        UUID onTime = ours();
        signed(late, 60, 40);
        signed(onTime, 5, -10);

        service.checkOverdue(TODAY);

        assertEquals("HIGH", text("SELECT risk_level FROM dispute WHERE id = ?", late));
        assertEquals("LOW", text("SELECT risk_level FROM dispute WHERE id = ?", onTime));
        assertTrue(text("SELECT string_agg(reason, '|') FROM dispute_risk_reason WHERE dispute_id = ?", late)
                .contains("第1期分期履行逾期"));
        mediator()
                .when()
                .get("/api/v1/disputes/escalations")
                .then()
                .statusCode(200)
                .body("disputeId", hasItem(late.toString()))
                .body("disputeId", not(hasItem(onTime.toString())))
                .body("find { it.disputeId == '" + late + "' }.daysOverdue", equalTo(40))
                .body("find { it.disputeId == '" + late + "' }.riskLevel", equalTo("HIGH"));
        // the read names what it returned
        assertTrue(rows(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'agreement.escalations.read'"
                                + " AND detail LIKE ?",
                        "%" + late + "#1%")
                > 0);
        // the partner involved sees it, the one not involved does not
        as(PUCHENG, "mediator")
                .when()
                .get("/api/v1/disputes/escalations")
                .then()
                .statusCode(200)
                .body("disputeId", hasItem(late.toString()));
        as(GUANGFENG, "commander")
                .when()
                .get("/api/v1/disputes/escalations")
                .then()
                .statusCode(200)
                .body("disputeId", not(hasItem(late.toString())));
        // a second check changes nothing more
        assertEquals(0, service.checkOverdue(TODAY));
    }

    // --- bad input: 4xx problem+json, nothing stored

    @Test
    void badAgreementsAreRefusedAndStoreNothing() {
        UUID d = ours();
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(agreementBody(TODAY, "9000", TODAY.plusDays(30), "6000", TODAY.plusDays(60), "2999.99"));
        bad.add(agreementBody(TODAY, "9000", TODAY.plusDays(60), "6000", TODAY.plusDays(30), "3000"));
        bad.add(agreementBody(TODAY, "-1"));
        bad.add(agreementBody(TODAY, "10.001"));
        bad.add(agreementBody(TODAY.plusDays(1), "0"));
        bad.add(agreementBody(TODAY, "100", TODAY.minusDays(1), "100"));
        // dates partners would refuse, and with them every later version of the agreement
        bad.add(agreementBody(LocalDate.of(1899, 12, 31), "0"));
        bad.add(agreementBody(TODAY, "100", LocalDate.of(2205, 1, 1), "100"));
        Map<String, Object> noTerms = agreementBody(TODAY, "0");
        noTerms.put("terms", " ");
        bad.add(noTerms);
        Map<String, Object> control = agreementBody(TODAY, "0");
        control.put("terms", "赔偿\u0007");
        bad.add(control);
        for (Map<String, Object> body : bad) {
            draft(mediator(), d, body).then().statusCode(400).contentType("application/problem+json");
        }
        mediator()
                .contentType(ContentType.JSON)
                .body("{\"terms\": ")
                .when()
                .put(path(d))
                .then()
                .statusCode(400);
        assertEquals(0, rows("SELECT count(*) FROM agreement WHERE dispute_id = ?", d));
        assertEquals(
                0,
                rows(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'mediation.agreement'"
                                + " AND payload IS NOT NULL AND record_id IN (SELECT id::text FROM agreement WHERE dispute_id = ?)",
                        d));
        // nothing to sign, pay or follow up without an agreement
        sign(mediator(), d, 0, "a".repeat(64), null).then().statusCode(404);
        pay(mediator(), d, 1, "1", TODAY, null).then().statusCode(404);
    }

    // --- refusals, on every endpoint

    @Test
    void refusedCallersGetNothing() {
        UUID d = ours();
        String sha = signed(d, 5, -10);
        UUID theirs = dispute(PUCHENG, "MEDIATING", PUCHENG, JIANGSHAN);
        TestIssuer untrusted = new TestIssuer(JIANGSHAN, "https://idp.330881.evil/realms/border");
        RequestSpecification[] unauthenticated = {
            given(),
            given().auth().oauth2(untrusted.token(JIANGSHAN).roles("mediator").sign())
        };
        Map<String, Object> visit =
                Map.of("visitedOn", TODAY.toString(), "method", "PHONE", "satisfied", true, "recurred", false);
        for (RequestSpecification who : unauthenticated) {
            who.when().get(path(d)).then().statusCode(401);
        }
        given().when().get(path(d) + "/document").then().statusCode(401);
        given().when().get("/api/v1/disputes/escalations").then().statusCode(401);
        draft(given(), d, agreementBody(TODAY, "0")).then().statusCode(401);
        sign(given(), d, 0, sha, null).then().statusCode(401);
        pay(given(), d, 1, "1", TODAY, null).then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("court", "江山市人民法院"))
                .when()
                .post(path(d) + "/confirmation")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("result", "CONFIRMED", "decidedOn", TODAY.toString()))
                .when()
                .put(path(d) + "/confirmation/result")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(401);

        // a jurisdiction not involved sees nothing: 404, as for a dispute that does not exist
        as(GUANGFENG, "commander").when().get(path(d)).then().statusCode(404).contentType("application/problem+json");
        as(GUANGFENG, "commander").when().get(path(d) + "/document").then().statusCode(404);
        // a partner's users report visits at their own jurisdiction's service, never here
        as(GUANGFENG, "mediator")
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(403);
        as(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(403);
        mediator().when().get(path(UUID.randomUUID())).then().statusCode(404);
        // a refused write is audited, although its transaction is rolled back with the 404
        UUID nowhere = UUID.randomUUID();
        draft(mediator(), nowhere, agreementBody(TODAY, "0")).then().statusCode(404);
        mediator()
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(nowhere) + "/follow-ups")
                .then()
                .statusCode(404);
        assertEquals(
                2,
                rows(
                        "SELECT count(*) FROM federation.audit_log WHERE record_id = ? AND detail = ?"
                                + " AND action IN ('agreement.write', 'agreement.follow-up')",
                        nowhere.toString(),
                        "not found or not visible"));
        // the partner involved reads, but the agreement is kept by the origin: its writes are refused
        as(PUCHENG, "mediator").when().get(path(d)).then().statusCode(200);
        draft(as(PUCHENG, "mediator"), d, agreementBody(TODAY, "0")).then().statusCode(403);
        pay(as(PUCHENG, "commander"), d, 1, "1", TODAY, null).then().statusCode(403);
        as(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("court", "浦城县人民法院"))
                .when()
                .post(path(d) + "/confirmation")
                .then()
                .statusCode(403);
        // roles: an analyst neither reads nor writes agreements; an investigator reads only
        as(JIANGSHAN, "analyst").when().get(path(d)).then().statusCode(403);
        as(JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/disputes/escalations")
                .then()
                .statusCode(403);
        as(JIANGSHAN, "investigator").when().get(path(d)).then().statusCode(200);
        sign(as(JIANGSHAN, "investigator"), d, 0, sha, null).then().statusCode(403);
        pay(as(JIANGSHAN, "investigator"), d, 1, "1", TODAY, null).then().statusCode(403);
        as(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(visit)
                .when()
                .post(path(d) + "/follow-ups")
                .then()
                .statusCode(403);
        as(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("result", "CONFIRMED", "decidedOn", TODAY.toString()))
                .when()
                .put(path(d) + "/confirmation/result")
                .then()
                .statusCode(403);
        // not the owner: our mediators do not write the agreement of Pucheng's dispute
        draft(mediator(), theirs, agreementBody(TODAY, "0")).then().statusCode(403);
        assertEquals(0, rows("SELECT count(*) FROM agreement WHERE dispute_id = ?", theirs));
        // every refused payment stored nothing
        assertEquals(
                0,
                rows(
                        "SELECT count(*) FROM agreement_payment p JOIN agreement a ON a.id = p.agreement_id"
                                + " WHERE a.dispute_id = ?",
                        d));
    }

    // --- forged agreements and follow-up visits (review 24 S1, S3)

    static Outcome deliver(String from, String type, String recordId, Message m) {
        return TeamFixtures.deliver(from, type, recordId, m);
    }

    static AgreementProto.FollowUp.Builder visit(String author, UUID id, String agreement, UUID dispute, LocalDate on) {
        return AgreementProto.FollowUp.newBuilder()
                .setId(id.toString())
                .setAgreementId(agreement)
                .setDisputeId(dispute.toString())
                .setAuthorJurisdiction(author)
                .setVisitor("林秀英")
                .setUnit("仙阳司法所")
                .setVisitedOn(on.toString())
                .setMethod(AgreementProto.FollowUpMethod.FOLLOW_UP_METHOD_PHONE)
                .setSatisfied(true)
                .setNote("双方均按协议履行，渔梁村已赔偿毛竹损失。")
                .setWrittenAt(ProtoTime.timestamp(Instant.now()));
    }

    Outcome deliverVisit(String from, AgreementProto.FollowUp.Builder v) {
        AgreementProto.FollowUp m = v.build();
        return deliver(from, AgreementService.FOLLOW_UP_TYPE, m.getId(), m);
    }

    /**
     * A partner's visits use up its own quota only: beyond it Pucheng's visit is refused (it would
     * also add a risk reason if it reported a recurrence), and our mediators still make theirs.
     */
    @Test
    void aPartnersVisitsDoNotUseUpOurs() {
        UUID d = ours();
        signed(d, 5, -10);
        String agreement = text("SELECT id FROM agreement WHERE dispute_id = ?", d);
        visitsMadeBefore(d, PUCHENG, AgreementRules.FOLLOW_UPS_PER_JURISDICTION - 1);
        assertEquals(
                Outcome.APPLIED, deliverVisit(PUCHENG, visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY)));
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(
                        PUCHENG,
                        visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY)
                                .setRecurred(true)));
        assertEquals(
                AgreementRules.FOLLOW_UPS_PER_JURISDICTION,
                rows(
                        "SELECT count(*) FROM follow_up_visit WHERE dispute_id = ? AND author_jurisdiction = ?",
                        d,
                        PUCHENG));
        // refused with a reason the sender can act on
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM federation.inbox_rejection WHERE record_type = ? AND reason LIKE ?",
                        AgreementService.FOLLOW_UP_TYPE,
                        "%follow-up visits of " + PUCHENG + ", the most one jurisdiction makes%"));
        ourVisit(d, TODAY, true, false).statusCode(201);
        // at the origin every visit came from its author: none is shown as relayed
        mediator()
                .when()
                .get(path(d))
                .then()
                .statusCode(200)
                .body("followUps.authorJurisdiction", hasItems(PUCHENG, JIANGSHAN))
                .body("followUps.relayedBy", everyItem(nullValue()));
    }

    /**
     * A jurisdiction's visits that found the dispute flared up give one risk reason, naming its
     * latest such visit: a partner's many visits never push the other reasons out of the list.
     */
    String reasons(UUID d) {
        return text(
                "SELECT string_agg(reason, '|' ORDER BY position) FROM dispute_risk_reason WHERE dispute_id = ?", d);
    }

    @Test
    void recurringVisitsOfOneJurisdictionGiveOneRiskReason() {
        UUID d = ours();
        signed(d, 5, -10);
        String agreement = text("SELECT id FROM agreement WHERE dispute_id = ?", d);
        update(
                "INSERT INTO dispute_risk_reason (dispute_id, position, reason) VALUES (?,"
                        + " (SELECT coalesce(max(position) + 1, 0) FROM dispute_risk_reason WHERE dispute_id = ?),"
                        + " '扬言报复')",
                d,
                d);
        String before = reasons(d);
        assertTrue(before.endsWith("扬言报复"), before);
        for (int daysAgo : List.of(2, 0, 1)) {
            assertEquals(
                    Outcome.APPLIED,
                    deliverVisit(
                            PUCHENG,
                            visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY.minusDays(daysAgo))
                                    .setRecurred(true)));
        }
        ourVisit(d, TODAY.minusDays(1), false, true).statusCode(201);
        assertEquals(
                before + "|回访发现纠纷反复（" + TODAY + "，" + PUCHENG + "）|回访发现纠纷反复（" + TODAY.minusDays(1) + "，" + JIANGSHAN
                        + "）",
                reasons(d));
        assertEquals("MEDIUM", text("SELECT risk_level FROM dispute WHERE id = ?", d));
    }

    /**
     * Pucheng withdraws its dispute from us (we are no longer involved): the copies of others'
     * visits go with it, our own visits stay ours (Pucheng's agreement lists them again if it sends
     * the dispute back; they were deleted along, and that agreement refused for good).
     */
    @Test
    void aWithdrawnDisputeTakesOnlyOthersVisitsWithIt() {
        UUID theirs = dispute(PUCHENG, "MEDIATING", PUCHENG, JIANGSHAN);
        UUID agreement = RecordIds.create(PUCHENG);
        UUID ourVisit = RecordIds.create(JIANGSHAN);
        UUID theirVisit = RecordIds.create(PUCHENG);
        Map.of(ourVisit, JIANGSHAN, theirVisit, PUCHENG)
                .forEach((visit, author) -> update(
                        "INSERT INTO follow_up_visit (id, agreement_id, dispute_id, author_jurisdiction, visitor,"
                                + " visited_on, method, satisfied, recurred, written_at)"
                                + " VALUES (?, ?, ?, ?, 'visitor', ?, 'PHONE', true, false, now())",
                        visit,
                        agreement,
                        theirs,
                        author,
                        TODAY));
        assertEquals(
                Outcome.APPLIED,
                TeamFixtures.deliver(PUCHENG, DisputeService.DISPUTE_TYPE, theirs.toString(), 2, null));
        assertEquals(0, rows("SELECT count(*) FROM dispute WHERE id = ?", theirs));
        assertEquals(1, rows("SELECT count(*) FROM follow_up_visit WHERE id = ?", ourVisit));
        assertEquals(0, rows("SELECT count(*) FROM follow_up_visit WHERE id = ?", theirVisit));
    }

    /** The agreement's categories hold both ways: a partner granted no mediation sends us none. */
    @Test
    void aPartnerTheAgreementGivesNoMediationRecordsSendsUsNone() {
        UUID d = ours();
        signed(d, 5, -10);
        String agreement = text("SELECT id FROM agreement WHERE dispute_id = ?", d);
        UUID id = RecordIds.create(TeamFixtures.SHAOWU);
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(TeamFixtures.SHAOWU, visit(TeamFixtures.SHAOWU, id, agreement, d, TODAY)));
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ? AND reason = ?",
                        id.toString(),
                        "the agreement gives " + TeamFixtures.SHAOWU + " no records of this type"));
        assertEquals(0, rows("SELECT count(*) FROM follow_up_visit WHERE id = ?", id));
        // its deletions still reach the appliers (a revocation must not stay live here because the
        // grant went): refused here by the visit's own rule, not by the agreement
        UUID gone = RecordIds.create(TeamFixtures.SHAOWU);
        assertEquals(
                Outcome.REJECTED,
                TeamFixtures.deliver(TeamFixtures.SHAOWU, AgreementService.FOLLOW_UP_TYPE, gone.toString(), 2, null));
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ? AND reason LIKE ?",
                        gone.toString(),
                        "%not changed or withdrawn%"));
    }

    @Test
    void forgedFollowUpVisitsAreRejectedAndStoreNothing() {
        UUID d = ours(); // Jiangshan's, parties in Jiangshan and Pucheng
        signed(d, 5, -10);
        String agreement = text("SELECT id FROM agreement WHERE dispute_id = ?", d);
        long visits = rows("SELECT count(*) FROM follow_up_visit WHERE dispute_id = ?", d);

        // Guangfeng is not party to the dispute
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(GUANGFENG, visit(GUANGFENG, RecordIds.create(GUANGFENG), agreement, d, TODAY)));
        // Pucheng sends a record of another jurisdiction: under Guangfeng's id, in Guangfeng's name
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(PUCHENG, visit(PUCHENG, RecordIds.create(GUANGFENG), agreement, d, TODAY)));
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(PUCHENG, visit(GUANGFENG, RecordIds.create(PUCHENG), agreement, d, TODAY)));
        // another agreement, oversize fields
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(
                        PUCHENG,
                        visit(
                                PUCHENG,
                                RecordIds.create(PUCHENG),
                                UUID.randomUUID().toString(),
                                d,
                                TODAY)));
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(
                        PUCHENG,
                        visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY)
                                .setNote("回".repeat(AgreementService.MAX_NOTE + 1))));
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(
                        PUCHENG,
                        visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY)
                                .setVisitor("林".repeat(AgreementService.MAX_NAME * 2 + 1))));
        // S3: what our own users could not have entered: a visit in the future, before the agreement took effect
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(PUCHENG, visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY.plusDays(1))));
        assertEquals(
                Outcome.REJECTED,
                deliverVisit(PUCHENG, visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY.minusDays(30))));
        assertEquals(visits, rows("SELECT count(*) FROM follow_up_visit WHERE dispute_id = ?", d));

        // Pucheng's own visit, of today: taken into the agreement
        assertEquals(
                Outcome.APPLIED, deliverVisit(PUCHENG, visit(PUCHENG, RecordIds.create(PUCHENG), agreement, d, TODAY)));
        assertEquals(visits + 1, rows("SELECT count(*) FROM follow_up_visit WHERE dispute_id = ?", d));
    }

    /** Pucheng's agreement on its dispute, signed, as Pucheng's service would send it. */
    static AgreementProto.Agreement.Builder partnerAgreement(UUID id, UUID dispute) {
        byte[] document = "%PDF-1.7 浦城县人民调解协议书".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return AgreementProto.Agreement.newBuilder()
                .setId(id.toString())
                .setDisputeId(dispute.toString())
                .setStatus(AgreementProto.AgreementStatus.AGREEMENT_STATUS_SIGNED)
                .setTerms("一、以界桩为界。二、渔梁村赔偿毛竹损失九千元。")
                .setTotalAmount("9000.00")
                .setAgreedOn(TODAY.minusDays(3).toString())
                .setEffectiveOn(TODAY.minusDays(3).toString())
                .setConfirmation(AgreementProto.Confirmation.newBuilder()
                        .setStatus(AgreementProto.ConfirmationStatus.CONFIRMATION_STATUS_NONE))
                .setDocument(ByteString.copyFrom(document))
                .setDocumentSha256(AgreementDocuments.sha256(document))
                .setCreatedAt(ProtoTime.timestamp(Instant.now()))
                .setUpdatedAt(ProtoTime.timestamp(Instant.now()));
    }

    Outcome deliverAgreement(String from, AgreementProto.Agreement.Builder a) {
        AgreementProto.Agreement m = a.build();
        return deliver(from, AgreementService.AGREEMENT_TYPE, m.getId(), m);
    }

    @Test
    void forgedAgreementsAreRejectedAndStoreNothing() {
        UUID ours = ours();
        UUID theirs = dispute(PUCHENG, "MEDIATING", PUCHENG, JIANGSHAN, GUANGFENG);
        long agreements = rows("SELECT count(*) FROM agreement");
        long visits = rows("SELECT count(*) FROM follow_up_visit");

        // Pucheng's agreement on our dispute; Guangfeng's on Pucheng's dispute
        assertEquals(Outcome.REJECTED, deliverAgreement(PUCHENG, partnerAgreement(RecordIds.create(PUCHENG), ours)));
        assertEquals(
                Outcome.REJECTED, deliverAgreement(GUANGFENG, partnerAgreement(RecordIds.create(GUANGFENG), theirs)));
        // on its own dispute, under an id Guangfeng created
        assertEquals(
                Outcome.REJECTED, deliverAgreement(PUCHENG, partnerAgreement(RecordIds.create(GUANGFENG), theirs)));
        // oversize terms, a document its hash does not name
        assertEquals(
                Outcome.REJECTED,
                deliverAgreement(
                        PUCHENG,
                        partnerAgreement(RecordIds.create(PUCHENG), theirs)
                                .setTerms("条".repeat(AgreementService.MAX_TERMS + 1))));
        assertEquals(
                Outcome.REJECTED,
                deliverAgreement(
                        PUCHENG,
                        partnerAgreement(RecordIds.create(PUCHENG), theirs).setDocumentSha256("0".repeat(64))));
        // fields our own REST refuses, or the database could not hold: a payment of nothing, a name
        // with a control character, a number or party beyond any agreement's, a date outside the years
        AgreementProto.Payment payment = AgreementProto.Payment.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setAmount("100.00")
                .setPaidOn(TODAY.minusDays(1).toString())
                .setRecordedBy("浦城调解员")
                .setRecordedAt(ProtoTime.timestamp(Instant.now()))
                .build();
        AgreementProto.Instalment instalment = AgreementProto.Instalment.newBuilder()
                .setNumber(1)
                .setDueOn(TODAY.toString())
                .setAmount("9000.00")
                .setPaid("100.00")
                .addPayments(payment)
                .build();
        AgreementProto.Signature signature = AgreementProto.Signature.newBuilder()
                .setPartyPosition(0)
                .setMethod(AgreementProto.SignatureMethod.SIGNATURE_METHOD_HANDWRITTEN)
                .setSignedAt(ProtoTime.timestamp(Instant.now()))
                .setDocumentSha256("0".repeat(64))
                .setRecordedBy("浦城调解员")
                .build();
        Map<String, AgreementProto.Agreement.Builder> refusedFor = new java.util.LinkedHashMap<>();
        refusedFor.put(
                "payments.amount",
                partnerAgreement(RecordIds.create(PUCHENG), theirs)
                        .addInstalments(instalment.toBuilder()
                                .setPaid("0.00")
                                .setPayments(0, payment.toBuilder().setAmount("0.00"))));
        refusedFor.put(
                "payments.recorded_by",
                partnerAgreement(RecordIds.create(PUCHENG), theirs)
                        .addInstalments(instalment.toBuilder()
                                .setPayments(0, payment.toBuilder().setRecordedBy("浦城\u0007调解员"))));
        refusedFor.put(
                "instalments.number",
                partnerAgreement(RecordIds.create(PUCHENG), theirs)
                        .addInstalments(instalment.toBuilder().setNumber(40_000)));
        refusedFor.put(
                "signatures.party_position",
                partnerAgreement(RecordIds.create(PUCHENG), theirs)
                        .addSignatures(signature.toBuilder().setPartyPosition(40_000)));
        refusedFor.put(
                "created_by",
                partnerAgreement(RecordIds.create(PUCHENG), theirs).setCreatedBy("x".repeat(201)));
        refusedFor.put(
                "agreed_on", partnerAgreement(RecordIds.create(PUCHENG), theirs).setAgreedOn("0000-01-01"));
        refusedFor.forEach((field, bad) -> {
            assertEquals(Outcome.REJECTED, deliverAgreement(PUCHENG, bad), field);
            String reason = text("SELECT reason FROM federation.inbox_rejection WHERE record_id = ?", bad.getId());
            assertTrue(reason.contains(field), field + ": " + reason);
        });
        // S3: a copied visit in our name that we never made, and one under an id its named author did not create
        UUID agreement = RecordIds.create(PUCHENG);
        assertEquals(
                Outcome.REJECTED,
                deliverAgreement(
                        PUCHENG,
                        partnerAgreement(agreement, theirs)
                                .addFollowUps(visit(
                                        JIANGSHAN, RecordIds.create(JIANGSHAN), agreement.toString(), theirs, TODAY))));
        assertEquals(
                Outcome.REJECTED,
                deliverAgreement(
                        PUCHENG,
                        partnerAgreement(agreement, theirs)
                                .addFollowUps(visit(
                                        GUANGFENG, RecordIds.create(PUCHENG), agreement.toString(), theirs, TODAY))));
        assertEquals(agreements, rows("SELECT count(*) FROM agreement"));
        assertEquals(visits, rows("SELECT count(*) FROM follow_up_visit"));

        // Pucheng's agreement on its dispute with its own and Guangfeng's visits as they made them: taken
        UUID puchengs = RecordIds.create(PUCHENG);
        UUID guangfengs = RecordIds.create(GUANGFENG);
        assertEquals(
                Outcome.APPLIED,
                deliverAgreement(
                        PUCHENG,
                        partnerAgreement(agreement, theirs)
                                .addFollowUps(visit(PUCHENG, puchengs, agreement.toString(), theirs, TODAY))
                                .addFollowUps(visit(GUANGFENG, guangfengs, agreement.toString(), theirs, TODAY))));
        assertEquals(agreements + 1, rows("SELECT count(*) FROM agreement"));
        assertEquals(visits + 2, rows("SELECT count(*) FROM follow_up_visit"));
        // Guangfeng's visit is shown as Pucheng reports it: we hold it from Pucheng, not from Guangfeng
        JsonPath held = mediator()
                .when()
                .get(path(theirs))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(PUCHENG, held.getString("followUps.find { it.id == '" + guangfengs + "' }.relayedBy"));
        assertEquals(GUANGFENG, held.getString("followUps.find { it.id == '" + guangfengs + "' }.authorJurisdiction"));
        assertNull(held.getString("followUps.find { it.id == '" + puchengs + "' }.relayedBy"));
    }

    // --- helpers

    void update(String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long rows(String sql, Object... params) {
        return Long.parseLong(text(sql, params));
    }

    String text(String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
