package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.cases.fast.PartnerCaseRulesTest.at;
import static org.borderpolice.cases.fast.PartnerCaseRulesTest.deliver;
import static org.borderpolice.cases.fast.PartnerCaseRulesTest.event;
import static org.borderpolice.cases.fast.PartnerCaseRulesTest.valid;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.borderpolice.cases.service.AssistanceResponseApplier;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Assistance records of a partner (Pucheng) as Jiangshan receives them: Jiangshan's deadlines and
 * response times run on Jiangshan's clock, never on the partner's (review M2, S2), and a final
 * answer is not rewritten (M3); a partner's response never undoes our own change (M6).
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
class PartnerAssistanceRulesTest {

    static final String SHAOWU = "350781";

    static final String BASE = "/api/v1/assistance-requests";

    @Inject
    AgroalDataSource db;

    static final AtomicInteger NUMBERS = new AtomicInteger(100);

    /** Pucheng's case (a number of its own), Jiangshan invited. */
    static String puchengsCase() {
        String caseId = RecordIds.create(PUCHENG).toString();
        var m = valid(caseId).toBuilder()
                .setNumber(String.format("%s-2026-%06d", PUCHENG, NUMBERS.incrementAndGet()))
                .build();
        var ack = deliver(PUCHENG, event(PUCHENG, "cases.case", caseId, 1, m));
        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), ack.toString());
        return caseId;
    }

    static AssistanceProto.AssistanceRequest request(String id, String caseId, Instant sent, Instant due) {
        return AssistanceProto.AssistanceRequest.newBuilder()
                .setId(id)
                .setCaseId(caseId)
                .setCaseOrigin(PUCHENG)
                .setRequester(PUCHENG)
                .setAddressee(SELF)
                .setKind(AssistanceProto.AssistanceKind.KIND_LOCATE_PERSON)
                .setPriority(AssistanceProto.AssistancePriority.PRIORITY_URGENT)
                .setDetails("请查找该人员在江山的落脚点。")
                .setRequestedBy("pc-officer")
                .setSentAt(at(sent))
                .setDueAt(at(due))
                .setState(AssistanceProto.RequesterState.REQUEST_SENT)
                .build();
    }

    long rows(String sql, Object... params) {
        return Callers.count(db, sql, params);
    }

    @Inject
    org.borderpolice.cases.repository.CaseRepository caseRows;

    @Inject
    org.borderpolice.cases.repository.AssistanceRepository requestRows;

    /**
     * A case and a request read for a change hold their rows' locks, however many requests read
     * them at once (both fetch a collection, which made Hibernate's own locked read take no lock
     * now and then).
     */
    @Test
    void aCaseOrRequestReadForAChangeHoldsItsRowLockWhateverRunsAtOnce() throws Exception {
        java.util.UUID caseId = java.util.UUID.fromString(puchengsCase());
        String id = RecordIds.create(PUCHENG).toString();
        Instant now = Instant.now();
        var ack = deliver(
                PUCHENG,
                event(
                        PUCHENG,
                        "cases.assistance-request",
                        id,
                        1,
                        request(id, caseId.toString(), now, now.plusSeconds(7200))));
        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), ack.toString());
        java.util.UUID requestId = java.util.UUID.fromString(id);
        org.borderpolice.federation.testing.ConcurrentLocks.assertEachHoldsItsLock(db, 4, 50, reader -> {
            if (reader % 2 == 0) {
                assertEquals(caseId, caseRows.lockOwn(caseId, PUCHENG).id);
            } else {
                assertEquals(caseId, caseRows.lockHeld(caseId).id);
            }
        });
        org.borderpolice.federation.testing.ConcurrentLocks.assertEachHoldsItsLock(
                db, 4, 50, reader -> assertEquals(requestId, requestRows.lock(requestId).id));
    }

    /**
     * A case the transaction read before its lock (an applier's check of another event) is read
     * again under the lock, with its participants: a change committed in between is there.
     */
    @Test
    void aCaseReadBeforeItsLockIsReadAgainUnderIt() throws Exception {
        java.util.UUID caseId = java.util.UUID.fromString(puchengsCase());
        List<List<String>> seen = org.borderpolice.federation.testing.ConcurrentLocks.readAroundAChange(
                () -> {
                    var c = caseRows.held(caseId);
                    return List.of(c.title, c.participant(SELF).state.name());
                },
                () -> {
                    try (var c = db.getConnection();
                            var st = c.createStatement()) {
                        st.executeUpdate("UPDATE joint_case SET title = '其间改过的标题' WHERE id = '" + caseId + "'");
                        return st.executeUpdate("UPDATE case_participant SET state = 'DECLINED' WHERE case_id = '"
                                + caseId + "' AND jurisdiction = '" + SELF + "'");
                    }
                },
                () -> {
                    var c = caseRows.lockHeld(caseId);
                    return List.of(c.title, c.participant(SELF).state.name());
                });
        assertTrue(!seen.get(0).get(1).equals("DECLINED"), seen.toString());
        assertEquals(List.of("其间改过的标题", "DECLINED"), seen.get(1), "the case and its participant under its lock");
    }

    /**
     * A partner may have at most 50 requests open with us in one case: the next is refused and
     * stores nothing, one withdrawn makes room. Our users get a 409 for the 51st open request to a
     * partner, which would refuse it.
     */
    @Test
    void openRequestsBetweenTwoJurisdictionsAreCapped() throws Exception {
        String caseId = puchengsCase();
        Instant now = Instant.now();
        // 51 in one batch: the batch is checked against what was held before it, then taken one
        // event at a time, and the 51st is refused
        List<String> taken = new java.util.ArrayList<>();
        List<org.borderpolice.federation.proto.replication.v1.ReplicationEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i <= org.borderpolice.cases.AssistanceRules.OPEN_PER_CASE; i++) {
            String id = RecordIds.create(PUCHENG).toString();
            taken.add(id);
            batch.add(
                    event(PUCHENG, "cases.assistance-request", id, 1, request(id, caseId, now, now.plusSeconds(7200))));
        }
        var ack = deliver(
                PUCHENG, batch.toArray(org.borderpolice.federation.proto.replication.v1.ReplicationEvent[]::new));
        for (int i = 0; i < batch.size(); i++) {
            if (i < org.borderpolice.cases.AssistanceRules.OPEN_PER_CASE) {
                assertEquals(
                        Outcome.APPLIED,
                        ack.getResults(i).getOutcome(),
                        ack.getResults(i).toString());
            } else {
                assertEquals(
                        Outcome.REJECTED,
                        ack.getResults(i).getOutcome(),
                        ack.getResults(i).toString());
                assertTrue(
                        ack.getResults(i).getReason().contains("still open"),
                        ack.getResults(i).toString());
                assertEquals(0, rows("SELECT count(*) FROM assistance_request WHERE id = ?::uuid", taken.get(i)));
            }
        }
        String first = taken.get(0);
        var withdrawn = request(first, caseId, now, now.plusSeconds(7200)).toBuilder()
                .setState(AssistanceProto.RequesterState.REQUEST_WITHDRAWN)
                .setWithdrawnBy("pc-officer")
                .setWithdrawnAt(at(Instant.now()))
                .build();
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", first, 2, withdrawn))
                        .getResults(0)
                        .getOutcome());
        String next = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.assistance-request",
                                        next,
                                        1,
                                        request(next, caseId, now, now.plusSeconds(7200))))
                        .getResults(0)
                        .getOutcome());

        // ours: one of our cases, Pucheng accepted
        String ours = home("investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .body(Callers.caseBody("协查上限测试案件", PUCHENG))
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try (var c = db.getConnection();
                var st = c.prepareStatement(
                        "UPDATE case_participant SET state = 'ACCEPTED', answered_at = now() WHERE case_id = ?::uuid")) {
            st.setString(1, ours);
            assertEquals(1, st.executeUpdate());
        }
        Map<String, Object> body = Map.of(
                "caseId", ours,
                "addressee", PUCHENG,
                "kind", "LOCATE_PERSON",
                "priority", "ROUTINE",
                "details", "请核查该人员近期在浦城的落脚点。");
        for (int i = 0; i <= org.borderpolice.cases.AssistanceRules.OPEN_PER_CASE; i++) {
            home("investigator")
                    .contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .post(BASE)
                    .then()
                    .statusCode(i < org.borderpolice.cases.AssistanceRules.OPEN_PER_CASE ? 201 : 409);
        }
        assertEquals(
                org.borderpolice.cases.AssistanceRules.OPEN_PER_CASE,
                rows("SELECT count(*) FROM assistance_request WHERE case_id = ?::uuid", ours));
    }

    /**
     * A partner that the agreement no longer gives cases reads none of the requests between it and
     * us here (ours to it, its own as we hold them), as it reads none of our cases.
     */
    @Test
    void aPartnerWithoutCasesReadsNoRequestBetweenItAndUs() throws Exception {
        String caseId = puchengsCase();
        String id = RecordIds.create(PUCHENG).toString();
        Instant now = Instant.now();
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.assistance-request",
                                        id,
                                        1,
                                        request(id, caseId, now, now.plusSeconds(7200))))
                        .getResults(0)
                        .getOutcome());
        Callers.as(PUCHENG, "investigator").get(BASE + "/" + id).then().statusCode(200);
        String shaowus = Callers.copyAs(db, "assistance_request", id, "requester", SHAOWU);
        try (var c = db.getConnection();
                var st = c.prepareStatement("UPDATE assistance_request SET due_at = now() - interval '1 hour',"
                        + " sent_at = now() - interval '2 hours' WHERE id = ?::uuid")) {
            st.setString(1, shaowus);
            assertEquals(1, st.executeUpdate());
        }
        Callers.as(SHAOWU, "investigator").get(BASE + "/" + shaowus).then().statusCode(404);
        Callers.as(SHAOWU, "commander").get(BASE).then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        Callers.as(SHAOWU, "commander")
                .get(BASE + "/escalations")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        // our own users still see it, overdue
        home("investigator").get(BASE + "/" + shaowus).then().statusCode(200);
        home("commander")
                .get(BASE + "/escalations")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(shaowus));
    }

    @Test
    void aRequestsTimesAreTheReceiversNotTheRequesters() {
        String caseId = puchengsCase();
        Instant now = Instant.now();
        // sent in 2199 (or an hour ahead): refused, nothing stored
        for (Instant sent : new Instant[] {now.plus(Duration.ofHours(1)), Instant.parse("2199-01-01T00:00:00Z")}) {
            String id = RecordIds.create(PUCHENG).toString();
            var ack = deliver(
                    PUCHENG,
                    event(
                            PUCHENG,
                            "cases.assistance-request",
                            id,
                            1,
                            request(id, caseId, sent, sent.plusSeconds(7200))));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
            assertEquals(0, rows("SELECT count(*) FROM assistance_request WHERE id = ?::uuid", id));
        }
        // backdated: sent three days ago, due an hour ago by Pucheng's clock; here it runs from now
        String id = RecordIds.create(PUCHENG).toString();
        Instant sent = now.minus(Duration.ofDays(3));
        Instant due = now.minus(Duration.ofHours(1));
        AssistanceProto.AssistanceRequest m = request(id, caseId, sent, due);
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", id, 1, m))
                        .getResults(0)
                        .getOutcome());
        home("commander")
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("direction", equalTo("INCOMING"))
                .body("overdue", equalTo(false))
                .body("requesterSentAt", equalTo(iso(sent)))
                .body("requesterDueAt", equalTo(iso(due)));
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND sent_at >= ?"
                                + " AND due_at - sent_at = interval '71 hours'",
                        id,
                        java.sql.Timestamp.from(now)));
        assertEquals(0, rows("SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND due_at < now()", id));
        // a withdrawal repeats Pucheng's own times, not ours
        AssistanceProto.AssistanceRequest withdrawn = m.toBuilder()
                .setState(AssistanceProto.RequesterState.REQUEST_WITHDRAWN)
                .setWithdrawnBy("pc-chief")
                .setWithdrawnAt(at(now))
                .build();
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", id, 2, withdrawn))
                        .getResults(0)
                        .getOutcome());
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND requester_state = 'WITHDRAWN'",
                        id));
    }

    static org.borderpolice.federation.proto.files.v1.FileRef file(String name) {
        return org.borderpolice.federation.proto.files.v1.FileRef.newBuilder()
                .setFileId(RecordIds.create(PUCHENG).toString())
                .setSha256("ab".repeat(32))
                .setSize(1024)
                .setContentType("application/pdf")
                .setName(name)
                .build();
    }

    /**
     * A record's files are never taken off it, so the versions of a partner's request together name
     * at most 100: a version naming more new ones than fit is refused. (Of two versions in one
     * batch only the newer is applied, so they cannot add up past it either.)
     */
    @Test
    void aPartnersRecordHoldsAtMostAHundredFilesOverAllItsVersions() {
        String caseId = puchengsCase();
        String id = RecordIds.create(PUCHENG).toString();
        Instant now = Instant.now();
        AssistanceProto.AssistanceRequest base = request(id, caseId, now, now.plusSeconds(7200));
        List<org.borderpolice.federation.proto.files.v1.FileRef> first = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            first.add(file("函件" + i + ".pdf"));
        }
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.assistance-request",
                                        id,
                                        1,
                                        base.toBuilder().addAllFiles(first).build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(60, rows("SELECT count(*) FROM case_file WHERE request_id = ?::uuid", id));
        // 60 held and 60 new: refused
        List<org.borderpolice.federation.proto.files.v1.FileRef> tooMany =
                new java.util.ArrayList<>(first.subList(0, 40));
        for (int i = 0; i < 60; i++) {
            tooMany.add(file("多余" + i + ".pdf"));
        }
        var refused = deliver(
                PUCHENG,
                event(
                        PUCHENG,
                        "cases.assistance-request",
                        id,
                        2,
                        base.toBuilder().addAllFiles(tooMany).build()));
        assertEquals(Outcome.REJECTED, refused.getResults(0).getOutcome(), refused.toString());
        assertTrue(refused.getResults(0).getReason().contains("at most 100"), refused.toString());
        assertEquals(60, rows("SELECT count(*) FROM case_file WHERE request_id = ?::uuid", id));
        // two versions in one batch, each with 40 new of its own: the newer alone is applied
        List<org.borderpolice.federation.proto.files.v1.FileRef> second = new java.util.ArrayList<>(first);
        List<org.borderpolice.federation.proto.files.v1.FileRef> third = new java.util.ArrayList<>(first);
        for (int i = 0; i < 40; i++) {
            second.add(file("第二批" + i + ".pdf"));
            third.add(file("第三批" + i + ".pdf"));
        }
        var ack = deliver(
                PUCHENG,
                event(
                        PUCHENG,
                        "cases.assistance-request",
                        id,
                        2,
                        base.toBuilder().addAllFiles(second).build()),
                event(
                        PUCHENG,
                        "cases.assistance-request",
                        id,
                        3,
                        base.toBuilder().addAllFiles(third).build()));
        assertEquals(Outcome.STALE, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(Outcome.APPLIED, ack.getResults(1).getOutcome(), ack.toString());
        assertEquals(100, rows("SELECT count(*) FROM case_file WHERE request_id = ?::uuid", id));
    }

    @Test
    void aRequestThatIsNoLongerOpenTakesNoNewFiles() {
        String caseId = puchengsCase();
        String id = RecordIds.create(PUCHENG).toString();
        Instant now = Instant.now();
        var first = file("照片.pdf");
        AssistanceProto.AssistanceRequest open = request(id, caseId, now, now.plus(Duration.ofDays(1))).toBuilder()
                .addFiles(first)
                .build();
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", id, 1, open))
                        .getResults(0)
                        .getOutcome());
        // withdrawn with the files it had: taken
        AssistanceProto.AssistanceRequest withdrawn = open.toBuilder()
                .setState(AssistanceProto.RequesterState.REQUEST_WITHDRAWN)
                .setWithdrawnBy("pc-chief")
                .setWithdrawnAt(at(now))
                .build();
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-request", id, 2, withdrawn))
                        .getResults(0)
                        .getOutcome());
        // a later version that adds a file to the withdrawn request: refused, nothing of it stored
        var late = file("补充材料.pdf");
        var ack = deliver(
                PUCHENG,
                event(
                        PUCHENG,
                        "cases.assistance-request",
                        id,
                        3,
                        withdrawn.toBuilder().addFiles(late).build()));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertTrue(ack.toString().contains("files go on open requests"), ack.toString());
        assertEquals(1, rows("SELECT count(*) FROM case_file WHERE request_id = ?::uuid", id));
        assertEquals(0, rows("SELECT count(*) FROM case_file WHERE file_id = ?::uuid", late.getFileId()));
        assertEquals(0, rows("SELECT count(*) FROM federation.file_fetch WHERE id = ?::uuid", late.getFileId()));
    }

    static String iso(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
    }

    @Test
    void anAnswerIsTimedWhenReceivedAndAFinalOneIsNotRewritten() {
        String caseId = puchengsCase();
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/cases/" + caseId + "/participation")
                .then()
                .statusCode(200);
        String id = home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "caseId",
                        caseId,
                        "addressee",
                        PUCHENG,
                        "kind",
                        "IDENTITY_CHECK",
                        "priority",
                        "IMMEDIATE",
                        "details",
                        "请核查该人员身份。",
                        "dueAt",
                        Instant.now().plusSeconds(2).toString()))
                .post(BASE)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String sentAt = home("analyst").get(BASE + "/" + id).then().extract().path("sentAt");
        Instant sent = Instant.parse(sentAt);
        String recordId = id + ":" + PUCHENG;
        AssistanceProto.AssistanceResponse answered = AssistanceProto.AssistanceResponse.newBuilder()
                .setRequestId(id)
                .setRequester(SELF)
                .setAddressee(PUCHENG)
                .setState(AssistanceProto.ResponderState.RESPONSE_ANSWERED)
                .setOfficerName("王建国")
                .setOfficerId("350722012")
                .setAcceptedBy("pc-officer")
                .setAcceptedAt(at(sent.plusSeconds(1)))
                .setAnsweredBy("pc-officer")
                .setAnsweredAt(at(sent.plusSeconds(1)))
                .setFindings("经核查，张某于3月5日入住城关某宾馆。")
                .build();
        // answered after the deadline, claiming a second after the sending
        await(() -> Instant.now().isAfter(sent.plusSeconds(3)));
        Instant beforeDelivery = Instant.now();
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.assistance-response", recordId, 1, answered))
                        .getResults(0)
                        .getOutcome());
        java.sql.Timestamp before = java.sql.Timestamp.from(beforeDelivery);
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND state = 'ANSWERED'"
                                + " AND answered_at >= ? AND accepted_at >= ? AND answered_at > due_at",
                        id,
                        before,
                        before));
        // another answer later: refused, the findings stay
        for (AssistanceProto.AssistanceResponse changed : new AssistanceProto.AssistanceResponse[] {
            answered.toBuilder().setFindings("经核查，查无此人。").build(),
            answered.toBuilder().setOfficerName("李明").build(),
            answered.toBuilder()
                    .setState(AssistanceProto.ResponderState.RESPONSE_DECLINED)
                    .setDeclinedBy("pc-chief")
                    .setDeclineReason("非本辖区")
                    .setDeclinedAt(at(sent))
                    .build()
        }) {
            var ack = deliver(PUCHENG, event(PUCHENG, "cases.assistance-response", recordId, 2, changed));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        }
        // the same answer again (as when a file is added): taken, times unchanged
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.assistance-response",
                                        recordId,
                                        2,
                                        answered.toBuilder()
                                                .setAnsweredAt(at(sent))
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND findings = ?"
                                + " AND officer_name = '王建国' AND answered_at >= ? AND response_version = 2",
                        id,
                        "经核查，张某于3月5日入住城关某宾馆。",
                        before));
        home("analyst")
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("ANSWERED"))
                .body("findings", equalTo("经核查，张某于3月5日入住城关某宾馆。"));
        assertTrue(rows("SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND claimed_sent_at IS NULL", id)
                == 1);
    }

    @Inject
    AssistanceResponseApplier responses;

    /**
     * Review M6: the inbox checks and applies a partner's response in one transaction; a
     * withdrawal our user commits in between must not be undone by apply writing back the copy
     * check read. The applier locks the request in check, so the withdrawal waits for it.
     */
    @Test
    void aResponseCheckedBeforeOurWithdrawalNeverUndoesIt() throws Exception {
        String caseId = puchengsCase();
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .post("/api/v1/cases/" + caseId + "/participation")
                .then()
                .statusCode(200);
        String id = home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "caseId", caseId,
                        "addressee", PUCHENG,
                        "kind", "LOCATE_VEHICLE",
                        "priority", "ROUTINE",
                        "details", "请查找该车辆。"))
                .post(BASE)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        AssistanceProto.AssistanceResponse accepted = AssistanceProto.AssistanceResponse.newBuilder()
                .setRequestId(id)
                .setRequester(SELF)
                .setAddressee(PUCHENG)
                .setState(AssistanceProto.ResponderState.RESPONSE_ACCEPTED)
                .setOfficerName("王建国")
                .setAcceptedBy("pc-officer")
                .setAcceptedAt(at(Instant.now()))
                .build();
        ReplicaChange change = new ReplicaChange(
                PUCHENG,
                "cases.assistance-response",
                id + ":" + PUCHENG,
                1,
                Instant.now(),
                List.of(SELF, PUCHENG),
                false,
                Any.pack(accepted));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> withdrawal = QuarkusTransaction.requiringNew().call(() -> {
                responses.check(change);
                Future<Integer> w = executor.submit(() -> home("investigator")
                        .contentType(ContentType.JSON)
                        .body(Map.of("reason", "嫌疑人已到案"))
                        .post(BASE + "/" + id + "/withdrawal")
                        .then()
                        .extract()
                        .statusCode());
                try {
                    // the withdrawal's chance to commit between check and apply (it may not)
                    w.get(3, TimeUnit.SECONDS);
                } catch (TimeoutException waitingForOurLock) {
                    // it waits for the row this transaction locked
                }
                responses.apply(List.of(change));
                return w;
            });
            assertEquals(200, withdrawal.get(60, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
        // both changes are in the row: Pucheng's acceptance and our withdrawal
        assertEquals(
                1,
                rows(
                        "SELECT count(*) FROM assistance_request WHERE id = ?::uuid AND requester_state = 'WITHDRAWN'"
                                + " AND responder_state = 'ACCEPTED' AND response_version = 1 AND request_version = 2",
                        id));
    }

    static void await(java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
