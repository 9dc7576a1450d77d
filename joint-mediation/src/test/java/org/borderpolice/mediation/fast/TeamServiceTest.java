package org.borderpolice.mediation.fast;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.mediation.fast.TeamFixtures.as;
import static org.borderpolice.mediation.fast.TeamFixtures.count;
import static org.borderpolice.mediation.fast.TeamFixtures.dispute;
import static org.borderpolice.mediation.fast.TeamFixtures.home;
import static org.borderpolice.mediation.fast.TeamFixtures.homeUser;
import static org.borderpolice.mediation.fast.TeamFixtures.partnerMediator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.SessionAttendance;
import org.borderpolice.mediation.fast.TeamFixtures.Party;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The mediators directory, joint teams, sessions and notes at the dispute's origin, in one JVM
 * on the embedded PostgreSQL (replication between processes is the IT's): the team rules and the
 * double-booking rule over REST, the database's exclusion constraint, who may do what, bad input.
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
class TeamServiceTest {

    static final String CENTRE = "三山边界社会治理中心";

    @Inject
    AgroalDataSource db;

    @Inject
    org.borderpolice.mediation.service.SessionService sessions;

    long rows(String table) {
        return count(db, "SELECT count(*) FROM " + table);
    }

    long outbox(String recordType) {
        return count(db, "SELECT count(*) FROM federation.outbox WHERE record_type = ?", recordType);
    }

    static Map<String, Object> mediator(
            String kind, String name, String nationality, List<String> languages, String account) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        body.put("name", name);
        body.put("unit", CENTRE);
        if (nationality != null) {
            body.put("nationality", nationality);
        }
        body.put("languages", languages);
        if (account != null) {
            body.put("account", account);
        }
        return body;
    }

    Response register(Map<String, Object> body, String... roles) {
        return home(roles).contentType(ContentType.JSON).body(body).when().post("/api/v1/mediators");
    }

    UUID registerId(Map<String, Object> body) {
        return UUID.fromString(
                register(body, "commander").then().statusCode(201).extract().path("id"));
    }

    Response team(UUID dispute, RequestSpecification as, UUID... mediators) {
        return as.contentType(ContentType.JSON)
                .body(Map.of("mediators", List.of(mediators)))
                .when()
                .put("/api/v1/disputes/" + dispute + "/team");
    }

    static Map<String, Object> session(String from, String to, UUID... mediators) {
        Map<String, Object> body = new HashMap<>();
        body.put("startsAt", "2026-12-10T" + from + ":00+08:00");
        body.put("endsAt", "2026-12-10T" + to + ":00+08:00");
        body.put("mode", "OFFLINE");
        body.put("place", CENTRE);
        body.put("mediators", List.of(mediators));
        return body;
    }

    Response schedule(UUID dispute, Map<String, Object> body, String... roles) {
        return home(roles.length == 0 ? new String[] {"mediator"} : roles)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes/" + dispute + "/sessions");
    }

    @Test
    void mediatorsAreOursSharedWithEveryPartnerAndValidated() {
        long outbox = outbox("mediation.mediator");
        Response r = home("commander")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "roman-1")
                .body(mediator("FOREIGN_NATIONAL", "罗漫", "az", List.of("ru", "AZ", "zh"), null))
                .when()
                .post("/api/v1/mediators");
        r.then()
                .statusCode(201)
                .body("origin", equalTo(JIANGSHAN))
                .body("kindLabel", equalTo("洋娘舅"))
                .body("nationality", equalTo("AZ"))
                .body("languages", equalTo(List.of("az", "ru", "zh")));
        String id = r.path("id");
        // to Pucheng and Guangfeng, each on its own
        assertEquals(outbox + 2, outbox("mediation.mediator"));
        // the same key again: the mediator registered first, nothing new
        home("commander")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "roman-1")
                .body(mediator("FOREIGN_NATIONAL", "罗漫", "az", List.of("ru", "AZ", "zh"), null))
                .when()
                .post("/api/v1/mediators")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        assertEquals(outbox + 2, outbox("mediation.mediator"));

        home("mediator")
                .queryParam("language", "ru")
                .when()
                .get("/api/v1/mediators")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        home("analyst")
                .queryParam("kind", "LAWYER")
                .when()
                .get("/api/v1/mediators")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));

        // leaving: inactive, a new version to every partner
        Map<String, Object> left = mediator("FOREIGN_NATIONAL", "罗漫", "AZ", List.of("ru", "az"), null);
        left.put("active", false);
        home("commander")
                .contentType(ContentType.JSON)
                .body(left)
                .when()
                .put("/api/v1/mediators/" + id)
                .then()
                .statusCode(200)
                .body("active", equalTo(false))
                .body("version", equalTo(2));
        assertEquals(outbox + 4, outbox("mediation.mediator"));
    }

    @Test
    void badMediatorsAndCallersAreRefusedAndNothingIsStored() {
        long mediators = rows("mediator");
        long outbox = outbox("mediation.mediator");
        List<Map<String, Object>> bad = List.of(
                mediator("FOREIGN_NATIONAL", "罗漫", null, List.of("ru"), null), // 洋娘舅 without nationality
                mediator("FOREIGN_NATIONAL", "罗漫", "CN", List.of("ru"), null),
                mediator("FOREIGN_NATIONAL", "罗漫", "AZ", List.of("zh"), null), // no language besides Chinese
                mediator("POLICE", "王警官", "XX", List.of("zh"), null),
                mediator("POLICE", "王警官", null, List.of("not a tag!"), null),
                mediator("POLICE", "", null, List.of("zh"), null),
                mediator("NOBODY", "王警官", null, List.of("zh"), null));
        for (Map<String, Object> body : bad) {
            register(body, "commander").then().statusCode(400).contentType("application/problem+json");
        }
        Map<String, Object> unknownField = mediator("POLICE", "王警官", null, List.of("zh"), null);
        unknownField.put("rank", "一级警司");
        register(unknownField, "commander").then().statusCode(400).contentType("application/problem+json");

        Map<String, Object> good = mediator("POLICE", "王警官", null, List.of("zh"), null);
        for (RequestSpecification r : List.of(
                RestAssured.given(),
                RestAssured.given()
                        .auth()
                        .oauth2(new TestIssuer("330822")
                                .token(JIANGSHAN)
                                .roles("commander")
                                .sign()))) {
            r.contentType(ContentType.JSON)
                    .body(good)
                    .when()
                    .post("/api/v1/mediators")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
        }
        // a partner's commander, a role that may read but not keep the directory, a role that may not read
        as(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(good)
                .when()
                .post("/api/v1/mediators")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        register(good, "mediator").then().statusCode(403).contentType("application/problem+json");
        register(good, "integrator").then().statusCode(403).contentType("application/problem+json");
        assertEquals(mediators, rows("mediator"));
        assertEquals(outbox, outbox("mediation.mediator"));

        // reads: no token, another jurisdiction's user (reads at home), a role that does not read
        RestAssured.given().when().get("/api/v1/mediators").then().statusCode(401);
        as(PUCHENG, "mediator").when().get("/api/v1/mediators").then().statusCode(403);
        home("integrator").when().get("/api/v1/mediators").then().statusCode(403);
        home("mediator")
                .when()
                .get("/api/v1/mediators/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        // a partner's mediator is changed at the partner only
        UUID theirs = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "李所长", null, "zh");
        home("commander")
                .contentType(ContentType.JSON)
                .body(good)
                .when()
                .put("/api/v1/mediators/" + theirs)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertEquals(1, count(db, "SELECT version FROM mediator WHERE id = ?", theirs));
    }

    @Test
    void aCrossBorderDisputeNeedsAMediatorFromEachSideAndOneWhoSpeaksAPartysLanguage() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "ru-RU"));
        UUID jsPolice = registerId(mediator("POLICE", "江山民警", null, List.of("zh"), null));
        UUID pcJudicial = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所", null, "zh");
        UUID gfForeign = partnerMediator(db, GUANGFENG, "FOREIGN_NATIONAL", "伊万", "RU", "ru", "zh");
        long members = rows("team_member");
        long outbox = outbox("mediation.team");

        team(dispute, home("mediator"), jsPolice)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(PUCHENG));
        // both sides, but the Russian-speaking party has no speaker while the directory has one: named
        team(dispute, home("mediator"), jsPolice, pcJudicial)
                .then()
                .statusCode(409)
                .body("detail", containsString(gfForeign.toString()));
        assertEquals(members, rows("team_member"));
        assertEquals(outbox, outbox("mediation.team"));

        team(dispute, home("mediator"), jsPolice, pcJudicial, gfForeign)
                .then()
                .statusCode(200)
                .body("members", hasSize(3))
                .body("complete", equalTo(true))
                .body("jurisdictionsWithoutMediator", hasSize(0))
                .body("languages[0].language", equalTo("ru"))
                .body("languages[0].speakersOnTeam", equalTo(List.of(gfForeign.toString())))
                .body("version", equalTo(1));
        // Guangfeng's mediator makes it involved: it holds the dispute now, and the team goes to both partners
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM dispute_jurisdiction WHERE dispute_id = ? AND jurisdiction = ?",
                        dispute,
                        GUANGFENG));
        assertEquals(outbox + 2, outbox("mediation.team"));
        // composed again (members kept keep the time they joined): a new version to both
        team(dispute, home("commander"), gfForeign, jsPolice, pcJudicial)
                .then()
                .statusCode(200)
                .body("members", hasSize(3))
                .body("version", equalTo(2));
        assertEquals(outbox + 4, outbox("mediation.team"));
        // a partner involved reads the team at our service too
        as(PUCHENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/team")
                .then()
                .statusCode(200)
                .body("members", hasSize(3));
    }

    @Test
    void aLanguageNoMediatorSpeaksIsAcceptedAndSaidSo() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(JIANGSHAN, "sw"));
        UUID jsPolice = registerId(mediator("POLICE", "江山民警二", null, List.of("zh"), null));
        team(dispute, home("commander"), jsPolice)
                .then()
                .statusCode(200)
                .body("complete", equalTo(false))
                .body("languages[0].language", equalTo("sw"))
                .body("languages[0].noneAvailable", equalTo(true));
    }

    @Test
    void teamsAreComposedByTheOriginsMediatorsAndCommandersOnly() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID other = dispute(db, PUCHENG, "RECEIVED", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        UUID jsPolice = registerId(mediator("POLICE", "江山民警三", null, List.of("zh"), null));
        UUID pcJudicial = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所三", null, "zh");
        long outbox = outbox("mediation.team");
        for (RequestSpecification r : List.of(
                RestAssured.given(),
                RestAssured.given()
                        .auth()
                        .oauth2(new TestIssuer("330822")
                                .token(JIANGSHAN)
                                .roles("mediator")
                                .sign()))) {
            team(dispute, r, jsPolice, pcJudicial).then().statusCode(401).contentType("application/problem+json");
        }
        // a partner's user (of a jurisdiction involved), a role that may not compose
        team(dispute, as(PUCHENG, "mediator"), jsPolice, pcJudicial).then().statusCode(403);
        team(dispute, home("analyst"), jsPolice, pcJudicial).then().statusCode(403);
        team(dispute, home("integrator"), jsPolice, pcJudicial).then().statusCode(403);
        // a partner's dispute (a replica here): its origin composes the team
        team(other, home("mediator"), jsPolice, pcJudicial).then().statusCode(403);
        // a dispute Guangfeng is not involved in: 404 to its users, revealing nothing
        as(GUANGFENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/team")
                .then()
                .statusCode(404);
        // unknown mediator: 400
        team(dispute, home("mediator"), jsPolice, UUID.randomUUID())
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        team(dispute, home("mediator")).then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, count(db, "SELECT count(*) FROM team_member WHERE dispute_id = ?", dispute));
        assertEquals(outbox, outbox("mediation.team"));
    }

    /** The directory's speakers of a party's language are named to our users only: partners may not read our directory. */
    @Test
    void theDirectorysSpeakersAreNamedToOurUsersOnly() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "ru-RU"));
        UUID speaker = partnerMediator(db, GUANGFENG, "FOREIGN_NATIONAL", "安娜", "RU", "ru", "zh");
        home("mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/team")
                .then()
                .statusCode(200)
                .body("languages[0].language", equalTo("ru"))
                .body("languages[0].available", hasItem(speaker.toString()));
        as(PUCHENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/team")
                .then()
                .statusCode(200)
                .body("languages[0].language", equalTo("ru"))
                .body("languages[0].available", hasSize(0))
                .body("languages[0].noneAvailable", equalTo(false));
    }

    /** {@code from} delivering a session of its own to us, as its relay would. */
    static Outcome deliverSession(String from, TeamProto.Session m) {
        return TeamFixtures.deliver(from, "mediation.session", m.getId(), m);
    }

    static TeamProto.Session partnerSession(String origin, UUID dispute, String from, String to, UUID... mediators) {
        TeamProto.Session.Builder b = TeamProto.Session.newBuilder()
                .setId(RecordIds.create(origin).toString())
                .setDisputeId(dispute.toString())
                .setDisputeOrigin(origin)
                .setStartsAt(ProtoTime.timestamp(Instant.parse("2026-12-11T" + from + ":00+08:00")))
                .setEndsAt(ProtoTime.timestamp(Instant.parse("2026-12-11T" + to + ":00+08:00")))
                .setMode(TeamProto.SessionMode.ONLINE)
                .setStatus(TeamProto.SessionStatus.SCHEDULED)
                .setUpdatedAt(ProtoTime.timestamp(Instant.now()));
        for (UUID m : mediators) {
            b.addMediatorIds(m.toString());
        }
        return b.build();
    }

    /** {@code count} sessions of a dispute straight into the table, one a day from 2027 on. */
    void fillSessions(UUID dispute, String origin, int count) {
        TeamFixtures.update(db, """
                INSERT INTO mediation_session (id, dispute_id, dispute_origin, starts_at, ends_at, mode, mediator_ids,
                    status, version, created_at, updated_at)
                SELECT gen_random_uuid(), ?, ?, timestamptz '2027-01-01T09:00:00+08:00' + n * interval '1 day',
                    timestamptz '2027-01-01T10:00:00+08:00' + n * interval '1 day', 'ONLINE', ARRAY[]::uuid[],
                    'SCHEDULED', 1, now(), now()
                FROM generate_series(1, ?) n""", dispute, origin, count);
    }

    long sessionsOf(UUID dispute) {
        return Callers.count(db, "SELECT count(*) FROM mediation_session WHERE dispute_id = ?", dispute);
    }

    /**
     * A dispute has at most 200 sessions: our users' next is a 409, and of a partner's batch that
     * would take its dispute past the cap, what does not fit is refused.
     */
    @Test
    void aDisputeHasAtMostTwoHundredSessionsOnEitherSide() {
        int max = org.borderpolice.mediation.service.SessionApplier.MAX_SESSIONS_PER_DISPUTE;
        UUID ours = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警上限", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所上限", null, "zh");
        team(ours, home("mediator"), js, pc).then().statusCode(200);
        fillSessions(ours, JIANGSHAN, max - 1);
        schedule(ours, session("09:00", "10:00", js)).then().statusCode(201);
        schedule(ours, session("09:00", "10:00", js)).then().statusCode(409).contentType("application/problem+json");
        assertEquals(max, sessionsOf(ours));

        UUID theirs = dispute(db, PUCHENG, "RECEIVED", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        TeamFixtures.update(
                db,
                "INSERT INTO dispute_team (dispute_id, dispute_origin, version, updated_at) VALUES (?, ?, 1, now())",
                theirs,
                PUCHENG);
        TeamFixtures.update(
                db,
                "INSERT INTO team_member (dispute_id, mediator_id, mediator_origin, added_at) VALUES (?, ?, ?, now())",
                theirs,
                pc,
                PUCHENG);
        fillSessions(theirs, PUCHENG, max - 3);
        List<org.borderpolice.federation.proto.replication.v1.ReplicationEvent> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TeamProto.Session m = partnerSession(
                    PUCHENG, theirs, String.format("%02d:00", 8 + i), String.format("%02d:30", 8 + i), pc);
            batch.add(org.borderpolice.federation.proto.replication.v1.ReplicationEvent.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setOrigin(PUCHENG)
                    .setRecordType("mediation.session")
                    .setRecordId(m.getId())
                    .setVersion(1)
                    .setOccurredAt(ProtoTime.timestamp(Instant.now()))
                    .addAllDistribution(List.of(PUCHENG, JIANGSHAN))
                    .setPayload(com.google.protobuf.Any.pack(m))
                    .build());
        }
        try (var client = new org.borderpolice.federation.testing.ReplicationClient(JurisdictionTestResource.port())) {
            var ack = client.deliver(
                    JurisdictionTestResource.issuer(PUCHENG)
                            .token(JIANGSHAN)
                            .roles("peer")
                            .sign(),
                    batch.toArray(org.borderpolice.federation.proto.replication.v1.ReplicationEvent[]::new));
            // checked against what was held before the batch, then taken one event at a time: 3 fit
            assertEquals(batch.size(), ack.getResultsCount(), ack.toString());
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(
                        i < 3 ? Outcome.APPLIED : Outcome.REJECTED,
                        ack.getResults(i).getOutcome(),
                        ack.toString());
            }
            assertTrue(ack.getResults(9).getReason().contains("sessions already"), ack.toString());
        }
        assertEquals(max, sessionsOf(theirs));
        // and once there, a new one is refused
        assertEquals(Outcome.REJECTED, deliverSession(PUCHENG, partnerSession(PUCHENG, theirs, "20:00", "20:30", pc)));
        assertEquals(max, sessionsOf(theirs));
    }

    @Test
    void aPartnersSessionBooksOnlyItsDisputesTeamAndCannotBlockOurScheduling() {
        UUID ours = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警六", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所六", null, "zh");
        team(ours, home("mediator"), js, pc).then().statusCode(200);
        // Pucheng's dispute involving us, its team of its own mediator only
        UUID theirs = dispute(db, PUCHENG, "RECEIVED", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        TeamFixtures.update(
                db,
                "INSERT INTO dispute_team (dispute_id, dispute_origin, version, updated_at) VALUES (?, ?, 1, now())",
                theirs,
                PUCHENG);
        TeamFixtures.update(
                db,
                "INSERT INTO team_member (dispute_id, mediator_id, mediator_origin, added_at) VALUES (?, ?, ?, now())",
                theirs,
                pc,
                PUCHENG);
        // Guangfeng's dispute held here that does not involve us
        UUID elsewhere = dispute(db, GUANGFENG, "RECEIVED", new Party(GUANGFENG, "zh"));
        long sessions = rows("mediation_session");

        // a session for no dispute held here, or naming our mediator who is not on its dispute's
        // team: not kept (a dispute or team may come in the same batch, so these are looked at when
        // applied)
        deliverSession(PUCHENG, partnerSession(PUCHENG, UUID.randomUUID(), "09:00", "21:00", js));
        deliverSession(PUCHENG, partnerSession(PUCHENG, theirs, "09:00", "21:00", js));
        deliverSession(PUCHENG, partnerSession(PUCHENG, theirs, "09:00", "21:00", pc, js));
        assertEquals(sessions, rows("mediation_session"));
        // for a dispute of another origin, or one not involving us: refused
        assertEquals(Outcome.REJECTED, deliverSession(PUCHENG, partnerSession(PUCHENG, ours, "09:00", "21:00", pc)));
        assertEquals(
                Outcome.REJECTED, deliverSession(GUANGFENG, partnerSession(GUANGFENG, elsewhere, "09:00", "21:00")));
        assertEquals(sessions, rows("mediation_session"));
        // our mediator's time is still ours
        Map<String, Object> morning = session("09:00", "10:00", js);
        morning.put("startsAt", "2026-12-11T09:00:00+08:00");
        morning.put("endsAt", "2026-12-11T10:00:00+08:00");
        schedule(ours, morning).then().statusCode(201);
        sessions = rows("mediation_session");
        // its own team's session is taken
        assertEquals(Outcome.APPLIED, deliverSession(PUCHENG, partnerSession(PUCHENG, theirs, "09:00", "10:00", pc)));
        assertEquals(sessions + 1, rows("mediation_session"));

        // a replica held from before, for a dispute not held here, does not take our mediator's time
        TeamFixtures.update(db, """
                INSERT INTO mediation_session (id, dispute_id, dispute_origin, starts_at, ends_at, mode, mediator_ids,
                    status, version, created_at, updated_at)
                VALUES (?, ?, ?, '2026-12-11T12:00:00+08:00', '2026-12-11T20:00:00+08:00', 'ONLINE', ARRAY[?::uuid], 'SCHEDULED',
                    1, now(), now())""", RecordIds.create(PUCHENG), UUID.randomUUID(), PUCHENG, js);
        Map<String, Object> body = session("13:00", "14:00", js);
        body.put("startsAt", "2026-12-11T13:00:00+08:00");
        body.put("endsAt", "2026-12-11T14:00:00+08:00");
        schedule(ours, body).then().statusCode(201);
    }

    @Test
    void aPartnersUserSeesHereOnlyOurDisputesNeverAThirdOriginsReplica() {
        UUID theirs = dispute(
                db,
                PUCHENG,
                "RECEIVED",
                new Party(PUCHENG, "zh"),
                new Party(GUANGFENG, "zh"),
                new Party(JIANGSHAN, "zh"));
        UUID ours = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(GUANGFENG, "zh"));
        // our users see both
        home("mediator").when().get("/api/v1/disputes/" + theirs).then().statusCode(200);
        home("mediator").when().get("/api/v1/disputes/" + ours).then().statusCode(200);
        // Guangfeng's user sees ours, involving Guangfeng; not Pucheng's replica, nor does Pucheng's
        for (String partner : List.of(GUANGFENG, PUCHENG)) {
            as(partner, "mediator")
                    .when()
                    .get("/api/v1/disputes/" + theirs)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            as(partner, "mediator")
                    .when()
                    .get("/api/v1/disputes/" + theirs + "/sessions")
                    .then()
                    .statusCode(404);
            as(partner, "mediator")
                    .when()
                    .get("/api/v1/disputes/" + theirs + "/agreement")
                    .then()
                    .statusCode(404);
            as(partner, "mediator")
                    .when()
                    .get("/api/v1/disputes?limit=100")
                    .then()
                    .statusCode(200)
                    .body("items.id", not(hasItem(theirs.toString())));
        }
        as(GUANGFENG, "mediator").when().get("/api/v1/disputes/" + ours).then().statusCode(200);
        as(PUCHENG, "mediator").when().get("/api/v1/disputes/" + ours).then().statusCode(404);
    }

    @Test
    void noMediatorIsBookedTwiceAtOnce() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警四", null, List.of("zh"), null));
        UUID js2 = registerId(mediator("COMMUNITY", "老娘舅毛阿姨", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所四", null, "zh");
        team(dispute, home("mediator"), js, js2, pc).then().statusCode(200);
        long outbox = outbox("mediation.session");

        String first = schedule(dispute, session("09:00", "11:00", js, pc))
                .then()
                .statusCode(201)
                .body("status", equalTo("SCHEDULED"))
                .body("place", equalTo(CENTRE))
                .extract()
                .path("id");
        // to Pucheng (involved), not to Guangfeng
        assertEquals(outbox + 1, outbox("mediation.session"));
        long sessions = rows("mediation_session");
        schedule(dispute, session("10:30", "12:00", js))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(js.toString()));
        // a mediator not on the team
        UUID outsider = registerId(mediator("LAWYER", "外部律师", null, List.of("zh"), null));
        schedule(dispute, session("13:00", "14:00", outsider)).then().statusCode(409);
        // bad input: nothing stored
        schedule(dispute, session("12:00", "11:00", js)).then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> noPlace = session("12:00", "13:00", js);
        noPlace.remove("place");
        schedule(dispute, noPlace).then().statusCode(400);
        assertEquals(sessions, rows("mediation_session"));
        // back to back, and another mediator at the same time, are fine
        schedule(dispute, session("11:00", "12:00", js)).then().statusCode(201);
        schedule(dispute, session("10:00", "11:00", js2)).then().statusCode(201);

        // the database holds the rule too, whoever writes
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (var c = db.getConnection();
                    var s = c.prepareStatement("INSERT INTO session_booking (session_id, mediator_id, during)"
                            + " SELECT id, ?, tstzrange(starts_at + interval '30 minutes', ends_at) FROM mediation_session"
                            + " WHERE id <> ? AND dispute_id = ? LIMIT 1")) {
                s.setObject(1, js);
                s.setObject(2, UUID.fromString(first));
                s.setObject(3, dispute);
                s.executeUpdate();
            }
        });
        assertEquals("23P01", refused.getSQLState(), refused.getMessage());

        // cancelled: the time is free again; held needs an outcome; done sessions do not change
        Function<Map<String, Object>, Response> transition = body -> home("mediator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes/" + dispute + "/sessions/" + first + "/transitions");
        transition.apply(Map.of("to", "CANCELLED")).then().statusCode(400);
        transition
                .apply(Map.of("to", "CANCELLED", "reason", "浦城方当事人外出务工"))
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"));
        transition.apply(Map.of("to", "HELD", "outcome", "AGREEMENT")).then().statusCode(409);
        schedule(dispute, session("09:00", "10:00", pc)).then().statusCode(201);

        home("investigator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/sessions")
                .then()
                .statusCode(200)
                .body("$", hasSize(4));
        // refusals: no token, a partner's user, a role that does not schedule; a dispute not visible
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(session("15:00", "16:00", js))
                .when()
                .post("/api/v1/disputes/" + dispute + "/sessions")
                .then()
                .statusCode(401);
        as(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(session("15:00", "16:00", pc))
                .when()
                .post("/api/v1/disputes/" + dispute + "/sessions")
                .then()
                .statusCode(403);
        schedule(dispute, session("15:00", "16:00", js), "investigator").then().statusCode(403);
        as(GUANGFENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/sessions")
                .then()
                .statusCode(404);
    }

    @Test
    void notesAreEachMediatorsOwnAndReadByTheTeamOnly() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警五", null, List.of("zh"), "js-mediator-5"));
        registerId(mediator("COMMUNITY", "老娘舅五", null, List.of("zh"), "js-mediator-6"));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所五", null, "zh");
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("14:00", "16:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String notes = "/api/v1/disputes/" + dispute + "/sessions/" + session + "/notes";
        long outbox = outbox("mediation.session-note");

        homeUser("js-mediator-5", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "双方同意以界碑为准重新勘界。"))
                .when()
                .post(notes)
                .then()
                .statusCode(201)
                .body("mediatorId", equalTo(js.toString()))
                .body("authorJurisdiction", equalTo(JIANGSHAN));
        // our own record, to Pucheng (the team's other jurisdiction)
        assertEquals(outbox + 1, outbox("mediation.session-note"));
        long stored = rows("session_note");

        // a mediator not on the team, a commander, a partner's mediator here, no token, bad input
        homeUser("js-mediator-6", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "旁听"))
                .when()
                .post(notes)
                .then()
                .statusCode(403);
        homeUser("js-mediator-5", "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "旁听"))
                .when()
                .post(notes)
                .then()
                .statusCode(403);
        as(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "旁听"))
                .when()
                .post(notes)
                .then()
                .statusCode(403);
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("text", "旁听"))
                .when()
                .post(notes)
                .then()
                .statusCode(401);
        homeUser("js-mediator-5", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", " "))
                .when()
                .post(notes)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(stored, rows("session_note"));
        assertEquals(outbox + 1, outbox("mediation.session-note"));

        long reads = count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'session.notes.read'");
        homeUser("js-mediator-5", "mediator")
                .when()
                .get(notes)
                .then()
                .statusCode(200)
                .body("text", equalTo(List.of("双方同意以界碑为准重新勘界。")));
        homeUser("js-mediator-6", "mediator").when().get(notes).then().statusCode(403);
        home("commander").when().get(notes).then().statusCode(403);
        // the read and the refusal of a mediator not on the team are audited
        assertEquals(
                reads + 2, count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'session.notes.read'"));

        // with an Idempotency-Key: a repeat (the answer lost) gets the note written first, sent once;
        // the key with another text 422, nothing stored
        Map<String, String> second = Map.of("text", "第二次调解：双方确认界碑位置。");
        String written = homeUser("js-mediator-5", "mediator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "note-" + session)
                .body(second)
                .when()
                .post(notes)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .extract()
                .path("id");
        homeUser("js-mediator-5", "mediator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "note-" + session)
                .body(second)
                .when()
                .post(notes)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(written))
                .body("text", equalTo(second.get("text")));
        // the repeat's answer is a read of the note: audited
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'session.note' AND detail = ?",
                        "repeated request: note " + written));
        homeUser("js-mediator-5", "mediator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "note-" + session)
                .body(Map.of("text", "另一条笔记"))
                .when()
                .post(notes)
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        assertEquals(stored + 1, rows("session_note"));
        assertEquals(outbox + 2, outbox("mediation.session-note"));
    }

    long outboxTo(String recordType, Object recordId, String destination) {
        return count(
                db,
                "SELECT count(*) FROM federation.outbox WHERE record_type = ? AND record_id = ? AND destination = ?",
                recordType,
                recordId.toString(),
                destination);
    }

    /** Review 24 M3, the publishing side: a party's jurisdiction outside the agreement's mediation gets nothing. */
    @Test
    void teamsAndSessionsGoOnlyToJurisdictionsTheAgreementSharesMediationWith() {
        // a party lives in Shaowu, our partner for intelligence only
        UUID dispute = dispute(
                db,
                JIANGSHAN,
                "RECEIVED",
                new Party(JIANGSHAN, "zh"),
                new Party(PUCHENG, "zh"),
                new Party(TeamFixtures.SHAOWU, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警八", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所八", null, "zh");
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("18:00", "19:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // Pucheng, involved and sharing mediation, gets the dispute, the team and the session
        assertEquals(1, outboxTo("mediation.team", dispute, PUCHENG));
        assertEquals(1, outboxTo("mediation.session", session, PUCHENG));
        assertEquals(1, outboxTo("mediation.dispute", dispute, PUCHENG));
        // Shaowu, involved as a party's jurisdiction, gets none of them
        assertEquals(0, outboxTo("mediation.team", dispute, TeamFixtures.SHAOWU));
        assertEquals(0, outboxTo("mediation.session", session, TeamFixtures.SHAOWU));
        assertEquals(0, outboxTo("mediation.dispute", dispute, TeamFixtures.SHAOWU));
        assertEquals(0, count(db, "SELECT count(*) FROM federation.outbox WHERE destination = ?", TeamFixtures.SHAOWU));
        // nor do its users read them here
        String base = "/api/v1/disputes/" + dispute;
        for (String path : List.of(base, base + "/team", base + "/sessions", base + "/sessions/" + session)) {
            as(TeamFixtures.SHAOWU, "mediator")
                    .when()
                    .get(path)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        as(TeamFixtures.SHAOWU, "mediator")
                .when()
                .get("/api/v1/disputes/search?q=" + "山林界址")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(dispute.toString())));
        // nor in the sessions calendar, where our user sees the session (the day holds it): a partner
        // that may not hold disputes sees none here, its read audited all the same
        String day = "/api/v1/disputes/sessions?from=2026-12-10&to=2026-12-11&limit=200";
        home("mediator").when().get(day).then().statusCode(200).body("items.session.id", hasItem(session));
        String emptyReads = "SELECT count(*) FROM federation.audit_log WHERE action = 'session.calendar'"
                + " AND jurisdiction = ? AND detail LIKE '%limit=200 returned=0:%'";
        long audited = count(db, emptyReads, TeamFixtures.SHAOWU);
        for (String role : List.of("mediator", "commander")) {
            as(TeamFixtures.SHAOWU, role)
                    .when()
                    .get(day)
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(0))
                    .body("next", equalTo(null));
        }
        assertEquals(audited + 2, count(db, emptyReads, TeamFixtures.SHAOWU));
    }

    static Outcome deliverNote(String from, TeamProto.SessionNote m) {
        return TeamFixtures.deliver(from, "mediation.session-note", m.getId(), m);
    }

    static TeamProto.SessionNote partnerNote(
            String from, UUID dispute, String session, UUID mediator, Instant writtenAt) {
        return TeamProto.SessionNote.newBuilder()
                .setId(RecordIds.create(from).toString())
                .setSessionId(session)
                .setDisputeId(dispute.toString())
                .setDisputeOrigin(JIANGSHAN)
                .setAuthorJurisdiction(from)
                .setMediatorId(mediator.toString())
                .setAuthor("pc-mediator-9")
                .setText("浦城方村委同意以1987年界桩为准重新勘界。")
                .setWrittenAt(ProtoTime.timestamp(writtenAt))
                .build();
    }

    /**
     * Review 24 S8: a note Pucheng's mediator wrote while on the team, delivered after the team
     * changed without them (Pucheng's relay was down), is taken; one written after they left, or
     * before they joined, is not.
     */
    @Test
    void aNoteWrittenWhileOnTheTeamIsTakenAfterTheMediatorLeftIt() throws InterruptedException {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警九", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所九", null, "zh");
        UUID pc2 = partnerMediator(db, PUCHENG, "COMMUNITY", "浦城老娘舅九", null, "zh");
        Instant beforeJoining = Instant.now().minusSeconds(3600);
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("19:00", "20:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant whileOnTheTeam = Instant.now();
        Thread.sleep(5); // the team changes strictly after the note was written
        // the team changes to another Pucheng mediator while Pucheng's note is on its way
        team(dispute, home("mediator"), js, pc2).then().statusCode(200);
        long notes = rows("session_note");

        assertEquals(Outcome.APPLIED, deliverNote(PUCHENG, partnerNote(PUCHENG, dispute, session, pc, whileOnTheTeam)));
        assertEquals(notes + 1, rows("session_note"));
        // written after the mediator left, or before they joined: refused, nothing stored
        assertEquals(Outcome.REJECTED, deliverNote(PUCHENG, partnerNote(PUCHENG, dispute, session, pc, Instant.now())));
        assertEquals(Outcome.REJECTED, deliverNote(PUCHENG, partnerNote(PUCHENG, dispute, session, pc, beforeJoining)));
        // the past stint is Pucheng's mediator's, not Guangfeng's to claim
        assertEquals(
                Outcome.REJECTED, deliverNote(GUANGFENG, partnerNote(GUANGFENG, dispute, session, pc, whileOnTheTeam)));
        assertEquals(notes + 1, rows("session_note"));
    }

    static Outcome deliverTeam(String from, TeamProto.Team m) {
        return TeamFixtures.deliver(from, "mediation.team", m.getDisputeId(), m);
    }

    /** The team of {@code dispute} as its origin {@code from} would send it: mediator ids and their jurisdictions in pairs. */
    static TeamProto.Team partnerTeam(String from, UUID dispute, Object... members) {
        TeamProto.Team.Builder b = TeamProto.Team.newBuilder()
                .setDisputeId(dispute.toString())
                .setDisputeOrigin(from)
                .setUpdatedAt(ProtoTime.timestamp(Instant.now()));
        for (int i = 0; i < members.length; i += 2) {
            b.addMembers(TeamProto.TeamMember.newBuilder()
                    .setMediatorId(members[i].toString())
                    .setMediatorOrigin((String) members[i + 1])
                    .setAddedAt(ProtoTime.timestamp(Instant.now())));
        }
        return b.build();
    }

    /**
     * A partner's team lists each mediator under the jurisdiction that made its id and holds it:
     * not our mediator as Pucheng's (Pucheng would then write notes in their name), not a made-up
     * member of Guangfeng (Guangfeng would then receive our notes on a dispute it does not hold).
     */
    @Test
    void aPartnersTeamNamesEachMediatorUnderItsOwnJurisdiction() {
        UUID js = registerId(mediator("POLICE", "江山民警十一", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所十一", null, "zh");
        UUID theirs = dispute(db, PUCHENG, "RECEIVED", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        String members = "SELECT count(*) FROM team_member WHERE dispute_id = ?";

        assertEquals(Outcome.REJECTED, deliverTeam(PUCHENG, partnerTeam(PUCHENG, theirs, pc, PUCHENG, js, PUCHENG)));
        // Pucheng's own mediator under Guangfeng's code
        assertEquals(Outcome.REJECTED, deliverTeam(PUCHENG, partnerTeam(PUCHENG, theirs, pc, GUANGFENG)));
        // made-up members of Guangfeng: under an id Pucheng made, under a legacy id not held here
        assertEquals(
                Outcome.REJECTED,
                deliverTeam(PUCHENG, partnerTeam(PUCHENG, theirs, pc, PUCHENG, RecordIds.create(PUCHENG), GUANGFENG)));
        assertEquals(
                Outcome.REJECTED,
                deliverTeam(PUCHENG, partnerTeam(PUCHENG, theirs, pc, PUCHENG, UUID.randomUUID(), GUANGFENG)));
        assertEquals(0, count(db, members, theirs));

        // Pucheng's mediator, ours under our code, one of Guangfeng's not shared with us: taken
        assertEquals(
                Outcome.APPLIED,
                deliverTeam(
                        PUCHENG,
                        partnerTeam(
                                PUCHENG, theirs, pc, PUCHENG, js, JIANGSHAN, RecordIds.create(GUANGFENG), GUANGFENG)));
        assertEquals(3, count(db, members, theirs));
        // but Guangfeng does not hold the dispute: our notes on its sessions go to Pucheng only
        assertEquals(java.util.Set.of(PUCHENG), sessions.noteReceivers(theirs, PUCHENG));
    }

    /**
     * A note is the sender's mediator's: Pucheng does not write as our mediator, even where a team
     * held here (from before teams were checked) lists our mediator as Pucheng's.
     */
    @Test
    void aPartnerWritesNotesOnlyAsItsOwnMediator() {
        UUID js = registerId(mediator("POLICE", "江山民警十二", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所十二", null, "zh");
        UUID theirs = dispute(db, PUCHENG, "RECEIVED", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        TeamFixtures.update(
                db,
                "INSERT INTO dispute_team (dispute_id, dispute_origin, version, updated_at) VALUES (?, ?, 1, now())",
                theirs,
                PUCHENG);
        for (UUID m : List.of(pc, js)) {
            TeamFixtures.update(
                    db,
                    "INSERT INTO team_member (dispute_id, mediator_id, mediator_origin, added_at)"
                            + " VALUES (?, ?, ?, now() - interval '1 hour')",
                    theirs,
                    m,
                    PUCHENG);
        }
        UUID session = RecordIds.create(PUCHENG);
        TeamFixtures.update(db, """
                INSERT INTO mediation_session (id, dispute_id, dispute_origin, starts_at, ends_at, mode, mediator_ids,
                    status, version, created_at, updated_at)
                VALUES (?, ?, ?, '2026-12-12T09:00:00+08:00', '2026-12-12T10:00:00+08:00', 'ONLINE', ARRAY[?::uuid],
                    'SCHEDULED', 1, now(), now())""", session, theirs, PUCHENG, pc);
        long notes = rows("session_note");

        TeamProto.SessionNote asOurs = partnerNote(PUCHENG, theirs, session.toString(), js, Instant.now()).toBuilder()
                .setDisputeOrigin(PUCHENG)
                .build();
        assertEquals(Outcome.REJECTED, deliverNote(PUCHENG, asOurs));
        assertEquals(notes, rows("session_note"));
        TeamProto.SessionNote own = partnerNote(PUCHENG, theirs, session.toString(), pc, Instant.now()).toBuilder()
                .setDisputeOrigin(PUCHENG)
                .build();
        assertEquals(Outcome.APPLIED, deliverNote(PUCHENG, own));
        assertEquals(notes + 1, rows("session_note"));
    }

    static Outcome deliverAttendance(String from, TeamProto.Attendance m) {
        return TeamFixtures.deliver(
                from,
                "mediation.attendance",
                SessionAttendance.recordId(UUID.fromString(m.getSessionId()), m.getAttendee()),
                m);
    }

    /** Pucheng's attendance of its mediator is stored under our dispute's origin, not one Pucheng names. */
    @Test
    void aPartnersAttendanceNamesTheDisputesOrigin() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警十三", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所十三", null, "zh");
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("07:00", "08:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        TeamProto.Attendance.Builder attendance = TeamProto.Attendance.newBuilder()
                .setSessionId(session)
                .setDisputeId(dispute.toString())
                .setJurisdiction(PUCHENG)
                .setAttendeeKind(TeamProto.AttendeeKind.MEDIATOR)
                .setAttendee(pc.toString())
                .setPresent(true)
                .setRecordedBy("pc-mediator-13")
                .setRecordedAt(ProtoTime.timestamp(Instant.now()));
        String held = "SELECT count(*) FROM session_attendance WHERE session_id = ?::uuid AND dispute_origin = ?";

        assertEquals(
                Outcome.REJECTED,
                deliverAttendance(
                        PUCHENG, attendance.clone().setDisputeOrigin(PUCHENG).build()));
        assertEquals(0, count(db, "SELECT count(*) FROM session_attendance WHERE session_id = ?::uuid", session));
        assertEquals(
                Outcome.APPLIED,
                deliverAttendance(
                        PUCHENG, attendance.clone().setDisputeOrigin(JIANGSHAN).build()));
        assertEquals(1, count(db, held, session, JIANGSHAN));
    }

    /** A partner's session's place passes what our users' does, and is kept as ours is: stripped, a blank one none. */
    @Test
    void aPartnersSessionPlaceIsCheckedAndKeptAsOurs() {
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所十四", null, "zh");
        UUID theirs = dispute(db, PUCHENG, "RECEIVED", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        TeamFixtures.update(
                db,
                "INSERT INTO dispute_team (dispute_id, dispute_origin, version, updated_at) VALUES (?, ?, 1, now())",
                theirs,
                PUCHENG);
        TeamFixtures.update(
                db,
                "INSERT INTO team_member (dispute_id, mediator_id, mediator_origin, added_at) VALUES (?, ?, ?, now())",
                theirs,
                pc,
                PUCHENG);
        long sessions = rows("mediation_session");

        // a place over the limit as sent, though short once stripped
        TeamProto.Session padded = partnerSession(PUCHENG, theirs, "06:00", "07:00", pc).toBuilder()
                .setMode(TeamProto.SessionMode.OFFLINE)
                .setPlace("x" + " ".repeat(250))
                .build();
        assertEquals(Outcome.REJECTED, deliverSession(PUCHENG, padded));
        assertEquals(sessions, rows("mediation_session"));

        TeamProto.Session online = partnerSession(PUCHENG, theirs, "06:00", "07:00", pc).toBuilder()
                .setPlace("   ")
                .build();
        assertEquals(Outcome.APPLIED, deliverSession(PUCHENG, online));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM mediation_session WHERE id = ?::uuid AND place IS NULL",
                        online.getId()));
        TeamProto.Session offline = partnerSession(PUCHENG, theirs, "07:00", "08:00", pc).toBuilder()
                .setMode(TeamProto.SessionMode.OFFLINE)
                .setPlace("  " + CENTRE + "  ")
                .build();
        assertEquals(Outcome.APPLIED, deliverSession(PUCHENG, offline));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM mediation_session WHERE id = ?::uuid AND place = ?",
                        offline.getId(),
                        CENTRE));
    }

    /**
     * A reader polls only what arrived since its cursor (GET .../notes?after=), in arrival order:
     * a partner's note written before ours but delivered after we read ours is still new to the
     * reader. Keyed on the writing time, the poll after our note would skip it.
     */
    @Test
    void aPollAfterACursorGivesWhatArrivedSinceAlsoANoteWrittenEarlierThatArrivedLate() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警十一", null, List.of("zh"), "js-mediator-11"));
        registerId(mediator("COMMUNITY", "老娘舅十一", null, List.of("zh"), "js-mediator-12"));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所十一", null, "zh");
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("08:00", "09:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String notes = "/api/v1/disputes/" + dispute + "/sessions/" + session + "/notes";
        Instant writtenAtPucheng = Instant.now();
        homeUser("js-mediator-11", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "第一次笔记"))
                .when()
                .post(notes)
                .then()
                .statusCode(201);
        Response first = homeUser("js-mediator-11", "mediator").when().get(notes);
        first.then().statusCode(200).body("text", equalTo(List.of("第一次笔记")));
        String cursor = first.header("X-Cursor");
        assertEquals(first.jsonPath().getString("[0].cursor"), cursor);

        // Pucheng's note, written before ours, arrives now (its relay was slow)
        assertEquals(
                Outcome.APPLIED, deliverNote(PUCHENG, partnerNote(PUCHENG, dispute, session, pc, writtenAtPucheng)));
        Response poll = homeUser("js-mediator-11", "mediator")
                .queryParam("after", cursor)
                .when()
                .get(notes);
        poll.then()
                .statusCode(200)
                .body("text", equalTo(List.of("浦城方村委同意以1987年界桩为准重新勘界。")))
                .body("authorJurisdiction", equalTo(List.of(PUCHENG)));
        String next = poll.header("X-Cursor");
        assertEquals(poll.jsonPath().getString("[0].cursor"), next);
        // the whole list still reads as written, earliest first
        homeUser("js-mediator-11", "mediator")
                .when()
                .get(notes)
                .then()
                .body("text", equalTo(List.of("浦城方村委同意以1987年界桩为准重新勘界。", "第一次笔记")));

        // nothing new: an empty page, the cursor kept; limit pages through
        Response empty = homeUser("js-mediator-11", "mediator")
                .queryParam("after", next)
                .when()
                .get(notes);
        empty.then().statusCode(200).body("$", hasSize(0));
        assertEquals(next, empty.header("X-Cursor"));
        homeUser("js-mediator-11", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "第二次笔记"))
                .when()
                .post(notes)
                .then()
                .statusCode(201);
        homeUser("js-mediator-11", "mediator")
                .queryParam("after", cursor)
                .queryParam("limit", 1)
                .when()
                .get(notes)
                .then()
                .statusCode(200)
                .body("authorJurisdiction", equalTo(List.of(PUCHENG)));
        homeUser("js-mediator-11", "mediator")
                .queryParam("after", next)
                .when()
                .get(notes)
                .then()
                .body("text", equalTo(List.of("第二次笔记")));

        // bad cursor or limit: 400 problem; not on the team, a partner's user: 403
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("after", "not-a-cursor"),
                // a cursor's form with what no cursor of ours holds: no id, a time beyond what is stored, no time
                Map.of("after", b64.encodeToString("2026-11-26T01:30:00Z|纠纷".getBytes(StandardCharsets.UTF_8))),
                Map.of(
                        "after",
                        b64.encodeToString(
                                ("+999999-12-31T23:59:59Z|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))),
                Map.of("after", b64.encodeToString(("|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))),
                Map.of("after", next + "x"),
                Map.of("after", next, "limit", 0),
                Map.of("after", next, "limit", 501))) {
            homeUser("js-mediator-11", "mediator")
                    .queryParams(bad)
                    .when()
                    .get(notes)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
        homeUser("js-mediator-12", "mediator")
                .queryParam("after", cursor)
                .when()
                .get(notes)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        RestAssured.given().queryParam("after", cursor).when().get(notes).then().statusCode(401);
        as(GUANGFENG, "mediator")
                .queryParam("after", cursor)
                .when()
                .get(notes)
                .then()
                .statusCode(403);
        UUID unknown = UUID.randomUUID();
        homeUser("js-mediator-11", "mediator")
                .queryParam("after", cursor)
                .when()
                .get("/api/v1/disputes/" + unknown + "/sessions/" + session + "/notes")
                .then()
                .statusCode(404);
        // the session under another dispute the reader sees and is on the team of: 404, audited
        UUID other = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        team(other, home("mediator"), js, pc).then().statusCode(200);
        long notFound = count(
                db,
                "SELECT count(*) FROM federation.audit_log WHERE action = 'session.notes.read'"
                        + " AND record_id = ? AND detail = 'not found'",
                session);
        homeUser("js-mediator-11", "mediator")
                .queryParam("after", cursor)
                .when()
                .get("/api/v1/disputes/" + other + "/sessions/" + session + "/notes")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(
                notFound + 1,
                count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'session.notes.read'"
                                + " AND record_id = ? AND detail = 'not found'",
                        session));
    }

    /**
     * A Keycloak user's token carries a UUID subject and the login name as preferred_username: the
     * directory names the login name (as the demo data does), and that mediator writes and reads
     * notes. Only in the mediator's own jurisdiction, and not by a username of another.
     */
    @Test
    void aKeycloakUserIsTheMediatorWhoseAccountIsTheirUsername() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警十三", null, List.of("zh"), "sanshan-mediator-13"));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所十三", null, "zh");
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("06:00", "07:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String notes = "/api/v1/disputes/" + dispute + "/sessions/" + session + "/notes";
        Function<String, RequestSpecification> keycloakUser = username -> RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .subject(UUID.randomUUID().toString())
                        .claim("preferred_username", username)
                        .roles("mediator")
                        .sign());
        long stored = rows("session_note");
        keycloakUser
                .apply("sanshan-mediator-13")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "经双方同意，定于下周现场勘界。"))
                .when()
                .post(notes)
                .then()
                .statusCode(201)
                .body("mediatorId", equalTo(js.toString()));
        keycloakUser
                .apply("sanshan-mediator-13")
                .when()
                .get(notes)
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
        // another login name, or the same one from Pucheng's identity provider: not this mediator
        keycloakUser
                .apply("sanshan-mediator-14")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "冒名"))
                .when()
                .post(notes)
                .then()
                .statusCode(403);
        RestAssured.given()
                .auth()
                .oauth2(JurisdictionTestResource.issuer(PUCHENG)
                        .token(JIANGSHAN)
                        .subject(UUID.randomUUID().toString())
                        .claim("preferred_username", "sanshan-mediator-13")
                        .roles("mediator")
                        .sign())
                .when()
                .get(notes)
                .then()
                .statusCode(403);
        assertEquals(stored + 1, rows("session_note"));
    }

    Response attendance(UUID dispute, String session, RequestSpecification as, List<Map<String, Object>> entries) {
        return as.contentType(ContentType.JSON)
                .body(Map.of("entries", entries))
                .when()
                .put("/api/v1/disputes/" + dispute + "/sessions/" + session + "/attendance");
    }

    static Map<String, Object> present(String kind, Object attendee, boolean present) {
        return Map.of("kind", kind, "attendee", attendee.toString(), "present", present);
    }

    @Test
    void theOriginRecordsAttendanceOfAnyoneAndAPartnerOfItsOwnMediatorsSentToTheOrigin() {
        UUID dispute = dispute(db, JIANGSHAN, "RECEIVED", new Party(JIANGSHAN, "zh"), new Party(PUCHENG, "zh"));
        UUID js = registerId(mediator("POLICE", "江山民警六", null, List.of("zh"), null));
        UUID pc = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所六", null, "zh");
        team(dispute, home("mediator"), js, pc).then().statusCode(200);
        String session = schedule(dispute, session("16:00", "17:00", js, pc))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long sent = outbox("mediation.attendance");
        attendance(
                        dispute,
                        session,
                        home("mediator"),
                        List.of(
                                present("MEDIATOR", js, true),
                                present("MEDIATOR", pc, true),
                                present("PARTY", 1, false)))
                .then()
                .statusCode(200)
                .body("attendee", equalTo(List.of(js.toString(), pc.toString(), "party-1")))
                .body("jurisdiction", everyItem(equalTo(JIANGSHAN)));
        attendance(dispute, session, home("commander"), List.of(present("PARTY", 1, true)))
                .then()
                .statusCode(200)
                .body("[0].version", equalTo(2));
        // our own session: nothing to send
        assertEquals(sent, outbox("mediation.attendance"));
        long rows = rows("session_attendance");
        attendance(dispute, session, home("mediator"), List.of(present("PARTY", 9, true)))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        UUID outsider = registerId(mediator("LAWYER", "外部律师六", null, List.of("zh"), null));
        attendance(dispute, session, home("mediator"), List.of(present("MEDIATOR", outsider, true)))
                .then()
                .statusCode(400);
        attendance(dispute, session, RestAssured.given(), List.of(present("PARTY", 0, true)))
                .then()
                .statusCode(401);
        attendance(dispute, session, as(PUCHENG, "mediator"), List.of(present("MEDIATOR", pc, true)))
                .then()
                .statusCode(403);
        attendance(dispute, session, home("investigator"), List.of(present("PARTY", 0, true)))
                .then()
                .statusCode(403);
        assertEquals(rows, rows("session_attendance"));
        home("analyst")
                .when()
                .get("/api/v1/disputes/" + dispute + "/sessions/" + session + "/attendance")
                .then()
                .statusCode(200)
                .body("$", hasSize(3));
        as(GUANGFENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/sessions/" + session + "/attendance")
                .then()
                .statusCode(404);

        // Pucheng's dispute, team and session as replication left them here: our mediator sits on its team
        UUID theirs = dispute(db, PUCHENG, "MEDIATING", new Party(PUCHENG, "zh"), new Party(JIANGSHAN, "zh"));
        UUID pcTheirs = partnerMediator(db, PUCHENG, "JUDICIAL_OFFICE", "浦城司法所七", null, "zh");
        TeamFixtures.update(
                db,
                "INSERT INTO dispute_team (dispute_id, dispute_origin, version, updated_at) VALUES (?, ?, 1, now())",
                theirs,
                PUCHENG);
        for (Object[] m : List.of(new Object[] {js, JIANGSHAN}, new Object[] {pcTheirs, PUCHENG})) {
            TeamFixtures.update(
                    db,
                    "INSERT INTO team_member (dispute_id, mediator_id, mediator_origin, added_at) VALUES (?, ?, ?, now())",
                    theirs,
                    m[0],
                    m[1]);
        }
        UUID theirSession = org.borderpolice.federation.validation.RecordIds.create(PUCHENG);
        TeamFixtures.update(
                db,
                "INSERT INTO mediation_session (id, dispute_id, dispute_origin, starts_at, ends_at, mode, place, mediator_ids,"
                        + " status, version, created_at, updated_at) VALUES (?, ?, ?, now(), now() + interval '1 hour',"
                        + " 'OFFLINE', ?, ARRAY[?, ?]::uuid[], 'SCHEDULED', 1, now(), now())",
                theirSession,
                theirs,
                PUCHENG,
                CENTRE,
                js,
                pcTheirs);
        attendance(theirs, theirSession.toString(), home("mediator"), List.of(present("MEDIATOR", js, true)))
                .then()
                .statusCode(200)
                .body("[0].jurisdiction", equalTo(JIANGSHAN));
        // our record, to Pucheng (the origin) only
        assertEquals(sent + 1, outbox("mediation.attendance"));
        assertEquals(
                1,
                count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'mediation.attendance' AND record_id = ?",
                        org.borderpolice.mediation.SessionAttendance.recordId(theirSession, js.toString())));
        // Pucheng's mediator and the parties are Pucheng's to record
        attendance(theirs, theirSession.toString(), home("mediator"), List.of(present("MEDIATOR", pcTheirs, true)))
                .then()
                .statusCode(403);
        attendance(theirs, theirSession.toString(), home("mediator"), List.of(present("PARTY", 0, true)))
                .then()
                .statusCode(403);
        assertEquals(sent + 1, outbox("mediation.attendance"));
    }
}
