package org.borderpolice.cases;

import static io.restassured.RestAssured.given;
import static org.borderpolice.cases.AssistanceJurisdictions.PATIENCE;
import static org.borderpolice.cases.AssistanceJurisdictions.VALID_ID;
import static org.borderpolice.cases.AssistanceJurisdictions.request;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.common.v1.SubjectKind;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Assistance requests (协查) between three jurisdictions as real processes: Jiangshan asks Pucheng
 * on a case both take part in, Pucheng sees it at once, names an officer and answers, Jiangshan
 * sees the answer; Guangfeng, not addressed or not a participant, sees nothing; overdue requests
 * reach both sides' escalation lists; every endpoint refuses strangers; bad input stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedAssistanceJurisdictions.class)
class AssistanceRequestsIT {

    static final String BASE = "/api/v1/assistance-requests";

    AssistanceJurisdictions j;
    /** Pucheng and Guangfeng accepted. */
    String bothAccepted;
    /** Pucheng accepted, Guangfeng declined. */
    String guangfengDeclined;

    @BeforeAll
    void start(AssistanceJurisdictions shared) {
        j = shared;
        bothAccepted = j.openCase(List.of(PUCHENG, GUANGFENG), List.of(), List.of());
        guangfengDeclined = j.openCase(List.of(PUCHENG), List.of(GUANGFENG), List.of());
    }

    @Test
    void jiangshanAsksPuchengWhichNamesAnOfficerAndAnswersWhileGuangfengSeesNothing() {
        long guangfengRows = j.rows(GUANGFENG);
        Response sent = j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "assist-flow-1")
                .body(request(bothAccepted, PUCHENG, "ROUTINE"))
                .when()
                .post(BASE);
        sent.then()
                .statusCode(201)
                .body("state", equalTo("SENT"))
                .body("direction", equalTo("OUTGOING"))
                .body("requester", equalTo(JIANGSHAN))
                .body("addressee", equalTo(PUCHENG))
                .body("caseOrigin", equalTo(JIANGSHAN))
                .body("overdue", equalTo(false))
                .body("reminder", equalTo(false))
                .body("secondsLeft", greaterThan(7 * 24 * 3600 - 120))
                .body("secondsLeft", lessThanOrEqualTo(7 * 24 * 3600))
                .body("subjects[0].value", equalTo(VALID_ID));
        String id = sent.path("id");
        String dueAt = sent.path("dueAt");
        assertEquals(
                Duration.ofDays(7),
                Duration.between(Instant.parse(sent.path("sentAt")), Instant.parse(dueAt)),
                "ROUTINE: 7 days");
        // a repeat with the same key sends nothing more
        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "assist-flow-1")
                .body(request(bothAccepted, PUCHENG, "ROUTINE"))
                .when()
                .post(BASE)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        assertEquals(1, j.rows(JIANGSHAN, id));

        // Pucheng sees it at once, with Jiangshan's deadline as Jiangshan set it, and its own
        // deadline the same span from when it received the request (its clock, not Jiangshan's)
        j.awaitState(PUCHENG, id, "SENT");
        Map<String, Object> incoming = j.home(PUCHENG, "analyst")
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("direction", equalTo("INCOMING"))
                .body("requesterDueAt", equalTo(dueAt))
                .body("requesterSentAt", equalTo(sent.path("sentAt")))
                .extract()
                .path("$");
        assertEquals(
                Duration.between(Instant.parse(sent.path("sentAt")), Instant.parse(dueAt)),
                Duration.between(
                        Instant.parse((String) incoming.get("sentAt")), Instant.parse((String) incoming.get("dueAt"))));
        assertTrue(!Instant.parse((String) incoming.get("dueAt")).isBefore(Instant.parse(dueAt)));
        j.home(PUCHENG, "analyst")
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("details", equalTo("请核查该人员近期在浦城的落脚点及同行人员。"))
                .body("subjects[0].label", equalTo("张某"));
        j.home(PUCHENG, "investigator")
                .queryParam("direction", "INCOMING")
                .queryParam("case", bothAccepted)
                .get(BASE)
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        j.home(PUCHENG, "investigator")
                .queryParam("direction", "OUTGOING")
                .get(BASE)
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));

        // Pucheng names an officer, Jiangshan sees him
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("officerName", "王建国", "officerId", "350722012"))
                .when()
                .post(BASE + "/" + id + "/acceptance")
                .then()
                .statusCode(200)
                .body("state", equalTo("ACCEPTED"))
                .body("officerName", equalTo("王建国"));
        j.awaitState(JIANGSHAN, id, "ACCEPTED");
        j.home(JIANGSHAN, "commander")
                .get(BASE + "/" + id)
                .then()
                .body("officerName", equalTo("王建国"))
                .body("officerId", equalTo("350722012"))
                .body("acceptedAt", notNullValue())
                .body("answeredAt", nullValue());

        // and answers; Jiangshan sees the findings
        String findings = "经核查，张某于3月5日入住浦城县城关镇某宾馆，同行一人。";
        j.home(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("findings", findings))
                .when()
                .post(BASE + "/" + id + "/answer")
                .then()
                .statusCode(200)
                .body("state", equalTo("ANSWERED"))
                .body("secondsLeft", nullValue());
        j.awaitState(JIANGSHAN, id, "ANSWERED");
        j.home(JIANGSHAN, "investigator")
                .get(BASE + "/" + id)
                .then()
                .body("findings", equalTo(findings))
                .body("overdue", equalTo(false))
                .body("answeredAt", notNullValue());
        // what statistics measure is stored at both sides
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            assertEquals(
                    1,
                    j.db(code)
                            .count(
                                    "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND state = 'ANSWERED'"
                                            + " AND sent_at <= accepted_at AND accepted_at <= answered_at",
                                    id),
                    code);
        }

        // Guangfeng takes part in the case but was not addressed: nothing there, nothing for its users
        assertEquals(guangfengRows, j.rows(GUANGFENG));
        j.home(GUANGFENG, "investigator").get(BASE + "/" + id).then().statusCode(404);
        j.as(GUANGFENG, JIANGSHAN, "investigator")
                .get(BASE + "/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        j.as(GUANGFENG, PUCHENG, "investigator").get(BASE + "/" + id).then().statusCode(404);
        j.as(GUANGFENG, JIANGSHAN, "commander").get(BASE).then().statusCode(200).body("items.id", not(hasItem(id)));
        // Pucheng's users read it at Jiangshan too (they are its addressee)
        j.as(PUCHENG, JIANGSHAN, "analyst").get(BASE + "/" + id).then().statusCode(200);
        // every read is audited, also the refused one
        assertTrue(j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'assistance.read'"
                                        + " AND record_id = ? AND jurisdiction = ?",
                                id,
                                GUANGFENG)
                > 0);
    }

    @Test
    void anOverdueRequestIsOnTheEscalationListsOfBothSidesUntilItIsClosed() {
        // IMMEDIATE is 3 s at Jiangshan
        String id = j.send(request(bothAccepted, PUCHENG, "IMMEDIATE"));
        String routine = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        j.awaitState(PUCHENG, id, "SENT");
        // Pucheng's lists below name the routine one too: it is there before they are read
        j.awaitState(PUCHENG, routine, "SENT");
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            Await.until(
                    PATIENCE,
                    () -> escalated(code).contains(id),
                    () -> "request " + id + " on the escalation list at " + code);
            assertTrue(!escalated(code).contains(routine), "a request within its deadline is not escalated");
            j.home(code, "investigator")
                    .get(BASE + "/" + id)
                    .then()
                    .body("overdue", equalTo(true))
                    .body("reminder", equalTo(false))
                    .body("secondsLeft", lessThanOrEqualTo(0));
            j.home(code, "investigator")
                    .queryParam("overdue", true)
                    .get(BASE)
                    .then()
                    .body("items.id", hasItem(id))
                    .body("items.id", not(hasItem(routine)));
            j.home(code, "investigator")
                    .queryParam("overdue", false)
                    .get(BASE)
                    .then()
                    .body("items.id", not(hasItem(id)))
                    .body("items.id", hasItem(routine));
        }
        // accepted late: still overdue; declined: closed, off both lists
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("officerName", "李明"))
                .post(BASE + "/" + id + "/acceptance")
                .then()
                .statusCode(200)
                .body("overdue", equalTo(true));
        assertTrue(escalated(PUCHENG).contains(id));
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "警力不足，无法按期完成"))
                .post(BASE + "/" + id + "/decline")
                .then()
                .statusCode(200)
                .body("state", equalTo("DECLINED"))
                .body("overdue", equalTo(false));
        assertTrue(!escalated(PUCHENG).contains(id));
        j.awaitState(JIANGSHAN, id, "DECLINED");
        assertTrue(!escalated(JIANGSHAN).contains(id));
        j.home(JIANGSHAN, "investigator")
                .get(BASE + "/" + id)
                .then()
                .body("declineReason", equalTo("警力不足，无法按期完成"))
                .body("declinedAt", notNullValue());
    }

    @Test
    void remindersFollowTheSidesSettings() {
        // Jiangshan reminds 3 days before: an URGENT request (8 h) from its sending, a ROUTINE one (7 days) not yet
        String urgent = j.send(request(bothAccepted, PUCHENG, "URGENT"));
        String routine = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        j.home(JIANGSHAN, "investigator")
                .get(BASE + "/" + urgent)
                .then()
                .body("reminder", equalTo(true))
                .body("overdue", equalTo(false))
                .body(
                        "remindFrom",
                        equalTo(j.home(JIANGSHAN, "investigator")
                                .get(BASE + "/" + urgent)
                                .path("sentAt")));
        j.home(JIANGSHAN, "investigator").get(BASE + "/" + routine).then().body("reminder", equalTo(false));
        // Pucheng, by default, in the last quarter of the span: not yet for either
        j.awaitState(PUCHENG, urgent, "SENT");
        j.home(PUCHENG, "investigator").get(BASE + "/" + urgent).then().body("reminder", equalTo(false));
    }

    @Test
    void aWithdrawalReachesTheAddresseeWhichThenAnswersNothing() {
        String id = j.send(request(bothAccepted, PUCHENG, "URGENT"));
        j.awaitState(PUCHENG, id, "SENT");
        j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "嫌疑人已到案"))
                .post(BASE + "/" + id + "/withdrawal")
                .then()
                .statusCode(200)
                .body("state", equalTo("WITHDRAWN"))
                .body("withdrawalReason", equalTo("嫌疑人已到案"));
        j.awaitState(PUCHENG, id, "WITHDRAWN");
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("officerName", "王建国"))
                .post(BASE + "/" + id + "/acceptance")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND response_version = 0"
                                        + " AND officer_name IS NULL",
                                id));
        // withdrawn once
        j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post(BASE + "/" + id + "/withdrawal")
                .then()
                .statusCode(409);
    }

    @Test
    void onlyParticipantsThatAcceptedTheCaseAskAndAreAsked() {
        long jiangshan = j.rows(JIANGSHAN);
        // Guangfeng declined this case: it is not asked, and cannot ask there
        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(request(guangfengDeclined, GUANGFENG, "URGENT"))
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        long guangfeng = j.rows(GUANGFENG);
        j.home(GUANGFENG, "investigator")
                .contentType(ContentType.JSON)
                .body(request(guangfengDeclined, JIANGSHAN, "URGENT"))
                .post(BASE)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        // invited only: not asked either
        String invitedOnly = invitedOnlyCase();
        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(request(invitedOnly, PUCHENG, "URGENT"))
                .post(BASE)
                .then()
                .statusCode(400);
        // nor does it ask, until it accepts (counted on this case: other tests' requests to Pucheng,
        // of this class and of CaseFilesIT on the same federation, may still be on their way)
        String ofInvitedOnly = "SELECT count(*) FROM assistance_request WHERE case_id = ?::uuid";
        long pucheng = j.db(PUCHENG).count(ofInvitedOnly, invitedOnly);
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(request(invitedOnly, JIANGSHAN, "URGENT"))
                .post(BASE)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(pucheng, j.db(PUCHENG).count(ofInvitedOnly, invitedOnly));
        // and a participant asks the owner, and another participant
        String puchengAsks = j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(request(bothAccepted, GUANGFENG, "ROUTINE"))
                .post(BASE)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitState(GUANGFENG, puchengAsks, "SENT");
        assertEquals(0, j.rows(JIANGSHAN, puchengAsks), "the case's owner is not one of the two");
        assertEquals(jiangshan, j.rows(JIANGSHAN));
        assertEquals(guangfeng + 1, j.rows(GUANGFENG));
    }

    @Test
    void aClosedCaseTakesNoRequests() {
        String closed = j.openCase(List.of(PUCHENG), List.of(), List.of());
        for (Map<String, Object> step : List.<Map<String, Object>>of(
                Map.of("to", "INVESTIGATING"), Map.of("to", "CLOSED", "reason", "证据不足，终止侦查"))) {
            j.home(JIANGSHAN, "commander")
                    .contentType(ContentType.JSON)
                    .body(step)
                    .post("/api/v1/cases/" + closed + "/transitions")
                    .then()
                    .statusCode(200);
        }
        long jiangshan = j.rows(JIANGSHAN);
        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(request(closed, PUCHENG, "URGENT"))
                .post(BASE)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(jiangshan, j.rows(JIANGSHAN));
    }

    @Test
    void aPartnerAnswersOnlyTheRequestsAddressedToIt() {
        String id = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        j.awaitState(PUCHENG, id, "SENT");
        // Guangfeng forges Pucheng's answer, under its own name and under Pucheng's
        var forged = AssistanceProto.AssistanceResponse.newBuilder()
                .setRequestId(id)
                .setRequester(JIANGSHAN)
                .setAddressee(GUANGFENG)
                .setState(AssistanceProto.ResponderState.RESPONSE_ANSWERED)
                .setOfficerName("冒名")
                .setAcceptedBy("x")
                .setAcceptedAt(AssistanceJurisdictions.at(Instant.now()))
                .setAnsweredBy("x")
                .setAnsweredAt(AssistanceJurisdictions.at(Instant.now()))
                .setFindings("伪造的结果")
                .build();
        var asItself = AssistanceJurisdictions.upsert(
                GUANGFENG, "cases.assistance-response", id + ":" + GUANGFENG, 1, List.of(JIANGSHAN, GUANGFENG), forged);
        var asPucheng = AssistanceJurisdictions.upsert(
                GUANGFENG,
                "cases.assistance-response",
                id + ":" + PUCHENG,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                forged.toBuilder().setAddressee(PUCHENG).build());
        var ack = j.deliver(GUANGFENG, JIANGSHAN, asItself, asPucheng);
        assertEquals(
                Outcome.REJECTED,
                ack.getResults(0).getOutcome(),
                ack.getResults(0).getReason());
        assertEquals(
                Outcome.REJECTED,
                ack.getResults(1).getOutcome(),
                ack.getResults(1).getReason());
        assertEquals("SENT", j.stateAt(JIANGSHAN, id));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count("SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND findings IS NULL", id));

        // Guangfeng, not a participant of this case, sends Pucheng a request on it
        String forgedId = RecordIds.create(GUANGFENG).toString();
        var request = AssistanceProto.AssistanceRequest.newBuilder()
                .setId(forgedId)
                .setCaseId(guangfengDeclined)
                .setCaseOrigin(JIANGSHAN)
                .setRequester(GUANGFENG)
                .setAddressee(PUCHENG)
                .setKind(AssistanceProto.AssistanceKind.KIND_IDENTITY_CHECK)
                .setPriority(AssistanceProto.AssistancePriority.PRIORITY_URGENT)
                .setDetails("核查身份")
                .addSubjects(CaseProto.CaseSubject.newBuilder()
                        .setSubject(
                                Subject.newBuilder().setKind(SubjectKind.PERSON).setValue(VALID_ID))
                        .setRole(CaseProto.SubjectRole.SUSPECT))
                .setRequestedBy("x")
                .setSentAt(AssistanceJurisdictions.at(Instant.now()))
                .setDueAt(AssistanceJurisdictions.at(Instant.now().plusSeconds(3600)))
                .setState(AssistanceProto.RequesterState.REQUEST_SENT)
                .build();
        var notParticipant = j.deliver(
                GUANGFENG,
                PUCHENG,
                AssistanceJurisdictions.upsert(
                        GUANGFENG, "cases.assistance-request", forgedId, 1, List.of(PUCHENG, GUANGFENG), request));
        assertEquals(Outcome.REJECTED, notParticipant.getResults(0).getOutcome());
        assertEquals(0, j.rows(PUCHENG, forgedId));
        // nor may it rewrite Jiangshan's request at Pucheng
        var rewrite = AssistanceJurisdictions.upsert(
                GUANGFENG,
                "cases.assistance-request",
                id,
                2,
                List.of(PUCHENG, GUANGFENG),
                request.toBuilder().setId(id).setCaseId(bothAccepted).build());
        assertEquals(
                Outcome.REJECTED,
                j.deliver(GUANGFENG, PUCHENG, rewrite).getResults(0).getOutcome());
        j.home(PUCHENG, "investigator").get(BASE + "/" + id).then().body("requester", equalTo(JIANGSHAN));

        // Pucheng answers; later it sends other findings, backdated: Jiangshan keeps the first
        // answer and the time it received it
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("officerName", "王建国", "officerId", "350722012"))
                .post(BASE + "/" + id + "/acceptance")
                .then()
                .statusCode(200);
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("findings", "经核查，张某于3月5日入住城关某宾馆。"))
                .post(BASE + "/" + id + "/answer")
                .then()
                .statusCode(200);
        j.awaitState(JIANGSHAN, id, "ANSWERED");
        String answeredAt = j.home(JIANGSHAN, "analyst")
                .get(BASE + "/" + id)
                .then()
                .extract()
                .path("answeredAt");
        String sentAt = j.home(JIANGSHAN, "analyst")
                .get(BASE + "/" + id)
                .then()
                .extract()
                .path("sentAt");
        var rewritten = AssistanceProto.AssistanceResponse.newBuilder()
                .setRequestId(id)
                .setRequester(JIANGSHAN)
                .setAddressee(PUCHENG)
                .setState(AssistanceProto.ResponderState.RESPONSE_ANSWERED)
                .setOfficerName("王建国")
                .setOfficerId("350722012")
                .setAcceptedBy("pc-officer")
                .setAcceptedAt(AssistanceJurisdictions.at(Instant.parse(sentAt)))
                .setAnsweredBy("pc-officer")
                .setAnsweredAt(AssistanceJurisdictions.at(Instant.parse(sentAt)))
                .setFindings("经核查，查无此人。")
                .build();
        var rewrite2 = j.deliver(
                PUCHENG,
                JIANGSHAN,
                AssistanceJurisdictions.upsert(
                        PUCHENG,
                        "cases.assistance-response",
                        id + ":" + PUCHENG,
                        100,
                        List.of(JIANGSHAN, PUCHENG),
                        rewritten));
        assertEquals(
                Outcome.REJECTED,
                rewrite2.getResults(0).getOutcome(),
                rewrite2.getResults(0).getReason());
        j.home(JIANGSHAN, "analyst")
                .get(BASE + "/" + id)
                .then()
                .body("findings", equalTo("经核查，张某于3月5日入住城关某宾馆。"))
                .body("answeredAt", equalTo(answeredAt));
    }

    // --- refusals: every endpoint

    @Test
    void everyEndpointRefusesStrangers() {
        String id = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        j.awaitState(PUCHENG, id, "SENT");
        long jiangshan = j.rows(JIANGSHAN);
        Map<String, Object> newRequest = request(bothAccepted, PUCHENG, "ROUTINE");

        // send: at Jiangshan
        unauthenticated(JIANGSHAN, "POST", BASE, newRequest);
        call(j.as(PUCHENG, JIANGSHAN, "investigator"), "POST", BASE, newRequest)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        call(j.home(JIANGSHAN, "mediator"), "POST", BASE, newRequest).then().statusCode(403);
        call(j.home(JIANGSHAN, "analyst"), "POST", BASE, newRequest).then().statusCode(403);
        assertEquals(jiangshan, j.rows(JIANGSHAN));

        // reads: at Jiangshan
        unauthenticated(JIANGSHAN, "GET", BASE, null);
        unauthenticated(JIANGSHAN, "GET", BASE + "/" + id, null);
        unauthenticated(JIANGSHAN, "GET", BASE + "/escalations", null);
        call(j.home(JIANGSHAN, "mediator"), "GET", BASE, null).then().statusCode(403);
        call(j.home(JIANGSHAN, "mediator"), "GET", BASE + "/" + id, null).then().statusCode(403);
        call(j.home(JIANGSHAN, "mediator"), "GET", BASE + "/escalations", null)
                .then()
                .statusCode(403);
        call(j.home(JIANGSHAN, "investigator"), "GET", BASE + "/escalations", null)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        // another jurisdiction's users see only what is between it and us: here, nothing
        call(j.as(GUANGFENG, JIANGSHAN, "commander"), "GET", BASE + "/" + id, null)
                .then()
                .statusCode(404);
        call(j.as(GUANGFENG, JIANGSHAN, "commander"), "GET", BASE, null)
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        call(j.as(GUANGFENG, JIANGSHAN, "commander"), "GET", BASE + "/escalations", null)
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));

        // the addressee's actions: at Pucheng
        Map<String, Map<String, Object>> answers = Map.of(
                "/acceptance", Map.of("officerName", "王建国"),
                "/decline", Map.of("reason", "不在本辖区"),
                "/answer", Map.of("findings", "结果"));
        answers.forEach((action, body) -> {
            String path = BASE + "/" + id + action;
            unauthenticated(PUCHENG, "POST", path, body);
            // a user of another jurisdiction, at Pucheng
            call(j.as(JIANGSHAN, PUCHENG, "investigator"), "POST", path, body)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            call(j.home(PUCHENG, "mediator"), "POST", path, body).then().statusCode(403);
            call(j.home(PUCHENG, "analyst"), "POST", path, body).then().statusCode(403);
            // the requester answers nothing of its own request
            call(j.home(JIANGSHAN, "investigator"), "POST", path, body)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            // not addressed (not even holding it)
            call(j.home(GUANGFENG, "investigator"), "POST", path, body)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        });
        // withdrawal: the requester's, at Jiangshan
        String withdrawal = BASE + "/" + id + "/withdrawal";
        unauthenticated(JIANGSHAN, "POST", withdrawal, Map.of());
        call(j.as(PUCHENG, JIANGSHAN, "investigator"), "POST", withdrawal, Map.of())
                .then()
                .statusCode(403);
        call(j.home(JIANGSHAN, "mediator"), "POST", withdrawal, Map.of()).then().statusCode(403);
        call(j.home(PUCHENG, "investigator"), "POST", withdrawal, Map.of())
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        call(j.home(GUANGFENG, "investigator"), "POST", withdrawal, Map.of())
                .then()
                .statusCode(404);

        // nothing changed at either side
        assertEquals("SENT", j.stateAt(JIANGSHAN, id));
        assertEquals("SENT", j.stateAt(PUCHENG, id));
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND response_version = 0"
                                        + " AND request_version = 1",
                                id));
        assertEquals(jiangshan, j.rows(JIANGSHAN));
    }

    /** 401 problem+json without a token and with one of an issuer the trust list does not name. */
    void unauthenticated(String at, String method, String path, Map<String, ?> body) {
        Supplier<RequestSpecification> none = () -> given().baseUri(j.url(at));
        String untrusted = new TestIssuer("330822")
                .token(at)
                .roles("investigator", "commander")
                .sign();
        for (RequestSpecification r : List.of(none.get(), none.get().auth().oauth2(untrusted))) {
            call(r, method, path, body).then().statusCode(401).contentType("application/problem+json");
        }
    }

    static Response call(RequestSpecification r, String method, String path, Map<String, ?> body) {
        if (body != null) {
            r = r.contentType(ContentType.JSON).body(body);
        }
        return r.when().request(method, path);
    }

    // --- bad input: a 4xx problem that stores nothing

    @Test
    void badInputIsAProblemAndStoresNothing() {
        long jiangshan = j.rows(JIANGSHAN);
        List<Map<String, Object>> bad = List.of(
                without("kind"),
                without("priority"),
                without("details"),
                without("caseId"),
                with("addressee", "35072"),
                with("addressee", JIANGSHAN),
                with("kind", "PRAY"),
                with("caseId", "not-a-uuid"),
                with("caseId", java.util.UUID.randomUUID().toString()),
                with("details", "x".repeat(AssistanceFields.DETAILS + 1)),
                with("subjects", List.of(Map.of("kind", "PERSON", "value", "330881199001011239"))),
                with("subjects", List.of(Map.of("kind", "VEHICLE", "value", "ABC"))),
                with("dueAt", Instant.now().minusSeconds(60).toString()),
                with("dueAt", Instant.now().plus(Duration.ofDays(91)).toString()),
                with(
                        "subjects",
                        java.util.Collections.nCopies(
                                CaseFields.SUBJECTS + 1, Map.of("kind", "PERSON", "value", VALID_ID))));
        for (Map<String, Object> body : bad) {
            int status = j.home(JIANGSHAN, "investigator")
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post(BASE)
                    .then()
                    .contentType("application/problem+json")
                    .extract()
                    .statusCode();
            assertTrue(status == 400 || status == 404, body + ": " + status);
        }
        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body("{not json")
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        // reads
        for (Map<String, Object> query : List.<Map<String, Object>>of(
                Map.of("cursor", "bm90LWEtY3Vyc29y"),
                Map.of("cursor", "%%%"),
                Map.of("limit", 0),
                Map.of("limit", 201),
                Map.of("state", "LOST"),
                Map.of("direction", "SIDEWAYS"),
                Map.of("case", "not-a-uuid"),
                Map.of("due-before", "yesterday"))) {
            j.home(JIANGSHAN, "investigator")
                    .queryParams(query)
                    .get(BASE)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        j.home(JIANGSHAN, "commander")
                .queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get(BASE + "/escalations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        int notAnId = j.home(JIANGSHAN, "investigator")
                .get(BASE + "/not-a-uuid")
                .then()
                .contentType("application/problem+json")
                .extract()
                .statusCode();
        assertTrue(notAnId == 400 || notAnId == 404, "a bad id: " + notAnId);

        // transitions the machine does not allow, and bad bodies of the addressee's actions
        String id = j.send(request(bothAccepted, PUCHENG, "ROUTINE"));
        j.awaitState(PUCHENG, id, "SENT");
        jiangshan = j.rows(JIANGSHAN);
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("findings", "未受理先反馈"))
                .post(BASE + "/" + id + "/answer")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        for (var action : List.of(
                Map.entry("/acceptance", Map.<String, Object>of()),
                Map.entry("/acceptance", Map.<String, Object>of("officerName", " ")),
                Map.entry("/acceptance", Map.<String, Object>of("officerName", "王".repeat(51))),
                Map.entry("/acceptance", Map.<String, Object>of("officerName", "王建国\n李明")),
                Map.entry("/decline", Map.<String, Object>of()),
                Map.entry("/decline", Map.<String, Object>of("reason", "")),
                Map.entry("/answer", Map.<String, Object>of("findings", "")))) {
            j.home(PUCHENG, "investigator")
                    .contentType(ContentType.JSON)
                    .body(action.getValue())
                    .post(BASE + "/" + id + action.getKey())
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND response_version = 0"
                                        + " AND responder_state = 'PENDING'",
                                id));
        assertEquals(jiangshan, j.rows(JIANGSHAN));
    }

    Map<String, Object> without(String field) {
        Map<String, Object> body = new java.util.HashMap<>(request(bothAccepted, PUCHENG, "URGENT"));
        body.remove(field);
        return body;
    }

    Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = new java.util.HashMap<>(request(bothAccepted, PUCHENG, "URGENT"));
        body.put(field, value);
        return body;
    }

    List<String> escalated(String code) {
        return j.home(code, "commander")
                .queryParam("limit", 200)
                .get(BASE + "/escalations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    /** A case where Pucheng is invited and has not answered. */
    String invitedOnlyCase() {
        return j.openCase(List.of(), List.of(), List.of(PUCHENG));
    }
}
