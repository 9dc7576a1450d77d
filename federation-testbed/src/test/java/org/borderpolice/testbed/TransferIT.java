package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.transfer.v1.Decision;
import org.borderpolice.federation.proto.transfer.v1.OfferState;
import org.borderpolice.federation.proto.transfer.v1.TransferAnswer;
import org.borderpolice.federation.proto.transfer.v1.TransferOffer;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Ownership transfer across three processes (docs/ownership-transfer.md): Jiangshan (A) owns a
 * probe held by Pucheng (B) and Guangfeng (C), offers it to B, B accepts and continues it as a
 * probe of its own; A keeps its probe read-only, C follows the new owner, and a late event of the
 * old owner is refused everywhere. Events crafted with {@link ReplicationClient} (real peer
 * tokens) deliver the links out of order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransferIT {

    static final Duration PATIENCE = Await.MACHINE;
    static final String A = JIANGSHAN;
    static final String B = PUCHENG;
    static final String C = GUANGFENG;
    static final String TYPE = "testbed.probe";
    static final String TRANSFERS = "/api/v1/federation/transfers";

    TestFederation federation;
    final Map<String, JurisdictionProcess> processes = new HashMap<>();
    final Map<String, PostgresServer.Database> databases = new HashMap<>();

    /** The probe handed from A to B, and B's probe that continues it. */
    String handed;

    String successor;
    String offerId;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", A, B, C);
        var app = JurisdictionProcess.packagedApplication();
        Map<String, String> quick =
                Map.of("border.federation.relay.initial-backoff", "200ms", "border.federation.relay.max-backoff", "2s");
        for (String code : List.of(A, B, C)) {
            processes.put(code, federation.process(code, app, quick));
        }
        JurisdictionProcess.startAll(PATIENCE, processes.values().toArray(JurisdictionProcess[]::new));
        for (String code : List.of(A, B, C)) {
            databases.put(code, federation.database(code));
        }
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
    }

    // --- helpers

    String token(String code, String... roles) {
        return federation.issuer(code).token(code).roles(roles).sign();
    }

    String integrator(String code) {
        return token(code, "integrator");
    }

    String peerToken(String from, String to) {
        return federation.issuer(from).token(to).roles("peer").sign();
    }

    io.restassured.specification.RequestSpecification at(String code, String token) {
        var spec = given().baseUri(processes.get(code).baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    String createProbe(String code, String title, Set<String> distribution) {
        return Probes.publish(given().baseUri(processes.get(code).baseUrl()), integrator(code), 1, title, distribution)
                .get(0);
    }

    ValidatableResponse offer(String code, String token, String recordType, String recordId, String to) {
        return at(code, token)
                .body(Map.of("recordType", recordType, "recordId", recordId, "to", to, "reason", "案发地属对方管辖"))
                .when()
                .post(TRANSFERS)
                .then();
    }

    ValidatableResponse answer(String code, String token, String origin, String offer, String verb) {
        return at(code, token)
                .body(Map.of("reason", "同意接收"))
                .when()
                .post(TRANSFERS + "/" + origin + "/" + offer + "/" + verb)
                .then();
    }

    static void problem(ValidatableResponse response, int status) {
        response.statusCode(status).contentType("application/problem+json");
    }

    String replicaTitle(String at, String origin, String id) {
        return string(databases.get(at), "SELECT title FROM probe_replica WHERE origin = ? AND id = ?", origin, id);
    }

    static String string(PostgresServer.Database db, String sql, Object... params) {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitReplica(String at, String origin, String id, String title) {
        Await.until(
                PATIENCE,
                () -> title.equals(replicaTitle(at, origin, id)),
                () -> "probe " + id + " of " + origin + " titled '" + title + "' at " + at + ", have '"
                        + replicaTitle(at, origin, id) + "'");
    }

    JsonPath offerAt(String code, String origin, String offer) {
        return at(code, integrator(code))
                .when()
                .get(TRANSFERS + "/" + origin + "/" + offer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    boolean offerArrived(String code, String origin, String offer) {
        return at(code, integrator(code))
                        .when()
                        .get(TRANSFERS + "/" + origin + "/" + offer)
                        .statusCode()
                == 200;
    }

    JsonPath links(String code, String origin, String id) {
        return at(code, integrator(code))
                .when()
                .get(TRANSFERS + "/links/" + TYPE + "/" + origin + "/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath probeAt(String code, String id) {
        return at(code, integrator(code))
                .when()
                .get("/api/v1/probes/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static ReplicationEvent linked(ReplicationEvent event, RecordRef successor, RecordRef predecessor) {
        ReplicationEvent.Builder b = event.toBuilder();
        if (successor != null) {
            b.setSuccessor(successor);
        }
        if (predecessor != null) {
            b.setPredecessor(predecessor);
        }
        return b.build();
    }

    static RecordRef ref(String origin, String id) {
        return RecordRef.newBuilder().setOrigin(origin).setRecordId(id).build();
    }

    static Outcome outcome(DeliveryAck ack, int i) {
        return ack.getResults(i).getOutcome();
    }

    long offersAt(String code) {
        return databases.get(code).count("SELECT count(*) FROM federation.transfer_offer");
    }

    long offeredEntries() {
        return databases.get(A).count("SELECT count(*) FROM federation.audit_log WHERE action = 'transfer.offered'");
    }

    // --- the handover

    @Test
    @Order(1)
    void aHandsAProbeToBWhichContinuesIt() {
        handed = createProbe(A, "移交", Set.of(B, C));
        awaitReplica(B, A, handed, "移交 #0");
        awaitReplica(C, A, handed, "移交 #0");

        JsonPath offered = offer(A, integrator(A), TYPE, handed, B)
                .statusCode(200)
                .extract()
                .jsonPath();
        offerId = offered.getString("offerId");
        assertEquals(A, offered.getString("origin"));
        assertEquals("OFFERED", offered.getString("state"));
        assertEquals(1L, offered.getLong("versionOffered"));
        // frozen while offered: B continues the offered version
        problem(
                at(A, integrator(A))
                        .body(Map.of("title", "改"))
                        .when()
                        .put("/api/v1/probes/" + handed)
                        .then(),
                409);
        // one open offer per record
        problem(offer(A, integrator(A), TYPE, handed, C), 409);

        Await.until(PATIENCE, () -> offerArrived(B, A, offerId), () -> "the offer at " + B);
        JsonPath atB = offerAt(B, A, offerId);
        assertEquals("OFFERED", atB.getString("state"));
        assertEquals(B, atB.getString("addressee"));
        assertNull(atB.getString("decision"));

        JsonPath accepted = answer(B, integrator(B), A, offerId, "accept")
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ACCEPTED", accepted.getString("decision"));
        successor = accepted.getString("successorId");
        assertNotEquals(handed, successor);
        JsonPath own = probeAt(B, successor);
        assertEquals("移交 #0", own.getString("title"));
        assertEquals(A, own.getString("predecessorOrigin"));
        assertEquals(handed, own.getString("predecessorId"));
        assertEquals(Set.of(A, B, C), Set.copyOf(own.getList("distribution", String.class)));

        // A takes the answer and closes its probe, naming B's
        Await.until(
                PATIENCE,
                () -> B.equals(probeAt(A, handed).getString("successorOrigin")),
                () -> "the probe closed at " + A);
        JsonPath closed = probeAt(A, handed);
        assertEquals(successor, closed.getString("successorId"));
        assertEquals(2L, closed.getLong("version"));
        assertEquals("移交 #0", closed.getString("title"));
        assertEquals(List.of(1, 2), closed.getList("history.version", Integer.class));
        JsonPath atA = offerAt(A, A, offerId);
        assertEquals("ACCEPTED", atA.getString("decision"));
        assertTrue(atA.getBoolean("transferred"));

        // B's probe reaches A (which keeps read access) and C, naming its predecessor
        awaitReplica(A, B, successor, "移交 #0");
        awaitReplica(C, B, successor, "移交 #0");
        // C holds A's probe closed, continued by B's
        Await.until(
                PATIENCE,
                () -> successor.equals(string(
                        databases.get(C),
                        "SELECT successor_id FROM federation.replica_state WHERE origin = ? AND record_id = ?",
                        A,
                        handed)),
                () -> "A's probe closed at " + C);
        JsonPath atC = links(C, A, handed);
        assertEquals(B, atC.getString("successor.origin"));
        assertEquals(successor, atC.getString("successor.recordId"));
        assertTrue(atC.getBoolean("successor.confirmed"));
        JsonPath back = links(C, B, successor);
        assertEquals(A, back.getString("predecessor.origin"));
        assertEquals(handed, back.getString("predecessor.recordId"));
        assertTrue(back.getBoolean("predecessor.confirmed"));
        // the same seen from A (its own closed probe) and from B (its own successor)
        assertTrue(links(A, A, handed).getBoolean("successor.confirmed"));
        assertTrue(links(A, B, successor).getBoolean("predecessor.confirmed"));
        assertTrue(links(B, B, successor).getBoolean("predecessor.confirmed"));
        Await.until(
                PATIENCE, () -> offerAt(B, A, offerId).getBoolean("transferred"), () -> "the closing event at " + B);
        // C's copy of A's probe is still there, as A last stated it
        assertEquals("移交 #0", replicaTitle(C, A, handed));
    }

    @Test
    @Order(2)
    void theNewOwnersUpdatesReachEveryoneAndTheOldRecordIsReadOnly() {
        at(B, integrator(B))
                .body(Map.of("title", "浦城续办"))
                .when()
                .put("/api/v1/probes/" + successor)
                .then()
                .statusCode(200);
        awaitReplica(A, B, successor, "浦城续办");
        awaitReplica(C, B, successor, "浦城续办");

        problem(
                at(A, integrator(A))
                        .body(Map.of("title", "江山再改"))
                        .when()
                        .put("/api/v1/probes/" + handed)
                        .then(),
                409);
        problem(at(A, integrator(A)).when().delete("/api/v1/probes/" + handed).then(), 409);
        JsonPath still = probeAt(A, handed);
        assertEquals(2L, still.getLong("version"));
        assertEquals("移交 #0", still.getString("title"));
        // handed over already: no second offer
        problem(offer(A, integrator(A), TYPE, handed, C), 409);
    }

    @Test
    @Order(3)
    void aLateEventOfTheOldOwnerIsRefusedAtBAndC() {
        try (ReplicationClient toC = new ReplicationClient(processes.get(C).httpPort());
                ReplicationClient toB = new ReplicationClient(processes.get(B).httpPort())) {
            DeliveryAck atC = toC.deliver(
                    peerToken(A, C),
                    ProbeEvents.probe(A, C, handed, 3, "江山迟到"),
                    ProbeEvents.probe(A, C, handed, 1, "旧版"));
            assertEquals(Outcome.REJECTED, outcome(atC, 0));
            assertTrue(
                    atC.getResults(0).getReason().contains("handed to another jurisdiction"),
                    atC.getResults(0).getReason());
            assertFalse(ProbeEvents.revealsInternals(atC.getResults(0).getReason()));
            assertEquals(Outcome.STALE, outcome(atC, 1));
            DeliveryAck atB = toB.deliver(peerToken(A, B), ProbeEvents.probe(A, B, handed, 3, "江山迟到"));
            assertEquals(Outcome.REJECTED, outcome(atB, 0));
            // refused again on redelivery: never remembered as taken
            ReplicationEvent again = ProbeEvents.probe(A, C, handed, 4, "再来");
            assertEquals(Outcome.REJECTED, outcome(toC.deliver(peerToken(A, C), again), 0));
            assertEquals(Outcome.REJECTED, outcome(toC.deliver(peerToken(A, C), again), 0));
        }
        assertEquals("移交 #0", replicaTitle(C, A, handed));
        assertEquals("移交 #0", replicaTitle(B, A, handed));
        assertEquals(
                2,
                databases
                        .get(C)
                        .count(
                                "SELECT version FROM federation.replica_state WHERE origin = ? AND record_id = ?",
                                A,
                                handed));
        assertTrue(databases
                        .get(C)
                        .count(
                                "SELECT count(*) FROM federation.inbox_rejection WHERE peer = ? AND "
                                        + "record_id = ? AND reason LIKE '%handed to another jurisdiction%'",
                                A, handed)
                >= 3);
    }

    @Test
    @Order(4)
    void linksDeliveredOutOfOrderApplyAndNothingWaits() {
        String old = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();
        try (ReplicationClient toC = new ReplicationClient(processes.get(C).httpPort())) {
            // B's successor first: taken, its predecessor only claimed
            DeliveryAck first =
                    toC.deliver(peerToken(B, C), linked(ProbeEvents.probe(B, C, next, 1, "先到的接续"), null, ref(A, old)));
            assertEquals(Outcome.APPLIED, outcome(first, 0));
            JsonPath claimed = links(C, B, next);
            assertEquals(old, claimed.getString("predecessor.recordId"));
            assertFalse(claimed.getBoolean("predecessor.confirmed"));
            // B's claim retires nothing: A's record still takes A's changes
            assertEquals(
                    Outcome.APPLIED, outcome(toC.deliver(peerToken(A, C), ProbeEvents.probe(A, C, old, 1, "旧")), 0));
            assertEquals(
                    Outcome.APPLIED, outcome(toC.deliver(peerToken(A, C), ProbeEvents.probe(A, C, old, 2, "旧2")), 0));
            // then A's closing event: the link is confirmed from both sides
            DeliveryAck closing =
                    toC.deliver(peerToken(A, C), linked(ProbeEvents.probe(A, C, old, 3, "旧2"), ref(B, next), null));
            assertEquals(Outcome.APPLIED, outcome(closing, 0));
            assertTrue(links(C, A, old).getBoolean("successor.confirmed"));
            assertTrue(links(C, B, next).getBoolean("predecessor.confirmed"));
            // B's later changes keep coming
            assertEquals(
                    Outcome.APPLIED,
                    outcome(
                            toC.deliver(
                                    peerToken(B, C),
                                    linked(ProbeEvents.probe(B, C, next, 2, "接续2"), null, ref(A, old))),
                            0));
            assertEquals("接续2", replicaTitle(C, B, next));

            // closing and a later change in one batch: the closing one applies, the later one is refused
            String once = UUID.randomUUID().toString();
            DeliveryAck batch = toC.deliver(
                    peerToken(A, C),
                    linked(
                            ProbeEvents.probe(A, C, once, 1, "一批"),
                            ref(B, UUID.randomUUID().toString()),
                            null),
                    ProbeEvents.probe(A, C, once, 2, "一批之后"));
            assertEquals(Outcome.APPLIED, outcome(batch, 0));
            assertEquals(Outcome.REJECTED, outcome(batch, 1));
            assertEquals("一批", replicaTitle(C, A, once));
            // the successor arrives before the closing event at A (the old owner) too: nothing waits
            String orphan = UUID.randomUUID().toString();
            try (ReplicationClient toA = new ReplicationClient(processes.get(A).httpPort())) {
                assertEquals(
                        Outcome.APPLIED,
                        outcome(
                                toA.deliver(
                                        peerToken(B, A),
                                        linked(ProbeEvents.probe(B, A, orphan, 1, "无主张"), null, ref(A, handed))),
                                0));
            }
            // a claim B makes on a record A handed to it under another id stays unconfirmed
            assertFalse(links(A, B, orphan).getBoolean("predecessor.confirmed"));
        }
    }

    @Test
    @Order(5)
    void brokenLinksAreRefusedInTheEnvelope() {
        String id = UUID.randomUUID().toString();
        try (ReplicationClient toC = new ReplicationClient(processes.get(C).httpPort())) {
            DeliveryAck ack = toC.deliver(
                    peerToken(A, C),
                    linked(
                            ProbeEvents.probe(A, C, id, 1, "自己"),
                            ref(A, UUID.randomUUID().toString()),
                            null),
                    linked(
                            ProbeEvents.probe(A, C, id, 1, "坏码"),
                            ref("999999", UUID.randomUUID().toString()),
                            null),
                    linked(ProbeEvents.probe(A, C, id, 1, "坏号"), null, ref(B, "bad id!")),
                    linked(ProbeEvents.probe(A, C, id, 1, "自己前序"), null, ref(A, id)));
            for (EventResult r : ack.getResultsList()) {
                assertEquals(Outcome.REJECTED, r.getOutcome(), r.getReason());
                assertFalse(ProbeEvents.revealsInternals(r.getReason()), r.getReason());
            }
            assertTrue(ack.getResults(0).getReason().contains("another jurisdiction"));
        }
        assertEquals(0, databases.get(C).count("SELECT count(*) FROM probe_replica WHERE id = ?", id));
        assertEquals(
                0, databases.get(C).count("SELECT count(*) FROM federation.replica_state WHERE record_id = ?", id));
    }

    // --- refusals

    private long refusalsAt(String jurisdiction, String action) {
        return databases.get(jurisdiction).count("SELECT count(*) FROM federation.audit_log WHERE action = ?", action);
    }

    @Test
    @Order(6)
    void refusedRequestsStoreNothing() {
        String probe = createProbe(A, "拒绝", Set.of(B));
        awaitReplica(B, A, probe, "拒绝 #0");
        long before = offersAt(A);
        long offeredBefore = offeredEntries();

        problem(offer(A, null, TYPE, probe, B), 401);
        problem(offer(A, token(A, "investigator"), TYPE, probe, B), 403);
        // a partner's user at our service
        problem(offer(A, federation.issuer(B).token(A).roles("integrator").sign(), TYPE, probe, B), 403);
        // a partner not in the record's distribution: refused, and the refusal is on record
        long refusalsBefore = refusalsAt(A, "transfer.offer.refused");
        problem(offer(A, integrator(A), TYPE, probe, C), 409);
        assertEquals(refusalsBefore + 1, refusalsAt(A, "transfer.offer.refused"));
        // ourselves, a code that is none, a jurisdiction outside the agreement
        problem(offer(A, integrator(A), TYPE, probe, A), 400);
        problem(offer(A, integrator(A), TYPE, probe, "99999x"), 400);
        problem(offer(A, integrator(A), TYPE, probe, "110101"), 400);
        // a record we do not own (B's, of which we hold a copy), or do not have at all
        problem(offer(A, integrator(A), TYPE, successor, B), 404);
        problem(offer(A, integrator(A), TYPE, UUID.randomUUID().toString(), B), 404);
        // bad ids and types
        problem(offer(A, integrator(A), TYPE, "not an id!", B), 400);
        problem(offer(A, integrator(A), "Testbed Probe", probe, B), 400);
        problem(offer(A, integrator(A), "intel.alert", probe, B), 400);
        problem(
                at(A, integrator(A))
                        .body("{\"recordType\":\"testbed.probe\"}")
                        .when()
                        .post(TRANSFERS)
                        .then(),
                400);
        problem(
                at(A, integrator(A))
                        .when()
                        .get(TRANSFERS + "/" + A + "/not-a-uuid")
                        .then(),
                400);
        problem(answer(B, integrator(B), "12345", UUID.randomUUID().toString(), "accept"), 400);
        problem(answer(B, integrator(B), A, "x'; drop", "accept"), 400);
        problem(answer(B, integrator(B), A, UUID.randomUUID().toString(), "accept"), 404);
        assertEquals(before, offersAt(A));
        assertEquals(offeredBefore, offeredEntries());
    }

    @Test
    @Order(7)
    void onlyTheAddresseeAnswersAndOnlyOnce() {
        // the handed probe's offer: answered already
        problem(answer(B, integrator(B), A, offerId, "accept"), 409);
        problem(answer(B, integrator(B), A, offerId, "decline"), 409);
        // the offering jurisdiction does not answer its own offer; a third one does not have it
        problem(answer(A, integrator(A), A, offerId, "accept"), 409);
        long refusedAtC = refusalsAt(C, "transfer.accept.refused");
        problem(answer(C, integrator(C), A, offerId, "accept"), 404);
        assertEquals(refusedAtC + 1, refusalsAt(C, "transfer.accept.refused"));
        // answering needs the role, and a user of this jurisdiction
        problem(answer(B, token(B, "analyst"), A, offerId, "accept"), 403);
        problem(answer(B, federation.issuer(A).token(B).roles("integrator").sign(), A, offerId, "accept"), 403);
        // B withdraws nothing of A's
        problem(
                at(B, integrator(B))
                        .when()
                        .post(TRANSFERS + "/" + A + "/" + offerId + "/withdraw")
                        .then(),
                409);
        assertEquals(1, databases.get(B).count("SELECT count(*) FROM probe WHERE predecessor_id = ?", handed));
    }

    @Test
    @Order(8)
    void aDeclinedOrWithdrawnOfferLeavesTheRecordWithItsOwner() {
        String declined = createProbe(A, "拒收", Set.of(B, C));
        awaitReplica(B, A, declined, "拒收 #0");
        String first = offer(A, integrator(A), TYPE, declined, B)
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("offerId");
        Await.until(PATIENCE, () -> offerArrived(B, A, first), () -> "the offer at " + B);
        assertEquals(
                "DECLINED",
                answer(B, integrator(B), A, first, "decline")
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("decision"));
        Await.until(
                PATIENCE,
                () -> "DECLINED".equals(offerAt(A, A, first).getString("decision")),
                () -> "the answer at " + A);
        assertFalse(offerAt(A, A, first).getBoolean("transferred"));
        at(A, integrator(A))
                .body(Map.of("title", "仍归江山"))
                .when()
                .put("/api/v1/probes/" + declined)
                .then()
                .statusCode(200);
        awaitReplica(B, A, declined, "仍归江山");

        // offered again (at the new version), then withdrawn before B answers
        String second = offer(A, integrator(A), TYPE, declined, B)
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("offerId");
        assertEquals(
                "WITHDRAWN",
                at(A, integrator(A))
                        .when()
                        .post(TRANSFERS + "/" + A + "/" + second + "/withdraw")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("state"));
        problem(
                at(A, integrator(A))
                        .when()
                        .post(TRANSFERS + "/" + A + "/" + second + "/withdraw")
                        .then(),
                409);
        Await.until(
                PATIENCE,
                () -> offerArrived(B, A, second)
                        && "WITHDRAWN".equals(offerAt(B, A, second).getString("state")),
                () -> "the withdrawal at " + B);
        problem(answer(B, integrator(B), A, second, "accept"), 409);
        at(A, integrator(A))
                .body(Map.of("title", "撤回之后"))
                .when()
                .put("/api/v1/probes/" + declined)
                .then()
                .statusCode(200);
        assertEquals(0, databases.get(B).count("SELECT count(*) FROM probe WHERE predecessor_id = ?", declined));
        // both offers are listed at both ends
        List<String> atA = at(A, integrator(A))
                .when()
                .get(TRANSFERS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("offerId", String.class);
        assertTrue(atA.containsAll(List.of(first, second, offerId)), atA.toString());
        List<String> atB = at(B, token(B, "analyst"))
                .when()
                .get(TRANSFERS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("offerId", String.class);
        assertTrue(atB.containsAll(List.of(first, second, offerId)), atB.toString());
        // every step is in the audit log
        assertTrue(databases
                        .get(A)
                        .count("SELECT count(*) FROM federation.audit_log WHERE action IN "
                                + "('transfer.offered', 'transfer.withdrawn', 'transfer.closed', 'transfer.answered')")
                >= 5);
        assertTrue(databases
                        .get(B)
                        .count("SELECT count(*) FROM federation.audit_log WHERE action IN "
                                + "('transfer.accepted', 'transfer.declined')")
                >= 2);
    }

    /** A handshake record as a partner's relay (or a forger) would send it. */
    static ReplicationEvent handshake(
            String origin, String receiver, String type, String id, long version, com.google.protobuf.Message payload) {
        return ProbeEvents.probe(origin, receiver, id, version, "x").toBuilder()
                .setRecordType(type)
                .setPayload(com.google.protobuf.Any.pack(payload))
                .build();
    }

    @Test
    @Order(9)
    void forgedOrRepeatedHandshakeRecordsAreRefused() {
        String answers = TYPE + ".transfer-answer";
        TransferAnswer same = TransferAnswer.newBuilder()
                .setDecision(Decision.ACCEPTED)
                .setSuccessorId(successor)
                .build();
        try (ReplicationClient toA = new ReplicationClient(processes.get(A).httpPort());
                ReplicationClient toC = new ReplicationClient(processes.get(C).httpPort())) {
            // B's answer again under a new event id: the same answer, held already
            assertEquals(
                    Outcome.STALE,
                    outcome(toA.deliver(peerToken(B, A), handshake(B, A, answers, offerId, 1, same)), 0));
            // B answering the same offer otherwise (a new version naming another successor, or declining)
            DeliveryAck other = toA.deliver(
                    peerToken(B, A),
                    handshake(
                            B,
                            A,
                            answers,
                            offerId,
                            2,
                            same.toBuilder()
                                    .setSuccessorId(UUID.randomUUID().toString())
                                    .build()),
                    handshake(
                            B,
                            A,
                            answers,
                            offerId,
                            2,
                            TransferAnswer.newBuilder()
                                    .setDecision(Decision.DECLINED)
                                    .build()));
            assertEquals(Outcome.REJECTED, outcome(other, 0));
            assertEquals(Outcome.REJECTED, outcome(other, 1));
            // C answering an offer made to B, and B answering an offer that does not exist
            assertEquals(
                    Outcome.REJECTED,
                    outcome(toA.deliver(peerToken(C, A), handshake(C, A, answers, offerId, 1, same)), 0));
            assertEquals(
                    Outcome.REJECTED,
                    outcome(
                            toA.deliver(
                                    peerToken(B, A),
                                    handshake(B, A, answers, UUID.randomUUID().toString(), 1, same)),
                            0));
            // an offer reaching a jurisdiction it is not addressed to
            TransferOffer toB = TransferOffer.newBuilder()
                    .setRecordType(TYPE)
                    .setRecordId(UUID.randomUUID().toString())
                    .setVersionOffered(1)
                    .setAddressee(B)
                    .setReason("r")
                    .setState(OfferState.OFFERED)
                    .addDistribution(A)
                    .addDistribution(B)
                    .addDistribution(C)
                    .build();
            DeliveryAck misrouted = toC.deliver(
                    peerToken(A, C),
                    handshake(A, C, TYPE + ".transfer-offer", UUID.randomUUID().toString(), 1, toB));
            assertEquals(Outcome.REJECTED, outcome(misrouted, 0));
            assertFalse(ProbeEvents.revealsInternals(misrouted.getResults(0).getReason()));
            // offers to C that C can never store are refused by their check, each alone, with what is wrong:
            // a reason with a NUL; a second open offer of one record; a withdrawn offer opening again
            String record = UUID.randomUUID().toString();
            TransferOffer offerToC =
                    toB.toBuilder().setRecordId(record).setAddressee(C).build();
            String offers = TYPE + ".transfer-offer";
            String first = UUID.randomUUID().toString();
            String second = UUID.randomUUID().toString();
            DeliveryAck poisoned = toC.deliver(
                    peerToken(A, C),
                    handshake(
                            A,
                            C,
                            offers,
                            UUID.randomUUID().toString(),
                            1,
                            offerToC.toBuilder().setReason("a\0b").build()),
                    handshake(A, C, offers, first, 1, offerToC));
            assertEquals(Outcome.REJECTED, outcome(poisoned, 0));
            assertTrue(
                    poisoned.getResults(0).getReason().contains("reason"),
                    poisoned.getResults(0).getReason());
            assertEquals(Outcome.APPLIED, outcome(poisoned, 1));
            DeliveryAck secondOpen = toC.deliver(peerToken(A, C), handshake(A, C, offers, second, 1, offerToC));
            assertEquals(Outcome.REJECTED, outcome(secondOpen, 0));
            assertTrue(
                    secondOpen.getResults(0).getReason().contains("another offer"),
                    secondOpen.getResults(0).getReason());
            assertEquals(
                    Outcome.APPLIED,
                    outcome(
                            toC.deliver(
                                    peerToken(A, C),
                                    handshake(
                                            A,
                                            C,
                                            offers,
                                            first,
                                            2,
                                            offerToC.toBuilder()
                                                    .setState(OfferState.WITHDRAWN)
                                                    .build())),
                            0));
            DeliveryAck reopened = toC.deliver(peerToken(A, C), handshake(A, C, offers, first, 3, offerToC));
            assertEquals(Outcome.REJECTED, outcome(reopened, 0));
            assertTrue(
                    reopened.getResults(0).getReason().contains("withdrawn"),
                    reopened.getResults(0).getReason());
            assertEquals(1, databases.get(C).count("SELECT count(*) FROM federation.transfer_offer"));
        }
        // A's offer is still answered as B first answered it
        JsonPath atA = offerAt(A, A, offerId);
        assertEquals("ACCEPTED", atA.getString("decision"));
        assertEquals(successor, atA.getString("successorId"));
    }

    @Test
    @Order(10)
    void anOfferThatOvertakesItsRecordIsAcceptedOnceTheRecordArrives() {
        String record = UUID.randomUUID().toString();
        String offer = UUID.randomUUID().toString();
        TransferOffer early = TransferOffer.newBuilder()
                .setRecordType(TYPE)
                .setRecordId(record)
                .setVersionOffered(2)
                .setAddressee(B)
                .setReason("先到")
                .setState(OfferState.OFFERED)
                .addDistribution(A)
                .addDistribution(B)
                .build();
        try (ReplicationClient toB = new ReplicationClient(processes.get(B).httpPort())) {
            assertEquals(
                    Outcome.APPLIED,
                    outcome(
                            toB.deliver(peerToken(A, B), handshake(A, B, TYPE + ".transfer-offer", offer, 1, early)),
                            0));
            // the offered version is not here yet: refused for now, nothing created, nothing waits
            problem(answer(B, integrator(B), A, offer, "accept"), 409);
            assertEquals(
                    Outcome.APPLIED, outcome(toB.deliver(peerToken(A, B), ProbeEvents.probe(A, B, record, 1, "一")), 0));
            problem(answer(B, integrator(B), A, offer, "accept"), 409);
            assertEquals(0, databases.get(B).count("SELECT count(*) FROM probe WHERE predecessor_id = ?", record));
            assertNull(offerAt(B, A, offer).getString("decision"));
            assertEquals(
                    Outcome.APPLIED, outcome(toB.deliver(peerToken(A, B), ProbeEvents.probe(A, B, record, 2, "二")), 0));
        }
        JsonPath accepted = answer(B, integrator(B), A, offer, "accept")
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ACCEPTED", accepted.getString("decision"));
        assertEquals("二", probeAt(B, accepted.getString("successorId")).getString("title"));
    }
}
