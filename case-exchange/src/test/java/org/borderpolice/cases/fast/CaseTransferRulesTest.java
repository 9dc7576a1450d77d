package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.count;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.transfer.v1.Decision;
import org.borderpolice.federation.proto.transfer.v1.TransferAnswer;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * 先受理后移交 rules at Jiangshan that one JVM shows, over rows written straight into its database
 * as the handshake and replication leave them: the successor of an accepted offer is shared with
 * the offered case's participants only, whatever the offer lists; a case under an open offer or
 * handed over takes no assistance request and no note; reads of a case's handover are audited
 * under the caller's jurisdiction, found or not; a report is not taken in the future; the first
 * bureau of a handed-over case is no 协助破获 helper in the statistics.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseTransferRulesTest {

    static final String J = JIANGSHAN;
    static final String P = PUCHENG;
    static final String G = GUANGFENG;
    static final String TYPE = "cases.case";

    static int sequence = 800_000;

    @Inject
    AgroalDataSource db;

    @Inject
    org.borderpolice.cases.service.CaseTransfers caseTransfers;

    void exec(String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object v = params[i];
                if (v instanceof Instant t) {
                    s.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                } else if (v instanceof String[] codes) {
                    s.setArray(i + 1, c.createArrayOf("varchar", codes));
                } else {
                    s.setObject(i + 1, v);
                }
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An open case of {@code origin} at {@code version}; participants as code, state, answered_by triples. */
    UUID kase(String origin, long version, Instant solved, String... participants) {
        UUID id = UUID.randomUUID();
        Instant created = solved == null ? Instant.now() : solved.minusSeconds(86_400);
        int year = created.atOffset(ZoneOffset.ofHours(8)).getYear();
        exec(
                "INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit,"
                        + " version, created_at, updated_at, status_changed_at, solved_at)"
                        + " VALUES (?, ?, ?, 'SMUGGLING', ?, '移交测试', '走私香烟案', '刑侦大队', ?, ?, ?, ?, ?)",
                id,
                origin,
                "%s-%04d-%06d".formatted(origin, year, sequence++),
                solved == null ? "OPEN" : "SOLVED",
                version,
                created,
                created,
                created,
                solved);
        for (int i = 0; i < participants.length; i += 3) {
            exec(
                    "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at, answered_at, answered_by)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    id,
                    participants[i],
                    participants[i + 1],
                    created,
                    participants[i + 1].equals("ACCEPTED") ? created : null,
                    participants[i + 2]);
        }
        if (!origin.equals(J)) {
            exec(
                    "INSERT INTO federation.replica_state (origin, record_type, record_id, version, deleted)"
                            + " VALUES (?, ?, ?, ?, false)",
                    origin,
                    TYPE,
                    id.toString(),
                    version);
        }
        return id;
    }

    /** An offer of {@code origin}'s case to {@code addressee}, as the handshake stores it. */
    UUID offer(String origin, UUID caseId, long version, String addressee, String... distribution) {
        UUID offerId = UUID.randomUUID();
        exec(
                "INSERT INTO federation.transfer_offer (origin, offer_id, offer_version, record_type, record_id,"
                        + " version_offered, addressee, distribution, reason, state, offered_by)"
                        + " VALUES (?, ?, 1, ?, ?, ?, ?, ?, '案发地属其管辖', 'OFFERED', 'commander')",
                origin,
                offerId,
                TYPE,
                caseId.toString(),
                version,
                addressee,
                distribution);
        return offerId;
    }

    Map<String, Object> request(UUID caseId, String addressee) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("caseId", caseId.toString());
        r.put("addressee", addressee);
        r.put("kind", "LOCATE_PERSON");
        r.put("priority", "ROUTINE");
        r.put("details", "请核查该人员近期在浦城的落脚点及同行人员。");
        return r;
    }

    void refusedContributions(UUID caseId, String addressee) {
        home("investigator")
                .contentType(ContentType.JSON)
                .body(request(caseId, addressee))
                .when()
                .post("/api/v1/assistance-requests")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "已布控。"))
                .when()
                .post("/api/v1/cases/" + caseId + "/timeline")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(0, count(db, "SELECT count(*) FROM assistance_request WHERE case_id = ?", caseId));
        assertEquals(0, count(db, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?", caseId));
        assertEquals(0, count(db, "SELECT count(*) FROM case_note WHERE case_id = ?", caseId));
    }

    @Test
    void theSuccessorIsSharedWithTheOfferedCasesParticipantsOnlyNotWithWhomTheOfferLists() {
        // Pucheng's case, Jiangshan its only participant; Pucheng's offer claims Guangfeng holds it too
        UUID offered = kase(P, 3, null, J, "ACCEPTED", "张警官");
        UUID offerId = offer(P, offered, 3, J, P, J, G);
        JsonPath accepted = home("commander")
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "同意接收"))
                .when()
                .post("/api/v1/federation/transfers/" + P + "/" + offerId + "/accept")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        UUID successor = UUID.fromString(accepted.getString("successorId"));
        assertEquals(
                List.of(P + ":ACCEPTED"),
                participants(successor),
                "the successor is shared with the offerer and the offered case's participants, never a code the offer adds");
        // nothing of the successor is on its way to Guangfeng
        assertEquals(
                0,
                count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ?",
                        successor.toString(),
                        G));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ?",
                        successor.toString(),
                        P));
    }

    List<String> participants(UUID caseId) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT jurisdiction, state FROM case_participant WHERE case_id = ? ORDER BY jurisdiction")) {
            s.setObject(1, caseId);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void ourCaseUnderAnOpenOfferTakesNoAssistanceRequestAndNoNote() {
        UUID ours = kase(J, 2, null, P, "ACCEPTED", "李警官");
        offer(J, ours, 2, P, J, P);
        refusedContributions(ours, P);
    }

    @Test
    void ourCaseHandedOverTakesNoAssistanceRequestAndNoNote() {
        UUID ours = kase(J, 2, null, P, "ACCEPTED", "李警官");
        UUID offerId = offer(J, ours, 2, P, J, P);
        exec(
                "UPDATE federation.transfer_offer SET decision = 'ACCEPTED', successor_id = ?, answered_at = now(),"
                        + " closed_at = now() WHERE origin = ? AND offer_id = ?",
                UUID.randomUUID().toString(),
                J,
                offerId);
        refusedContributions(ours, P);
    }

    @Test
    void aPartnersCaseHandedOverTakesNoAssistanceRequestAndNoNoteHere() {
        UUID theirs = kase(P, 4, null, J, "ACCEPTED", "张警官");
        exec(
                "UPDATE federation.replica_state SET successor_origin = ?, successor_id = ?"
                        + " WHERE origin = ? AND record_type = ? AND record_id = ?",
                G,
                UUID.randomUUID().toString(),
                P,
                TYPE,
                theirs.toString());
        refusedContributions(theirs, P);
    }

    @Test
    void handoverReadsAreAuditedUnderTheCallersJurisdictionFoundOrNot() {
        UUID unknown = UUID.randomUUID();
        as(P, "investigator")
                .when()
                .get("/api/v1/cases/" + unknown + "/handover")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.handover.read'"
                                + " AND jurisdiction = ? AND record_id = ?",
                        P,
                        unknown.toString()));
        UUID shared = kase(J, 1, null, P, "ACCEPTED", "李警官");
        as(P, "investigator")
                .when()
                .get("/api/v1/cases/" + shared + "/handover")
                .then()
                .statusCode(200);
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.handover.read'"
                                + " AND jurisdiction = ? AND record_id = ?",
                        P,
                        shared.toString()));
        // the links read with it: Pucheng's read too, not ours
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'transfer.links.read'"
                                + " AND jurisdiction = ? AND record_id = ?",
                        P,
                        shared.toString()));
    }

    Map<String, Object> report(String reportedAt) {
        Map<String, Object> matter = new LinkedHashMap<>();
        matter.put("category", "SMUGGLING");
        matter.put("title", "可疑车辆运输走私香烟");
        matter.put("summary", "群众报称在廿八都镇附近发现可疑车辆运输走私香烟，车辆已驶往浦城方向。");
        matter.put("occurredAt", "2026-03-02T08:30:00+08:00");
        matter.put("township", "廿八都镇");
        matter.put("countyCode", "350722");
        matter.put(
                "subjects",
                List.of(Map.of("kind", "PHONE", "value", "13912345678", "label", "报案人王某", "role", "WITNESS")));
        matter.put("participants", List.of());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("matter", matter);
        r.put("reportedAt", reportedAt);
        r.put("competent", P);
        r.put("reason", "案发地属浦城县管辖");
        return r;
    }

    /** A read of a report that is not here is audited too (it was rolled back with the 404). */
    @Test
    void aReadOfAReportNotHereIsAudited() {
        String missing = UUID.randomUUID().toString();
        home("investigator")
                .when()
                .get("/api/v1/case-reports/" + missing)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.report.read' AND record_id = ?",
                        missing));
    }

    @Test
    void aReportTakenInTheFutureIsRefusedAndStoresNothing() {
        long before = count(db, "SELECT count(*) FROM case_report");
        home("investigator")
                .contentType(ContentType.JSON)
                .body(report(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString()))
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, count(db, "SELECT count(*) FROM case_report"));
        // the same report taken a minute ago is taken
        home("investigator")
                .contentType(ContentType.JSON)
                .body(report(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString()))
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(201);
        assertEquals(before + 1, count(db, "SELECT count(*) FROM case_report"));
    }

    @Test
    void aReportNamingADisputeACaseNamesAlreadyIsAConflictAndStoresNothing() {
        String dispute =
                org.borderpolice.federation.validation.RecordIds.create(J).toString();
        Map<String, Object> kase = Callers.caseBody("民转刑风险纠纷(接报)");
        kase.put("linkedDispute", dispute);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(kase)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201);
        long reports = count(db, "SELECT count(*) FROM case_report");
        long cases = count(db, "SELECT count(*) FROM joint_case");
        Map<String, Object> r =
                report(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> matter = (Map<String, Object>) r.get("matter");
        matter.put("linkedDispute", dispute);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(r)
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(reports, count(db, "SELECT count(*) FROM case_report"));
        assertEquals(cases, count(db, "SELECT count(*) FROM joint_case"));
        assertEquals(1, count(db, "SELECT count(*) FROM joint_case WHERE linked_dispute = ?::uuid", dispute));
    }

    @Test
    void theFirstBureauOfAHandedOverCaseIsNoHelperInTheStatistics() {
        // solved in 2019 (no other test's rows there): Pucheng took part by the transfer, Guangfeng helped
        Instant solved = OffsetDateTime.parse("2019-03-10T10:00:00+08:00").toInstant();
        kase(J, 3, solved, P, "ACCEPTED", "transfer", G, "ACCEPTED", "王警官");
        JsonPath s = home("commander")
                .queryParam("from", "2019-01-01")
                .queryParam("to", "2019-07-01")
                .when()
                .get("/api/v1/case-statistics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> assisted = new ArrayList<>();
        List<Map<String, Object>> rows = s.getList("assistedSolved");
        rows.forEach(a -> assisted.add(a.get("jurisdiction") + ":" + a.get("cases")));
        assertEquals(List.of(G + ":1"), assisted);
    }

    /** A new case of {@code origin} naming {@code predecessor} and saying Jiangshan accepted it, delivered. */
    Outcome continuation(String origin, String id, long version, UUID predecessor, String predecessorOrigin) {
        return PartnerCaseRulesTest.deliver(
                        origin, continuationEvent(origin, id, version, predecessor, predecessorOrigin))
                .getResults(0)
                .getOutcome();
    }

    ReplicationEvent continuationEvent(
            String origin, String id, long version, UUID predecessor, String predecessorOrigin) {
        CaseProto.JointCase payload = PartnerCaseRulesTest.valid(id).toBuilder()
                .setOrigin(origin)
                .setNumber("%s-2026-%06d".formatted(origin, sequence++))
                .setParticipants(
                        0,
                        CaseProto.Participant.newBuilder()
                                .setJurisdiction(J)
                                .setState(CaseProto.ParticipantState.ACCEPTED)
                                .setInvitedAt(PartnerCaseRulesTest.at(Instant.now()))
                                .setAnsweredAt(PartnerCaseRulesTest.at(Instant.now()))
                                .setAnsweredBy("编造的民警"))
                .build();
        return PartnerCaseRulesTest.event(origin, TYPE, id, version, payload).toBuilder()
                .setPredecessor(
                        RecordRef.newBuilder().setOrigin(predecessorOrigin).setRecordId(predecessor.toString()))
                .build();
    }

    /** Pucheng's acceptance of our offer, naming its successor. */
    static ReplicationEvent acceptance(UUID offerId, String successor) {
        return PartnerCaseRulesTest.event(
                P,
                Transfers.answerType(TYPE),
                offerId.toString(),
                1,
                TransferAnswer.newBuilder()
                        .setDecision(Decision.ACCEPTED)
                        .setSuccessorId(successor)
                        .build());
    }

    /**
     * The successor and the answer that closes our offer in one batch, in either order: the one
     * that comes second confirms the link, and the successor carries our acceptance; our case is
     * closed naming it.
     */
    @Test
    void theSuccessorAndTheAnswerInOneBatchCarryOurAcceptanceOverInEitherOrder() {
        for (boolean successorFirst : List.of(true, false)) {
            UUID ours = kase(J, 2, null, P, "ACCEPTED", "李警官");
            UUID offerId = offer(J, ours, 2, P, J, P);
            String next = RecordIds.create(P).toString();
            ReplicationEvent successor = continuationEvent(P, next, 1, ours, J);
            ReplicationEvent answer = acceptance(offerId, next);
            DeliveryAck ack = successorFirst
                    ? PartnerCaseRulesTest.deliver(P, successor, answer)
                    : PartnerCaseRulesTest.deliver(P, answer, successor);
            assertEquals(2, ack.getResultsCount(), ack.toString());
            ack.getResultsList().forEach(r -> assertEquals(Outcome.APPLIED, r.getOutcome(), ack.toString()));
            assertEquals("ACCEPTED", ourState(next), "successor first: " + successorFirst);
            assertEquals(
                    1,
                    count(
                            db,
                            "SELECT count(*) FROM federation.transfer_offer WHERE origin = ? AND offer_id = ?"
                                    + " AND decision = 'ACCEPTED' AND successor_id = ? AND closed_at IS NOT NULL",
                            J,
                            offerId,
                            next),
                    "successor first: " + successorFirst);
        }
    }

    String number(UUID caseId) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT case_number FROM joint_case WHERE id = ?")) {
            s.setObject(1, caseId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String ourState(String caseId) {
        List<String> rows = participants(UUID.fromString(caseId));
        return rows.stream()
                .filter(r -> r.startsWith(J + ":"))
                .map(r -> r.substring(J.length() + 1))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aPredecessorNamedWithoutATransferDoesNotAnswerForUs() {
        // our case, Pucheng a participant, never offered to it: Pucheng's "continuation" leaves us invited
        UUID ours = kase(J, 2, null, P, "ACCEPTED", "李警官");
        String forged = RecordIds.create(P).toString();
        assertEquals(Outcome.APPLIED, continuation(P, forged, 1, ours, J));
        assertEquals("INVITED", ourState(forged));
        // nor does an offer of it to another jurisdiction
        offer(J, ours, 2, G, J, P, G);
        String again = RecordIds.create(P).toString();
        assertEquals(Outcome.APPLIED, continuation(P, again, 1, ours, J));
        assertEquals("INVITED", ourState(again));
        // a partner's case we accepted that its origin never handed to Pucheng
        UUID theirs = kase(G, 3, null, J, "ACCEPTED", "张警官", P, "ACCEPTED", "王警官");
        String claimed = RecordIds.create(P).toString();
        assertEquals(Outcome.APPLIED, continuation(P, claimed, 1, theirs, G));
        assertEquals("INVITED", ourState(claimed));
        // we are no 协助破获 helper of it and may answer ourselves
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "DECLINE", "reason", "未参与移交"))
                .when()
                .post("/api/v1/cases/" + forged + "/participation")
                .then()
                .statusCode(200);
    }

    @Test
    void aTransferCarriesOurAcceptanceOverOnceBothEndsNameEachOther() {
        // our case offered to Pucheng: its successor may come before Pucheng's answer, and while
        // the offer is open Pucheng could name our case from any number of its cases
        UUID ours = kase(J, 2, null, P, "ACCEPTED", "李警官");
        UUID offerId = offer(J, ours, 2, P, J, P);
        String next = RecordIds.create(P).toString();
        String another = RecordIds.create(P).toString();
        assertEquals(Outcome.APPLIED, continuation(P, next, 1, ours, J));
        assertEquals(Outcome.APPLIED, continuation(P, another, 1, ours, J));
        assertEquals("INVITED", ourState(next));
        assertEquals("INVITED", ourState(another));
        // Pucheng's answer closes the offer with its successor: that one case, not the other
        exec(
                "UPDATE federation.transfer_offer SET decision = 'ACCEPTED', successor_id = ?, answered_at = now()"
                        + " WHERE origin = ? AND offer_id = ?",
                next,
                J,
                offerId);
        QuarkusTransaction.requiringNew()
                .run(() -> caseTransfers.close(
                        ours.toString(),
                        RecordRef.newBuilder().setOrigin(P).setRecordId(next).build()));
        exec("UPDATE federation.transfer_offer SET closed_at = now() WHERE origin = ? AND offer_id = ?", J, offerId);
        assertEquals("ACCEPTED", ourState(next));
        assertEquals("INVITED", ourState(another));
        // an answer naming a case of Pucheng's that does not continue ours: nothing carried over
        UUID offeredToo = kase(J, 2, null, P, "ACCEPTED", "李警官");
        UUID unrelatedOffer = offer(J, offeredToo, 2, P, J, P);
        UUID unrelated = kase(P, 1, null, J, "INVITED", null);
        exec(
                "UPDATE federation.transfer_offer SET decision = 'ACCEPTED', successor_id = ?, answered_at = now()"
                        + " WHERE origin = ? AND offer_id = ?",
                unrelated.toString(),
                J,
                unrelatedOffer);
        QuarkusTransaction.requiringNew()
                .run(() -> caseTransfers.close(
                        offeredToo.toString(),
                        RecordRef.newBuilder()
                                .setOrigin(P)
                                .setRecordId(unrelated.toString())
                                .build()));
        assertEquals("INVITED", ourState(unrelated.toString()));
        // a successor that comes after the answer: the closed offer confirms it at once
        UUID handed = kase(J, 2, null, P, "ACCEPTED", "李警官");
        UUID closedOffer = offer(J, handed, 2, P, J, P);
        String later = RecordIds.create(P).toString();
        exec(
                "UPDATE federation.transfer_offer SET decision = 'ACCEPTED', successor_id = ?, answered_at = now(),"
                        + " closed_at = now() WHERE origin = ? AND offer_id = ?",
                later,
                J,
                closedOffer);
        assertEquals(Outcome.APPLIED, continuation(P, later, 1, handed, J));
        assertEquals("ACCEPTED", ourState(later));
        // Guangfeng's case we accepted, handed to Pucheng: closed here first, then the successor
        UUID closed = kase(G, 3, null, J, "ACCEPTED", "张警官");
        String after = RecordIds.create(P).toString();
        exec(
                "UPDATE federation.replica_state SET successor_origin = ?, successor_id = ?"
                        + " WHERE origin = ? AND record_type = ? AND record_id = ?",
                P,
                after,
                G,
                TYPE,
                closed.toString());
        assertEquals(Outcome.APPLIED, continuation(P, after, 1, closed, G));
        assertEquals("ACCEPTED", ourState(after));
    }

    @Test
    void theSuccessorBeforeTheClosingEventLeavesUsInvitedUntilTheClosingEventComes() {
        UUID theirs = kase(G, 3, null, J, "ACCEPTED", "张警官");
        String next = RecordIds.create(P).toString();
        assertEquals(Outcome.APPLIED, continuation(P, next, 1, theirs, G));
        assertEquals("INVITED", ourState(next));
        // Guangfeng's final version names Pucheng's case: the link is confirmed, our acceptance carries over
        String number = number(theirs);
        CaseProto.JointCase last = PartnerCaseRulesTest.valid(theirs.toString()).toBuilder()
                .setOrigin(G)
                .setNumber(number)
                .setParticipants(
                        0,
                        CaseProto.Participant.newBuilder()
                                .setJurisdiction(J)
                                .setState(CaseProto.ParticipantState.ACCEPTED)
                                .setInvitedAt(PartnerCaseRulesTest.at(Instant.now()))
                                .setAnsweredAt(PartnerCaseRulesTest.at(Instant.now()))
                                .setAnsweredBy("张警官"))
                .build();
        ReplicationEvent closing = PartnerCaseRulesTest.event(G, TYPE, theirs.toString(), 4, last).toBuilder()
                .setSuccessor(RecordRef.newBuilder().setOrigin(P).setRecordId(next))
                .build();
        assertEquals(
                Outcome.APPLIED,
                PartnerCaseRulesTest.deliver(G, closing).getResults(0).getOutcome());
        assertEquals("ACCEPTED", ourState(next));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = ?"
                                + " AND answered_by = '张警官'",
                        next,
                        J));
    }

    @Test
    void aPredecessorThatIsNoCaseIdIsRefused() {
        String id = RecordIds.create(P).toString();
        ReplicationEvent e = PartnerCaseRulesTest.event(P, TYPE, id, 1, PartnerCaseRulesTest.valid(id)).toBuilder()
                .setPredecessor(RecordRef.newBuilder().setOrigin(J).setRecordId("not-a-case-id"))
                .build();
        DeliveryAck ack = PartnerCaseRulesTest.deliver(P, e);
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertTrue(ack.getResults(0).toString().contains("predecessor.record_id"), ack.toString());
        assertEquals(0, count(db, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id));
    }
}
