package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.common.v1.SubjectKind;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A partner's case as Jiangshan receives it (Jiangshan a participant): every payload our own
 * users could not have made is refused field by field and stores nothing; a valid one is held
 * and visible to our users; only its origin changes or drops it.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class PartnerCaseRulesTest {

    @Inject
    AgroalDataSource db;

    static Timestamp at(Instant i) {
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }

    static CaseProto.JointCase valid(String id) {
        Timestamp now = at(Instant.now());
        return CaseProto.JointCase.newBuilder()
                .setId(id)
                .setOrigin(PUCHENG)
                .setNumber(PUCHENG + "-2026-000007")
                .setCategory(CaseProto.CaseCategory.SMUGGLING)
                .setStatus(CaseProto.CaseStatus.INVESTIGATING)
                .setTitle("浦城走私案")
                .setSummary("经205国道走私香烟。")
                .setCountyCode("350722")
                .setTownship("仙阳镇")
                .setLeadUnit("浦城县公安局刑侦大队")
                .setLossAmount("88000.10")
                .setRecoveredAmount("0.00")
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .setStatusChangedAt(now)
                .addSubjects(CaseProto.CaseSubject.newBuilder()
                        .setSubject(Subject.newBuilder()
                                .setKind(SubjectKind.VEHICLE)
                                .setValue("闽H12345"))
                        .setRole(CaseProto.SubjectRole.SUSPECT))
                .addParticipants(CaseProto.Participant.newBuilder()
                        .setJurisdiction(SELF)
                        .setState(CaseProto.ParticipantState.INVITED)
                        .setInvitedAt(now))
                .build();
    }

    static ReplicationEvent event(String origin, String type, String id, long version, Message payload) {
        ReplicationEvent.Builder e = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(origin)
                .setRecordType(type)
                .setRecordId(id)
                .setVersion(version)
                .setOccurredAt(at(Instant.now()))
                .addAllDistribution(List.of(origin, SELF));
        if (payload == null) {
            e.setTombstone(true);
        } else {
            e.setPayload(Any.pack(payload));
        }
        return e.build();
    }

    static DeliveryAck deliver(String from, ReplicationEvent... events) {
        try (ReplicationClient client = new ReplicationClient(JurisdictionTestResource.port())) {
            return client.deliver(
                    JurisdictionTestResource.issuer(from)
                            .token(SELF)
                            .roles("peer")
                            .sign(),
                    events);
        }
    }

    long held(String id) {
        return Callers.count(db, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id);
    }

    @Test
    void aPartnersCaseIsCheckedFieldByFieldAndOnlyItsOriginChangesIt() {
        String id = RecordIds.create(PUCHENG).toString();
        List<UnaryOperator<CaseProto.JointCase.Builder>> bad = List.of(
                b -> b.setLossAmount("-1.00"),
                b -> b.setLossAmount("1.234"),
                b -> b.setRecoveredAmount("1e5"),
                b -> b.setCountyCode("990000"),
                b -> b.setNumber(GUANGFENG + "-2026-000007"),
                b -> b.setNumber("350722-26-7"),
                b -> b.setStatus(CaseProto.CaseStatus.DRAFT),
                b -> b.setCategory(CaseProto.CaseCategory.CASE_CATEGORY_UNSPECIFIED),
                b -> b.setTitle("两行\n标题"),
                b -> b.setSummary(""),
                b -> b.setTitle("\u0000"),
                b -> b.setOrigin(GUANGFENG),
                b -> b.setId(RecordIds.create(PUCHENG).toString()),
                // the linked dispute (民转刑) must be a dispute the origin created, in canonical form
                b -> b.setLinkedDispute(RecordIds.create(GUANGFENG).toString()),
                b -> b.setLinkedDispute(RecordIds.create(PUCHENG).toString().toUpperCase()),
                b -> b.setLinkedDispute("纠纷"),
                b -> b.clearCreatedAt(),
                b -> b.setOccurredAt(Timestamp.newBuilder().setSeconds(-9_000_000_000L)),
                b -> b.setSubjects(
                        0,
                        CaseProto.CaseSubject.newBuilder()
                                .setSubject(Subject.newBuilder()
                                        .setKind(SubjectKind.PERSON)
                                        .setValue("123"))
                                .setRole(CaseProto.SubjectRole.SUSPECT)),
                b -> b.setSubjects(
                        0,
                        CaseProto.CaseSubject.newBuilder()
                                .setSubject(Subject.newBuilder()
                                        .setKind(SubjectKind.VEHICLE)
                                        .setValue("闽h12345"))
                                .setRole(CaseProto.SubjectRole.SUSPECT)),
                b -> b.setParticipants(
                        0,
                        CaseProto.Participant.newBuilder()
                                .setJurisdiction(GUANGFENG)
                                .setState(CaseProto.ParticipantState.INVITED)
                                .setInvitedAt(at(Instant.now()))));
        for (UnaryOperator<CaseProto.JointCase.Builder> change : bad) {
            CaseProto.JointCase m = change.apply(valid(id).toBuilder()).build();
            DeliveryAck ack = deliver(PUCHENG, event(PUCHENG, "cases.case", id, 1, m));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), m + " -> " + ack);
        }
        // an id Pucheng did not create
        String notTheirs = RecordIds.create(GUANGFENG).toString();
        assertEquals(
                Outcome.REJECTED,
                deliver(PUCHENG, event(PUCHENG, "cases.case", notTheirs, 1, valid(notTheirs)))
                        .getResults(0)
                        .getOutcome());
        assertEquals(0, held(id));
        assertEquals(0, held(notTheirs));

        String dispute = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        id,
                                        1,
                                        valid(id).toBuilder()
                                                .setLinkedDispute(dispute)
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .body("origin", equalTo(PUCHENG))
                .body("linkedDispute", equalTo(dispute))
                .body("lossAmount", equalTo(88000.10f))
                .body("participants[0].state", equalTo("INVITED"));
        assertEquals(
                1,
                Callers.count(db, "SELECT count(*) FROM joint_case WHERE id = ?::uuid AND loss_amount = 88000.10", id));
        // one case per escalated dispute at its origin: another Pucheng case naming the same dispute is refused
        String second = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.REJECTED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        second,
                                        1,
                                        valid(second).toBuilder()
                                                .setNumber(PUCHENG + "-2026-000008")
                                                .setLinkedDispute(dispute)
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(0, held(second));
        // another dispute: that case is taken
        String third = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        third,
                                        1,
                                        valid(third).toBuilder()
                                                .setNumber(PUCHENG + "-2026-000009")
                                                .setLinkedDispute(RecordIds.create(PUCHENG)
                                                        .toString())
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(1, held(third));
        // Guangfeng may neither change nor drop Pucheng's case here
        assertEquals(
                Outcome.REJECTED,
                deliver(
                                GUANGFENG,
                                event(
                                        GUANGFENG,
                                        "cases.case",
                                        id,
                                        2,
                                        valid(id).toBuilder()
                                                .setOrigin(GUANGFENG)
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(
                Outcome.REJECTED,
                deliver(GUANGFENG, event(GUANGFENG, "cases.case", id, 2, null))
                        .getResults(0)
                        .getOutcome());
        assertEquals(1, held(id));
        // its origin drops it: the case and its participants go
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.case", id, 2, null))
                        .getResults(0)
                        .getOutcome());
        assertEquals(0, held(id));
        assertEquals(0, Callers.count(db, "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid", id));
        home("analyst").when().get("/api/v1/cases/" + id).then().statusCode(404);
    }

    @Test
    void theOriginInvitesOrRemovesUsButNeverAnswersForUs() {
        String id = RecordIds.create(PUCHENG).toString();
        UnaryOperator<CaseProto.JointCase.Builder> acceptedForUs = b -> b.setParticipants(
                0,
                CaseProto.Participant.newBuilder()
                        .setJurisdiction(SELF)
                        .setState(CaseProto.ParticipantState.ACCEPTED)
                        .setInvitedAt(at(Instant.now()))
                        .setAnsweredAt(at(Instant.now()))
                        .setAnsweredBy("浦城编造的民警")
                        .setAnswerVersion(1));
        // a new case that says we accepted it: held, but we are only invited
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        id,
                                        1,
                                        acceptedForUs
                                                .apply(valid(id).toBuilder())
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        String ours = "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = '" + SELF
                + "' AND state = 'INVITED' AND answered_by IS NULL AND answer_version = 0";
        assertEquals(1, Callers.count(db, ours, id));
        // and a later version of a case we hold as invited: our row stays as we left it
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        id,
                                        2,
                                        acceptedForUs
                                                .apply(valid(id).toBuilder())
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(1, Callers.count(db, ours, id));
        home("analyst")
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .body("participants[0].state", equalTo("INVITED"));
    }

    @Test
    void anAnswerVersionOurNextAnswerCannotFollowIsRefused() {
        // 2^63-1, and 2^64-1 (uint64) as Java reads it: -1
        for (long version : new long[] {Long.MAX_VALUE, -1L, CaseFields.ANSWER_VERSIONS}) {
            String id = RecordIds.create(PUCHENG).toString();
            CaseProto.JointCase m = valid(id).toBuilder()
                    .setParticipants(
                            0,
                            CaseProto.Participant.newBuilder()
                                    .setJurisdiction(SELF)
                                    .setState(CaseProto.ParticipantState.INVITED)
                                    .setInvitedAt(at(Instant.now()))
                                    .setAnswerVersion(version))
                    .build();
            DeliveryAck ack = deliver(PUCHENG, event(PUCHENG, "cases.case", id, 1, m));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), version + " -> " + ack);
            assertTrue(ack.toString().contains("participants.answer_version"), ack.toString());
            assertEquals(0, held(id));
        }
        // another participant's row echoes its own answer, whatever its version: the bound is ours
        String id = RecordIds.create(PUCHENG).toString();
        CaseProto.JointCase m = valid(id).toBuilder()
                .setNumber(PUCHENG + "-2026-000031")
                .addParticipants(CaseProto.Participant.newBuilder()
                        .setJurisdiction(GUANGFENG)
                        .setState(CaseProto.ParticipantState.ACCEPTED)
                        .setInvitedAt(at(Instant.now().minusSeconds(60)))
                        .setAnsweredAt(at(Instant.now()))
                        .setAnsweredBy("广丰刑侦 王警官")
                        .setAnswerVersion(CaseFields.ANSWER_VERSIONS))
                .build();
        DeliveryAck ack = deliver(PUCHENG, event(PUCHENG, "cases.case", id, 1, m));
        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(1, held(id));
    }

    @Test
    void anAnswerVersionStoredWithoutSuccessorIsAConflictNotAnError() {
        String id = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        id,
                                        1,
                                        valid(id).toBuilder()
                                                .setNumber(PUCHENG + "-2026-000010")
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        // as a row taken in before the bound was checked holds it
        try (var c = db.getConnection();
                var update = c.prepareStatement(
                        "UPDATE case_participant SET answer_version = ? WHERE case_id = ?::uuid AND jurisdiction = ?")) {
            update.setLong(1, Long.MAX_VALUE);
            update.setString(2, id);
            update.setString(3, SELF);
            assertEquals(1, update.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .when()
                .post("/api/v1/cases/" + id + "/participation")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(
                1,
                Callers.count(
                        db, "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND state = 'INVITED'", id));
        assertEquals(
                0,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.participation'"
                                + " AND record_id = ?",
                        id + ":" + SELF));
    }

    @Test
    void anEntryBeforeItsCaseIsTakenOnlyForACaseIdItsSenderCreated() {
        java.util.function.Function<String, CaseProto.TimelineEntry> entry =
                caseId -> CaseProto.TimelineEntry.newBuilder()
                        .setId(RecordIds.create(PUCHENG).toString())
                        .setCaseId(caseId)
                        .setCaseOrigin(PUCHENG)
                        .setKind(CaseProto.EntryKind.ENTRY_NOTE)
                        .setAuthorJurisdiction(PUCHENG)
                        .setAuthor("浦城民警")
                        .setText("嫌疑人曾在仙阳镇落脚。")
                        .setOccurredAt(at(Instant.now()))
                        .build();
        // a case id of Guangfeng's that we do not hold yet: Pucheng may not write its timeline
        CaseProto.TimelineEntry planted =
                entry.apply(RecordIds.create(GUANGFENG).toString());
        DeliveryAck ack = deliver(PUCHENG, event(PUCHENG, "cases.timeline-entry", planted.getId(), 1, planted));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertTrue(ack.toString().contains("case_id"), ack.toString());
        assertEquals(
                0, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE id = ?::uuid", planted.getId()));
        // one of its own case's, ahead of the case: kept
        CaseProto.TimelineEntry early = entry.apply(RecordIds.create(PUCHENG).toString());
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.timeline-entry", early.getId(), 1, early))
                        .getResults(0)
                        .getOutcome());
    }

    /**
     * The origin writes our part of its timeline only from what we sent: an entry in our name that
     * is no note of ours nor an answer of ours, or one naming a note of ours it does not carry (which hid
     * the note as delivered), is refused; the note as we wrote it is taken.
     */
    @Test
    void theOriginWritesNothingInOurNameButWhatWeSent() throws java.sql.SQLException {
        String caseId = RecordIds.create(PUCHENG).toString();
        java.util.UUID noteId = RecordIds.create(SELF);
        try (var c = db.getConnection();
                var s = c.prepareStatement("INSERT INTO case_note (id, case_id, case_origin, author_jurisdiction,"
                        + " author, unit, text, written_at) VALUES (?, ?::uuid, ?, ?, '江山民警', '', ?, now())")) {
            s.setObject(1, noteId);
            s.setString(2, caseId);
            s.setString(3, PUCHENG);
            s.setString(4, SELF);
            s.setString(5, "嫌疑人已在本辖区落网。");
            s.executeUpdate();
        }
        CaseProto.TimelineEntry ours = CaseProto.TimelineEntry.newBuilder()
                .setId(RecordIds.create(PUCHENG).toString())
                .setCaseId(caseId)
                .setCaseOrigin(PUCHENG)
                .setKind(CaseProto.EntryKind.ENTRY_NOTE)
                .setAuthorJurisdiction(SELF)
                .setAuthor("江山民警")
                .setText("嫌疑人已在本辖区落网。")
                .setNoteId(noteId.toString())
                .setOccurredAt(at(Instant.now()))
                .build();
        List<CaseProto.TimelineEntry> forged = List.of(
                // words we never wrote, in our name
                ours.toBuilder()
                        .setId(RecordIds.create(PUCHENG).toString())
                        .setText("江山方面同意撤案。")
                        .build(),
                ours.toBuilder()
                        .setId(RecordIds.create(PUCHENG).toString())
                        .clearNoteId()
                        .build(),
                // another's answer, in our name
                ours.toBuilder()
                        .setId(RecordIds.create(PUCHENG).toString())
                        .setKind(CaseProto.EntryKind.ENTRY_DECLINED)
                        .setParticipant(GUANGFENG)
                        .clearNoteId()
                        .build(),
                // an invitation written as if by us
                ours.toBuilder()
                        .setId(RecordIds.create(PUCHENG).toString())
                        .setKind(CaseProto.EntryKind.ENTRY_INVITED)
                        .setParticipant(GUANGFENG)
                        .clearNoteId()
                        .build(),
                // Pucheng's own words, hiding our note as if it were delivered
                ours.toBuilder()
                        .setId(RecordIds.create(PUCHENG).toString())
                        .setAuthorJurisdiction(PUCHENG)
                        .setAuthor("浦城民警")
                        .setText("已阅。")
                        .build());
        for (CaseProto.TimelineEntry e : forged) {
            DeliveryAck ack = deliver(PUCHENG, event(PUCHENG, "cases.timeline-entry", e.getId(), 1, e));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), e.toString());
            assertEquals(
                    0, Callers.count(db, "SELECT count(*) FROM case_timeline_entry WHERE id = ?::uuid", e.getId()));
        }
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.timeline-entry", ours.getId(), 1, ours))
                        .getResults(0)
                        .getOutcome());
    }

    @Test
    void aPartnersNoteNamesOurCaseAsOurs() throws java.sql.SQLException {
        // our case, Pucheng an accepted participant, as the service leaves it
        java.util.UUID caseId = RecordIds.create(SELF);
        Instant now = Instant.now();
        try (var c = db.getConnection()) {
            try (var s = c.prepareStatement("INSERT INTO joint_case (id, origin, case_number, category, status, title,"
                    + " summary, lead_unit, version, created_at, updated_at, status_changed_at)"
                    + " VALUES (?, ?, ?, 'SMUGGLING', 'OPEN', '备注测试', '走私香烟案', '刑侦大队', 2, now(), now(), now())")) {
                s.setObject(1, caseId);
                s.setString(2, SELF);
                s.setString(3, SELF + "-2026-600001");
                s.executeUpdate();
            }
            try (var s = c.prepareStatement("INSERT INTO case_participant (case_id, jurisdiction, state, invited_at,"
                    + " answered_at, answered_by) VALUES (?, ?, 'ACCEPTED', now(), now(), '浦城民警')")) {
                s.setObject(1, caseId);
                s.setString(2, PUCHENG);
                s.executeUpdate();
            }
        }
        java.util.function.Function<String, CaseProto.TimelineNote> note = origin -> CaseProto.TimelineNote.newBuilder()
                .setId(RecordIds.create(PUCHENG).toString())
                .setCaseId(caseId.toString())
                .setCaseOrigin(origin)
                .setAuthorJurisdiction(PUCHENG)
                .setAuthor("浦城民警")
                .setText("已核实车辆去向。")
                .setWrittenAt(at(now))
                .build();
        for (String wrong : List.of(PUCHENG, GUANGFENG, "ABCDEFGHIJ")) {
            CaseProto.TimelineNote m = note.apply(wrong);
            DeliveryAck ack = deliver(PUCHENG, event(PUCHENG, "cases.timeline-note", m.getId(), 1, m));
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), wrong + " -> " + ack);
            assertTrue(ack.toString().contains("case_origin"), ack.toString());
            assertEquals(0, Callers.count(db, "SELECT count(*) FROM case_note WHERE id = ?::uuid", m.getId()));
        }
        CaseProto.TimelineNote m = note.apply(SELF);
        assertEquals(
                Outcome.APPLIED,
                deliver(PUCHENG, event(PUCHENG, "cases.timeline-note", m.getId(), 1, m))
                        .getResults(0)
                        .getOutcome());
        assertEquals(
                1,
                Callers.count(
                        db, "SELECT count(*) FROM case_note WHERE id = ?::uuid AND case_origin = ?", m.getId(), SELF));

        // as many notes as a participant may write on a case, the last two in one batch with a third:
        // the third is refused and stored nothing
        fillNotes(caseId.toString(), SELF, PUCHENG, CaseFields.NOTES_PER_PARTICIPANT - 3);
        CaseProto.TimelineNote n1 = note.apply(SELF);
        CaseProto.TimelineNote n2 = note.apply(SELF);
        CaseProto.TimelineNote over = note.apply(SELF);
        DeliveryAck batch = deliver(
                PUCHENG,
                event(PUCHENG, "cases.timeline-note", n1.getId(), 1, n1),
                event(PUCHENG, "cases.timeline-note", n2.getId(), 1, n2),
                event(PUCHENG, "cases.timeline-note", over.getId(), 1, over));
        assertEquals(Outcome.APPLIED, batch.getResults(0).getOutcome(), batch.toString());
        assertEquals(Outcome.APPLIED, batch.getResults(1).getOutcome(), batch.toString());
        assertEquals(Outcome.REJECTED, batch.getResults(2).getOutcome(), batch.toString());
        assertTrue(batch.getResults(2).getReason().contains("as many as a participant may"), batch.toString());
        assertEquals(0, Callers.count(db, "SELECT count(*) FROM case_note WHERE id = ?::uuid", over.getId()));
        assertEquals(
                CaseFields.NOTES_PER_PARTICIPANT,
                Callers.count(
                        db,
                        "SELECT count(*) FROM case_note WHERE case_id = ? AND author_jurisdiction = ?",
                        caseId,
                        PUCHENG));
    }

    /** Notes of {@code author} on a case, straight into the table (as if written over time). */
    void fillNotes(String caseId, String caseOrigin, String author, int count) throws java.sql.SQLException {
        try (var c = db.getConnection();
                var s = c.prepareStatement("INSERT INTO case_note (id, case_id, case_origin, author_jurisdiction,"
                        + " author, text, written_at) SELECT gen_random_uuid(), ?::uuid, ?, ?, '民警', '备注 ' || n,"
                        + " now() - n * interval '1 minute' FROM generate_series(1, ?) n")) {
            s.setString(1, caseId);
            s.setString(2, caseOrigin);
            s.setString(3, author);
            s.setInt(4, count);
            assertEquals(count, s.executeUpdate());
        }
    }

    @Test
    void aParticipantsNoteWithAnIdempotencyKeyIsWrittenAndSentOnce() throws java.sql.SQLException {
        String id = RecordIds.create(PUCHENG).toString();
        assertEquals(
                Outcome.APPLIED,
                deliver(
                                PUCHENG,
                                event(
                                        PUCHENG,
                                        "cases.case",
                                        id,
                                        1,
                                        // a number of its own (numbers are unique per origin)
                                        valid(id).toBuilder()
                                                .setNumber(PUCHENG + "-2026-000008")
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .when()
                .post("/api/v1/cases/" + id + "/participation")
                .then()
                .statusCode(200);
        java.util.function.Function<String, io.restassured.response.Response> note = text -> home("investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "partner-note-1")
                .body(Map.of("text", text))
                .when()
                .post("/api/v1/cases/" + id + "/timeline");
        String first = note.apply("嫌疑车辆已在浦城出现")
                .then()
                .statusCode(201)
                .body("pending", equalTo(true))
                .extract()
                .path("id");
        note.apply("嫌疑车辆已在浦城出现")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first))
                .body("pending", equalTo(true))
                .body("authorJurisdiction", equalTo(SELF));
        note.apply("另一条备注").then().statusCode(422).contentType("application/problem+json");
        // one note of ours, sent once to the case's owner alone
        assertEquals(1, Callers.count(db, "SELECT count(*) FROM case_note WHERE case_id = ?::uuid", id));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.timeline-note'"
                                + " AND record_id = ? AND destination = ?",
                        first,
                        PUCHENG));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.timeline-note'"
                                + " AND record_id IN (SELECT id::text FROM case_note WHERE case_id = ?::uuid)",
                        id));

        // as many notes as a participant may write on the case: the next is a 409 that sends nothing
        fillNotes(id, PUCHENG, SELF, CaseFields.NOTES_PER_PARTICIPANT - 1);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "第两千零一条备注"))
                .when()
                .post("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(
                CaseFields.NOTES_PER_PARTICIPANT,
                Callers.count(db, "SELECT count(*) FROM case_note WHERE case_id = ?::uuid", id));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.timeline-note'"
                                + " AND record_id IN (SELECT id::text FROM case_note WHERE case_id = ?::uuid)",
                        id));
    }
}
