package org.borderpolice.intel.directory;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.liaison.v1.LiaisonProto;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestIssuer;
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
import io.restassured.specification.RequestSpecification;

/**
 * The liaison directory (联谊) as hosted by intel-sharing, in one JVM: who may call what, bad
 * input refused storing nothing, what a partner's user sees here, the chair's rotation, the duty
 * rota, a patrol's status, and partners' forged events refused. Replication between running
 * jurisdictions is DirectoryIT's.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel,liaison")
        })
class DirectoryTest {

    static final String D = "/api/v1/directory";
    static final AtomicInteger YEAR = new AtomicInteger(2100);

    @Inject
    AgroalDataSource db;

    // --- callers

    static RequestSpecification as(String code, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(code)
                        .token(SELF)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign())
                .contentType(ContentType.JSON);
    }

    static RequestSpecification commander() {
        return as(SELF, "commander");
    }

    long rows(String type) {
        return count("SELECT count(*) FROM federation.liaison_record WHERE record_type = ?", type);
    }

    /** The one number a query answers (a count), read as the service's own role. */
    long count(String sql, Object... params) {
        try (var c = db.getConnection();
                var s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long queued(String type, String id, String destination) {
        return count(
                "SELECT count(*) FROM federation.outbox WHERE record_type = ? AND record_id = ? AND destination = ?",
                type,
                id,
                destination);
    }

    // --- bodies

    static Map<String, Object> unit(String name) {
        Map<String, Object> b = new HashMap<>();
        b.put("code", "TS");
        b.put("name", name);
        b.put("kind", "POLICE_STATION");
        b.put("county", JIANGSHAN);
        b.put("address", "江山市坛石镇");
        b.put("phone", "0570-4012110");
        return b;
    }

    static Map<String, Object> officer(String unitId) {
        return new HashMap<>(
                Map.of("unitId", unitId, "name", "王建军", "title", "副所长", "phone", "13905701234", "role", "LIAISON"));
    }

    static Map<String, Object> duty(String unitId, Instant from, Instant to) {
        return new HashMap<>(Map.of(
                "unitId",
                unitId,
                "startsAt",
                from.toString(),
                "endsAt",
                to.toString(),
                "name",
                "李明",
                "phone",
                "0570-4012110"));
    }

    static Map<String, Object> meeting(String chair, String... parties) {
        return meetingAt(Instant.parse(YEAR.incrementAndGet() + "-01-15T02:00:00Z"), chair, parties);
    }

    static Map<String, Object> meetingAt(Instant heldAt, String chair, String... parties) {
        Map<String, Object> b = new HashMap<>();
        b.put("heldAt", heldAt.toString());
        b.put("place", "三山边界社会治理中心");
        if (chair != null) {
            b.put("chair", chair);
        }
        b.put("agenda", "一、通报本季度边界治安形势；\n二、研究联合巡逻安排。");
        b.put("parties", List.of(parties));
        b.put("delegations", List.of(Map.of("jurisdiction", JIANGSHAN, "attendees", List.of("王建军"))));
        return b;
    }

    static Map<String, Object> patrol(String... parties) {
        return patrolAt(Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), parties);
    }

    static Map<String, Object> patrolAt(Instant from, String... parties) {
        return new HashMap<>(Map.of(
                "startsAt", from.toString(),
                "endsAt", from.plus(4, ChronoUnit.HOURS).toString(),
                "area", "205国道浙闽交界段",
                "parties", List.of(parties),
                "sides",
                        List.of(
                                Map.of("jurisdiction", JIANGSHAN, "units", List.of("坛石派出所")),
                                Map.of("jurisdiction", parties[0], "units", List.of("仙阳派出所")))));
    }

    static String create(String collection, Object body) {
        return commander()
                .body(body)
                .post(D + "/" + collection)
                .then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .extract()
                .path("id");
    }

    // --- who may call what

    record Call(String method, String path, Object body) {}

    List<Call> everyEndpoint() {
        String unit = create("units", unit("坛石派出所"));
        String meeting = create("meetings", meeting(JIANGSHAN, PUCHENG));
        String patrol = create("patrols", patrol(PUCHENG));
        String shift = create("duty", duty(unit, Instant.now(), Instant.now().plusSeconds(3600)));
        String officer = create("officers", officer(unit));
        return List.of(
                new Call("GET", D + "/agreement", null),
                new Call("GET", D + "/units", null),
                new Call("POST", D + "/units", unit("新塘边派出所")),
                new Call("GET", D + "/units/" + unit, null),
                new Call("PUT", D + "/units/" + unit, unit("坛石派出所")),
                new Call("GET", D + "/officers", null),
                new Call("POST", D + "/officers", officer(unit)),
                new Call("GET", D + "/officers/" + officer, null),
                new Call("PUT", D + "/officers/" + officer, officer(unit)),
                new Call("GET", D + "/duty", null),
                new Call("GET", D + "/duty/now?jurisdiction=" + JIANGSHAN, null),
                new Call(
                        "POST",
                        D + "/duty",
                        duty(unit, Instant.now(), Instant.now().plusSeconds(60))),
                new Call("GET", D + "/duty/" + shift, null),
                new Call("DELETE", D + "/duty/" + shift, null),
                new Call("GET", D + "/meetings", null),
                new Call("GET", D + "/meetings/next-chair", null),
                new Call("GET", D + "/statistics?from=2026-11-23&to=2026-11-30", null),
                new Call("POST", D + "/meetings", meeting(JIANGSHAN, PUCHENG)),
                new Call("GET", D + "/meetings/" + meeting, null),
                new Call("GET", D + "/meetings/" + meeting + "/minutes", null),
                new Call("PUT", D + "/meetings/" + meeting + "/minutes", Map.of("text", "纪要")),
                new Call("GET", D + "/patrols", null),
                new Call("POST", D + "/patrols", patrol(PUCHENG)),
                new Call("GET", D + "/patrols/" + patrol, null),
                new Call("POST", D + "/patrols/" + patrol + "/outcome", Map.of("status", "CANCELLED")));
    }

    static int call(RequestSpecification spec, Call c) {
        if (c.body() != null) {
            spec = spec.contentType(ContentType.JSON).body(c.body());
        }
        return spec.request(c.method(), c.path()).then().extract().statusCode();
    }

    @Test
    void everyEndpointRefusesNoTokenAnUntrustedIssuerAndATokenWithoutAUserRole() {
        TestIssuer stranger = new TestIssuer("330822");
        given().get(D + "/units").then().statusCode(401).contentType("application/problem+json");
        for (Call c : everyEndpoint()) {
            assertEquals(401, call(given(), c), () -> "no token: " + c);
            assertEquals(
                    401,
                    call(
                            given().auth()
                                    .oauth2(stranger.token(SELF)
                                            .roles("commander")
                                            .sign()),
                            c),
                    () -> "untrusted issuer: " + c);
            assertEquals(403, call(as(SELF, "peer"), c), () -> "no user role: " + c);
            assertEquals(403, call(as(PUCHENG, "peer"), c), () -> "a partner's relay: " + c);
        }
    }

    @Test
    void onlyCommandersOfThisJurisdictionWriteAndNothingIsStoredOtherwise() {
        List<Call> writes =
                everyEndpoint().stream().filter(c -> !c.method().equals("GET")).toList();
        assertEquals(10, writes.size());
        long units = rows("liaison.unit"), minutes = rows("liaison.minutes"), duty = rows("liaison.duty");
        for (Call c : writes) {
            assertEquals(403, call(as(SELF, "investigator", "analyst", "integrator"), c), () -> "investigator: " + c);
            assertEquals(403, call(as(PUCHENG, "commander"), c), () -> "a partner's commander: " + c);
        }
        assertEquals(units, rows("liaison.unit"));
        assertEquals(minutes, rows("liaison.minutes"));
        assertEquals(duty, rows("liaison.duty"));
    }

    @Test
    void everyUserOfThisJurisdictionReadsEveryEndpoint() {
        for (Call c : everyEndpoint()) {
            if (c.method().equals("GET") && !c.path().endsWith("/minutes")) {
                assertEquals(200, call(as(SELF, "investigator"), c), () -> c.toString());
            }
        }
    }

    // --- bad input

    @Test
    void badInputIsRefusedAsProblemJsonAndStoresNothing() {
        String unit = create("units", unit("坛石派出所"));
        long units = rows("liaison.unit"),
                officers = rows("liaison.officer"),
                duty = rows("liaison.duty"),
                meetings = rows("liaison.meeting"),
                patrols = rows("liaison.patrol");
        Map<String, Object> badCounty = unit("坛石派出所");
        badCounty.put("county", "990101");
        Map<String, Object> badPhone = unit("坛石派出所");
        badPhone.put("phone", "call me");
        Map<String, Object> noKind = unit("坛石派出所");
        noKind.remove("kind");
        Map<String, Object> twoLines = unit("坛石\n派出所");
        Map<String, Object> partnersCounty = unit("坛石派出所");
        partnersCounty.put("county", PUCHENG);
        Map<String, Object> foreignUnit = officer(RecordIds.create(PUCHENG).toString());
        Map<String, Object> stranger = meeting("361103", PUCHENG);
        Map<String, Object> notAPartner = meeting(JIANGSHAN, "330822");
        Map<String, Object> longAgenda = meeting(JIANGSHAN, PUCHENG);
        longAgenda.put("agenda", "议".repeat(4001));
        Map<String, Object> strangeSide = patrol(PUCHENG);
        strangeSide.put("sides", List.of(Map.of("jurisdiction", GUANGFENG, "units", List.of("某所"))));
        List<Call> bad = List.of(
                new Call("POST", D + "/units", badCounty),
                new Call("POST", D + "/units", badPhone),
                new Call("POST", D + "/units", noKind),
                new Call("POST", D + "/units", twoLines),
                new Call("POST", D + "/units", partnersCounty),
                new Call("PUT", D + "/units/" + unit, partnersCounty),
                new Call("POST", D + "/units", unit("派".repeat(101))),
                new Call("PUT", D + "/units/" + unit, badPhone),
                new Call("POST", D + "/officers", foreignUnit),
                new Call(
                        "POST",
                        D + "/duty",
                        duty(unit, Instant.now(), Instant.now().minusSeconds(1))),
                new Call(
                        "POST",
                        D + "/duty",
                        duty(unit, Instant.now(), Instant.now().plus(32, ChronoUnit.DAYS))),
                new Call("POST", D + "/meetings", stranger),
                new Call("POST", D + "/meetings", notAPartner),
                new Call("POST", D + "/meetings", longAgenda),
                new Call("POST", D + "/patrols", strangeSide),
                new Call("GET", D + "/duty/now?jurisdiction=12", null),
                new Call("GET", D + "/duty/now?jurisdiction=" + JIANGSHAN + "&at=yesterday", null),
                new Call("GET", D + "/units?cursor=forged", null),
                new Call("GET", D + "/statistics?from=2026-11-30&to=2026-11-23", null),
                new Call("GET", D + "/statistics?from=2026-W48&to=2026-11-30", null),
                new Call("GET", D + "/statistics?to=2026-11-30", null));
        for (Call c : bad) {
            RequestSpecification spec = commander();
            if (c.body() != null) {
                spec = spec.body(c.body());
            }
            var response = spec.request(c.method(), c.path()).then().extract();
            assertEquals(400, response.statusCode(), () -> c + ": " + response.asString());
            assertEquals("application/problem+json", response.contentType(), c::toString);
        }
        assertEquals(units, rows("liaison.unit"));
        assertEquals(officers, rows("liaison.officer"));
        assertEquals(duty, rows("liaison.duty"));
        assertEquals(meetings, rows("liaison.meeting"));
        assertEquals(patrols, rows("liaison.patrol"));
    }

    @Test
    void aUnitIsCreatedOncePerIdempotencyKeyAndQueuedForEveryLiaisonPartner() {
        String key = UUID.randomUUID().toString();
        String first = commander()
                .header("Idempotency-Key", key)
                .body(unit("大桥派出所"))
                .post(D + "/units")
                .then()
                .statusCode(201)
                .body("origin", equalTo(JIANGSHAN))
                .body("version", equalTo(1))
                .body("record.name", equalTo("大桥派出所"))
                .extract()
                .path("id");
        long units = rows("liaison.unit");
        commander()
                .header("Idempotency-Key", key)
                .body(unit("大桥派出所"))
                .post(D + "/units")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        commander()
                .header("Idempotency-Key", key)
                .body(unit("别的派出所"))
                .post(D + "/units")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        assertEquals(units, rows("liaison.unit"));
        assertEquals(1, queued("liaison.unit", first, PUCHENG));
        assertEquals(1, queued("liaison.unit", first, GUANGFENG));
    }

    @Test
    void aKeyWhoseShiftWasWithdrawnIsAConflictNotAnError() {
        String unit = create("units", unit("贺村派出所"));
        Instant now = Instant.now();
        Map<String, Object> body = duty(unit, now, now.plusSeconds(3600));
        String key = UUID.randomUUID().toString();
        String shift = commander()
                .header("Idempotency-Key", key)
                .body(body)
                .post(D + "/duty")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        commander().delete(D + "/duty/" + shift).then().statusCode(204);
        long shifts = rows("liaison.duty");
        commander()
                .header("Idempotency-Key", key)
                .body(body)
                .post(D + "/duty")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(shifts, rows("liaison.duty"));
    }

    @Test
    void onlyOurOwnRecordsAreChangedHere() {
        String theirs = deliverUnit(PUCHENG, "仙阳派出所");
        commander()
                .body(unit("改名"))
                .put(D + "/units/" + theirs)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(SELF, "investigator")
                .get(D + "/units/" + theirs)
                .then()
                .statusCode(200)
                .body("origin", equalTo(PUCHENG))
                .body("record.name", equalTo("仙阳派出所"));
        // an officer of a partner's unit is not ours to enter
        commander().body(officer(theirs)).post(D + "/officers").then().statusCode(400);
    }

    // --- what partners' users see here

    @Test
    void aPartnersUserSeesHereOnlyWhatIsSharedWithItsJurisdiction() {
        String unit = create("units", unit("峡口派出所"));
        String meeting = create("meetings", meeting(JIANGSHAN, PUCHENG));
        String patrol = create("patrols", patrol(PUCHENG));
        String pucheng = deliverUnit(PUCHENG, "临江派出所");
        for (String code : List.of(PUCHENG, GUANGFENG)) {
            as(code, "investigator").get(D + "/units/" + unit).then().statusCode(200);
        }
        as(PUCHENG, "investigator").get(D + "/meetings/" + meeting).then().statusCode(200);
        as(PUCHENG, "investigator").get(D + "/patrols/" + patrol).then().statusCode(200);
        as(GUANGFENG, "investigator")
                .get(D + "/meetings/" + meeting)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(GUANGFENG, "investigator").get(D + "/patrols/" + patrol).then().statusCode(404);
        as(GUANGFENG, "investigator")
                .get(D + "/meetings?limit=200")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(meeting)));
        // a partner's record held here is not ours to show to anyone but our own users
        as(GUANGFENG, "investigator").get(D + "/units/" + pucheng).then().statusCode(404);
        as(PUCHENG, "investigator").get(D + "/units/" + pucheng).then().statusCode(404);
        as(SELF, "investigator").get(D + "/units/" + pucheng).then().statusCode(200);
    }

    @Test
    void readsArePagedAndAudited() {
        for (int i = 0; i < 3; i++) {
            create("units", unit("分页" + i));
        }
        String cursor = as(PUCHENG, "analyst")
                .get(D + "/units?limit=2")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .extract()
                .path("nextCursor");
        as(PUCHENG, "analyst").get(D + "/units?limit=2&cursor=" + cursor).then().statusCode(200);
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'directory.list' "
                                + "AND jurisdiction = ? AND detail LIKE ?",
                        PUCHENG,
                        "after " + cursor + "%"));
    }

    // --- meetings

    @Test
    void theChairRotatesThroughTheAgreementsParties() {
        List<String> rotation = as(SELF, "investigator")
                .get(D + "/meetings/next-chair")
                .then()
                .statusCode(200)
                .extract()
                .path("rotation");
        assertEquals(List.of(JIANGSHAN, PUCHENG, GUANGFENG), rotation);
        for (int i = 0; i < 4; i++) {
            String suggested = as(SELF, "investigator")
                    .get(D + "/meetings/next-chair")
                    .then()
                    .extract()
                    .path("chair");
            // held a moment ago: the rotation reads meetings already held
            String id = create("meetings", meetingAt(Instant.now().minusSeconds(1), null, PUCHENG, GUANGFENG));
            as(SELF, "investigator").get(D + "/meetings/" + id).then().body("record.chair", equalTo(suggested));
            assertEquals(suggested, nextChair(), "held, but no minutes of its chair yet: it steers nothing");
            writeMinutesAsChair(suggested, UUID.fromString(id));
            assertEquals(rotation.get((rotation.indexOf(suggested) + 1) % 3), nextChair());
        }
    }

    @Test
    void minutesAreWrittenByTheChairsSideOnly() {
        String ours = create("meetings", meeting(JIANGSHAN, PUCHENG));
        commander()
                .body(Map.of("text", "会议纪要：一、……"))
                .put(D + "/meetings/" + ours + "/minutes")
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("origin", equalTo(JIANGSHAN));
        commander()
                .body(Map.of("text", "会议纪要（修订）"))
                .put(D + "/meetings/" + ours + "/minutes")
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        assertTrue(queued("liaison.minutes", ours, PUCHENG) > 0, "sent to the party");
        assertEquals(0, queued("liaison.minutes", ours, GUANGFENG), "and to no one else");
        as(PUCHENG, "investigator")
                .get(D + "/meetings/" + ours + "/minutes")
                .then()
                .statusCode(200)
                .body("record.text", equalTo("会议纪要（修订）"));
        as(GUANGFENG, "investigator")
                .get(D + "/meetings/" + ours + "/minutes")
                .then()
                .statusCode(404);

        String chairedByPucheng = create("meetings", meeting(PUCHENG, PUCHENG));
        long minutes = rows("liaison.minutes");
        commander()
                .body(Map.of("text", "越权纪要"))
                .put(D + "/meetings/" + chairedByPucheng + "/minutes")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertEquals(minutes, rows("liaison.minutes"));
        commander()
                .body(Map.of("text", "纪要"))
                .put(D + "/meetings/" + UUID.randomUUID() + "/minutes")
                .then()
                .statusCode(404);
    }

    // --- duty

    @Test
    void whoIsOnDutyNowAndAWithdrawnShiftIsGoneEverywhere() {
        String unit = create("units", unit("清湖派出所"));
        Instant now = Instant.now();
        String onDuty = create("duty", duty(unit, now.minusSeconds(3600), now.plusSeconds(3600)));
        String ended = create("duty", duty(unit, now.minusSeconds(7200), now.minusSeconds(3600)));
        as(PUCHENG, "investigator")
                .get(D + "/duty/now?jurisdiction=" + JIANGSHAN)
                .then()
                .statusCode(200)
                .body("id", hasItem(onDuty))
                .body("id", not(hasItem(ended)));
        as(SELF, "investigator")
                .get(D + "/duty/now?jurisdiction=" + JIANGSHAN + "&at=" + now.minusSeconds(5400))
                .then()
                .statusCode(200)
                .body("id", hasItem(ended))
                .body("id", not(hasItem(onDuty)));
        commander().delete(D + "/duty/" + onDuty).then().statusCode(204);
        as(SELF, "investigator").get(D + "/duty/" + onDuty).then().statusCode(404);
        as(SELF, "investigator")
                .get(D + "/duty/now?jurisdiction=" + JIANGSHAN)
                .then()
                .body("id", not(hasItem(onDuty)));
        assertEquals(
                2,
                count(
                        "SELECT count(*) FROM federation.outbox WHERE record_type = 'liaison.duty' "
                                + "AND record_id = ? AND tombstone",
                        onDuty),
                "a tombstone to each partner");
    }

    // --- patrols

    @Test
    void aPatrolIsHeldWithAReportOrCancelledOnceOnly() {
        String held = create("patrols", patrol(PUCHENG));
        commander()
                .body(Map.of("status", "DONE"))
                .post(D + "/patrols/" + held + "/outcome")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        commander()
                .body(Map.of("status", "DONE", "report", "巡逻4小时，盘查车辆12辆，未发现异常。"))
                .post(D + "/patrols/" + held + "/outcome")
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("record.status", equalTo("DONE"));
        commander()
                .body(Map.of("status", "CANCELLED"))
                .post(D + "/patrols/" + held + "/outcome")
                .then()
                .statusCode(409);
        String cancelled = create("patrols", patrol(GUANGFENG));
        commander()
                .body(Map.of("status", "CANCELLED"))
                .post(D + "/patrols/" + cancelled + "/outcome")
                .then()
                .statusCode(200)
                .body("record.status", equalTo("CANCELLED"));
        commander()
                .body(Map.of("status", "PLANNED"))
                .post(D + "/patrols/" + cancelled + "/outcome")
                .then()
                .statusCode(409);
    }

    // --- partners' events

    static ReplicationEvent event(String origin, String type, String id, long version, Message payload) {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(origin)
                .setRecordType(type)
                .setRecordId(id)
                .setVersion(version)
                .setOccurredAt(ts(Instant.now()))
                .addAllDistribution(List.of(origin, SELF))
                .setPayload(Any.pack(payload))
                .build();
    }

    static Timestamp ts(Instant at) {
        return Timestamp.newBuilder()
                .setSeconds(at.getEpochSecond())
                .setNanos(at.getNano())
                .build();
    }

    static EventResult deliver(String from, ReplicationEvent event) {
        try (ReplicationClient client = new ReplicationClient(JurisdictionTestResource.port())) {
            return client.deliver(
                            JurisdictionTestResource.issuer(from)
                                    .token(SELF)
                                    .roles("peer")
                                    .sign(),
                            event)
                    .getResults(0);
        }
    }

    static LiaisonProto.Unit.Builder unitMessage(UUID id, String origin, String name) {
        return LiaisonProto.Unit.newBuilder()
                .setId(id.toString())
                .setOrigin(origin)
                .setCode("XY")
                .setName(name)
                .setKind(LiaisonProto.UnitKind.UNIT_KIND_POLICE_STATION)
                .setCounty(origin)
                .setPhone("0599-2812110")
                .setUpdatedAt(ts(Instant.now()));
    }

    String deliverUnit(String from, String name) {
        UUID id = RecordIds.create(from);
        EventResult r = deliver(
                from,
                event(
                        from,
                        "liaison.unit",
                        id.toString(),
                        1,
                        unitMessage(id, from, name).build()));
        assertEquals(Outcome.APPLIED, r.getOutcome(), r::getReason);
        return id.toString();
    }

    void refused(String from, ReplicationEvent event, String reason) {
        long before = rows(event.getRecordType());
        EventResult r = deliver(from, event);
        assertEquals(Outcome.REJECTED, r.getOutcome(), () -> event.getRecordType() + " " + r);
        assertTrue(r.getReason().contains(reason), () -> r.getReason() + " should say " + reason);
        assertEquals(before, rows(event.getRecordType()), "nothing stored");
    }

    @Test
    void aPartnerSendsOnlyItsOwnUnitsOfficersAndShifts() {
        // a unit that says it is Guangfeng's, sent by Pucheng
        UUID forged = RecordIds.create(GUANGFENG);
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.unit",
                        forged.toString(),
                        1,
                        unitMessage(forged, GUANGFENG, "伪造").build()),
                "created by");
        UUID id = RecordIds.create(PUCHENG);
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.unit",
                        id.toString(),
                        1,
                        unitMessage(id, GUANGFENG, "伪造").build()),
                "origin is not the sender");
        // Guangfeng overwriting Pucheng's unit held here
        String pucheng = deliverUnit(PUCHENG, "仙阳派出所");
        refused(
                GUANGFENG,
                event(
                        GUANGFENG,
                        "liaison.unit",
                        pucheng,
                        2,
                        unitMessage(UUID.fromString(pucheng), GUANGFENG, "改写").build()),
                "belongs to " + PUCHENG);
        // an officer of our unit (or of Guangfeng's), sent by Pucheng
        String ours = create("units", unit("坛石派出所"));
        for (String unitId : List.of(ours, RecordIds.create(GUANGFENG).toString())) {
            UUID officer = RecordIds.create(PUCHENG);
            refused(
                    PUCHENG,
                    event(
                            PUCHENG,
                            "liaison.officer",
                            officer.toString(),
                            1,
                            LiaisonProto.Officer.newBuilder()
                                    .setId(officer.toString())
                                    .setOrigin(PUCHENG)
                                    .setUnitId(unitId)
                                    .setName("冒名")
                                    .setPhone("13905991234")
                                    .setRole(LiaisonProto.OfficerRole.OFFICER_ROLE_LIAISON)
                                    .setActive(true)
                                    .setUpdatedAt(ts(Instant.now()))
                                    .build()),
                    "no unit of the sender");
        }
    }

    @Test
    void aPartnersOversizedOrUnreadableFieldIsRefused() {
        UUID id = RecordIds.create(PUCHENG);
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.unit",
                        id.toString(),
                        1,
                        unitMessage(id, PUCHENG, "派".repeat(101)).build()),
                "name");
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.unit",
                        id.toString(),
                        1,
                        unitMessage(id, PUCHENG, "仙阳派出所").setCounty("99").build()),
                "county");
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.unit",
                        id.toString(),
                        1,
                        unitMessage(id, PUCHENG, "仙阳派出所").setAddress("地址\u0000").build()),
                "control characters");
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.unit",
                        id.toString(),
                        1,
                        unitMessage(id, PUCHENG, "仙阳派出所")
                                .setKind(LiaisonProto.UnitKind.UNIT_KIND_UNSPECIFIED)
                                .build()),
                "kind");
        UUID meeting = RecordIds.create(PUCHENG);
        refused(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.meeting",
                        meeting.toString(),
                        1,
                        LiaisonProto.Meeting.newBuilder()
                                .setId(meeting.toString())
                                .setOrigin(PUCHENG)
                                .setHeldAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2))
                                .setPlace("某地")
                                .setChair(PUCHENG)
                                .setAgenda("议程")
                                .addParties(SELF)
                                .setUpdatedAt(ts(Instant.now()))
                                .build()),
                "held_at");
    }

    @Test
    void minutesComeFromTheMeetingsChairOnly() {
        // Pucheng's meeting, chaired by Guangfeng, shared with us
        UUID meeting = RecordIds.create(PUCHENG);
        EventResult r = deliver(
                PUCHENG,
                event(
                        PUCHENG,
                        "liaison.meeting",
                        meeting.toString(),
                        1,
                        LiaisonProto.Meeting.newBuilder()
                                .setId(meeting.toString())
                                .setOrigin(PUCHENG)
                                .setHeldAt(ts(Instant.parse("2027-03-01T02:00:00Z")))
                                .setPlace("浦城县公安局")
                                .setChair(GUANGFENG)
                                .setAgenda("议程")
                                .addParties(SELF)
                                .addParties(GUANGFENG)
                                .setUpdatedAt(ts(Instant.now()))
                                .build()));
        assertEquals(Outcome.APPLIED, r.getOutcome(), r::getReason);
        // the organiser is not the chair
        refused(PUCHENG, minutes(PUCHENG, meeting), "written by its chair " + GUANGFENG);
        // nor are we: our commanders may not write them either
        commander()
                .body(Map.of("text", "纪要"))
                .put(D + "/meetings/" + meeting + "/minutes")
                .then()
                .statusCode(403);
        // the chair is
        EventResult chair = deliver(GUANGFENG, minutes(GUANGFENG, meeting));
        assertEquals(Outcome.APPLIED, chair.getOutcome(), chair::getReason);
        as(SELF, "investigator")
                .get(D + "/meetings/" + meeting + "/minutes")
                .then()
                .statusCode(200)
                .body("origin", equalTo(GUANGFENG));
        // minutes of a meeting not held here, from a jurisdiction that did not organise it
        refused(GUANGFENG, minutes(GUANGFENG, RecordIds.create(PUCHENG)), "no joint meeting");
    }

    static ReplicationEvent minutes(String from, UUID meeting) {
        return event(
                from,
                "liaison.minutes",
                meeting.toString(),
                1,
                LiaisonProto.Minutes.newBuilder()
                        .setMeetingId(meeting.toString())
                        .setOrigin(from)
                        .setText("纪要")
                        .setUpdatedAt(ts(Instant.now()))
                        .build());
    }

    static ReplicationEvent meetingEvent(
            UUID id, String origin, long version, Instant heldAt, String chair, String... parties) {
        return event(
                origin,
                "liaison.meeting",
                id.toString(),
                version,
                LiaisonProto.Meeting.newBuilder()
                        .setId(id.toString())
                        .setOrigin(origin)
                        .setHeldAt(ts(heldAt))
                        .setPlace("浦城县公安局")
                        .setChair(chair)
                        .setAgenda("议程")
                        .addAllParties(List.of(parties))
                        .setUpdatedAt(ts(Instant.now()))
                        .build());
    }

    static ReplicationEvent minutes(String from, UUID meeting, long version, String text) {
        return event(
                from,
                "liaison.minutes",
                meeting.toString(),
                version,
                LiaisonProto.Minutes.newBuilder()
                        .setMeetingId(meeting.toString())
                        .setOrigin(from)
                        .setText(text)
                        .setUpdatedAt(ts(Instant.now()))
                        .build());
    }

    static void applied(String from, ReplicationEvent event) {
        EventResult r = deliver(from, event);
        assertEquals(Outcome.APPLIED, r.getOutcome(), () -> event.getRecordType() + " " + r);
    }

    long minutesBy(String origin, UUID meeting) {
        return count(
                "SELECT count(*) FROM federation.liaison_record WHERE record_type = 'liaison.minutes' AND id = ? "
                        + "AND origin = ?",
                meeting,
                origin);
    }

    @Test
    void theOrganisersMinutesSentBeforeAMeetingChairedByAnotherGiveWayToTheChairs() {
        UUID meeting = RecordIds.create(PUCHENG);
        // Pucheng's minutes first, as if meeting and minutes came together: waiting, shown to no one
        applied(PUCHENG, minutes(PUCHENG, meeting, 1, "浦城拟写的纪要"));
        as(SELF, "investigator")
                .get(D + "/meetings/" + meeting + "/minutes")
                .then()
                .statusCode(404);
        // the meeting names Guangfeng as chair: Pucheng's minutes were never the meeting's
        applied(
                PUCHENG,
                meetingEvent(meeting, PUCHENG, 1, Instant.parse("2027-04-01T02:00:00Z"), GUANGFENG, SELF, GUANGFENG));
        assertEquals(0, minutesBy(PUCHENG, meeting), "the organiser's minutes are gone");
        as(SELF, "investigator")
                .get(D + "/meetings/" + meeting + "/minutes")
                .then()
                .statusCode(404);
        // the chair's apply, and they are the meeting's minutes
        applied(GUANGFENG, minutes(GUANGFENG, meeting, 1, "广丰主持的会议纪要"));
        as(SELF, "investigator")
                .get(D + "/meetings/" + meeting + "/minutes")
                .then()
                .statusCode(200)
                .body("origin", equalTo(GUANGFENG))
                .body("record.text", equalTo("广丰主持的会议纪要"));
        // the organiser sends again: the minutes held are the chair's
        refused(PUCHENG, minutes(PUCHENG, meeting, 2, "再次改写"), "belongs to " + GUANGFENG);
        assertEquals(1, minutesBy(GUANGFENG, meeting));
    }

    @Test
    void aMeetingsChairDoesNotChangeOnceItsMinutesAreHeld() {
        UUID meeting = RecordIds.create(PUCHENG);
        Instant at = Instant.parse("2027-05-01T02:00:00Z");
        applied(PUCHENG, meetingEvent(meeting, PUCHENG, 1, at, GUANGFENG, SELF, GUANGFENG));
        // before minutes, the organiser may still name another chair
        applied(PUCHENG, meetingEvent(meeting, PUCHENG, 2, at, PUCHENG, SELF, GUANGFENG));
        applied(PUCHENG, meetingEvent(meeting, PUCHENG, 3, at, GUANGFENG, SELF, GUANGFENG));
        applied(GUANGFENG, minutes(GUANGFENG, meeting, 1, "广丰纪要"));
        long before = rows("liaison.meeting");
        EventResult r = deliver(PUCHENG, meetingEvent(meeting, PUCHENG, 4, at, PUCHENG, SELF, GUANGFENG));
        assertEquals(Outcome.REJECTED, r.getOutcome(), r::toString);
        assertTrue(r.getReason().contains("the chair does not change"), r::getReason);
        assertEquals(before, rows("liaison.meeting"));
        as(SELF, "investigator")
                .get(D + "/meetings/" + meeting)
                .then()
                .statusCode(200)
                .body("version", equalTo(3))
                .body("record.chair", equalTo(GUANGFENG));
        as(SELF, "investigator")
                .get(D + "/meetings/" + meeting + "/minutes")
                .then()
                .statusCode(200)
                .body("origin", equalTo(GUANGFENG));
        // the same chair: the meeting may change
        applied(PUCHENG, meetingEvent(meeting, PUCHENG, 5, at.plusSeconds(3600), GUANGFENG, SELF, GUANGFENG));
    }

    long waitingMinutes(String origin) {
        return count("SELECT count(*)" + WAITING_MINUTES, origin);
    }

    /** Minutes of an origin (the parameter) whose meeting is not held here. */
    static final String WAITING_MINUTES = " FROM federation.liaison_record m WHERE m.record_type = 'liaison.minutes' "
            + "AND m.origin = ? AND NOT EXISTS (SELECT 1 FROM federation.liaison_record g "
            + "WHERE g.record_type = 'liaison.meeting' AND g.id = m.id)";

    @Test
    void minutesOfMeetingsThatNeverComeAreBoundedPerPartner() {
        // border.federation.directory.max-minutes-without-meeting: 20 by default
        UUID first = null;
        for (long waiting = waitingMinutes(GUANGFENG); waiting < 20; waiting++) {
            UUID meeting = RecordIds.create(GUANGFENG);
            first = first == null ? meeting : first;
            applied(GUANGFENG, minutes(GUANGFENG, meeting, 1, "纪要"));
        }
        refused(GUANGFENG, minutes(GUANGFENG, RecordIds.create(GUANGFENG), 1, "纪要"), "send the meeting first");
        // another partner's quota is its own
        applied(PUCHENG, minutes(PUCHENG, RecordIds.create(PUCHENG), 1, "纪要"));
        // a meeting that comes frees its place
        UUID arrived = first != null ? first : waitingMeetingOf(GUANGFENG);
        applied(GUANGFENG, meetingEvent(arrived, GUANGFENG, 1, Instant.parse("2027-06-01T02:00:00Z"), GUANGFENG, SELF));
        applied(GUANGFENG, minutes(GUANGFENG, RecordIds.create(GUANGFENG), 1, "纪要"));
    }

    UUID waitingMeetingOf(String origin) {
        try (var c = db.getConnection();
                var s = c.prepareStatement("SELECT m.id" + WAITING_MINUTES + " LIMIT 1")) {
            s.setString(1, origin);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chair's minutes of a meeting: ours through the API, a partner's as its replication event. */
    static void writeMinutesAsChair(String chair, UUID meeting) {
        if (chair.equals(SELF)) {
            commander()
                    .body(Map.of("text", "会议纪要"))
                    .put(D + "/meetings/" + meeting + "/minutes")
                    .then()
                    .statusCode(200);
        } else {
            applied(chair, minutes(chair, meeting));
        }
    }

    @Test
    void aPartnersMeetingSetInAFarFutureDoesNotSteerTheRotation() {
        String ours = create("meetings", meetingAt(Instant.now().minusSeconds(1), JIANGSHAN, PUCHENG, GUANGFENG));
        writeMinutesAsChair(JIANGSHAN, UUID.fromString(ours));
        assertEquals(PUCHENG, nextChair());
        // Guangfeng announces a meeting for 2199, chaired by itself (the party before us)
        applied(
                GUANGFENG,
                meetingEvent(
                        RecordIds.create(GUANGFENG),
                        GUANGFENG,
                        1,
                        Instant.parse("2199-12-31T02:00:00Z"),
                        GUANGFENG,
                        SELF,
                        PUCHENG));
        assertEquals(PUCHENG, nextChair(), "a meeting not held yet steers nothing");
        // Pucheng says it held a meeting a moment ago that Guangfeng chaired: only Guangfeng's minutes
        // could confirm it, so it steers nothing (review 26 C1: a party does not set the rotation)
        for (int i = 0; i < 3; i++) {
            applied(
                    PUCHENG,
                    meetingEvent(
                            RecordIds.create(PUCHENG),
                            PUCHENG,
                            1,
                            Instant.now().minusSeconds(1),
                            GUANGFENG,
                            SELF,
                            GUANGFENG));
        }
        assertEquals(PUCHENG, nextChair(), "meetings a party says another chaired steer nothing");
        // once a meeting chaired by Pucheng has been held and minuted, Guangfeng follows
        UUID puchengs = RecordIds.create(PUCHENG);
        applied(PUCHENG, meetingEvent(puchengs, PUCHENG, 1, Instant.now().minusSeconds(1), PUCHENG, SELF));
        assertEquals(PUCHENG, nextChair(), "held, not minuted yet");
        applied(PUCHENG, minutes(PUCHENG, puchengs));
        assertEquals(GUANGFENG, nextChair());
    }

    static String nextChair() {
        return as(SELF, "investigator")
                .get(D + "/meetings/next-chair")
                .then()
                .statusCode(200)
                .extract()
                .path("chair");
    }

    static ReplicationEvent patrolEvent(UUID id, long version, LiaisonProto.Patrol.Builder patrol) {
        return event(
                PUCHENG,
                "liaison.patrol",
                id.toString(),
                version,
                patrol.setId(id.toString()).setUpdatedAt(ts(Instant.now())).build());
    }

    static LiaisonProto.Patrol.Builder patrolMessage(LiaisonProto.PatrolStatus status, String report) {
        Instant from = Instant.parse("2027-02-01T01:00:00Z");
        return LiaisonProto.Patrol.newBuilder()
                .setOrigin(PUCHENG)
                .setStartsAt(ts(from))
                .setEndsAt(ts(from.plusSeconds(4 * 3600)))
                .setArea("205国道浙闽交界段")
                .addParties(SELF)
                .addSides(LiaisonProto.PatrolSide.newBuilder()
                        .setJurisdiction(PUCHENG)
                        .addUnits("仙阳派出所"))
                .addSides(LiaisonProto.PatrolSide.newBuilder()
                        .setJurisdiction(SELF)
                        .addUnits("坛石派出所"))
                .setStatus(status)
                .setReport(report);
    }

    @Test
    void aPartnersPatrolFollowsTheLocalRulesOfAPatrolsStatus() {
        var planned = LiaisonProto.PatrolStatus.PATROL_STATUS_PLANNED;
        var done = LiaisonProto.PatrolStatus.PATROL_STATUS_DONE;
        var cancelled = LiaisonProto.PatrolStatus.PATROL_STATUS_CANCELLED;
        UUID id = RecordIds.create(PUCHENG);
        refused(PUCHENG, patrolEvent(id, 1, patrolMessage(planned, "预先写好的报告")), "a planned patrol carries no report");
        refused(PUCHENG, patrolEvent(id, 1, patrolMessage(done, "   ")), "needs a short report");
        applied(PUCHENG, patrolEvent(id, 1, patrolMessage(planned, "")));
        // concluded with another plan than the one held
        refused(
                PUCHENG,
                patrolEvent(id, 2, patrolMessage(done, "巡逻4小时").setArea("别处")),
                "the plan of a patrol does not change");
        refused(PUCHENG, patrolEvent(id, 2, patrolMessage(done, "")), "needs a short report");
        applied(PUCHENG, patrolEvent(id, 2, patrolMessage(done, "巡逻4小时，盘查车辆12辆。")));
        // DONE is final: not cancelled, not re-sent with another report or plan
        refused(PUCHENG, patrolEvent(id, 3, patrolMessage(cancelled, "")), "DONE already");
        refused(PUCHENG, patrolEvent(id, 3, patrolMessage(done, "改写的报告")), "DONE already");
        refused(
                PUCHENG,
                patrolEvent(id, 3, patrolMessage(done, "巡逻4小时，盘查车辆12辆。").setArea("别处")),
                "DONE already");
        as(SELF, "investigator")
                .get(D + "/patrols/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("record.status", equalTo("DONE"))
                .body("record.report", equalTo("巡逻4小时，盘查车辆12辆。"));
        // a patrol first seen cancelled is as the organiser's users could conclude it
        applied(PUCHENG, patrolEvent(RecordIds.create(PUCHENG), 2, patrolMessage(cancelled, "")));
    }

    /** A unit of Pucheng's, as its relay sends it. */
    static ReplicationEvent puchengUnit(UUID id, LiaisonProto.Unit.Builder unit) {
        return event(PUCHENG, "liaison.unit", id.toString(), 1, unit.build());
    }

    @Test
    void aPartnersUnitLiesInThePartnersJurisdiction() {
        UUID id = RecordIds.create(PUCHENG);
        String outside = "does not lie in the jurisdiction " + PUCHENG;
        refused(PUCHENG, puchengUnit(id, unitMessage(id, PUCHENG, "坛石派出所").setCounty(JIANGSHAN)), outside);
        refused(PUCHENG, puchengUnit(id, unitMessage(id, PUCHENG, "仙阳派出所").setCounty("350700")), outside);
        deliverUnit(PUCHENG, "仙阳派出所");
    }

    static void assertFigures(
            RequestSpecification caller, String period, int meetings, int patrols, int held, int cancelled) {
        caller.get(period)
                .then()
                .statusCode(200)
                .body("meetings", equalTo(meetings))
                .body("patrols", equalTo(patrols))
                .body("patrolsHeld", equalTo(held))
                .body("patrolsCancelled", equalTo(cancelled));
    }

    @Test
    void theFiguresOfAPeriodCountWhatTheCallerMaySee() {
        // the week of Monday 2 March 2150 in Asia/Shanghai: from 1 March 16:00 UTC
        Instant monday = Instant.parse("2150-03-01T16:00:00Z");
        String withPucheng = create("patrols", patrolAt(monday.plusSeconds(3600), PUCHENG));
        String withGuangfeng = create("patrols", patrolAt(monday.plusSeconds(86400), GUANGFENG));
        create("patrols", patrolAt(monday.minusSeconds(1), PUCHENG)); // the week before
        create("meetings", meetingAt(monday.plusSeconds(2 * 86400), JIANGSHAN, PUCHENG));
        commander()
                .body(Map.of("status", "DONE", "report", "巡逻4小时，未发现异常。"))
                .post(D + "/patrols/" + withPucheng + "/outcome")
                .then()
                .statusCode(200);
        commander()
                .body(Map.of("status", "CANCELLED"))
                .post(D + "/patrols/" + withGuangfeng + "/outcome")
                .then()
                .statusCode(200);
        String week = D + "/statistics?from=2150-03-02&to=2150-03-09";
        as(SELF, "investigator")
                .get(week)
                .then()
                .body("period.from", equalTo("2150-03-02"))
                .body("period.timeZone", equalTo("Asia/Shanghai"))
                .body("meetingsHeld", equalTo(0));
        assertFigures(as(SELF, "investigator"), week, 1, 2, 1, 1);
        // a partner's user: only what is shared with its jurisdiction
        assertFigures(as(PUCHENG, "analyst"), week, 1, 1, 1, 0);
        assertFigures(as(GUANGFENG, "analyst"), week, 0, 1, 0, 1);
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'directory.statistics' "
                                + "AND jurisdiction = ? AND detail LIKE 'from=2150-03-02 to=2150-03-09%'",
                        GUANGFENG));
    }
}
