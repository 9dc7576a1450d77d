package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.caseBody;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.borderpolice.cases.JoinRules;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.cases.v1.JoinProto;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to join a case (申请加入案件) in one process: Jiangshan as the owner that receives
 * partners' requests (delivered as Pucheng would) and decides them, and as the requester that
 * asks Pucheng and takes Pucheng's decisions. What a forger sends is refused and stores nothing;
 * every endpoint refuses strangers.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases"),
            // Shaowu: a partner of the agreement for intelligence only (cases withdrawn, say)
            @ResourceArg(name = "more-partners", value = PartnerAssistanceRulesTest.SHAOWU),
            @ResourceArg(name = "categories." + PartnerAssistanceRulesTest.SHAOWU, value = "intel")
        })
class CaseJoinRulesTest {

    static final String REQUESTS = "/api/v1/case-join-requests";

    @Inject
    AgroalDataSource db;

    long count(String sql, Object... params) {
        return Callers.count(db, sql, params);
    }

    static Timestamp now() {
        Instant i = Instant.now();
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }

    static DeliveryAck deliver(String from, String type, String id, long version, Message payload) {
        return PartnerCaseRulesTest.deliver(from, PartnerCaseRulesTest.event(from, type, id, version, payload));
    }

    static Outcome outcome(String from, String type, String id, long version, Message payload) {
        return deliver(from, type, id, version, payload).getResults(0).getOutcome();
    }

    static final AtomicInteger SUSPECTS = new AtomicInteger();

    /** A resident ID number of its own for each case's suspect (a check hits that case alone). */
    static String newSuspect() {
        String body = "330881"
                + LocalDate.of(1970, 1, 1).plusDays(SUSPECTS.incrementAndGet()).format(DateTimeFormatter.BASIC_ISO_DATE)
                + "321";
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    /** A case of ours, filed OPEN (or as a DRAFT) by an investigator; its id, number and suspect. */
    static String[] file(String title, boolean open, String... participants) {
        String suspect = newSuspect();
        Map<String, Object> body = caseBody(title, participants);
        body.put("subjects", List.of(Map.of("kind", "PERSON", "value", suspect, "label", "张某", "role", "SUSPECT")));
        Response r = home("investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", open)
                .body(body)
                .when()
                .post("/api/v1/cases");
        r.then().statusCode(201);
        return new String[] {r.path("id"), r.path("number"), suspect};
    }

    /** Pucheng's service checks the case's suspect here (a real check over gRPC) and hits the case. */
    static void hit(String[] c) {
        Object answer = CaseHitChecksTest.grpc(
                CaseHitChecksTest.peer(PUCHENG),
                CaseHitChecksTest.request("pucheng-investigator", List.of("investigator"), c[2]));
        assertTrue(answer instanceof HitCheckResponse, String.valueOf(answer));
        assertEquals(
                List.of(c[0]),
                ((HitCheckResponse) answer)
                        .getHitsList().stream().map(h -> h.getRecordId()).toList());
    }

    static JoinProto.JoinRequest request(String id, String from, String number) {
        return JoinProto.JoinRequest.newBuilder()
                .setId(id)
                .setRequester(from)
                .setCaseOrigin(SELF)
                .setCaseNumber(number)
                .setReason("本局在办诈骗案涉及同一嫌疑人")
                .setHitReference("hit 17")
                .setRequestedBy("pucheng-investigator")
                .setUnit("浦城县公安局刑侦大队")
                .setRequestedAt(now())
                .build();
    }

    /** Pucheng asks to join our case {@code number}; the request's id. */
    static String asked(String number) {
        String id = RecordIds.create(PUCHENG).toString();
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.join-request", id, 1, request(id, PUCHENG, number)));
        return id;
    }

    JoinProto.JoinDecision decisionFor(String requestId, String requester) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT payload FROM federation.outbox
                        WHERE record_type = 'cases.join-decision' AND record_id = ? AND destination = ?""")) {
            s.setString(1, requestId + ":" + SELF);
            s.setString(2, requester);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "a decision on " + requestId + " for " + requester);
                return JoinProto.JoinDecision.parseFrom(rs.getBytes(1));
            }
        }
    }

    static Response decide(RequestSpecification as, String requestId, String how, Map<String, Object> body) {
        return as.contentType(ContentType.JSON).body(body).when().post(REQUESTS + "/" + requestId + "/" + how);
    }

    @Test
    void aCommanderApprovesAndTheRequesterJoinsAsAnAcceptedParticipantWithTheWholeTimeline() throws Exception {
        String[] c = file("并案申请获批", true, GUANGFENG);
        hit(c);
        String request = asked(c[1]);
        // pending for the owner's users, who see it among the incoming ones
        home("investigator")
                .queryParam("direction", "INCOMING")
                .queryParam("state", "PENDING")
                .when()
                .get(REQUESTS)
                .then()
                .statusCode(200)
                .body("items.id", hasItem(request));
        home("commander")
                .when()
                .get(REQUESTS + "/" + request)
                .then()
                .statusCode(200)
                .body("state", equalTo("PENDING"))
                .body("direction", equalTo("INCOMING"))
                .body("caseId", equalTo(c[0]))
                .body("reason", equalTo("本局在办诈骗案涉及同一嫌疑人"))
                .body("hitReference", equalTo("hit 17"));
        // investigators do not let a jurisdiction in
        decide(home("investigator"), request, "approval", Map.of())
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        decide(home("commander"), request, "approval", Map.of("note", "同一嫌疑人"))
                .then()
                .statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("decidedBy", not(nullValue()));
        home("analyst")
                .when()
                .get("/api/v1/cases/" + c[0])
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("participants.find { it.jurisdiction == '" + PUCHENG + "' }.state", equalTo("ACCEPTED"));
        var timeline = home("analyst")
                .when()
                .get("/api/v1/cases/" + c[0] + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("JOINED", timeline.getString("items[0].kind"));
        assertEquals(PUCHENG, timeline.getString("items[0].participant"));
        // Pucheng gets the case, every entry of its timeline, and the approval
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.case' AND record_id = ? "
                                + "AND destination = ? AND version = 2",
                        c[0],
                        PUCHENG));
        assertEquals(
                count("SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", c[0]),
                count(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.timeline-entry' "
                                + "AND destination = ? AND record_id IN "
                                + "(SELECT id::text FROM case_timeline_entry WHERE case_id = ?::uuid)",
                        PUCHENG,
                        c[0]));
        JoinProto.JoinDecision d = decisionFor(request, PUCHENG);
        assertEquals(JoinProto.JoinOutcome.JOIN_APPROVED, d.getOutcome());
        assertEquals(c[0], d.getCaseId());
        assertEquals("", d.getReason());
        // final
        decide(home("commander"), request, "denial", Map.of("reason", "改主意"))
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        // a second request by a participant: answered at once, no case touched
        String again = asked(c[1]);
        home("commander").when().get(REQUESTS + "/" + again).then().body("state", equalTo("DENIED"));
        assertEquals(JoinRules.ALREADY_PARTICIPANT, decisionFor(again, PUCHENG).getReason());
        assertEquals(2, count("SELECT version FROM joint_case WHERE id = ?::uuid", c[0]));
    }

    @Test
    void aDenialGivesTheReasonAndANumberThatCannotBeJoinedIsAnsweredAlikeAtOnce() throws Exception {
        String[] c = file("并案申请未获批", true);
        hit(c);
        String request = asked(c[1]);
        long outbox = count("SELECT count(*) FROM federation.outbox");
        decide(home("commander"), request, "denial", Map.of("reason", " "))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        decide(home("commander"), request, "denial", Map.of())
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        decide(home("commander"), request, "denial", Map.of("reason", "与本案无关"))
                .then()
                .statusCode(200)
                .body("state", equalTo("DENIED"))
                .body("decisionReason", equalTo("与本案无关"));
        JoinProto.JoinDecision denied = decisionFor(request, PUCHENG);
        assertEquals(JoinProto.JoinOutcome.JOIN_DENIED, denied.getOutcome());
        assertEquals("与本案无关", denied.getReason());
        assertEquals("", denied.getCaseId());
        assertEquals(0, count("SELECT count(*) FROM case_participant WHERE case_id = ?::uuid", c[0]));

        // no such number, a draft, a closed case: denied at once, in the same words, naming no case
        String[] draft = file("草稿不可加入", false);
        String[] closed = file("已结案不可加入", true);
        for (String to : List.of("INVESTIGATING", "CLOSED")) {
            home("commander")
                    .contentType(ContentType.JSON)
                    .body(Map.of("to", to, "reason", "证据不足"))
                    .when()
                    .post("/api/v1/cases/" + closed[0] + "/transitions")
                    .then()
                    .statusCode(200);
        }
        List<JoinProto.JoinDecision> answers = new ArrayList<>();
        for (String number : List.of(SELF + "-2026-999999", draft[1], closed[1])) {
            String id = asked(number);
            home("commander")
                    .when()
                    .get(REQUESTS + "/" + id)
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("DENIED"))
                    .body("refusal", not(nullValue()))
                    .body("decidedBy", nullValue());
            JoinProto.JoinDecision d = decisionFor(id, PUCHENG);
            answers.add(d.toBuilder().clearRequestId().clearDecidedAt().build());
        }
        assertEquals(1, answers.stream().distinct().count(), answers.toString());
        assertEquals(JoinRules.NOT_JOINABLE, answers.get(0).getReason());
        assertEquals("", answers.get(0).getCaseId());
        // and nothing of those cases went to Pucheng
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND record_id IN (?, ?)",
                        PUCHENG,
                        draft[0],
                        closed[0]));
    }

    @Test
    void aRequestFollowsAHitAnOpenCaseNoCheckHitIsAnsweredAsNoCaseAtOnce() throws Exception {
        String[] c = file("未经比对的案件", true);
        // no check of Pucheng hit it: the same immediate answer as for a number that does not exist
        List<JoinProto.JoinDecision> answers = new ArrayList<>();
        for (String number : List.of(SELF + "-2026-999998", c[1])) {
            String id = asked(number);
            home("commander").when().get(REQUESTS + "/" + id).then().body("state", equalTo("DENIED"));
            answers.add(decisionFor(id, PUCHENG).toBuilder()
                    .clearRequestId()
                    .clearDecidedAt()
                    .build());
        }
        assertEquals(1, answers.stream().distinct().count(), answers.toString());
        assertEquals(JoinRules.NOT_JOINABLE, answers.get(0).getReason());
        assertEquals(
                0, count("SELECT count(*) FROM case_join_request WHERE state = 'PENDING' AND case_number = ?", c[1]));
        // a hit of Pucheng's check on it, and its next request waits for a commander
        hit(c);
        String id = asked(c[1]);
        home("commander").when().get(REQUESTS + "/" + id).then().body("state", equalTo("PENDING"));
    }

    @Test
    void forgedAndMalformedRequestsAreRefusedAndStoreNothing() {
        String[] c = file("伪造的加入申请", true);
        long held = count("SELECT count(*) FROM case_join_request");
        String id = RecordIds.create(PUCHENG).toString();
        List<UnaryOperator<JoinProto.JoinRequest.Builder>> bad = List.of(
                b -> b.setRequester(GUANGFENG),
                b -> b.setCaseOrigin(PUCHENG),
                b -> b.setCaseNumber(PUCHENG + "-2026-000001"),
                b -> b.setCaseNumber("330881-26-1"),
                b -> b.setReason(""),
                b -> b.setReason("\u0000"),
                b -> b.setHitReference("两行\n"),
                b -> b.setRequestedBy(""),
                b -> b.clearRequestedAt(),
                b -> b.setId(RecordIds.create(PUCHENG).toString()));
        for (UnaryOperator<JoinProto.JoinRequest.Builder> change : bad) {
            JoinProto.JoinRequest m =
                    change.apply(request(id, PUCHENG, c[1]).toBuilder()).build();
            assertEquals(Outcome.REJECTED, outcome(PUCHENG, "cases.join-request", id, 1, m), m.toString());
        }
        // Guangfeng sending a request in Pucheng's name, or under an id Pucheng made
        assertEquals(Outcome.REJECTED, outcome(GUANGFENG, "cases.join-request", id, 1, request(id, PUCHENG, c[1])));
        assertEquals(Outcome.REJECTED, outcome(GUANGFENG, "cases.join-request", id, 1, request(id, GUANGFENG, c[1])));
        assertEquals(Outcome.REJECTED, outcome(PUCHENG, "cases.join-request", id, 1, null));
        assertEquals(held, count("SELECT count(*) FROM case_join_request"));
        // a valid one (after a hit) is taken; it never changes (its withdrawal:
        // aPartnerWithdrawsItsPendingRequestHereOnlyItsOwn)
        hit(c);
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.join-request", id, 1, request(id, PUCHENG, c[1])));
        assertEquals(
                Outcome.REJECTED,
                outcome(
                        PUCHENG,
                        "cases.join-request",
                        id,
                        2,
                        request(id, PUCHENG, c[1]).toBuilder()
                                .setReason("改过的理由")
                                .build()));
        assertEquals(held + 1, count("SELECT count(*) FROM case_join_request"));
        // a decision is ours to make: one from a partner about our case is refused
        JoinProto.JoinDecision forged = JoinProto.JoinDecision.newBuilder()
                .setRequestId(id)
                .setCaseOrigin(PUCHENG)
                .setRequester(SELF)
                .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                .setCaseId(c[0])
                .setDecidedAt(now())
                .build();
        assertEquals(Outcome.REJECTED, outcome(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, forged));
        home("commander").when().get(REQUESTS + "/" + id).then().body("state", equalTo("PENDING"));
    }

    @Test
    void weAskAPartnerAndTakeItsDecisionOnlyFromIt() {
        String number = PUCHENG + "-2026-000321";
        hitAt(number);
        Response filed = home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "join-" + UUID.randomUUID())
                .body(Map.of("caseNumber", number, "reason", "嫌疑人在本辖区落脚", "hitReference", "比对 #3"))
                .when()
                .post(REQUESTS);
        filed.then()
                .statusCode(201)
                .body("state", equalTo("PENDING"))
                .body("direction", equalTo("OUTGOING"))
                .body("caseOrigin", equalTo(PUCHENG));
        String id = filed.path("id");
        // to the owner alone
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.join-request' "
                                + "AND record_id = ? AND destination = ? AND cardinality(distribution) = 2",
                        id,
                        PUCHENG));
        assertEquals(
                0,
                count("SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination <> ?", id, PUCHENG));
        // a second request for the same case while one is pending
        home("commander")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", number, "reason", "再次申请"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        // Guangfeng may not decide what we asked Pucheng; nor may Pucheng decide for another id
        JoinProto.JoinDecision denial = JoinProto.JoinDecision.newBuilder()
                .setRequestId(id)
                .setCaseOrigin(PUCHENG)
                .setRequester(SELF)
                .setOutcome(JoinProto.JoinOutcome.JOIN_DENIED)
                .setReason("不符合并案条件")
                .setDecidedAt(now())
                .build();
        assertEquals(
                Outcome.REJECTED,
                outcome(
                        GUANGFENG,
                        "cases.join-decision",
                        id + ":" + GUANGFENG,
                        1,
                        denial.toBuilder().setCaseOrigin(GUANGFENG).build()));
        String other = UUID.randomUUID().toString();
        assertEquals(
                Outcome.REJECTED,
                outcome(
                        PUCHENG,
                        "cases.join-decision",
                        other + ":" + PUCHENG,
                        1,
                        denial.toBuilder().setRequestId(other).build()));
        for (JoinProto.JoinDecision bad : List.of(
                denial.toBuilder().clearReason().build(),
                denial.toBuilder()
                        .setCaseId(RecordIds.create(PUCHENG).toString())
                        .build(),
                denial.toBuilder().setRequester(GUANGFENG).build(),
                denial.toBuilder()
                        .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                        .setCaseId(RecordIds.create(GUANGFENG).toString())
                        .build(),
                denial.toBuilder()
                        .setOutcome(JoinProto.JoinOutcome.JOIN_OUTCOME_UNSPECIFIED)
                        .build())) {
            assertEquals(
                    Outcome.REJECTED,
                    outcome(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, bad),
                    bad.toString());
        }
        home("investigator").when().get(REQUESTS + "/" + id).then().body("state", equalTo("PENDING"));
        // Pucheng denies: the reason is ours to read; a second decision is refused
        var decision = PartnerCaseRulesTest.event(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, denial);
        assertEquals(
                Outcome.APPLIED,
                PartnerCaseRulesTest.deliver(PUCHENG, decision).getResults(0).getOutcome());
        // the same event again (its acknowledgement lost) is a duplicate, and the same version under
        // another event id stale: not refused as "decided already" by the decision they carry
        assertEquals(
                Outcome.DUPLICATE,
                PartnerCaseRulesTest.deliver(PUCHENG, decision).getResults(0).getOutcome());
        assertEquals(Outcome.STALE, outcome(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, denial));
        home("analyst")
                .when()
                .get(REQUESTS + "/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("DENIED"))
                .body("decisionReason", equalTo("不符合并案条件"))
                .body("caseId", nullValue());
        assertEquals(
                Outcome.REJECTED,
                outcome(
                        PUCHENG,
                        "cases.join-decision",
                        id + ":" + PUCHENG,
                        2,
                        denial.toBuilder()
                                .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                                .clearReason()
                                .setCaseId(RecordIds.create(PUCHENG).toString())
                                .build()));
    }

    @Test
    void theCaseOfAnApprovedRequestShowsUsAcceptedEvenBeforeTheDecisionArrives() {
        String number = PUCHENG + "-2026-000654";
        hitAt(number);
        String id = home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", number, "reason", "同一团伙"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String caseId = RecordIds.create(PUCHENG).toString();
        CaseProto.JointCase joined = PartnerCaseRulesTest.valid(caseId).toBuilder()
                .setNumber(number)
                .setParticipants(
                        0,
                        CaseProto.Participant.newBuilder()
                                .setJurisdiction(SELF)
                                .setState(CaseProto.ParticipantState.ACCEPTED)
                                .setInvitedAt(now())
                                .setAnsweredAt(now())
                                .setAnsweredBy("jiangshan-investigator"))
                .build();
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.case", caseId, 2, joined));
        String ours = "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = '" + SELF
                + "' AND state = 'ACCEPTED'";
        assertEquals(1, count(ours, caseId));
        JoinProto.JoinDecision approval = JoinProto.JoinDecision.newBuilder()
                .setRequestId(id)
                .setCaseOrigin(PUCHENG)
                .setRequester(SELF)
                .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                .setCaseId(caseId)
                .setDecidedAt(now())
                .build();
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, approval));
        home("investigator")
                .when()
                .get(REQUESTS + "/" + id)
                .then()
                .body("state", equalTo("APPROVED"))
                .body("caseId", equalTo(caseId));
        // a later version keeps us accepted; we may now ask for help and leave as any participant
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.case", caseId, 3, joined));
        assertEquals(1, count(ours, caseId));
        // a case that names us accepted without our asking stays an invitation (PartnerCaseRulesTest)
        String unasked = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.APPLIED,
                outcome(
                        PUCHENG,
                        "cases.case",
                        unasked,
                        1,
                        joined.toBuilder()
                                .setId(unasked)
                                .setNumber(PUCHENG + "-2026-000655")
                                .build()));
        assertEquals(0, count(ours, unasked));
    }

    @Test
    void filingRefusesBadInputAndStrangersAndStoresNothing() {
        long held = count("SELECT count(*) FROM case_join_request");
        long outbox = count("SELECT count(*) FROM federation.outbox");
        String[] mine = file("本局自己的案件", true);
        outbox = count("SELECT count(*) FROM federation.outbox");
        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("caseNumber", "350722-26-1", "reason", "理由"),
                Map.<String, Object>of("caseNumber", PUCHENG + "-2026-000001"),
                Map.<String, Object>of("caseNumber", PUCHENG + "-2026-000001", "reason", " "),
                Map.<String, Object>of("caseNumber", mine[1], "reason", "自己的案件"),
                // not a partner of ours
                Map.<String, Object>of("caseNumber", "110101-2026-000001", "reason", "理由"),
                Map.<String, Object>of("caseNumber", PUCHENG + "-2026-000001", "reason", "理由", "extra", 1),
                Map.<String, Object>of(
                        "caseNumber", PUCHENG + "-2026-000001", "reason", "理由", "hitReference", "x".repeat(201)))) {
            home("investigator")
                    .contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .post(REQUESTS)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        // a case we hold already: answer its invitation instead
        String invited = RecordIds.create(PUCHENG).toString();
        // (a number of its own: other tests use the one of valid())
        assertEquals(
                Outcome.APPLIED,
                outcome(
                        PUCHENG,
                        "cases.case",
                        invited,
                        1,
                        PartnerCaseRulesTest.valid(invited).toBuilder()
                                .setNumber(PUCHENG + "-2026-000707")
                                .build()));
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", PUCHENG + "-2026-000707", "reason", "理由"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(held, count("SELECT count(*) FROM case_join_request"));
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        // the same key with another body
        String key = "join-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("caseNumber", PUCHENG + "-2026-000800", "reason", "理由");
        hitAt(PUCHENG + "-2026-000800");
        String first = home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("caseNumber", PUCHENG + "-2026-000801", "reason", "理由"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(422);
        assertEquals(held + 1, count("SELECT count(*) FROM case_join_request"));
        assertEquals(1, count("SELECT count(*) FROM federation.outbox WHERE record_id = ?", first));
    }

    record Endpoint(String method, String path, Object body, String role, String wrongRole) {
        Response call(RequestSpecification r) {
            RequestSpecification s =
                    body == null ? r : r.contentType(ContentType.JSON).body(body);
            return method.equals("GET") ? s.when().get(path) : s.when().post(path);
        }
    }

    @Test
    void everyEndpointRefusesStrangers() {
        String[] c = file("拒绝陌生人的加入申请", true);
        hit(c);
        String request = asked(c[1]);
        long held = count("SELECT count(*) FROM case_join_request");
        long outbox = count("SELECT count(*) FROM federation.outbox");
        String base = REQUESTS + "/" + request;
        List<Endpoint> endpoints = List.of(
                new Endpoint(
                        "POST",
                        REQUESTS,
                        Map.of("caseNumber", GUANGFENG + "-2026-000001", "reason", "理由"),
                        "investigator",
                        "analyst"),
                new Endpoint("POST", base + "/approval", Map.of(), "commander", "investigator"),
                new Endpoint("POST", base + "/denial", Map.of("reason", "理由"), "commander", "analyst"));
        for (Endpoint e : endpoints) {
            for (RequestSpecification r : List.of(
                    RestAssured.given(),
                    RestAssured.given()
                            .auth()
                            .oauth2(new TestIssuer("330822")
                                    .token(SELF)
                                    .roles(e.role)
                                    .sign()),
                    RestAssured.given()
                            .auth()
                            .oauth2(JurisdictionTestResource.issuer(SELF)
                                    .token(PUCHENG)
                                    .roles(e.role)
                                    .sign()))) {
                e.call(r).then().statusCode(401).contentType("application/problem+json");
            }
            // a partner's user (Pucheng, the requester itself, too), a role that may not, mediators
            e.call(as(PUCHENG, e.role)).then().statusCode(403).contentType("application/problem+json");
            e.call(as(GUANGFENG, e.role)).then().statusCode(403).contentType("application/problem+json");
            e.call(home(e.wrongRole)).then().statusCode(403).contentType("application/problem+json");
            e.call(home("mediator", "integrator")).then().statusCode(403).contentType("application/problem+json");
        }
        // a request that is not there, or not one asking us (ours to Pucheng): 404, 403
        decide(home("commander"), UUID.randomUUID().toString(), "approval", Map.of())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        hitAt(PUCHENG + "-2026-000900");
        String ownRequest = home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", PUCHENG + "-2026-000900", "reason", "理由"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        held++;
        outbox = count("SELECT count(*) FROM federation.outbox");
        for (String how : List.of("approval", "denial")) {
            decide(home("commander"), ownRequest, how, Map.of(how.equals("approval") ? "note" : "reason", "自己批自己"))
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        assertEquals(held, count("SELECT count(*) FROM case_join_request"));
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        home("commander").when().get(base).then().body("state", equalTo("PENDING"));
        // reads: no token, a role that does not read; a partner's user sees only its own requests
        for (String path : List.of(REQUESTS, base)) {
            RestAssured.given().when().get(path).then().statusCode(401).contentType("application/problem+json");
            home("mediator").when().get(path).then().statusCode(403).contentType("application/problem+json");
        }
        as(GUANGFENG, "commander").when().get(base).then().statusCode(404);
        as(GUANGFENG, "commander").when().get(REQUESTS).then().statusCode(200).body("items.id", not(hasItem(request)));
        as(PUCHENG, "investigator")
                .when()
                .get(base)
                .then()
                .statusCode(200)
                .body("direction", equalTo("OUTGOING"))
                .body("caseId", nullValue())
                .body("decidedBy", nullValue());
        // bad filters and cursors
        for (Map<String, Object> q : List.of(
                Map.<String, Object>of("state", "LOST"),
                Map.<String, Object>of("direction", "UP"),
                Map.<String, Object>of("case-number", "12"),
                Map.<String, Object>of("cursor", "nonsense"),
                Map.<String, Object>of("limit", 0))) {
            home("commander")
                    .queryParams(q)
                    .when()
                    .get(REQUESTS)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    /** Our request to join a Pucheng case, filed by an investigator; its id. */
    static String ourRequest(String number) {
        hitAt(number);
        return home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", number, "reason", "嫌疑人在本辖区落脚"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * A check of ours hit Pucheng's case {@code number} (what CaseHitChecks keeps of a real check's
     * hit; the fast tier has no Pucheng process to answer one): our users may ask to join it.
     * Returns the check's id.
     */
    static UUID hitAt(String number) {
        UUID check = UUID.randomUUID();
        AgroalDataSource ds =
                io.quarkus.arc.Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO case_hit (check_id, owner, case_id, case_number,"
                        + " requested_by) VALUES (?, ?, ?, ?, 'jiangshan-investigator')")) {
            s.setObject(1, check);
            s.setString(2, number.substring(0, 6));
            s.setObject(3, RecordIds.create(number.substring(0, 6)));
            s.setString(4, number);
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return check;
    }

    /** Issue 23: a request to join follows a hit of ours on the case, checked at our side before sending. */
    @Test
    void weAskToJoinOnlyACaseOneOfOurChecksHit() {
        String number = PUCHENG + "-2026-000950";
        long held = count("SELECT count(*) FROM case_join_request");
        long outbox = count("SELECT count(*) FROM federation.outbox");
        // no check of ours hit it: 409, nothing stored or sent; nor does a hit on another number count
        hitAt(PUCHENG + "-2026-000951");
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", number, "reason", "嫌疑人在本辖区落脚"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("hit"));
        assertEquals(held, count("SELECT count(*) FROM case_join_request"));
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        // after a hit (by any of our users): filed, and the request names the check it follows
        UUID check = hitAt(number);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", number, "reason", "嫌疑人在本辖区落脚"))
                .when()
                .post(REQUESTS)
                .then()
                .statusCode(201)
                .body("hitReference", equalTo("比对 " + check));
    }

    static Response withdraw(RequestSpecification as, String requestId) {
        return decide(as, requestId, "withdrawal", Map.of("reason", "嫌疑人已到案"));
    }

    @Test
    void weWithdrawOurPendingRequestAndADecisionThatCrossedItStands() {
        String id = ourRequest(PUCHENG + "-2026-000777");
        long outbox = count("SELECT count(*) FROM federation.outbox");
        // refusals first: nothing changes, nothing is sent
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post(REQUESTS + "/" + id + "/withdrawal")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        withdraw(home("analyst"), id).then().statusCode(403).contentType("application/problem+json");
        withdraw(home("mediator"), id).then().statusCode(403).contentType("application/problem+json");
        withdraw(as(PUCHENG, "investigator"), id).then().statusCode(403).contentType("application/problem+json");
        withdraw(as(GUANGFENG, "commander"), id).then().statusCode(403).contentType("application/problem+json");
        withdraw(home("investigator"), UUID.randomUUID().toString())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        decide(home("investigator"), id, "withdrawal", Map.of("reason", "理".repeat(2001)))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        home("investigator").when().get(REQUESTS + "/" + id).then().body("state", equalTo("PENDING"));

        withdraw(home("investigator"), id)
                .then()
                .statusCode(200)
                .body("state", equalTo("WITHDRAWN"))
                .body("decisionReason", equalTo("嫌疑人已到案"))
                .body("decidedBy", org.hamcrest.Matchers.notNullValue());
        // a tombstone to the owner alone
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.join-request' AND record_id = ?"
                                + " AND destination = ? AND tombstone AND version = 2",
                        id,
                        PUCHENG));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.join.withdrawn' AND record_id = ?",
                        id));
        withdraw(home("commander"), id).then().statusCode(409).contentType("application/problem+json");
        // Pucheng had approved before our withdrawal reached it: its decision stands
        assertEquals(
                Outcome.APPLIED,
                outcome(
                        PUCHENG,
                        "cases.join-decision",
                        id + ":" + PUCHENG,
                        1,
                        JoinProto.JoinDecision.newBuilder()
                                .setRequestId(id)
                                .setCaseOrigin(PUCHENG)
                                .setRequester(SELF)
                                .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                                .setCaseId(RecordIds.create(PUCHENG).toString())
                                .setDecidedAt(now())
                                .build()));
        home("investigator").when().get(REQUESTS + "/" + id).then().body("state", equalTo("APPROVED"));
    }

    static Timestamp at(Instant i) {
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }

    @Test
    void aDecisionMadeAfterOurWithdrawalIsNotTakenAndOneThatCrossedItKeepsWhoWithdrewAndWhy() {
        String number = PUCHENG + "-2026-000779";
        String id = ourRequest(number);
        withdraw(home("investigator"), id)
                .then()
                .statusCode(200)
                .body("state", equalTo("WITHDRAWN"))
                .body("withdrawnAt", org.hamcrest.Matchers.notNullValue())
                .body("withdrawnBy", org.hamcrest.Matchers.notNullValue())
                .body("withdrawalReason", equalTo("嫌疑人已到案"));
        // Pucheng approves two minutes after our withdrawal (beyond the clocks' 30 s): not taken
        String caseId = RecordIds.create(PUCHENG).toString();
        Instant late = Instant.now().plusSeconds(120);
        JoinProto.JoinDecision approval = JoinProto.JoinDecision.newBuilder()
                .setRequestId(id)
                .setCaseOrigin(PUCHENG)
                .setRequester(SELF)
                .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                .setCaseId(caseId)
                .setDecidedAt(at(late))
                .build();
        assertEquals(Outcome.REJECTED, outcome(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, approval));
        home("investigator").when().get(REQUESTS + "/" + id).then().body("state", equalTo("WITHDRAWN"));
        // nor does its case, naming us accepted by that late approval, make us a participant
        String ours = "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = '" + SELF
                + "' AND state = 'ACCEPTED'";
        CaseProto.JointCase joined = PartnerCaseRulesTest.valid(caseId).toBuilder()
                .setNumber(number)
                .setParticipants(
                        0,
                        CaseProto.Participant.newBuilder()
                                .setJurisdiction(SELF)
                                .setState(CaseProto.ParticipantState.ACCEPTED)
                                .setInvitedAt(at(late))
                                .setAnsweredAt(at(late))
                                .setAnsweredBy("jiangshan-investigator"))
                .build();
        outcome(PUCHENG, "cases.case", caseId, 1, joined);
        assertEquals(0, count(ours, caseId));

        // an approval made before the withdrawal reached Pucheng (now, within the clocks' tolerance) crossed it
        Instant crossing = Instant.now();
        assertEquals(
                Outcome.APPLIED,
                outcome(
                        PUCHENG,
                        "cases.join-decision",
                        id + ":" + PUCHENG,
                        2,
                        approval.toBuilder().setDecidedAt(at(crossing)).build()));
        home("investigator")
                .when()
                .get(REQUESTS + "/" + id)
                .then()
                .body("state", equalTo("APPROVED"))
                .body("caseId", equalTo(caseId))
                .body("withdrawnBy", org.hamcrest.Matchers.notNullValue())
                .body("withdrawalReason", equalTo("嫌疑人已到案"))
                .body("decisionReason", nullValue());
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM case_join_request WHERE id = ?::uuid AND withdrawn_by IS NOT NULL"
                                + " AND withdrawal_reason = '嫌疑人已到案' AND withdrawn_at IS NOT NULL",
                        id));
        // and its case names us accepted: we take part
        CaseProto.JointCase inTime = joined.toBuilder()
                .setParticipants(
                        0,
                        joined.getParticipants(0).toBuilder()
                                .setInvitedAt(at(crossing))
                                .setAnsweredAt(at(crossing)))
                .build();
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.case", caseId, 2, inTime));
        assertEquals(1, count(ours, caseId));
    }

    /** Review 26 S1: the owner writes decided_at and answered_at; our receipt clock bounds them too. */
    @Test
    void aDecisionBackdatedBeforeOurWithdrawalArrivingAfterTheWindowIsRefused() throws Exception {
        String number = PUCHENG + "-2026-000781";
        String id = ourRequest(number);
        withdraw(home("investigator"), id).then().statusCode(200).body("state", equalTo("WITHDRAWN"));
        // our withdrawal was 25 hours ago (beyond 30 s + border.cases.join-requests.max-delivery-delay, 24 h)
        Instant withdrawnAt = Instant.now().minusSeconds(25 * 3600);
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("UPDATE case_join_request SET withdrawn_at = ? WHERE id = ?::uuid")) {
            s.setObject(1, java.sql.Timestamp.from(withdrawnAt));
            s.setString(2, id);
            assertEquals(1, s.executeUpdate());
        }
        // a hostile owner backdates its approval to a second before the withdrawal: not taken
        String caseId = RecordIds.create(PUCHENG).toString();
        Instant backdated = withdrawnAt.minusSeconds(1);
        JoinProto.JoinDecision approval = JoinProto.JoinDecision.newBuilder()
                .setRequestId(id)
                .setCaseOrigin(PUCHENG)
                .setRequester(SELF)
                .setOutcome(JoinProto.JoinOutcome.JOIN_APPROVED)
                .setCaseId(caseId)
                .setDecidedAt(at(backdated))
                .build();
        assertEquals(Outcome.REJECTED, outcome(PUCHENG, "cases.join-decision", id + ":" + PUCHENG, 1, approval));
        home("investigator")
                .when()
                .get(REQUESTS + "/" + id)
                .then()
                .body("state", equalTo("WITHDRAWN"))
                .body("caseId", nullValue());
        // nor does its case, naming us ACCEPTED with the same backdated answer, make us a participant
        CaseProto.JointCase joined = PartnerCaseRulesTest.valid(caseId).toBuilder()
                .setNumber(number)
                .setParticipants(
                        0,
                        CaseProto.Participant.newBuilder()
                                .setJurisdiction(SELF)
                                .setState(CaseProto.ParticipantState.ACCEPTED)
                                .setInvitedAt(at(backdated))
                                .setAnsweredAt(at(backdated))
                                .setAnsweredBy("jiangshan-investigator"))
                .build();
        outcome(PUCHENG, "cases.case", caseId, 1, joined);
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = '" + SELF
                                + "' AND state = 'ACCEPTED'",
                        caseId));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM case_join_request WHERE id = ?::uuid AND state = 'WITHDRAWN'"
                                + " AND case_id IS NULL",
                        id));
    }

    @Inject
    jakarta.enterprise.event.Event<org.borderpolice.federation.outbox.DeliveryRefused> refusals;

    /**
     * The owner's side of review 26 S1: our approval reached the requester after its own window and
     * was REJECTED there; the requester holds the case as merely invited, so our case must not go on
     * naming it ACCEPTED: our service removes it, says why on the timeline, and the request is WITHDRAWN.
     */
    @Test
    void anApprovalTheRequesterRefusedRemovesItFromOurCase() {
        String[] c = file("批准被拒收的加入申请", true);
        hit(c);
        String request = asked(c[1]);
        decide(home("commander"), request, "approval", Map.of()).then().statusCode(200);
        String accepted = "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = '" + PUCHENG
                + "' AND state = ?";
        assertEquals(1, count(accepted, c[0], "ACCEPTED"));
        long tombstones = count(
                "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.case' AND record_id = ?"
                        + " AND destination = ? AND tombstone",
                c[0],
                PUCHENG);
        // a refusal by another partner, or of another record type, changes nothing
        refusals.fire(new org.borderpolice.federation.outbox.DeliveryRefused(
                GUANGFENG, "cases.join-decision", request + ":" + SELF, 1, "not ours"));
        refusals.fire(new org.borderpolice.federation.outbox.DeliveryRefused(
                PUCHENG, "cases.case", request + ":" + SELF, 1, "other type"));
        assertEquals(1, count(accepted, c[0], "ACCEPTED"));

        refusals.fire(new org.borderpolice.federation.outbox.DeliveryRefused(
                PUCHENG, "cases.join-decision", request + ":" + SELF, 1, "request was withdrawn at ..."));
        assertEquals(0, count(accepted, c[0], "ACCEPTED"));
        assertEquals(1, count(accepted, c[0], "REMOVED"));
        home("commander")
                .when()
                .get(REQUESTS + "/" + request)
                .then()
                .statusCode(200)
                .body("state", equalTo("WITHDRAWN"));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid AND kind = 'REMOVED'"
                                + " AND participant = ?",
                        c[0],
                        PUCHENG));
        // Pucheng no longer holds the case: it gets a tombstone
        assertEquals(
                tombstones + 1,
                count(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.case' AND record_id = ?"
                                + " AND destination = ? AND tombstone",
                        c[0],
                        PUCHENG));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.join.approval-refused'"
                                + " AND record_id = ?",
                        request));
    }

    /** A partner that the agreement no longer gives cases reads none of its join requests here. */
    @Test
    void aPartnerWithoutCasesReadsNoJoinRequestHere() {
        String[] c = file("失去授权后的加入申请", true);
        hit(c);
        String request = asked(c[1]);
        Callers.as(PUCHENG, "commander").get(REQUESTS + "/" + request).then().statusCode(200);
        String shaowus =
                Callers.copyAs(db, "case_join_request", request, "requester", PartnerAssistanceRulesTest.SHAOWU);
        Callers.as(PartnerAssistanceRulesTest.SHAOWU, "commander")
                .get(REQUESTS + "/" + shaowus)
                .then()
                .statusCode(404);
        Callers.as(PartnerAssistanceRulesTest.SHAOWU, "commander")
                .get(REQUESTS)
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        home("commander").get(REQUESTS + "/" + shaowus).then().statusCode(200);
    }

    @Test
    void aPartnerWithdrawsItsPendingRequestHereOnlyItsOwn() {
        String[] c = file("撤回的加入申请", true);
        hit(c);
        String request = asked(c[1]);
        // another jurisdiction may not withdraw Pucheng's request
        assertEquals(Outcome.REJECTED, outcome(GUANGFENG, "cases.join-request", request, 2, null));
        home("commander").when().get(REQUESTS + "/" + request).then().body("state", equalTo("PENDING"));
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.join-request", request, 2, null));
        home("commander")
                .when()
                .get(REQUESTS + "/" + request)
                .then()
                .statusCode(200)
                .body("state", equalTo("WITHDRAWN"))
                .body("direction", equalTo("INCOMING"));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.join.withdrawn' AND record_id = ?",
                        request));
        // out of the commanders' queue: deciding it now is 409, and nothing goes to Pucheng
        long outbox = count("SELECT count(*) FROM federation.outbox");
        decide(home("commander"), request, "approval", Map.of()).then().statusCode(409);
        decide(home("commander"), request, "denial", Map.of("reason", "不同意"))
                .then()
                .statusCode(409);
        assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
        home("commander")
                .queryParam("direction", "INCOMING")
                .queryParam("state", "PENDING")
                .when()
                .get(REQUESTS)
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(request)));
        // the same case may be asked for again
        asked(c[1]);
    }

    @Test
    void pendingRequestsPerJurisdictionAreBoundedAtTheRequesterAndAtTheOwner() {
        // ours to Pucheng: filed until the quota (20 pending, other tests' included), then 429
        List<String> ours = new java.util.ArrayList<>();
        Response last = null;
        for (int i = 0; i <= 20; i++) {
            hitAt("%s-2025-%06d".formatted(PUCHENG, 800 + i));
            last = home("investigator")
                    .contentType(ContentType.JSON)
                    .body(Map.of("caseNumber", "%s-2025-%06d".formatted(PUCHENG, 800 + i), "reason", "配额"))
                    .when()
                    .post(REQUESTS);
            if (last.statusCode() != 201) {
                break;
            }
            ours.add(last.path("id"));
        }
        try {
            last.then().statusCode(429).contentType("application/problem+json");
            String pending = "SELECT count(*) FROM case_join_request WHERE requester = ? AND case_origin = ?"
                    + " AND state = 'PENDING'";
            assertEquals(20, count(pending, SELF, PUCHENG));
            // one withdrawn frees a place
            withdraw(home("investigator"), ours.remove(0)).then().statusCode(200);
            ours.add(ourRequest(PUCHENG + "-2025-000900"));
        } finally {
            for (String id : ours) {
                withdraw(home("investigator"), id).then().statusCode(200);
            }
        }

        // Pucheng's at us: its service could send any number; beyond 20 pending they are denied at receipt
        String[] c = file("配额之外的加入申请", true);
        hit(c);
        String[] free = file("配额之内的加入申请", true);
        hit(free);
        long already = count(
                "SELECT count(*) FROM case_join_request WHERE requester = ? AND case_origin = ? AND state = 'PENDING'",
                PUCHENG,
                SELF);
        List<String> filler = new java.util.ArrayList<>();
        try {
            for (long i = already; i < 20; i++) {
                String id = RecordIds.create(PUCHENG).toString();
                filler.add(id);
                count(
                        "WITH r AS (INSERT INTO case_join_request (id, requester, case_origin, case_number, reason,"
                                + " requested_by, requested_at, state) VALUES (?::uuid, ?, ?, ?, '配额', 'p', now(),"
                                + " 'PENDING') RETURNING 1) SELECT count(*) FROM r",
                        id,
                        PUCHENG,
                        SELF,
                        "%s-2025-%06d".formatted(SELF, 950_000 + filler.size()));
            }
            String refused = RecordIds.create(PUCHENG).toString();
            assertEquals(
                    Outcome.APPLIED,
                    outcome(PUCHENG, "cases.join-request", refused, 1, request(refused, PUCHENG, c[1])));
            home("commander")
                    .when()
                    .get(REQUESTS + "/" + refused)
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("DENIED"))
                    .body("decisionReason", equalTo(JoinRules.TOO_MANY_PENDING));
            assertEquals(JoinRules.TOO_MANY_PENDING, decisionForOutbox(refused).getReason());
            // Pucheng withdraws one: the next is taken
            assertEquals(Outcome.APPLIED, outcome(PUCHENG, "cases.join-request", filler.get(0), 2, null));
            home("commander").when().get(REQUESTS + "/" + asked(free[1])).then().body("state", equalTo("PENDING"));
        } finally {
            for (String id : filler) {
                count(
                        "WITH d AS (DELETE FROM case_join_request WHERE id = ?::uuid RETURNING 1) SELECT count(*) FROM d",
                        id);
            }
        }
    }

    /** Review 31 D-S3: one batch cannot carry a partner past its daily cap (its own requests count as they are admitted). */
    @Test
    void oneBatchOfRequestsStopsAtTheDailyCap() {
        String[] c = file("一批加入申请止于每日上限", true);
        hit(c);
        String received = "SELECT count(*) FROM case_join_request WHERE requester = ? AND case_origin = ?"
                + " AND requested_at >= now() - interval '1 day'";
        long already = count(received, PUCHENG, SELF);
        int cap = JoinRules.dailyCap(20);
        List<String> filler = new java.util.ArrayList<>();
        try {
            for (long i = already; i < cap - 2; i++) {
                filler.add(storedDenial(Instant.now()));
            }
            List<org.borderpolice.federation.proto.replication.v1.ReplicationEvent> batch = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = RecordIds.create(PUCHENG).toString();
                sent.add(id);
                batch.add(PartnerCaseRulesTest.event(PUCHENG, "cases.join-request", id, 1, request(id, PUCHENG, c[1])));
            }
            DeliveryAck ack = PartnerCaseRulesTest.deliver(
                    PUCHENG, batch.toArray(org.borderpolice.federation.proto.replication.v1.ReplicationEvent[]::new));
            filler.addAll(sent);
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), ack.toString());
            assertEquals(Outcome.APPLIED, ack.getResults(1).getOutcome(), ack.toString());
            for (int i = 2; i < 4; i++) {
                assertEquals(Outcome.REJECTED, ack.getResults(i).getOutcome(), ack.toString());
                assertTrue(ack.getResults(i).getReason().contains(JoinRules.TOO_MANY_TODAY), ack.toString());
            }
            assertEquals(cap, count(received, PUCHENG, SELF), "the cap, not one more");
        } finally {
            for (String id : filler) {
                count(
                        "WITH d AS (DELETE FROM case_join_request WHERE id = ?::uuid RETURNING 1) SELECT count(*) FROM d",
                        id);
            }
        }
    }

    @Test
    void beyondTheDailyCapAPartnersRequestIsRefusedAtTheInboxAndNotStored() {
        String[] c = file("每日上限之外的加入申请", true);
        hit(c);
        String received = "SELECT count(*) FROM case_join_request WHERE requester = ? AND case_origin = ?"
                + " AND requested_at >= now() - interval '1 day'";
        long already = count(received, PUCHENG, SELF);
        int cap = JoinRules.dailyCap(20);
        List<String> filler = new java.util.ArrayList<>();
        try {
            // Pucheng's requests of the last 24 hours, refused at receipt (denied): up to the cap; an older one
            for (long i = already; i < cap; i++) {
                filler.add(storedDenial(Instant.now()));
            }
            filler.add(storedDenial(Instant.now().minus(java.time.Duration.ofHours(25))));
            long held = count("SELECT count(*) FROM case_join_request");
            long outbox = count("SELECT count(*) FROM federation.outbox");
            String refused = RecordIds.create(PUCHENG).toString();
            DeliveryAck ack = deliver(PUCHENG, "cases.join-request", refused, 1, request(refused, PUCHENG, c[1]));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
            assertTrue(ack.getResults(0).getReason().contains(JoinRules.TOO_MANY_TODAY), ack.toString());
            assertEquals(held, count("SELECT count(*) FROM case_join_request"));
            assertEquals(outbox, count("SELECT count(*) FROM federation.outbox"));
            // one fewer in the last 24 hours: the next is taken (and waits for a commander)
            count(
                    "WITH d AS (DELETE FROM case_join_request WHERE id = ?::uuid RETURNING 1) SELECT count(*) FROM d",
                    filler.remove(0));
            String taken = RecordIds.create(PUCHENG).toString();
            assertEquals(
                    Outcome.APPLIED, outcome(PUCHENG, "cases.join-request", taken, 1, request(taken, PUCHENG, c[1])));
            filler.add(taken);
            home("commander").when().get(REQUESTS + "/" + taken).then().body("state", equalTo("PENDING"));
        } finally {
            for (String id : filler) {
                count(
                        "WITH d AS (DELETE FROM case_join_request WHERE id = ?::uuid RETURNING 1) SELECT count(*) FROM d",
                        id);
            }
        }
    }

    /** A request of Pucheng's stored here as refused at receipt, received then; its id. */
    private String storedDenial(Instant receivedAt) {
        String id = RecordIds.create(PUCHENG).toString();
        count(
                "WITH r AS (INSERT INTO case_join_request (id, requester, case_origin, case_number, reason,"
                        + " requested_by, requested_at, state, decided_at, decision_reason, refusal)"
                        + " VALUES (?::uuid, ?, ?, ?, '上限', 'p', ?, 'DENIED', ?, ?, 'LIMIT') RETURNING 1)"
                        + " SELECT count(*) FROM r",
                id,
                PUCHENG,
                SELF,
                "%s-2025-%06d".formatted(SELF, 960_000 + SUSPECTS.incrementAndGet()),
                java.sql.Timestamp.from(receivedAt),
                java.sql.Timestamp.from(receivedAt),
                JoinRules.TOO_MANY_PENDING);
        return id;
    }

    JoinProto.JoinDecision decisionForOutbox(String requestId) {
        try {
            return decisionFor(requestId, PUCHENG);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
