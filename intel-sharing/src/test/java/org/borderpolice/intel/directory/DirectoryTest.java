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
        try (var c = db.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM federation.liaison_record WHERE record_type = ?")) {
            s.setString(1, type);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long queued(String type, String id, String destination) {
        try (var c = db.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM federation.outbox WHERE record_type = ? "
                        + "AND record_id = ? AND destination = ?")) {
            s.setString(1, type);
            s.setString(2, id);
            s.setString(3, destination);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
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
        Map<String, Object> b = new HashMap<>();
        b.put(
                "heldAt",
                Instant.parse(YEAR.incrementAndGet() + "-01-15T02:00:00Z").toString());
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
        Instant from = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
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
                new Call("GET", D + "/units?cursor=forged", null));
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
        try (var c = db.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM federation.audit_log WHERE action = 'directory.list' "
                        + "AND jurisdiction = ? AND detail LIKE ?")) {
            s.setString(1, PUCHENG);
            s.setString(2, "after " + cursor + "%");
            try (var rs = s.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
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
            String id = create("meetings", meeting(null, PUCHENG, GUANGFENG));
            as(SELF, "investigator").get(D + "/meetings/" + id).then().body("record.chair", equalTo(suggested));
            String next = as(SELF, "investigator")
                    .get(D + "/meetings/next-chair")
                    .then()
                    .extract()
                    .path("chair");
            assertEquals(rotation.get((rotation.indexOf(suggested) + 1) % 3), next);
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
        try (var c = db.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM federation.outbox WHERE record_type = 'liaison.duty' "
                        + "AND record_id = ? AND tombstone")) {
            s.setString(1, onDuty);
            try (var rs = s.executeQuery()) {
                rs.next();
                assertEquals(2, rs.getLong(1), "a tombstone to each partner");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
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
}
