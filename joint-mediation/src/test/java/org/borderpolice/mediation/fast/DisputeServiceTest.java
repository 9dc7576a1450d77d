package org.borderpolice.mediation.fast;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.mediation.fast.Callers.as;
import static org.borderpolice.mediation.fast.Callers.disputeBody;
import static org.borderpolice.mediation.fast.Callers.home;
import static org.borderpolice.mediation.fast.Callers.party;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.proto.mediation.v1.DisputeProto;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeFilter;
import org.borderpolice.mediation.DisputeKind;
import org.borderpolice.mediation.DisputeQuery;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.repository.DisputeSearchRepository;
import org.borderpolice.mediation.repository.DisputeSearchRepository.FirstStep;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Disputes at their origin, in one JVM on the embedded PostgreSQL (replication between processes is
 * the ITs'): intake and triage, the status machine over REST, overrides, visibility, search, who
 * may do what, bad input.
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
class DisputeServiceTest {

    @Inject
    AgroalDataSource db;

    long disputes() {
        return Callers.count(db, "SELECT count(*) FROM dispute");
    }

    long outbox() {
        return Callers.count(db, "SELECT count(*) FROM federation.outbox");
    }

    Response takeIn(Map<String, Object> body, String... roles) {
        return home(roles.length == 0 ? new String[] {"mediator"} : roles)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes");
    }

    String takeInId(Map<String, Object> body) {
        return takeIn(body).then().statusCode(201).extract().path("id");
    }

    Response transition(String id, String to, String reason, String... roles) {
        Map<String, Object> body = new HashMap<>();
        body.put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        return home(roles.length == 0 ? new String[] {"mediator"} : roles)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes/" + id + "/transitions");
    }

    @Inject
    org.borderpolice.mediation.repository.DisputeRepository disputeRows;

    /** A dispute read for a change holds its row's lock, however many requests read it at once. */
    @Test
    void aDisputeReadForAChangeHoldsItsRowLockWhateverRunsAtOnce() throws Exception {
        UUID id = UUID.fromString(takeInId(disputeBody("并发锁定的纠纷", PUCHENG)));
        org.borderpolice.federation.testing.ConcurrentLocks.assertEachHoldsItsLock(db, 4, 50, reader -> {
            if (reader % 2 == 0) {
                disputeRows.lockOwn(id, JIANGSHAN);
            } else {
                disputeRows.lockHeld(id);
            }
        });
    }

    /**
     * A dispute the transaction read before its lock (a visibility check, another event's check)
     * is read again under the lock, with its parties: a change committed in between is there.
     */
    @Test
    void aDisputeReadBeforeItsLockIsReadAgainUnderIt() throws Exception {
        UUID id = UUID.fromString(takeInId(disputeBody("锁前读过的纠纷", PUCHENG)));
        List<List<String>> seen = org.borderpolice.federation.testing.ConcurrentLocks.readAroundAChange(
                () -> {
                    Dispute d = disputeRows.held(id);
                    return List.of(d.title, d.parties.get(0).name);
                },
                () -> {
                    try (Connection c = db.getConnection();
                            Statement st = c.createStatement()) {
                        st.executeUpdate(
                                "UPDATE dispute SET title = '其间改过的标题', version = version + 1 WHERE id = '" + id + "'");
                        return st.executeUpdate("UPDATE dispute_party SET name = '其间改名' WHERE dispute_id = '" + id
                                + "' AND position = (SELECT min(position) FROM dispute_party WHERE dispute_id = '" + id
                                + "')");
                    }
                },
                () -> {
                    Dispute d = disputeRows.lockOwn(id, JIANGSHAN);
                    return List.of(d.title, d.parties.get(0).name);
                });
        assertEquals(List.of("锁前读过的纠纷", "毛某"), seen.get(0));
        assertEquals(List.of("其间改过的标题", "其间改名"), seen.get(1), "the dispute and its party under its lock");
    }

    @Test
    void intakeTriagesStoresThePartiesAndSendsTheDisputeToThePartnerInvolved() {
        long outbox = outbox();
        JsonPath d = takeIn(disputeBody("两村山林边界纠纷", PUCHENG))
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/disputes/"))
                .extract()
                .jsonPath();
        assertEquals("RECEIVED", d.getString("status"));
        assertEquals(JIANGSHAN, d.getString("origin"));
        assertEquals("VILLAGE", d.getString("tier"));
        assertEquals("VILLAGE_FIRST", d.getString("tierRule"));
        assertEquals(
                0,
                new java.math.BigDecimal("86000.50").compareTo(new java.math.BigDecimal(d.getString("amountAtStake"))));
        assertEquals(List.of(JIANGSHAN, PUCHENG), d.getList("involved"));
        assertTrue(d.getBoolean("crossBorder"));
        assertEquals(Callers.VALID_ID, d.getString("parties[0].idNumber"));
        assertEquals("13800138000", d.getString("parties[0].contact"));
        assertEquals("坛石派出所", d.getString("createdUnit"));
        // one event, to Pucheng only: Guangfeng is not involved
        assertEquals(outbox + 1, outbox());
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ?",
                        d.getString("id"),
                        PUCHENG));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'dispute.received' AND record_id = ?",
                        d.getString("id")));
    }

    @Test
    void aLargeAmountGoesToACourtMediatorAndTheResponseNamesTheRule() {
        Map<String, Object> body = disputeBody("外贸货款纠纷", GUANGFENG);
        body.put("kind", "COMMERCIAL_TRADE");
        body.put("amountAtStake", new java.math.BigDecimal("500000.01"));
        takeIn(body)
                .then()
                .statusCode(201)
                .body("tier", equalTo("COURT"))
                .body("tierRule", equalTo("COURT_LARGE_AMOUNT"));
        body.put("amountAtStake", new java.math.BigDecimal("500000"));
        takeIn(body).then().statusCode(201).body("tier", equalTo("VILLAGE"));
    }

    @Test
    void theIdempotencyKeyReturnsTheDisputeTakenInFirst() {
        String key = UUID.randomUUID().toString();
        long before = disputes();
        String first = home("mediator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(disputeBody("重复提交", PUCHENG))
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        home("mediator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(disputeBody("重复提交", PUCHENG))
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        assertEquals(before + 1, disputes());
    }

    @Test
    void theStatusMachineWithConsentFailureAndHandingUp() {
        Map<String, Object> body = disputeBody("工资纠纷", PUCHENG);
        body.put("consent", false);
        body.put("kind", "LABOUR_WAGES");
        String id = takeInId(body);
        transition(id, "MEDIATING", null).then().statusCode(409).contentType("application/problem+json");
        home("mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("consent", true))
                .when()
                .put("/api/v1/disputes/" + id + "/consent")
                .then()
                .statusCode(200)
                .body("consent", equalTo(true));
        transition(id, "AGREED", null).then().statusCode(409);
        transition(id, "MEDIATING", null).then().statusCode(200).body("status", equalTo("MEDIATING"));
        long outbox = outbox();
        transition(id, "FAILED", null).then().statusCode(400).contentType("application/problem+json");
        assertEquals(outbox, outbox(), "a refused change sends nothing");
        transition(id, "FAILED", "双方分歧较大").then().statusCode(200).body("failedTier", equalTo("VILLAGE"));
        // mediated again: handed up one tier, the response names the rule that decided
        transition(id, "MEDIATING", "上提至乡级综治中心")
                .then()
                .statusCode(200)
                .body("tier", equalTo("TOWNSHIP"))
                .body("tierRule", equalTo("TOWNSHIP_AFTER_VILLAGE"))
                .body("triage.rule", equalTo("TOWNSHIP_AFTER_VILLAGE"))
                .body("version", equalTo(5));
        transition(id, "AGREED", null).then().statusCode(200);
        transition(id, "RESOLVED", null).then().statusCode(200);
        transition(id, "MEDIATING", "协议未履行").then().statusCode(409);
    }

    @Test
    void aMediatorOverridesTheTriageWithAReasonThatIsRecorded() {
        String id = takeInId(disputeBody("邻里纠纷调整层级", PUCHENG));
        String path = "/api/v1/disputes/" + id + "/tier";
        home("investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("tier", "CITY_CENTRE", "reason", "理由"))
                .when()
                .put(path)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        home("mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("tier", "CITY_CENTRE", "reason", " "))
                .when()
                .put(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        home("mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("tier", "CITY_CENTRE", "reason", "双方均在三山边界社会治理中心附近"))
                .when()
                .put(path)
                .then()
                .statusCode(200)
                .body("tier", equalTo("CITY_CENTRE"))
                .body("tierRule", nullValue())
                .body("tierOverrideReason", equalTo("双方均在三山边界社会治理中心附近"));
        // the rules' own answer stays what it was
        home("analyst")
                .when()
                .get("/api/v1/disputes/" + id + "/triage")
                .then()
                .statusCode(200)
                .body("tier", equalTo("VILLAGE"))
                .body("rule", equalTo("VILLAGE_FIRST"));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'dispute.tier-overridden' AND record_id = ?",
                        id));
    }

    @Test
    void onlyTheJurisdictionsInvolvedSeeADispute() {
        String withPucheng = takeInId(disputeBody("浦城可见纠纷", PUCHENG));
        String withGuangfeng = takeInId(disputeBody("广丰可见纠纷", GUANGFENG));
        as(PUCHENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + withPucheng)
                .then()
                .statusCode(200);
        as(PUCHENG, "mediator")
                .when()
                .get("/api/v1/disputes/" + withGuangfeng)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(PUCHENG, "analyst")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/disputes")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(withPucheng))
                .body("items.id", not(hasItem(withGuangfeng)));
        as(PUCHENG, "analyst")
                .queryParam("q", "边界")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(withPucheng))
                .body("items.id", not(hasItem(withGuangfeng)));
        assertTrue(Callers.count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'dispute.read' AND record_id = ?"
                                + " AND detail = 'not found or not visible'",
                        withGuangfeng)
                >= 1);
    }

    // --- 纠纷编号

    @Test
    void disputesAreNumberedWithoutGapsPerOriginAndYearAndFoundByTheirNumber() throws Exception {
        JsonPath first = takeIn(disputeBody("编号测试纠纷一", PUCHENG))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        RecordNumber a = RecordNumber.parse(first.getString("number"));
        assertNotNull(a, first.getString("number"));
        assertEquals(JIANGSHAN, a.origin());
        assertEquals(LocalDate.now(AgreementRules.ZONE).getYear(), a.year());
        // a refused intake takes no number
        Map<String, Object> bad = disputeBody("编号测试纠纷（无当事人）", PUCHENG);
        bad.put("parties", List.of());
        takeIn(bad).then().statusCode(400);
        // taken in at once by several users: every number once, none skipped
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> numbers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String title = "编号并发纠纷" + i;
            numbers.add(pool.submit(() -> takeIn(disputeBody(title, PUCHENG))
                    .then()
                    .statusCode(201)
                    .extract()
                    .<String>path("number")));
        }
        java.util.TreeSet<Integer> sequences = new java.util.TreeSet<>();
        for (Future<String> n : numbers) {
            sequences.add(RecordNumber.parse(n.get()).sequence());
        }
        pool.shutdown();
        assertEquals(8, sequences.size());
        assertEquals(a.sequence() + 1, sequences.first());
        assertEquals(a.sequence() + 8, sequences.last());

        // shown in the view, and found by the whole number (nothing else matches it)
        String id = first.getString("id");
        home("analyst")
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .statusCode(200)
                .body("number", equalTo(a.toString()));
        home("analyst")
                .queryParam("q", a.toString())
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        // Guangfeng is not involved in it: its number finds nothing for Guangfeng's users
        as(GUANGFENG, "mediator")
                .queryParam("q", a.toString())
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
    }

    static DisputeProto.Dispute.Builder partnerDispute(UUID id, String number) {
        Timestamp now = ProtoTime.timestamp(Instant.now());
        DisputeProto.Dispute.Builder b = DisputeProto.Dispute.newBuilder()
                .setId(id.toString())
                .setOrigin(PUCHENG)
                .setChannel(DisputeProto.DisputeChannel.DISPUTE_CHANNEL_PATROL)
                .setKind(DisputeProto.DisputeKind.DISPUTE_KIND_LAND_BOUNDARY)
                .setStatus(DisputeProto.DisputeStatus.DISPUTE_STATUS_RECEIVED)
                .setTitle("浦城江山两村林地界址纠纷")
                .setDescription("两村因林地界址发生争执。")
                .setReportedAt(now)
                .setAmountAtStake("0.00")
                .setRiskLevel(DisputeProto.RiskLevel.RISK_LEVEL_LOW)
                .setTier(DisputeProto.MediationTier.MEDIATION_TIER_VILLAGE)
                .setTierRule("VILLAGE_FIRST")
                .addParties(DisputeProto.Party.newBuilder()
                        .setKind(DisputeProto.PartyKind.PARTY_KIND_PERSON)
                        .setRole(DisputeProto.PartyRole.PARTY_ROLE_APPLICANT)
                        .setName("某")
                        .setJurisdiction(JIANGSHAN)
                        .setPreferredLanguage("zh"))
                .addInvolved(JIANGSHAN)
                .addInvolved(PUCHENG)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .setStatusChangedAt(now);
        return number == null ? b : b.setNumber(number);
    }

    static Outcome deliverDispute(DisputeProto.Dispute.Builder b, long version) {
        DisputeProto.Dispute m = b.build();
        ReplicationEvent e = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG)
                .setRecordType("mediation.dispute")
                .setRecordId(m.getId())
                .setVersion(version)
                .setOccurredAt(ProtoTime.timestamp(Instant.now()))
                .addAllDistribution(List.of(PUCHENG, JIANGSHAN))
                .setPayload(Any.pack(m))
                .build();
        try (ReplicationClient client = new ReplicationClient(JurisdictionTestResource.port())) {
            return client.deliver(
                            JurisdictionTestResource.issuer(PUCHENG)
                                    .token(JIANGSHAN)
                                    .roles("peer")
                                    .sign(),
                            e)
                    .getResults(0)
                    .getOutcome();
        }
    }

    /** A party's contact and ID number as our REST takes them: a mobile number, normalised. */
    @Test
    void aPartnersDisputeWithAPartyOurRestWouldRefuseIsRefused() {
        long held = disputes();
        for (DisputeProto.Party.Builder party : List.of(
                DisputeProto.Party.newBuilder().setContact("\u0007abc"),
                DisputeProto.Party.newBuilder().setContact("139123456789012345678"),
                DisputeProto.Party.newBuilder().setIdNumber("33088119900101106x"),
                DisputeProto.Party.newBuilder().setIdNumber("330881199001011238\t"))) {
            DisputeProto.Dispute.Builder b = partnerDispute(RecordIds.create(PUCHENG), null);
            b.setParties(0, b.getParties(0).toBuilder().mergeFrom(party.build()));
            assertEquals(Outcome.REJECTED, deliverDispute(b, 1), party.toString());
        }
        assertEquals(held, disputes());
        DisputeProto.Dispute.Builder fine = partnerDispute(RecordIds.create(PUCHENG), null);
        fine.setParties(
                0, fine.getParties(0).toBuilder().setContact("13912345678").setIdNumber("330881199001011238"));
        assertEquals(Outcome.APPLIED, deliverDispute(fine, 1));
    }

    @Test
    void aPartnersDisputeKeepsItsOriginsNumberWhichNeverChanges() {
        String number = PUCHENG + "-2026-" + String.format("%06d", 1 + new java.util.Random().nextInt(900_000));
        UUID id = RecordIds.create(PUCHENG);
        assertEquals(Outcome.APPLIED, deliverDispute(partnerDispute(id, number), 1));
        home("analyst")
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .statusCode(200)
                .body("number", equalTo(number));
        home("analyst")
                .queryParam("q", number)
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id.toString())));
        // a later version without a number (an origin's older release) keeps it; one with another is refused
        assertEquals(Outcome.APPLIED, deliverDispute(partnerDispute(id, null), 2));
        assertEquals(Outcome.REJECTED, deliverDispute(partnerDispute(id, PUCHENG + "-2026-999999"), 3));
        home("analyst")
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .statusCode(200)
                .body("number", equalTo(number));
        long held = disputes();
        // another dispute under the same number, a number of another origin, a number of no form: refused
        assertEquals(Outcome.REJECTED, deliverDispute(partnerDispute(RecordIds.create(PUCHENG), number), 1));
        assertEquals(
                Outcome.REJECTED,
                deliverDispute(partnerDispute(RecordIds.create(PUCHENG), JIANGSHAN + "-2026-000001"), 1));
        assertEquals(Outcome.REJECTED, deliverDispute(partnerDispute(RecordIds.create(PUCHENG), PUCHENG + "-26-1"), 1));
        assertEquals(held, disputes());
    }

    @Test
    void searchFindsChineseWordsAndFilters() {
        Map<String, Object> body = disputeBody("茶山承包款纠纷", PUCHENG);
        body.put("description", "村民与承包人因茶山承包款支付发生纠纷，涉及外籍客商。");
        body.put("kind", "COMMERCIAL_TRADE");
        String id = takeInId(body);
        home("analyst")
                .queryParam("q", "承包款")
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        home("analyst")
                .queryParam("q", "承包款")
                .queryParam("kind", "FAMILY")
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        home("analyst")
                .queryParam("q", "外籍客商")
                .queryParam("kind", "COMMERCIAL_TRADE")
                .queryParam("involved", PUCHENG)
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        home("analyst")
                .queryParam("reportedFrom", "2026-04-01T00:00:00+08:00")
                .queryParam("reportedTo", "2026-03-01T00:00:00+08:00")
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertTrue(Callers.count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'dispute.search' AND detail LIKE ?",
                        "%承包款%")
                >= 2);
    }

    @Inject
    DisputeSearchRepository searches;

    @Inject
    EntityManager em;

    /**
     * A search with words reads the newest disputes first and, when they hold no page, the older
     * ones as a bitmap (DisputeSearchRepository): wherever that first walk ends (inside the matches,
     * between them, past them), and when it walks not at all (a rare word: the matches at once) or
     * as the words' estimated frequency decides, every page size gives the rows of one query, newest
     * first, each once, with a kind filter too.
     */
    @Test
    void aSearchWithWordsFindsTheSameRowsWhereverItsFirstWalkEnds() {
        String word = "鹬蚌相争";
        List<String> all = new ArrayList<>();
        List<String> family = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            boolean named = i % 2 == 0;
            boolean isFamily = i % 3 == 0;
            Map<String, Object> body = disputeBody(isFamily ? "家庭财产纠纷" : "货款纠纷", PUCHENG);
            body.put("description", named ? "双方" + word + "，互不相让。" : "双方为货款发生争执。");
            body.put("kind", isFamily ? "FAMILY" : "COMMERCIAL_TRADE");
            String id = takeInId(body);
            if (named) {
                all.addFirst(id);
                if (isFamily) {
                    family.addFirst(id);
                }
            }
        }
        assertEquals(5, all.size());
        assertEquals(2, family.size());
        Map<DisputeFilter, List<String>> expected = Map.of(
                DisputeFilter.NONE,
                all,
                new DisputeFilter(null, DisputeKind.FAMILY, null, null, null, null, null),
                family,
                // a status: every one is as taken in (V100's index walked), and none closed
                new DisputeFilter(DisputeStatus.RECEIVED, DisputeKind.FAMILY, null, null, null, null, null),
                family,
                new DisputeFilter(DisputeStatus.CLOSED, null, null, null, null, null, null),
                List.of());
        expected.forEach((filter, ids) -> {
            DisputeQuery query = new DisputeQuery(word, filter, null, null);
            for (FirstStep first : FirstStep.values()) {
                for (int walk = 1; walk <= 12; walk++) {
                    for (int limit = 1; limit <= 3; limit++) {
                        assertEquals(
                                ids,
                                searchAll(query, limit, walk, first),
                                first + ", walk " + walk + ", pages of " + limit);
                    }
                }
            }
        });
    }

    /**
     * The first step follows PostgreSQL's estimate of the words: a word in every dispute is expected
     * within a short walk, a word in one of them is not (it asks for its matches at once), and a
     * kind that the word never goes with makes it rare too.
     */
    @Test
    void aSearchWalksFirstOnlyWhenItsWordsAreExpectedWithinTheWalk() {
        String everywhere = "拖拉机";
        String once = "刻舟求剑";
        for (int i = 0; i < 30; i++) {
            Map<String, Object> body = disputeBody("货款纠纷", PUCHENG);
            body.put("description", "双方" + everywhere + (i == 0 ? "，" + once : "") + "，互不相让。");
            body.put("kind", "COMMERCIAL_TRADE");
            takeInId(body);
        }
        analyzeDisputes();
        long all = QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM dispute")
                                .getSingleResult())
                        .longValue());
        int walk = (int) all / 2;
        DisputeFilter trade = new DisputeFilter(null, DisputeKind.COMMERCIAL_TRADE, null, null, null, null, null);
        DisputeFilter family = new DisputeFilter(null, DisputeKind.FAMILY, null, null, null, null, null);
        QuarkusTransaction.requiringNew().run(() -> {
            String common = ChineseText.tsquery(everywhere).orElseThrow();
            String rare = ChineseText.tsquery(once).orElseThrow();
            assertTrue(
                    searches.walksFirst(common, DisputeFilter.NONE, walk, 5),
                    () -> "a word in every new dispute walks: " + estimates(common, DisputeFilter.NONE) + " of " + all);
            assertTrue(
                    searches.walksFirst(common, trade, walk, 5),
                    () -> "and with its own kind: " + estimates(common, trade));
            assertFalse(
                    searches.walksFirst(rare, DisputeFilter.NONE, walk, 5),
                    () -> "a word in one does not: " + estimates(rare, DisputeFilter.NONE));
            assertFalse(
                    searches.walksFirst(common, family, walk, 5),
                    () -> "nor a kind it never goes with: " + estimates(common, family));
        });
    }

    /** Fresh statistics of the table, as its owner (the service's role may not ANALYZE it). */
    static void analyzeDisputes() {
        Config config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.flyway.username", String.class),
                        config.getValue("quarkus.flyway.password", String.class));
                Statement s = c.createStatement()) {
            s.execute("ANALYZE dispute");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String estimates(String tsquery, DisputeFilter filter) {
        return tsquery + " " + java.util.Arrays.toString(searches.estimate(tsquery, filter));
    }

    /** Every page of a search, in order, as the ids of its disputes. */
    List<String> searchAll(DisputeQuery query, int limit, int walk, FirstStep first) {
        List<String> ids = new ArrayList<>();
        KeysetCursor after = null;
        while (true) {
            KeysetCursor from = after;
            List<Dispute> page = QuarkusTransaction.requiringNew().call(() -> {
                List<Dispute> found = searches.search(JIANGSHAN, query, from, limit, walk, first);
                // the ordered walk's plan setting ends with it: the rest of the request plans freely
                assertEquals(
                        "on",
                        em.createNativeQuery("SELECT current_setting('enable_bitmapscan')", String.class)
                                .getSingleResult(),
                        "bitmap scans again after the search");
                return found;
            });
            page.forEach(d -> ids.add(d.id.toString()));
            if (page.size() < limit) {
                return ids;
            }
            after = new KeysetCursor(page.getLast().createdAt, page.getLast().id);
        }
    }

    Response correct(String id, String ifMatch, Map<String, ?> body, RequestSpecification as) {
        RequestSpecification r = as.contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            r = r.header("If-Match", ifMatch);
        }
        return r.when().patch("/api/v1/disputes/" + id);
    }

    long version(String id) {
        return Callers.count(db, "SELECT version FROM dispute WHERE id = ?::uuid", id);
    }

    long outboxOf(String id) {
        return Callers.count(db, "SELECT count(*) FROM federation.outbox WHERE record_id = ?", id);
    }

    /**
     * 事实更正: a mediator corrects what intake took, naming the version read (If-Match, the ETag of
     * GET); the new version is triaged anew and goes to the partner involved; a stale or missing
     * version changes nothing.
     */
    @Test
    void aMediatorCorrectsTheFactsOfTheVersionReadAndThePartnerGetsTheNewVersion() {
        String id = takeInId(disputeBody("事实更正纠纷", PUCHENG));
        String etag = home("analyst")
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        assertEquals("\"1\"", etag);
        long outbox = outboxOf(id);
        Map<String, Object> body = new HashMap<>();
        body.put("place", "廿八都镇人民调解委员会");
        body.put("amountAtStake", new java.math.BigDecimal("600000.00"));
        body.put("parties", List.of(Map.of("position", 0, "contact", "13900139000")));

        // no version named: 428; a version not read: 412; nothing changes
        correct(id, null, body, home("mediator")).then().statusCode(428).contentType("application/problem+json");
        correct(id, "*", body, home("mediator")).then().statusCode(428);
        correct(id, "\"2\"", body, home("mediator")).then().statusCode(412).contentType("application/problem+json");
        assertEquals(1, version(id));
        assertEquals(outbox, outboxOf(id));

        Response changed = correct(id, etag, body, home("mediator"));
        changed.then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("version", equalTo(2))
                .body("place", equalTo("廿八都镇人民调解委员会"))
                .body("parties[0].contact", equalTo("13900139000"))
                .body("parties[1].name", equalTo("周某"))
                .body("title", equalTo("事实更正纠纷"))
                // still RECEIVED with a rule's tier: triaged anew on the corrected amount
                .body("tier", equalTo("COURT"))
                .body("tierRule", equalTo("COURT_LARGE_AMOUNT"));
        assertEquals(
                0,
                new java.math.BigDecimal("600000")
                        .compareTo(new java.math.BigDecimal(changed.jsonPath().getString("amountAtStake"))));
        assertEquals(2, version(id));
        assertEquals(outbox + 1, outboxOf(id));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ? AND version = 2",
                        id,
                        PUCHENG));
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'dispute.edited' AND record_id = ? "
                                + "AND detail LIKE '%corrected place amountAtStake parties[0].contact tier%'",
                        id));
        // the same change again on the version read before: someone else's correction is not undone
        correct(id, etag, Map.of("place", "别处"), home("commander")).then().statusCode(412);
        // nothing different: no new version
        correct(id, "\"2\"", Map.of("place", "廿八都镇人民调解委员会"), home("commander"))
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");
        assertEquals(outbox + 1, outboxOf(id));

        // a final dispute is not corrected
        transition(id, "CLOSED", "当事人和解").then().statusCode(200);
        correct(id, "\"3\"", Map.of("place", "别处"), home("mediator"))
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(3, version(id));
    }

    @Test
    void aCorrectionIsRefusedToAnyoneButTheOriginsMediatorsAndCommandersAndBadInputStoresNothing() {
        String id = takeInId(disputeBody("更正拒绝纠纷", PUCHENG));
        String notTheirs = takeInId(disputeBody("更正仅广丰", GUANGFENG));
        Map<String, Object> body = Map.of("title", "改名");
        long outbox = outbox();
        for (RequestSpecification r : List.of(
                RestAssured.given(),
                RestAssured.given()
                        .auth()
                        .oauth2(new TestIssuer("330822")
                                .token(JIANGSHAN)
                                .roles("mediator")
                                .sign()))) {
            correct(id, "\"1\"", body, r).then().statusCode(401).contentType("application/problem+json");
        }
        // investigators take in but do not correct; analysts and integrators change nothing
        for (String role : List.of("investigator", "analyst", "integrator")) {
            correct(id, "\"1\"", body, home(role)).then().statusCode(403).contentType("application/problem+json");
        }
        // a partner's mediator, even one involved: only the origin changes a dispute
        correct(id, "\"1\"", body, as(PUCHENG, "mediator"))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        correct(notTheirs, "\"1\"", body, as(PUCHENG, "commander")).then().statusCode(403);
        correct(id, "\"1\"", body, as(GUANGFENG, "mediator")).then().statusCode(403);
        correct(UUID.randomUUID().toString(), "\"1\"", body, home("mediator"))
                .then()
                .statusCode(404);

        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(Map.of("title", " "));
        bad.add(Map.of("title", "两行\n标题"));
        bad.add(Map.of("description", ""));
        bad.add(Map.of("amountAtStake", -1));
        bad.add(Map.of("amountAtStake", new java.math.BigDecimal("1.001")));
        bad.add(Map.of("countyCode", "999999"));
        bad.add(Map.of("kind", "THEFT"));
        bad.add(Map.of("parties", List.of(Map.of("position", 7, "name", "无此人"))));
        bad.add(Map.of("parties", List.of(Map.of("name", "无位置"))));
        bad.add(Map.of("parties", List.of(Map.of("position", 0, "contact", "12345"))));
        bad.add(Map.of("parties", List.of(Map.of("position", 0, "idNumber", "330881199001011230"))));
        bad.add(Map.of("parties", List.of(Map.of("position", 1, "preferredLanguage", "not a language"))));
        bad.add(Map.of("parties", List.of(Map.of("position", 0, "name", "甲"), Map.of("position", 0, "name", "乙"))));
        for (Map<String, Object> b : bad) {
            correct(id, "\"1\"", b, home("mediator")).then().statusCode(400).contentType("application/problem+json");
        }
        correct(id, "1", body, home("mediator")).then().statusCode(400).contentType("application/problem+json");
        correct(id, "W/\"1\"", body, home("mediator")).then().statusCode(400);
        assertEquals(1, version(id));
        assertEquals(outbox, outbox());
        home("analyst")
                .when()
                .get("/api/v1/disputes/" + id)
                .then()
                .body("title", equalTo("更正拒绝纠纷"))
                .body("parties[0].contact", equalTo("13800138000"))
                .body("parties[0].idNumber", equalTo(Callers.VALID_ID));
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        List<Consumer<Map<String, Object>>> spoilers = new ArrayList<>();
        spoilers.add(b -> b.put("parties", List.of()));
        spoilers.add(b -> b.remove("kind"));
        spoilers.add(b -> b.put("title", " "));
        spoilers.add(b -> b.put("amountAtStake", new java.math.BigDecimal("1.001")));
        spoilers.add(b -> b.put("amountAtStake", -5));
        spoilers.add(b -> b.put("countyCode", "999999"));
        spoilers.add(b -> {
            b.put("riskLevel", "HIGH");
            b.put("riskReasons", List.of());
        });
        spoilers.add(b -> {
            Map<String, Object> p = party("吴某", "RESPONDENT", PUCHENG, "zh");
            p.put("idNumber", "330881199001011230");
            b.put("parties", List.of(p));
        });
        spoilers.add(b -> b.put("parties", List.of(party("吴某", "RESPONDENT", "12345", "zh"))));
        spoilers.add(b -> b.put("parties", List.of(party("吴某", "RESPONDENT", "000000", "zh"))));
        spoilers.add(b -> b.put("parties", List.of(party("Nguyen", "RESPONDENT", PUCHENG, "not a language"))));
        spoilers.add(b -> {
            Map<String, Object> p = party("吴某", "RESPONDENT", PUCHENG, "zh");
            p.put("contact", "12345");
            b.put("parties", List.of(p));
        });
        spoilers.add(b -> b.put("channel", "FAX"));
        long disputes = disputes();
        long outbox = outbox();
        for (var spoil : spoilers) {
            Map<String, Object> body = disputeBody("坏输入", PUCHENG);
            spoil.accept(body);
            takeIn(body).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(disputes, disputes());
        assertEquals(outbox, outbox());
        assertEquals(0, Callers.count(db, "SELECT count(*) FROM dispute_party WHERE name = '吴某'"));
    }

    @Test
    void refusedCallersChangeNothing() {
        String id = takeInId(disputeBody("拒绝测试纠纷", PUCHENG));
        String base = "/api/v1/disputes/" + id;
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/v1/disputes", disputeBody("陌生人受理", PUCHENG), "mediator", "analyst"),
                new Endpoint("POST", base + "/transitions", Map.of("to", "MEDIATING"), "mediator", "analyst"),
                new Endpoint("PUT", base + "/consent", Map.of("consent", false), "investigator", "analyst"),
                new Endpoint(
                        "PUT", base + "/tier", Map.of("tier", "COURT", "reason", "理由"), "mediator", "investigator"));
        long disputes = disputes();
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
            // a partner's user, even one involved: only the origin changes a dispute
            e.call(as(PUCHENG, e.role)).then().statusCode(403).contentType("application/problem+json");
            e.call(home(e.wrongRole)).then().statusCode(403).contentType("application/problem+json");
            e.call(home("integrator")).then().statusCode(403).contentType("application/problem+json");
        }
        // a partner's user on a dispute it does not see: nothing to change
        String notTheirs = takeInId(disputeBody("仅广丰", GUANGFENG));
        disputes++;
        outbox++;
        as(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "MEDIATING"))
                .when()
                .post("/api/v1/disputes/" + notTheirs + "/transitions")
                .then()
                .statusCode(403);
        assertEquals(disputes, disputes());
        assertEquals(outbox, outbox());
        // reads: no token, untrusted issuer, a role that does not read disputes
        for (String path : List.of("/api/v1/disputes", "/api/v1/disputes/search", base, base + "/triage")) {
            RestAssured.given().when().get(path).then().statusCode(401).contentType("application/problem+json");
            RestAssured.given()
                    .auth()
                    .oauth2(new TestIssuer("330822")
                            .token(JIANGSHAN)
                            .roles("mediator")
                            .sign())
                    .when()
                    .get(path)
                    .then()
                    .statusCode(401);
            home("integrator").when().get(path).then().statusCode(403).contentType("application/problem+json");
        }
        // Guangfeng is not involved: 404, as if there were no such dispute
        as(GUANGFENG, "mediator").when().get(base).then().statusCode(404);
        as(GUANGFENG, "mediator").when().get(base + "/triage").then().statusCode(404);
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
