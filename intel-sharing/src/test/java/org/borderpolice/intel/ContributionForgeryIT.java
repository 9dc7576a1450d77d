package org.borderpolice.intel;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.ThreeJurisdictions.alert;
import static org.borderpolice.intel.ThreeJurisdictions.at;
import static org.borderpolice.intel.ThreeJurisdictions.now;
import static org.borderpolice.intel.ThreeJurisdictions.tombstone;
import static org.borderpolice.intel.ThreeJurisdictions.upsert;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.common.v1.SubjectKind;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Acknowledgement;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Alert;
import org.borderpolice.federation.proto.intel.v1.AlertProto.AlertCategory;
import org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureAnswer;
import org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureDecision;
import org.borderpolice.federation.proto.intel.v1.AlertProto.DisclosureRequest;
import org.borderpolice.federation.proto.intel.v1.AlertProto.HandlingCode;
import org.borderpolice.federation.proto.intel.v1.AlertProto.ReportKind;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Severity;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Sighting;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;

/**
 * Acknowledgements and sightings belong to the partner that made them, disclosure requests to
 * their requester, alerts to their origin: nobody else changes or deletes them, tombstones
 * included. Every forgery is sent over gRPC by a real process's peer identity, and every replica
 * is validated like REST input: each bad event is REJECTED with a reason and changes nothing,
 * the rest of its batch applies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContributionForgeryIT {

    static final String ACK = "intel.acknowledgement";
    static final String SIGHTING = "intel.sighting";
    static final String ALERT = "intel.alert";

    ThreeJurisdictions j;
    /** Jiangshan's alert, sent to Pucheng and Guangfeng, with Pucheng's acknowledgement and sighting. */
    String alertId;

    String puchengSighting;

    @BeforeAll
    void start() {
        j = new ThreeJurisdictions(Map.of());
        alertId = j.publish(alert("伪造测试预警", "GENERAL", PUCHENG, GUANGFENG));
        j.awaitVisible(PUCHENG, alertId);
        j.awaitVisible(GUANGFENG, alertId);
        j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("note", "已部署"))
                .when()
                .post("/api/v1/alerts/" + alertId + "/acknowledgement")
                .then()
                .statusCode(200);
        puchengSighting = j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "SIGHTING", "place", "廿八都", "description", "目标车辆经过卡口。"))
                .when()
                .post("/api/v1/alerts/" + alertId + "/sightings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitRow(
                JIANGSHAN,
                "SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid AND partner = ?",
                alertId,
                PUCHENG);
        j.awaitRow(JIANGSHAN, "SELECT count(*) FROM alert_sighting WHERE id = ?::uuid", puchengSighting);
    }

    @AfterAll
    void stop() {
        j.close();
    }

    long puchengAckAt(String code) {
        return j.db(code)
                .count(
                        "SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid AND partner = ? "
                                + "AND note = '已部署'",
                        alertId,
                        PUCHENG);
    }

    long puchengSightingAt(String code) {
        return j.db(code)
                .count(
                        "SELECT count(*) FROM alert_sighting WHERE id = ?::uuid AND partner = ? "
                                + "AND description = '目标车辆经过卡口。'",
                        puchengSighting,
                        PUCHENG);
    }

    /** The event was refused before anything was recorded for it. */
    void rejectedAndForgotten(String at, ReplicationEvent event, EventResult result) {
        assertEquals(Outcome.REJECTED, result.getOutcome(), () -> event.getRecordType() + " " + result);
        assertTrue(!result.getReason().isBlank(), "a reason is given");
        assertEquals(
                0,
                j.db(at)
                        .count(
                                "SELECT count(*) FROM federation.inbox_event WHERE event_id = ?::uuid",
                                event.getEventId()));
        assertEquals(
                1,
                j.db(at)
                        .count(
                                "SELECT count(*) FROM federation.inbox_rejection WHERE event_id = ?",
                                event.getEventId()));
    }

    Sighting.Builder sighting(String id, String partner) {
        return Sighting.newBuilder()
                .setId(id)
                .setAlertId(alertId)
                .setAlertOrigin(JIANGSHAN)
                .setPartner(partner)
                .setKind(ReportKind.FEEDBACK)
                .setObservedAt(now())
                .setDescription("伪造的反馈")
                .setReportedBy("officer-" + partner)
                .setReportedAt(now());
    }

    Acknowledgement.Builder acknowledgement(String partner) {
        return Acknowledgement.newBuilder()
                .setAlertId(alertId)
                .setAlertOrigin(JIANGSHAN)
                .setPartner(partner)
                .setAcknowledgedBy("officer-" + partner)
                .setAcknowledgedAt(now());
    }

    @Test
    void aThirdPartnerCannotDeleteAnotherPartnersAcknowledgement() {
        ReplicationEvent forged = tombstone(GUANGFENG, ACK, alertId + ":" + PUCHENG, 2, List.of(JIANGSHAN, GUANGFENG));
        rejectedAndForgotten(
                JIANGSHAN, forged, j.deliver(GUANGFENG, JIANGSHAN, forged).getResults(0));
        assertEquals(1, puchengAckAt(JIANGSHAN));
        // nor overwrite it under Guangfeng's name
        ReplicationEvent overwrite = upsert(
                GUANGFENG,
                ACK,
                alertId + ":" + PUCHENG,
                2,
                List.of(JIANGSHAN, GUANGFENG),
                acknowledgement(PUCHENG).setNote("伪造").build());
        rejectedAndForgotten(
                JIANGSHAN, overwrite, j.deliver(GUANGFENG, JIANGSHAN, overwrite).getResults(0));
        assertEquals(1, puchengAckAt(JIANGSHAN));
    }

    @Test
    void aThirdPartnerCannotOverwriteOrDeleteAnotherPartnersSighting() {
        ReplicationEvent overwrite = upsert(
                GUANGFENG,
                SIGHTING,
                puchengSighting,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(puchengSighting, GUANGFENG).build());
        rejectedAndForgotten(
                JIANGSHAN, overwrite, j.deliver(GUANGFENG, JIANGSHAN, overwrite).getResults(0));
        ReplicationEvent delete = tombstone(GUANGFENG, SIGHTING, puchengSighting, 2, List.of(JIANGSHAN, GUANGFENG));
        rejectedAndForgotten(
                JIANGSHAN, delete, j.deliver(GUANGFENG, JIANGSHAN, delete).getResults(0));
        assertEquals(1, puchengSightingAt(JIANGSHAN));
        j.home(JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + alertId + "/sightings")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + puchengSighting + "' }.partner", equalTo(PUCHENG));
    }

    @Test
    void theOriginCannotDeleteAPartnersOwnRecords() {
        ReplicationEvent sighting = tombstone(JIANGSHAN, SIGHTING, puchengSighting, 2, List.of(JIANGSHAN, PUCHENG));
        ReplicationEvent ack = tombstone(JIANGSHAN, ACK, alertId + ":" + PUCHENG, 2, List.of(JIANGSHAN, PUCHENG));
        DeliveryAck result = j.deliver(JIANGSHAN, PUCHENG, sighting, ack);
        rejectedAndForgotten(PUCHENG, sighting, result.getResults(0));
        rejectedAndForgotten(PUCHENG, ack, result.getResults(1));
        assertEquals(1, puchengSightingAt(PUCHENG));
        assertEquals(1, puchengAckAt(PUCHENG));
        // nor rewrite them
        ReplicationEvent rewrite = upsert(
                JIANGSHAN,
                SIGHTING,
                puchengSighting,
                2,
                List.of(JIANGSHAN, PUCHENG),
                sighting(puchengSighting, PUCHENG).build());
        rejectedAndForgotten(
                PUCHENG, rewrite, j.deliver(JIANGSHAN, PUCHENG, rewrite).getResults(0));
        assertEquals(1, puchengSightingAt(PUCHENG));
    }

    @Test
    void aContributorStillChangesItsOwnRecords() {
        // Guangfeng's own feedback, then its own correction and withdrawal: the contributor may
        String own = RecordIds.create(GUANGFENG).toString();
        ReplicationEvent first = upsert(
                GUANGFENG,
                SIGHTING,
                own,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(own, GUANGFENG).build());
        assertEquals(
                Outcome.APPLIED,
                j.deliver(GUANGFENG, JIANGSHAN, first).getResults(0).getOutcome());
        ReplicationEvent corrected = upsert(
                GUANGFENG,
                SIGHTING,
                own,
                2,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(own, GUANGFENG).setDescription("更正的反馈").build());
        assertEquals(
                Outcome.APPLIED,
                j.deliver(GUANGFENG, JIANGSHAN, corrected).getResults(0).getOutcome());
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM alert_sighting WHERE id = ?::uuid " + "AND description = '更正的反馈'",
                                own));
        ReplicationEvent withdrawn = tombstone(GUANGFENG, SIGHTING, own, 3, List.of(JIANGSHAN, GUANGFENG));
        assertEquals(
                Outcome.APPLIED,
                j.deliver(GUANGFENG, JIANGSHAN, withdrawn).getResults(0).getOutcome());
        assertEquals(0, j.db(JIANGSHAN).count("SELECT count(*) FROM alert_sighting WHERE id = ?::uuid", own));
    }

    /** A complete, valid alert of Guangfeng for Jiangshan; each test breaks one field. */
    static Alert.Builder guangfengAlert() {
        String id = RecordIds.create(GUANGFENG).toString();
        return Alert.newBuilder()
                .setId(id)
                .setOrigin(GUANGFENG)
                .setIssuingUnit("广丰区公安分局")
                .setCategory(AlertCategory.SMUGGLING)
                .setSeverity(Severity.YELLOW)
                .setTitle("广丰走私预警")
                .setBody("疑似走私冻品车辆。")
                .setValidFrom(now())
                .addDistribution(JIANGSHAN)
                .setHandling(HandlingCode.GENERAL)
                .setSourceReliability("C")
                .setInformationCredibility(3)
                .setVersion(1)
                .setPublishedAt(now())
                .setUpdatedAt(now())
                .addSubjects(Subject.newBuilder().setKind(SubjectKind.VEHICLE).setValue("赣E12345"));
    }

    static ReplicationEvent asEvent(Alert alert) {
        return upsert(
                alert.getOrigin(), ALERT, alert.getId(), alert.getVersion(), List.of(GUANGFENG, JIANGSHAN), alert);
    }

    @Test
    void anAlertIdHeldWithAnotherOriginIsRejectedAndTheRestOfTheBatchApplies() {
        // Guangfeng claims Jiangshan's alert at Pucheng: as its own, and by a tombstone
        Alert claim = guangfengAlert()
                .setId(alertId)
                .clearDistribution()
                .addDistribution(PUCHENG)
                .build();
        ReplicationEvent overwrite = upsert(GUANGFENG, ALERT, alertId, 99, List.of(GUANGFENG, PUCHENG), claim);
        ReplicationEvent delete = tombstone(GUANGFENG, ALERT, alertId, 99, List.of(GUANGFENG, PUCHENG));
        Alert valid =
                guangfengAlert().clearDistribution().addDistribution(PUCHENG).build();
        ReplicationEvent good = upsert(GUANGFENG, ALERT, valid.getId(), 1, List.of(GUANGFENG, PUCHENG), valid);
        DeliveryAck result = j.deliver(GUANGFENG, PUCHENG, overwrite, delete, good);
        rejectedAndForgotten(PUCHENG, overwrite, result.getResults(0));
        rejectedAndForgotten(PUCHENG, delete, result.getResults(1));
        assertEquals(Outcome.APPLIED, result.getResults(2).getOutcome());
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM alert WHERE id = ?::uuid AND origin = ? "
                                        + "AND title = '伪造测试预警'",
                                alertId,
                                JIANGSHAN));
        assertEquals(1, j.alertRows(PUCHENG, valid.getId()));
        // and a partner cannot replace the origin's own alert at the origin
        ReplicationEvent atOrigin = upsert(
                GUANGFENG,
                ALERT,
                alertId,
                99,
                List.of(GUANGFENG, JIANGSHAN),
                guangfengAlert().setId(alertId).build());
        rejectedAndForgotten(
                JIANGSHAN, atOrigin, j.deliver(GUANGFENG, JIANGSHAN, atOrigin).getResults(0));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count("SELECT count(*) FROM alert WHERE id = ?::uuid AND origin = ?", alertId, JIANGSHAN));
    }

    @Test
    void replicatedAlertsAreValidatedLikeRestInput() {
        List<Map.Entry<String, UnaryOperator<Alert.Builder>>> broken = new java.util.ArrayList<>();
        broken.add(Map.entry("title", a -> a.setTitle("长".repeat(201))));
        broken.add(Map.entry("title", a -> a.setTitle("走私\u0000预警")));
        broken.add(Map.entry("title (blank)", a -> a.setTitle("  ")));
        broken.add(Map.entry("body", a -> a.setBody("x".repeat(10_001))));
        broken.add(Map.entry("body (control character)", a -> a.setBody("疑似\u0007走私")));
        broken.add(Map.entry("issuing_unit", a -> a.setIssuingUnit("单".repeat(101))));
        broken.add(Map.entry("severity", a -> a.setSeverity(Severity.SEVERITY_UNSPECIFIED)));
        broken.add(Map.entry("category", a -> a.setCategoryValue(99)));
        broken.add(Map.entry("handling", a -> a.setHandling(HandlingCode.HANDLING_CODE_UNSPECIFIED)));
        broken.add(Map.entry("source_reliability", a -> a.setSourceReliability("E")));
        broken.add(Map.entry("information_credibility", a -> a.setInformationCredibility(9)));
        broken.add(Map.entry(
                "subjects (PERSON check character)",
                a -> a.addSubjects(
                        Subject.newBuilder().setKind(SubjectKind.PERSON).setValue("330881199001011237"))));
        broken.add(Map.entry(
                "subjects (kind)", a -> a.addSubjects(Subject.newBuilder().setValue("13912345678"))));
        broken.add(Map.entry(
                "subjects (label)",
                a -> a.addSubjects(Subject.newBuilder()
                        .setKind(SubjectKind.PHONE)
                        .setValue("13912345678")
                        .setLabel("名\u0000"))));
        broken.add(Map.entry("distribution (payload differs from the envelope)", a -> a.addDistribution(PUCHENG)));
        broken.add(Map.entry(
                "valid_until (before valid_from)",
                a -> a.setValidUntil(at(Instant.now().minus(Duration.ofDays(1))))));
        broken.add(Map.entry(
                "valid_from (out of range)",
                a -> a.setValidFrom(com.google.protobuf.Timestamp.newBuilder().setSeconds(300_000_000_000L))));
        broken.add(Map.entry("published_at (missing)", a -> a.clearPublishedAt()));
        broken.add(Map.entry("version (differs from the envelope)", a -> a.setVersion(7)));
        List<Alert> alerts = new java.util.ArrayList<>();
        List<ReplicationEvent> events = new java.util.ArrayList<>();
        for (var breakIt : broken.stream().map(Map.Entry::getValue).toList()) {
            Alert a = breakIt.apply(guangfengAlert()).build();
            alerts.add(a);
            // the envelope's version is 1 whatever the payload claims
            events.add(upsert(GUANGFENG, ALERT, a.getId(), 1, List.of(GUANGFENG, JIANGSHAN), a));
        }
        Alert valid = guangfengAlert()
                .addSubjects(Subject.newBuilder()
                        .setKind(SubjectKind.PERSON)
                        .setValue("330881 19900101 1238")
                        .setLabel("张某"))
                .build();
        events.add(asEvent(valid));
        DeliveryAck result = j.deliver(GUANGFENG, JIANGSHAN, events.toArray(ReplicationEvent[]::new));
        List<String> what = broken.stream().map(Map.Entry::getKey).toList();
        for (int i = 0; i < alerts.size(); i++) {
            EventResult r = result.getResults(i);
            rejectedAndForgotten(JIANGSHAN, events.get(i), r);
            String field = what.get(i).replaceAll(" \\(.*", "");
            assertTrue(r.getReason().contains(field), () -> "reason names " + field + ": " + r.getReason());
            assertEquals(0, j.alertRows(JIANGSHAN, alerts.get(i).getId()));
        }
        assertEquals(Outcome.APPLIED, result.getResults(alerts.size()).getOutcome());
        // stored in normal form, as if published here
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM alert WHERE id = ?::uuid "
                                        + "AND subject_values LIKE '%330881199001011238%'",
                                valid.getId()));
    }

    @Test
    void replicatedContributionsAreValidatedLikeRestInput() {
        String id1 = RecordIds.create(GUANGFENG).toString();
        String id2 = RecordIds.create(GUANGFENG).toString();
        String id3 = RecordIds.create(GUANGFENG).toString();
        ReplicationEvent longDescription = upsert(
                GUANGFENG,
                SIGHTING,
                id1,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(id1, GUANGFENG).setDescription("x".repeat(4001)).build());
        ReplicationEvent nulPlace = upsert(
                GUANGFENG,
                SIGHTING,
                id2,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(id2, GUANGFENG).setPlace("卡口\u0000").build());
        ReplicationEvent noKind = upsert(
                GUANGFENG,
                SIGHTING,
                id3,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(id3, GUANGFENG)
                        .setKind(ReportKind.REPORT_KIND_UNSPECIFIED)
                        .build());
        ReplicationEvent nulNote = upsert(
                GUANGFENG,
                ACK,
                alertId + ":" + GUANGFENG,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                acknowledgement(GUANGFENG).setNote("已\u0000签收").build());
        DeliveryAck result = j.deliver(GUANGFENG, JIANGSHAN, longDescription, nulPlace, noKind, nulNote);
        rejectedAndForgotten(JIANGSHAN, longDescription, result.getResults(0));
        assertTrue(result.getResults(0).getReason().contains("description"), result.getResults(0)::getReason);
        rejectedAndForgotten(JIANGSHAN, nulPlace, result.getResults(1));
        assertTrue(result.getResults(1).getReason().contains("place"), result.getResults(1)::getReason);
        rejectedAndForgotten(JIANGSHAN, noKind, result.getResults(2));
        rejectedAndForgotten(JIANGSHAN, nulNote, result.getResults(3));
        assertTrue(result.getResults(3).getReason().contains("note"), result.getResults(3)::getReason);
        assertEquals(
                0,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid "
                                        + "AND partner = ?",
                                alertId,
                                GUANGFENG));
    }

    @Test
    void disclosureRequestsBelongToTheirRequester() {
        String phone = "13955501234";
        Map<String, Object> secret = alert("伪造披露测试", "HIT_ONLY", PUCHENG);
        secret.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        String secretId = j.publish(secret);
        j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200);
        String requestId = j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", secretId, "reason", "侦办需要"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitRow(JIANGSHAN, "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", requestId);

        // Guangfeng reuses Pucheng's request id, and tries to withdraw it
        DisclosureRequest stolen = DisclosureRequest.newBuilder()
                .setId(requestId)
                .setRequester(GUANGFENG)
                .setOwner(JIANGSHAN)
                .setAlertId(secretId)
                .setReason("冒用")
                .setRequestedBy("x")
                .setRequestedAt(now())
                .setDeadline(at(Instant.now().plus(Duration.ofHours(48))))
                .build();
        ReplicationEvent reuse =
                upsert(GUANGFENG, "intel.disclosure-request", requestId, 1, List.of(GUANGFENG, JIANGSHAN), stolen);
        ReplicationEvent withdraw =
                tombstone(GUANGFENG, "intel.disclosure-request", requestId, 2, List.of(GUANGFENG, JIANGSHAN));
        DeliveryAck result = j.deliver(GUANGFENG, JIANGSHAN, reuse, withdraw);
        rejectedAndForgotten(JIANGSHAN, reuse, result.getResults(0));
        rejectedAndForgotten(JIANGSHAN, withdraw, result.getResults(1));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND requester = ? AND reason = '侦办需要'",
                                requestId,
                                PUCHENG));

        // at the requester: nobody but the owner answers, and nobody deletes the request
        DisclosureAnswer answer = DisclosureAnswer.newBuilder()
                .setRequestId(requestId)
                .setOwner(GUANGFENG)
                .setRequester(PUCHENG)
                .setDecision(DisclosureDecision.APPROVED)
                .setAnsweredBy("x")
                .setAnsweredAt(now())
                .build();
        ReplicationEvent foreignAnswer =
                upsert(GUANGFENG, "intel.disclosure-answer", requestId, 1, List.of(GUANGFENG, PUCHENG), answer);
        ReplicationEvent ownerDeletes =
                tombstone(JIANGSHAN, "intel.disclosure-request", requestId, 2, List.of(JIANGSHAN, PUCHENG));
        rejectedAndForgotten(
                PUCHENG,
                foreignAnswer,
                j.deliver(GUANGFENG, PUCHENG, foreignAnswer).getResults(0));
        rejectedAndForgotten(
                PUCHENG,
                ownerDeletes,
                j.deliver(JIANGSHAN, PUCHENG, ownerDeletes).getResults(0));
        // an answer with a NUL in its reason, even from the owner
        ReplicationEvent badAnswer = upsert(
                JIANGSHAN,
                "intel.disclosure-answer",
                requestId,
                1,
                List.of(JIANGSHAN, PUCHENG),
                answer.toBuilder().setOwner(JIANGSHAN).setReason("同意\u0000").build());
        rejectedAndForgotten(
                PUCHENG, badAnswer, j.deliver(JIANGSHAN, PUCHENG, badAnswer).getResults(0));
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND status = 'PENDING'",
                                requestId));
    }

    @Test
    void aPartnerCannotTakeOverAnotherOriginsAlertIdAtAReceiver() {
        // Jiangshan's alert goes to Guangfeng only: Guangfeng learns its id (as from any replica or hit)
        String id = j.publish(alert("只发广丰的预警", "GENERAL", GUANGFENG));
        assertTrue(id.startsWith(JIANGSHAN), () -> id + " names the jurisdiction that created it");
        j.awaitVisible(GUANGFENG, id);
        // Guangfeng delivers an alert of its own under that id to Pucheng, before Jiangshan shares it there
        Alert claim = guangfengAlert()
                .setId(id)
                .clearDistribution()
                .addDistribution(PUCHENG)
                .setTitle("占位")
                .build();
        ReplicationEvent preempt = upsert(GUANGFENG, ALERT, id, 1, List.of(GUANGFENG, PUCHENG), claim);
        EventResult refused = j.deliver(GUANGFENG, PUCHENG, preempt).getResults(0);
        rejectedAndForgotten(PUCHENG, preempt, refused);
        assertTrue(refused.getReason().contains("created by"), refused::getReason);
        assertEquals(0, j.alertRows(PUCHENG, id));
        // a random UUID names no creator: refused as well
        Alert unbound = guangfengAlert()
                .setId(java.util.UUID.randomUUID().toString())
                .clearDistribution()
                .addDistribution(PUCHENG)
                .build();
        ReplicationEvent random = upsert(GUANGFENG, ALERT, unbound.getId(), 1, List.of(GUANGFENG, PUCHENG), unbound);
        rejectedAndForgotten(
                PUCHENG, random, j.deliver(GUANGFENG, PUCHENG, random).getResults(0));

        // Jiangshan now shares its alert with Pucheng too: it arrives as Jiangshan's
        Map<String, Object> shared = alert("只发广丰的预警", "GENERAL", GUANGFENG, PUCHENG);
        j.home(JIANGSHAN, "analyst")
                .contentType(ContentType.JSON)
                .body(shared)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(200);
        j.drainedTo(PUCHENG);
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM alert WHERE id = ?::uuid AND origin = ? "
                                        + "AND title = '只发广丰的预警'",
                                id,
                                JIANGSHAN));
    }

    @Test
    void contributionsAndRequestsCarryIdsTheirSenderCreated() {
        // a sighting and a disclosure request under ids Pucheng created, or no jurisdiction did
        String puchengs = RecordIds.create(PUCHENG).toString();
        String nobodys = java.util.UUID.randomUUID().toString();
        ReplicationEvent sightingAsPucheng = upsert(
                GUANGFENG,
                SIGHTING,
                puchengs,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(puchengs, GUANGFENG).build());
        ReplicationEvent sightingOfNobody = upsert(
                GUANGFENG,
                SIGHTING,
                nobodys,
                1,
                List.of(JIANGSHAN, GUANGFENG),
                sighting(nobodys, GUANGFENG).build());
        DisclosureRequest request = DisclosureRequest.newBuilder()
                .setId(puchengs)
                .setRequester(GUANGFENG)
                .setOwner(JIANGSHAN)
                .setAlertId(alertId)
                .setReason("冒用编号")
                .setRequestedBy("x")
                .setRequestedAt(now())
                .setDeadline(at(Instant.now().plus(Duration.ofHours(48))))
                .build();
        ReplicationEvent requestAsPucheng =
                upsert(GUANGFENG, "intel.disclosure-request", puchengs, 1, List.of(GUANGFENG, JIANGSHAN), request);
        DeliveryAck result = j.deliver(GUANGFENG, JIANGSHAN, sightingAsPucheng, sightingOfNobody, requestAsPucheng);
        for (int i = 0; i < 3; i++) {
            EventResult r = result.getResults(i);
            rejectedAndForgotten(
                    JIANGSHAN,
                    List.of(sightingAsPucheng, sightingOfNobody, requestAsPucheng)
                            .get(i),
                    r);
            assertTrue(r.getReason().contains("created by"), r::getReason);
        }
        // the ids a partner's users create over REST are its own
        assertTrue(puchengSighting.startsWith(PUCHENG), puchengSighting);
    }

    @Test
    void anAlertRestAcceptsReachesThePartner() {
        // REST takes timestamps from 1900 to 2199: so must every receiver
        Map<String, Object> body = alert("一九九九年起生效", "GENERAL", PUCHENG);
        body.put("validFrom", "1999-06-01T00:00:00+08:00");
        body.put("validUntil", "2199-06-01T00:00:00+08:00");
        String id = j.publish(body);
        j.drainedTo(PUCHENG);
        assertEquals(0, j.db(PUCHENG).count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ?", id));
        assertEquals(1, j.alertRows(PUCHENG, id));
    }
}
