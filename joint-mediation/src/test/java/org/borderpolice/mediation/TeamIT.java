package org.borderpolice.mediation;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.protobuf.Timestamp;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A land-boundary dispute between a Jiangshan and a Pucheng village mediated by a joint team at
 * the 三山 centre, across the module's federation of real processes: each side's mediators reach
 * the other's directory, the team and its session reach Pucheng, and Pucheng's mediator's note
 * and attendance come back to Jiangshan as Pucheng's records; Guangfeng learns nothing. Forged
 * events of the mediator, team, session, note and attendance records are refused and store nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamIT {

    static final String CENTRE = "三山边界社会治理中心";

    MediationFederation j;

    @BeforeAll
    void federation() {
        j = MediationFederation.shared();
    }

    /** A user {@code subject} of {@code code} at its own service. */
    RequestSpecification user(String code, String subject, String... roles) {
        return j.user(code, subject, roles);
    }

    static Map<String, Object> landBoundary() {
        return landBoundary("江山浦城两村山林界址纠纷（联合调解）", PUCHENG);
    }

    /** A land-boundary dispute of Jiangshan's villagers with a village committee of {@code respondentJurisdiction}. */
    static Map<String, Object> landBoundary(String title, String respondentJurisdiction) {
        Map<String, Object> applicant = new HashMap<>();
        applicant.put("kind", "PERSON");
        applicant.put("role", "APPLICANT");
        applicant.put("name", "毛某");
        applicant.put("jurisdiction", JIANGSHAN);
        Map<String, Object> respondent = new HashMap<>();
        respondent.put("kind", "ORGANISATION");
        respondent.put("role", "RESPONDENT");
        respondent.put("name", PUCHENG.equals(respondentJurisdiction) ? "浦城县某村村民委员会" : "某村村民委员会");
        respondent.put("jurisdiction", respondentJurisdiction);
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", title);
        body.put("description", "江山市廿八都镇某村与浦城县某村因山林边界界桩位置发生争执。");
        body.put("place", CENTRE);
        body.put("countyCode", JIANGSHAN);
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new java.math.BigDecimal("86000.50"));
        body.put("riskLevel", "MEDIUM");
        body.put("riskReasons", List.of("双方村民多次现场对峙"));
        body.put("consent", true);
        body.put("parties", List.of(applicant, respondent));
        return body;
    }

    @Test
    void theDirectorysAuditNamesThePageReturnedNotTheRowFetchedToKnowThereIsMore() {
        // the two newest of Jiangshan's mediators: a page of one, and the one after it
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> registered = List.of(
                j.mediator(JIANGSHAN, "COMMUNITY", "审计分页调解员甲", "js-audit-page-a-" + suffix),
                j.mediator(JIANGSHAN, "COMMUNITY", "审计分页调解员乙", "js-audit-page-b-" + suffix));
        JsonPath first = ourMediators(null);
        List<String> shown = first.getList("items.id");
        assertEquals(1, shown.size());
        assertTrue(registered.contains(shown.get(0)), shown + " is one of " + registered);
        String other = registered.get(registered.indexOf(shown.get(0)) == 0 ? 1 : 0);
        String audited = lastMediatorList();
        assertTrue(audited.endsWith(": [" + shown.get(0) + "]"), audited);
        assertFalse(audited.contains(other), "fetched only to know there is a next page, not read: " + audited);
        // the cursor still leads to it
        JsonPath second = ourMediators(first.getString("next"));
        assertEquals(List.of(other), second.getList("items.id"));
        audited = lastMediatorList();
        assertTrue(audited.endsWith(": [" + other + "]"), audited);
    }

    JsonPath ourMediators(String cursor) {
        RequestSpecification request =
                j.home(JIANGSHAN, "commander").queryParam("origin", JIANGSHAN).queryParam("limit", 1);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.when()
                .get("/api/v1/mediators")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The detail of Jiangshan's newest mediator.list entry. */
    String lastMediatorList() {
        try (var c = j.db(JIANGSHAN).connect();
                var ps = c.prepareStatement("SELECT detail FROM federation.audit_log WHERE action = 'mediator.list'"
                        + " ORDER BY seq DESC LIMIT 1");
                var rs = ps.executeQuery()) {
            assertTrue(rs.next(), "a mediator.list entry at Jiangshan");
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aJointTeamOfBothSidesMediatesAndPuchengsNotesAndAttendanceComeBack() {
        String js = j.mediator(JIANGSHAN, "POLICE", "江山民警", "js-team-mediator");
        String pc = j.mediator(PUCHENG, "JUDICIAL_OFFICE", "浦城司法所调解员", "pc-team-mediator");
        j.await(
                "Pucheng's mediator in Jiangshan's directory",
                () -> j.home(JIANGSHAN, "mediator")
                                .when()
                                .get("/api/v1/mediators/" + pc)
                                .statusCode()
                        == 200);
        String dispute = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(landBoundary())
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String base = "/api/v1/disputes/" + dispute;
        j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("mediators", List.of(js, pc)))
                .when()
                .put(base + "/team")
                .then()
                .statusCode(200);
        String session = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "startsAt", "2026-12-20T09:00:00+08:00",
                        "endsAt", "2026-12-20T11:00:00+08:00",
                        "mode", "OFFLINE",
                        "place", CENTRE,
                        "mediators", List.of(js, pc)))
                .when()
                .post(base + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.await(
                "the team and the session at Pucheng",
                () -> j.statusAt(PUCHENG, base + "/team") == 200
                        && j.read(PUCHENG, base + "/sessions").getList("id").contains(session));
        assertEquals(2, j.read(PUCHENG, base + "/team").getList("members").size());

        // Pucheng's mediator writes at home, and records their own attendance
        user(PUCHENG, "pc-team-mediator", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "浦城方村委同意以1987年界桩为准重新勘界。"))
                .when()
                .post(base + "/sessions/" + session + "/notes")
                .then()
                .statusCode(201);
        user(PUCHENG, "pc-team-mediator", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("kind", "MEDIATOR", "attendee", pc, "present", true))))
                .when()
                .put(base + "/sessions/" + session + "/attendance")
                .then()
                .statusCode(200);

        j.await(
                "Pucheng's note at Jiangshan",
                () -> user(JIANGSHAN, "js-team-mediator", "mediator")
                        .when()
                        .get(base + "/sessions/" + session + "/notes")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("authorJurisdiction")
                        .contains(PUCHENG));
        j.await(
                "Pucheng's attendance at Jiangshan",
                () -> j.read(JIANGSHAN, base + "/sessions/" + session + "/attendance")
                        .getList("jurisdiction")
                        .contains(PUCHENG));
        JsonPath attendance = j.read(JIANGSHAN, base + "/sessions/" + session + "/attendance");
        assertEquals(pc, attendance.getString("find { it.jurisdiction == '" + PUCHENG + "' }.attendee"));

        // Guangfeng is not involved: nothing of the team or the session at its service
        assertEquals(404, j.statusAt(GUANGFENG, base + "/team"));
        assertEquals(404, j.statusAt(GUANGFENG, base + "/sessions"));
    }

    /** What a forged event may not do at Jiangshan: each is REJECTED and stores nothing. */
    void rejected(String from, org.borderpolice.federation.proto.replication.v1.ReplicationEvent event) {
        DeliveryAck ack = j.deliver(from, JIANGSHAN, event);
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), event.getRecordType() + ": " + ack);
    }

    void applied(String from, org.borderpolice.federation.proto.replication.v1.ReplicationEvent event) {
        DeliveryAck ack = j.deliver(from, JIANGSHAN, event);
        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), event.getRecordType() + ": " + ack);
    }

    @Test
    void forgedMediatorTeamSessionNoteAndAttendanceEventsAreRefused() {
        String js = j.mediator(JIANGSHAN, "POLICE", "江山民警(伪造测试)", "js-forgery-mediator");
        String pc = j.mediator(PUCHENG, "JUDICIAL_OFFICE", "浦城调解员(伪造测试)", "pc-forgery-mediator");
        j.await(
                "Pucheng's mediator in Jiangshan's directory",
                () -> j.home(JIANGSHAN, "mediator")
                                .when()
                                .get("/api/v1/mediators/" + pc)
                                .statusCode()
                        == 200);
        Map<String, Object> body = landBoundary();
        body.put("title", "伪造事件测试纠纷");
        String dispute = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String base = "/api/v1/disputes/" + dispute;
        j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("mediators", List.of(js, pc)))
                .when()
                .put(base + "/team")
                .then()
                .statusCode(200);
        String session = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "startsAt", "2027-01-20T09:00:00+08:00",
                        "endsAt", "2027-01-20T11:00:00+08:00",
                        "mode", "OFFLINE",
                        "place", CENTRE,
                        "mediators", List.of(js, pc)))
                .when()
                .post(base + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Timestamp now = MediationFederation.now();
        List<String> toJiangshan = List.of(JIANGSHAN);

        // mediation.mediator: Guangfeng's own is taken; one in Pucheng's name, one over the limits,
        // and a change of Jiangshan's mediator are not
        String gfMediator = RecordIds.create(GUANGFENG).toString();
        TeamProto.Mediator mediator = TeamProto.Mediator.newBuilder()
                .setId(gfMediator)
                .setOrigin(GUANGFENG)
                .setKind(TeamProto.MediatorKind.COMMUNITY)
                .setName("广丰老娘舅")
                .setUnit("广丰区某乡调委会")
                .addLanguages("zh")
                .setActive(true)
                .setUpdatedAt(now)
                .build();
        String pcMediator = RecordIds.create(PUCHENG).toString();
        rejected(
                GUANGFENG,
                MediationFederation.upsert(
                        GUANGFENG,
                        "mediation.mediator",
                        pcMediator,
                        1,
                        List.of(GUANGFENG, JIANGSHAN),
                        mediator.toBuilder()
                                .setId(pcMediator)
                                .setOrigin(PUCHENG)
                                .build()));
        rejected(
                GUANGFENG,
                MediationFederation.upsert(
                        GUANGFENG,
                        "mediation.mediator",
                        gfMediator,
                        1,
                        List.of(GUANGFENG, JIANGSHAN),
                        mediator.toBuilder().setName("长".repeat(101)).build()));
        rejected(
                GUANGFENG,
                MediationFederation.upsert(
                        GUANGFENG,
                        "mediation.mediator",
                        js,
                        9,
                        List.of(GUANGFENG, JIANGSHAN),
                        mediator.toBuilder().setId(js).build()));
        assertEquals(
                0,
                j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM mediator WHERE id IN (?::uuid, ?::uuid)",
                        gfMediator,
                        pcMediator));
        assertEquals("江山民警(伪造测试)", j.read(JIANGSHAN, "/api/v1/mediators/" + js).getString("name"));
        applied(
                GUANGFENG,
                MediationFederation.upsert(
                        GUANGFENG, "mediation.mediator", gfMediator, 1, List.of(GUANGFENG, JIANGSHAN), mediator));

        // mediation.team and mediation.session of Jiangshan's dispute, sent by Pucheng: not Pucheng's
        rejected(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.team",
                        dispute,
                        9,
                        List.of(PUCHENG, JIANGSHAN),
                        TeamProto.Team.newBuilder()
                                .setDisputeId(dispute)
                                .setDisputeOrigin(PUCHENG)
                                .addMembers(TeamProto.TeamMember.newBuilder()
                                        .setMediatorId(pc)
                                        .setMediatorOrigin(PUCHENG)
                                        .setAddedAt(now))
                                .setUpdatedAt(now)
                                .build()));
        String forgedSession = RecordIds.create(PUCHENG).toString();
        rejected(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.session",
                        forgedSession,
                        1,
                        List.of(PUCHENG, JIANGSHAN),
                        TeamProto.Session.newBuilder()
                                .setId(forgedSession)
                                .setDisputeId(dispute)
                                .setDisputeOrigin(PUCHENG)
                                .setStartsAt(now)
                                .setEndsAt(Timestamp.newBuilder().setSeconds(now.getSeconds() + 3600))
                                .setMode(TeamProto.SessionMode.ONLINE)
                                .addMediatorIds(js)
                                .setStatus(TeamProto.SessionStatus.SCHEDULED)
                                .setUpdatedAt(now)
                                .build()));
        assertEquals(2, j.read(JIANGSHAN, base + "/team").getList("members").size());
        assertEquals(0, j.rows(JIANGSHAN, "SELECT count(*) FROM mediation_session WHERE id = ?::uuid", forgedSession));

        // mediation.session-note: Guangfeng is not on the team; Pucheng writes as Jiangshan's
        // mediator; a note over the limit. Pucheng's own mediator's note is taken.
        TeamProto.SessionNote.Builder note = TeamProto.SessionNote.newBuilder()
                .setSessionId(session)
                .setDisputeId(dispute)
                .setDisputeOrigin(JIANGSHAN)
                .setAuthor("pc-forgery-mediator")
                .setText("浦城方同意重新勘界。")
                .setWrittenAt(now);
        String gfNote = RecordIds.create(GUANGFENG).toString();
        rejected(
                GUANGFENG,
                MediationFederation.upsert(
                        GUANGFENG,
                        "mediation.session-note",
                        gfNote,
                        1,
                        toJiangshan,
                        note.clone()
                                .setId(gfNote)
                                .setAuthorJurisdiction(GUANGFENG)
                                .setMediatorId(pc)
                                .build()));
        String asJiangshan = RecordIds.create(PUCHENG).toString();
        rejected(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.session-note",
                        asJiangshan,
                        1,
                        toJiangshan,
                        note.clone()
                                .setId(asJiangshan)
                                .setAuthorJurisdiction(PUCHENG)
                                .setMediatorId(js)
                                .build()));
        String tooLong = RecordIds.create(PUCHENG).toString();
        rejected(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.session-note",
                        tooLong,
                        1,
                        toJiangshan,
                        note.clone()
                                .setId(tooLong)
                                .setAuthorJurisdiction(PUCHENG)
                                .setMediatorId(pc)
                                .setText("界".repeat(8001))
                                .build()));
        assertEquals(0, j.rows(JIANGSHAN, "SELECT count(*) FROM session_note WHERE session_id = ?::uuid", session));
        String fine = RecordIds.create(PUCHENG).toString();
        applied(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.session-note",
                        fine,
                        1,
                        toJiangshan,
                        note.clone()
                                .setId(fine)
                                .setAuthorJurisdiction(PUCHENG)
                                .setMediatorId(pc)
                                .build()));

        // mediation.attendance: Guangfeng's for a dispute not shared with it; Pucheng recording
        // Jiangshan's mediator; a remark over the limit
        TeamProto.Attendance.Builder attendance = TeamProto.Attendance.newBuilder()
                .setSessionId(session)
                .setDisputeId(dispute)
                .setDisputeOrigin(JIANGSHAN)
                .setAttendeeKind(TeamProto.AttendeeKind.MEDIATOR)
                .setPresent(true)
                .setRecordedBy("pc-forgery-mediator")
                .setRecordedAt(now);
        UUID sessionId = UUID.fromString(session);
        rejected(
                GUANGFENG,
                MediationFederation.upsert(
                        GUANGFENG,
                        "mediation.attendance",
                        SessionAttendance.recordId(sessionId, pc),
                        1,
                        toJiangshan,
                        attendance
                                .clone()
                                .setJurisdiction(GUANGFENG)
                                .setAttendee(pc)
                                .build()));
        rejected(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.attendance",
                        SessionAttendance.recordId(sessionId, js),
                        1,
                        toJiangshan,
                        attendance
                                .clone()
                                .setJurisdiction(PUCHENG)
                                .setAttendee(js)
                                .build()));
        rejected(
                PUCHENG,
                MediationFederation.upsert(
                        PUCHENG,
                        "mediation.attendance",
                        SessionAttendance.recordId(sessionId, pc),
                        1,
                        toJiangshan,
                        attendance
                                .clone()
                                .setJurisdiction(PUCHENG)
                                .setAttendee(pc)
                                .setRemark("迟".repeat(SessionAttendance.REMARK + 1))
                                .build()));
        assertEquals(
                0, j.rows(JIANGSHAN, "SELECT count(*) FROM session_attendance WHERE session_id = ?::uuid", session));
    }
}
