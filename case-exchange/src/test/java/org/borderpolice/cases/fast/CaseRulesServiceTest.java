package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.caseBody;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The rules of joint cases at the owner, in one JVM on the embedded PostgreSQL (replication to
 * partners is the ITs'): numbers, the status machine over REST, who may do what, bad input.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseRulesServiceTest {

    @Inject
    AgroalDataSource db;

    @Inject
    CaseRepository repository;

    long cases() {
        return Callers.count(db, "SELECT count(*) FROM joint_case");
    }

    long outbox() {
        return Callers.count(db, "SELECT count(*) FROM federation.outbox");
    }

    Response file(Map<String, Object> body, boolean open, String... roles) {
        return home(roles.length == 0 ? new String[] {"investigator"} : roles)
                .contentType(ContentType.JSON)
                .queryParam("open", open)
                .body(body)
                .when()
                .post("/api/v1/cases");
    }

    String fileId(Map<String, Object> body, boolean open) {
        return file(body, open).then().statusCode(201).extract().path("id");
    }

    Response transition(String id, String to, String reason, String... roles) {
        Map<String, Object> body = new HashMap<>();
        body.put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        return home(roles).contentType(ContentType.JSON).body(body).when().post("/api/v1/cases/" + id + "/transitions");
    }

    @Test
    void numbersAreGaplessPerYearAndARefusedFilingTakesNone() {
        int year = Year.now(ZoneId.of("Asia/Shanghai")).getValue();
        List<RecordNumber> numbers = new ArrayList<>();
        numbers.add(RecordNumber.parse(
                file(caseBody("编号一"), false).then().statusCode(201).extract().path("number")));
        // refused after validation (not a partner) and at validation: neither takes a number
        file(caseBody("编号失败", "330822"), false).then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> bad = caseBody("编号失败");
        bad.put("lossAmount", -1);
        file(bad, false).then().statusCode(400);
        numbers.add(RecordNumber.parse(
                file(caseBody("编号二"), true).then().statusCode(201).extract().path("number")));
        assertEquals(JIANGSHAN, numbers.get(0).origin());
        assertEquals(year, numbers.get(0).year());
        assertEquals(numbers.get(0).sequence() + 1, numbers.get(1).sequence(), "no gap: " + numbers);
        assertEquals(
                numbers.get(1).sequence(),
                Callers.count(
                        db,
                        "SELECT last_number FROM case_number_counter WHERE origin = ? AND year = ?",
                        JIANGSHAN,
                        (short) year));
    }

    @Test
    void theFirstCaseOfANewYearIsNumberOneAndRolledBackNumbersAreGivenBack() {
        int year = Year.now(ZoneId.of("Asia/Shanghai")).getValue();
        int thisYear = RecordNumber.parse(file(caseBody("年内编号"), false)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("number"))
                .sequence();
        // filings in the next year (as on 1 January): its numbers start at 000001, this year's go on
        QuarkusTransaction.begin();
        try {
            assertEquals(
                    JIANGSHAN + "-" + (year + 1) + "-000001",
                    new RecordNumber(
                                    JIANGSHAN,
                                    year + 1,
                                    repository.nextNumber(JIANGSHAN, year + 1).getAsInt())
                            .toString());
            assertEquals(2, repository.nextNumber(JIANGSHAN, year + 1).getAsInt());
            assertEquals(thisYear + 1, repository.nextNumber(JIANGSHAN, year).getAsInt());
        } finally {
            QuarkusTransaction.rollback();
        }
        // rolled back: every number is given back
        assertEquals(
                0, Callers.count(db, "SELECT count(*) FROM case_number_counter WHERE year = ?", (short) (year + 1)));
        assertEquals(
                thisYear + 1,
                RecordNumber.parse(file(caseBody("年内编号二"), false)
                                .then()
                                .statusCode(201)
                                .extract()
                                .path("number"))
                        .sequence());
    }

    @Test
    void aCaseOpenedByAnEscalatedDisputeNamesItForGood() {
        String dispute = RecordIds.create(JIANGSHAN).toString();
        Map<String, Object> body = caseBody("民转刑风险纠纷");
        body.put("linkedDispute", dispute);
        String id = file(body, true)
                .then()
                .statusCode(201)
                .body("linkedDispute", equalTo(dispute))
                .extract()
                .path("id");
        assertEquals(1, Callers.count(db, "SELECT count(*) FROM joint_case WHERE linked_dispute = ?::uuid", dispute));
        // an edit leaves the link as it is, also one that names another dispute
        Map<String, Object> edited = caseBody("民转刑风险纠纷(修改)");
        edited.put("linkedDispute", RecordIds.create(JIANGSHAN).toString());
        home("investigator")
                .contentType(ContentType.JSON)
                .body(edited)
                .when()
                .put("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .body("linkedDispute", equalTo(dispute));
        // a dispute of another jurisdiction, or no UUID: 400, nothing filed
        long before = cases();
        Map<String, Object> foreign = caseBody("他辖区纠纷");
        foreign.put("linkedDispute", RecordIds.create(PUCHENG).toString());
        file(foreign, true).then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> notAnId = caseBody("非编号");
        notAnId.put("linkedDispute", "纠纷");
        file(notAnId, true).then().statusCode(400).contentType("application/problem+json");
        assertEquals(before, cases());
    }

    @Test
    void theListOfAnEscalatedDisputesCaseRefusesANonIdAndShowsOnlyParticipantsTheCase() {
        String dispute = RecordIds.create(JIANGSHAN).toString();
        Map<String, Object> body = caseBody("民转刑风险纠纷(关联查询)", PUCHENG);
        body.put("linkedDispute", dispute);
        String id = fileId(body, true);
        home("investigator")
                .queryParam("linkedDispute", dispute)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        // Pucheng is invited: it sees it; Guangfeng takes no part: nothing, as for a dispute with no case
        as(PUCHENG, "investigator")
                .queryParam("linkedDispute", dispute)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        as(GUANGFENG, "investigator", "commander")
                .queryParam("linkedDispute", dispute)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("items", equalTo(List.of()));
        // not a dispute id: 400 problem+json (never a 404 of a route, nor a 500)
        for (String bad : List.of("纠纷", "123", dispute + "0", dispute.replace('-', 'g'), "' OR 1=1 --")) {
            home("investigator")
                    .queryParam("linkedDispute", bad)
                    .when()
                    .get("/api/v1/cases")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
    }

    /** A user of Jiangshan other than {@link Callers#home}'s (idempotency keys are per user). */
    static RequestSpecification other(String subject, String... roles) {
        return RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .subject(subject)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    @Test
    void anEscalatedDisputeOpensOneCaseWhoeverFilesItAndWithWhateverKey() throws Exception {
        String dispute = RecordIds.create(JIANGSHAN).toString();
        Map<String, Object> body = caseBody("民转刑风险纠纷(一案)");
        body.put("linkedDispute", dispute);
        String id = home("investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .header("Idempotency-Key", "mediation-escalation-" + dispute)
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long filed = cases();
        long queued = outbox();
        // another user (their own key space), another title: the case filed first, nothing stored
        Map<String, Object> edited = caseBody("民转刑风险纠纷(一案, 已修改)");
        edited.put("linkedDispute", dispute);
        other("commander-" + dispute, "commander")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .header("Idempotency-Key", "mediation-escalation-" + dispute)
                .body(edited)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue())
                .header("Content-Location", org.hamcrest.Matchers.endsWith("/api/v1/cases/" + id))
                .body("id", equalTo(id))
                .body("linkedDispute", equalTo(dispute))
                .body("title", equalTo("民转刑风险纠纷(一案)"));
        // the first user with the first key and the changed request (the dispute was edited): the
        // same case, not a 422 for reusing the key
        home("investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .header("Idempotency-Key", "mediation-escalation-" + dispute)
                .body(edited)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        assertEquals(filed, cases());
        assertEquals(queued, outbox());
        assertEquals(1, Callers.count(db, "SELECT count(*) FROM joint_case WHERE linked_dispute = ?::uuid", dispute));
        // who may not file cases still may not, linked case or not
        other("analyst-" + dispute, "analyst")
                .contentType(ContentType.JSON)
                .body(edited)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");

        // several users at once for a new dispute: one case, every one of them answered with it
        String raced = RecordIds.create(JIANGSHAN).toString();
        Map<String, Object> race = caseBody("民转刑风险纠纷(并发)");
        race.put("linkedDispute", raced);
        int users = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(users);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Response>> answers = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                RequestSpecification user = other("racer-" + u + "-" + raced, "investigator");
                answers.add(pool.submit(() -> {
                    start.await();
                    return user.contentType(ContentType.JSON)
                            .queryParam("open", true)
                            .body(race)
                            .when()
                            .post("/api/v1/cases");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var answer : answers) {
                Response r = answer.get();
                statuses.add(r.statusCode());
                ids.add(r.path("id"));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(users - 1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(1, ids.size(), ids.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Callers.count(db, "SELECT count(*) FROM joint_case WHERE linked_dispute = ?::uuid", raced));
    }

    @Test
    void concurrentFilingsTakeConsecutiveNumbers() throws Exception {
        int threads = 6;
        int each = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(file(caseBody("并发立案" + thread + "-" + i), false)
                                .then()
                                .statusCode(201)
                                .extract()
                                .path("number"));
                    }
                    return mine;
                }));
            }
            java.util.TreeSet<Integer> sequences = new java.util.TreeSet<>();
            for (var f : futures) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS)
                        .forEach(n -> sequences.add(RecordNumber.parse(n).sequence()));
            }
            assertEquals(threads * each, sequences.size(), "every filing its own number");
            assertEquals(threads * each - 1, sequences.last() - sequences.first(), "no gap: " + sequences);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDraftIsOursAloneAndOpeningSendsItWithItsTimelineToTheInvited() {
        String id = fileId(caseBody("草稿案件", PUCHENG), false);
        assertEquals(0, Callers.count(db, "SELECT count(*) FROM federation.outbox WHERE record_id = ?", id));
        as(PUCHENG, "investigator").when().get("/api/v1/cases/" + id).then().statusCode(404);
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("DRAFT"))
                .body("lossAmount", equalTo(125000.50f))
                .body("participants.jurisdiction", equalTo(List.of(PUCHENG)))
                .body("participants.state", equalTo(List.of("INVITED")));

        transition(id, "OPEN", null, "investigator").then().statusCode(200).body("status", equalTo("OPEN"));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.case' AND record_id = ?"
                                + " AND destination = ?",
                        id,
                        PUCHENG));
        assertEquals(
                0,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND record_id = ?",
                        GUANGFENG,
                        id));
        // CREATED, INVITED and the status change: every entry so far goes to the newcomer
        assertEquals(
                3,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox o JOIN case_timeline_entry e ON e.id::text = o.record_id"
                                + " WHERE o.record_type = 'cases.timeline-entry' AND e.case_id = ?::uuid AND"
                                + " o.destination = ?",
                        id,
                        PUCHENG));
        as(PUCHENG, "investigator").when().get("/api/v1/cases/" + id).then().statusCode(200);
        as(GUANGFENG, "investigator").when().get("/api/v1/cases/" + id).then().statusCode(404);
        as(GUANGFENG, "commander")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        as(PUCHENG, "analyst")
                .queryParam("limit", 200)
                .queryParam("participant", PUCHENG)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        as(GUANGFENG, "analyst")
                .when()
                .get("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(404);
    }

    @Test
    void theStatusMachineIsEnforcedWithReasonsAndCommanders() {
        String id = fileId(caseBody("状态机"), true);
        long entries = Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id);
        transition(id, "SOLVED", null, "investigator").then().statusCode(409).contentType("application/problem+json");
        transition(id, "DRAFT", null, "commander").then().statusCode(409);
        transition(id, "INVESTIGATING", null, "investigator").then().statusCode(200);
        transition(id, "CLOSED", null, "commander").then().statusCode(400).contentType("application/problem+json");
        transition(id, "SOLVED", null, "investigator")
                .then()
                .statusCode(200)
                .body("solvedAt", org.hamcrest.Matchers.notNullValue());
        transition(id, "CLOSED", null, "investigator").then().statusCode(403).contentType("application/problem+json");
        transition(id, "CLOSED", null, "commander").then().statusCode(200).body("status", equalTo("CLOSED"));
        // a closed case does not change until reopened, and reopening needs a reason
        home("investigator")
                .contentType(ContentType.JSON)
                .body(caseBody("已结案修改"))
                .when()
                .put("/api/v1/cases/" + id)
                .then()
                .statusCode(409);
        home("commander")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "结案后备注"))
                .when()
                .post("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(409);
        transition(id, "REOPENED", " ", "commander").then().statusCode(400);
        transition(id, "REOPENED", "发现新的同案犯", "commander")
                .then()
                .statusCode(200)
                .body("status", equalTo("REOPENED"))
                .body("solvedAt", org.hamcrest.Matchers.nullValue())
                .body("nextStatuses", equalTo(List.of("INVESTIGATING")));
        // OPEN->INVESTIGATING, ->SOLVED, ->CLOSED, ->REOPENED: four entries, refused changes none
        assertEquals(
                entries + 4, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id));
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(200)
                .body("items[0].kind", equalTo("STATUS_CHANGED"))
                .body("items[0].statusFrom", equalTo("CLOSED"))
                .body("items[0].statusTo", equalTo("REOPENED"))
                .body("items[0].text", equalTo("发现新的同案犯"));
    }

    @Test
    void anIdempotencyKeyFilesOnce() {
        Map<String, Object> body = caseBody("幂等立案");
        String first = home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "case-key-1")
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long before = cases();
        home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "case-key-1")
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        body.put("title", "另一个请求");
        home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "case-key-1")
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        assertEquals(before, cases());
    }

    Response note(String id, String key, String text, String... roles) {
        return home(roles.length == 0 ? new String[] {"investigator"} : roles)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("text", text))
                .when()
                .post("/api/v1/cases/" + id + "/timeline");
    }

    @Test
    void anIdempotencyKeyAddsANoteOnceEvenAfterTheCaseWasClosed() {
        String id = fileId(caseBody("幂等备注", PUCHENG), true);
        String other = fileId(caseBody("幂等备注（另一案件）"), true);
        String entries = "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid";
        String sent = "SELECT count(*) FROM federation.outbox o JOIN case_timeline_entry e ON e.id::text = o.record_id"
                + " WHERE o.record_type = 'cases.timeline-entry' AND e.case_id = ?::uuid";
        String first = note(id, "note-key-1", "已调取监控")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue())
                .body("kind", equalTo("NOTE"))
                .extract()
                .path("id");
        long before = Callers.count(db, entries, id);
        long queued = Callers.count(db, sent, id);
        note(id, "note-key-1", "已调取监控")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first))
                .body("text", equalTo("已调取监控"));
        // the same key with another text, or on another case: 422, nothing added
        note(id, "note-key-1", "另一条备注").then().statusCode(422).contentType("application/problem+json");
        note(other, "note-key-1", "已调取监控").then().statusCode(422).contentType("application/problem+json");
        assertEquals(before, Callers.count(db, entries, id));
        assertEquals(queued, Callers.count(db, sent, id));
        assertEquals(1, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE text = '已调取监控'"));
        // closed meanwhile: a repeat still gets its note (a new note is 409), still added once
        transition(id, "INVESTIGATING", null, "commander").then().statusCode(200);
        transition(id, "CLOSED", "线索不足", "commander").then().statusCode(200);
        note(id, "note-key-2", "结案后新备注").then().statusCode(409).contentType("application/problem+json");
        note(id, "note-key-1", "已调取监控")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        assertEquals(1, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE text = '已调取监控'"));
        // keys are per user: another investigator's key of the same name is a request of its own (409: closed)
        RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .subject("另一位民警")
                        .roles("investigator")
                        .sign())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "note-key-1")
                .body(Map.of("text", "已调取监控"))
                .when()
                .post("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(409);
        // a malformed key is 400, nothing added
        note(other, "not a key", "备注").then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE text = '备注'"));
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(with("lossAmount", -0.01));
        bad.add(with("recoveredAmount", new java.math.BigDecimal("1.001")));
        bad.add(with("lossAmount", new java.math.BigDecimal("100000000000000")));
        bad.add(with("lossAmount", "100"));
        bad.add(with("countyCode", "990881"));
        bad.add(with("countyCode", "33088"));
        bad.add(with("category", "ROBBERY"));
        bad.add(with("title", " "));
        bad.add(with("title", "两行\n标题"));
        bad.add(with("summary", "x".repeat(10_001)));
        bad.add(with("occurredAt", "1850-01-01T00:00:00Z"));
        bad.add(with("subjects", List.of(Map.of("kind", "PERSON", "value", "330881199001011239"))));
        bad.add(with("subjects", List.of(Map.of("kind", "VEHICLE", "value", "ABC123"))));
        bad.add(with("subjects", List.of(Map.of("kind", "PHONE", "value", "2380013800"))));
        bad.add(with("subjects", List.of(Map.of("kind", "BANK_ACCOUNT", "value", "12ab"))));
        bad.add(with("subjects", List.of(Map.of("kind", "PERSON", "value", Callers.VALID_ID, "role", "BOSS"))));
        bad.add(with("participants", List.of("35072")));
        bad.add(with("participants", List.of("ALL")));
        bad.add(with("unknownField", 1));
        long cases = cases();
        long outbox = outbox();
        for (Map<String, Object> body : bad) {
            file(body, true).then().statusCode(400).contentType("application/problem+json");
        }
        String id = fileId(caseBody("坏输入", PUCHENG), true);
        long entries = Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id);
        outbox = outbox();
        cases = cases();
        for (Map<String, Object> body : bad) {
            home("investigator")
                    .contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .put("/api/v1/cases/" + id)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        transition(id, "FINISHED", null, "commander").then().statusCode(400);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("jurisdictions", List.of("330822")))
                .when()
                .post("/api/v1/cases/" + id + "/participants")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("jurisdictions", List.of()))
                .when()
                .post("/api/v1/cases/" + id + "/participants")
                .then()
                .statusCode(400);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", " "))
                .when()
                .post("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(400);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/cases/" + id + "/participants/" + GUANGFENG + "/removal")
                .then()
                .statusCode(404);
        home("analyst")
                .queryParam("cursor", "not-a-cursor")
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(400);
        home("analyst")
                .queryParam("limit", 0)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(400);
        home("analyst")
                .queryParam("status", "DONE")
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(400);
        home("analyst")
                .queryParam("cursor", "xx")
                .when()
                .get("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(400);
        home("analyst")
                .when()
                .get("/api/v1/cases/not-a-uuid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(cases, cases());
        assertEquals(outbox, outbox());
        assertEquals(
                entries, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id));
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("lossAmount", equalTo(125000.50f))
                .body("subjects.value", hasItem("浙H12345"));
    }

    static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = caseBody("坏输入");
        body.put(field, value);
        return body;
    }

    @Test
    void everyEndpointRefusesStrangers() {
        String id = fileId(caseBody("拒绝陌生人", PUCHENG), true);
        String base = "/api/v1/cases/" + id;
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/v1/cases", caseBody("陌生人立案"), "investigator", "analyst"),
                new Endpoint("PUT", base, caseBody("陌生人修改"), "investigator", "analyst"),
                new Endpoint("POST", base + "/transitions", Map.of("to", "INVESTIGATING"), "investigator", "analyst"),
                new Endpoint(
                        "POST",
                        base + "/participants",
                        Map.of("jurisdictions", List.of(GUANGFENG)),
                        "commander",
                        "analyst"),
                new Endpoint("POST", base + "/participants/" + PUCHENG + "/removal", Map.of(), "commander", "analyst"));
        long cases = cases();
        long outbox = outbox();
        for (Endpoint e : endpoints) {
            for (RequestSpecification r : List.of(
                    RestAssured.given(),
                    RestAssured.given()
                            .auth()
                            .oauth2(new TestIssuer("330822")
                                    .token(JIANGSHAN)
                                    .roles(e.role)
                                    .sign()),
                    RestAssured.given()
                            .auth()
                            .oauth2(JurisdictionTestResource.issuer(JIANGSHAN)
                                    .token(PUCHENG)
                                    .roles(e.role)
                                    .sign()))) {
                e.call(r).then().statusCode(401).contentType("application/problem+json");
            }
            // a partner's user (even one the case is shared with), a role that may not, mediators
            e.call(as(PUCHENG, e.role)).then().statusCode(403).contentType("application/problem+json");
            e.call(home(e.wrongRole)).then().statusCode(403).contentType("application/problem+json");
            e.call(home("mediator", "integrator")).then().statusCode(403).contentType("application/problem+json");
        }
        assertEquals(cases, cases());
        assertEquals(outbox, outbox());
        // reads: no token, untrusted, a role that does not read cases
        for (String path : List.of("/api/v1/cases", base, base + "/timeline")) {
            RestAssured.given().when().get(path).then().statusCode(401).contentType("application/problem+json");
            home("mediator").when().get(path).then().statusCode(403).contentType("application/problem+json");
        }
        // answering and notes at the owner's service: only partners' cases take answers; a partner's
        // user does not contribute here
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .when()
                .post(base + "/participation")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        as(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .when()
                .post(base + "/participation")
                .then()
                .statusCode(403);
        as(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "伙伴在此写备注"))
                .when()
                .post(base + "/timeline")
                .then()
                .statusCode(403);
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "分析员备注"))
                .when()
                .post(base + "/timeline")
                .then()
                .statusCode(403);
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .when()
                .post(base + "/participation")
                .then()
                .statusCode(401);
        assertTrue(Callers.count(db, "SELECT count(*) FROM case_note") == 0);
    }

    record Endpoint(String method, String path, Map<String, ?> body, String role, String wrongRole) {
        Response call(RequestSpecification r) {
            if (body != null) {
                r = r.contentType(ContentType.JSON).body(body);
            }
            return r.when().request(method, path);
        }
    }
}
