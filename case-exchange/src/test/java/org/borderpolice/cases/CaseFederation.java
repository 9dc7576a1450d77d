package org.borderpolice.cases;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Jiangshan (330881, where the cases are filed), Pucheng (350722) and Guangfeng (361103) as
 * processes of the packaged case-exchange, partners for the category "cases": users' and peers'
 * tokens, filing, reading, and replication events sent as a partner (or a forger) would.
 */
final class CaseFederation implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String VALID_ID = "330881199001011238";

    final TestFederation federation = new TestFederation("case-exchange", "cases", JIANGSHAN, PUCHENG, GUANGFENG);
    final Map<String, JurisdictionProcess> processes = new LinkedHashMap<>();

    CaseFederation() {
        this(Map.of());
    }

    /** With settings of some members' processes (e.g. a partner's categories in one's agreement). */
    CaseFederation(Map<String, Map<String, String>> settings) {
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            processes.put(
                    code,
                    federation.process(
                            code, JurisdictionProcess.packagedApplication(), settings.getOrDefault(code, Map.of())));
        }
        JurisdictionProcess.startAll(Duration.ofSeconds(180), processes.values().toArray(JurisdictionProcess[]::new));
    }

    @Override
    public void close() {
        JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
    }

    String url(String code) {
        return processes.get(code).baseUrl();
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    /** A user of {@code code} calling the service of {@code at}. */
    RequestSpecification as(String code, String at, String... roles) {
        return given().baseUri(url(at))
                .auth()
                .oauth2(federation
                        .issuer(code)
                        .token(at)
                        .roles(roles)
                        .unit("刑侦大队")
                        .sign());
    }

    /** A user of the jurisdiction at its own service. */
    RequestSpecification home(String code, String... roles) {
        return as(code, code, roles);
    }

    static Map<String, Object> caseBody(String title, String... participants) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "TELECOM_FRAUD");
        body.put("title", title);
        body.put("summary", "犯罪嫌疑人冒充客服，在江山、浦城、广丰三地实施电信网络诈骗。");
        body.put("occurredAt", "2026-03-01T10:00:00+08:00");
        body.put("township", "廿八都镇");
        body.put("countyCode", "330881");
        body.put("leadUnit", "江山市公安局刑侦大队");
        body.put("lossAmount", new java.math.BigDecimal("125000.50"));
        body.put("recoveredAmount", new java.math.BigDecimal("30000.05"));
        body.put(
                "subjects",
                List.of(
                        Map.of("kind", "PERSON", "value", VALID_ID, "label", "张某", "role", "SUSPECT"),
                        Map.of("kind", "VEHICLE", "value", "浙h·12345", "role", "RELATED")));
        body.put("participants", List.of(participants));
        return body;
    }

    /** Filed OPEN at Jiangshan by an investigator; returns the id. */
    String file(String title, String... participants) {
        return home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .body(caseBody(title, participants))
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    int statusAt(String code, String id) {
        return home(code, "analyst").when().get("/api/v1/cases/" + id).statusCode();
    }

    JsonPath read(String code, String id) {
        return home(code, "analyst")
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath timeline(String code, String id) {
        return home(code, "analyst")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    void awaitVisible(String code, String id) {
        Await.until(PATIENCE, () -> statusAt(code, id) == 200, () -> id + " visible at " + code);
    }

    void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(PATIENCE, condition, () -> what);
    }

    long rows(String code, String sql, Object... params) {
        return db(code).count(sql, params);
    }

    /**
     * Cases whose participating codes (V122: the jurisdictions whose participant row is invited or
     * accepted, kept by a trigger) differ from their participant rows: none, after every commit.
     * The bench's loader (CaseSearchBenchmark) checks its cases with the same query, written there
     * on its own: keep the two in step.
     */
    static final String PARTICIPATING_OUT_OF_STEP = """
            SELECT count(*) FROM joint_case c WHERE c.participating IS DISTINCT FROM ARRAY(
              SELECT p.jurisdiction::text FROM case_participant p
              WHERE p.case_id = c.id AND p.state IN ('INVITED', 'ACCEPTED') ORDER BY p.jurisdiction)""";

    /** Whether the case held at {@code code} has exactly these participating codes (in code order). */
    boolean participating(String code, String id, String... codes) {
        return rows(
                        code,
                        "SELECT count(*) FROM joint_case WHERE id = ?::uuid AND participating = ?::text[]",
                        id,
                        "{" + String.join(",", codes) + "}")
                == 1;
    }

    /** Whatever Jiangshan queued for {@code code} has been delivered. */
    void drainedTo(String code) {
        await(
                "Jiangshan's outbox to " + code + " empty",
                () -> rows(JIANGSHAN, "SELECT count(*) FROM federation.outbox WHERE destination = ?", code) == 0);
    }

    /** The service account of {@code from} delivering to {@code to}. */
    String peerToken(String from, String to) {
        return federation.issuer(from).token(to).roles("peer").sign();
    }

    DeliveryAck deliver(String from, String to, ReplicationEvent... events) {
        try (ReplicationClient client = new ReplicationClient(processes.get(to).httpPort())) {
            return client.deliver(peerToken(from, to), events);
        }
    }

    static ReplicationEvent upsert(
            String origin, String type, String recordId, long version, List<String> distribution, Message payload) {
        return event(origin, type, recordId, version, distribution)
                .setPayload(Any.pack(payload))
                .build();
    }

    static ReplicationEvent tombstone(
            String origin, String type, String recordId, long version, List<String> distribution) {
        return event(origin, type, recordId, version, distribution)
                .setTombstone(true)
                .build();
    }

    private static ReplicationEvent.Builder event(
            String origin, String type, String recordId, long version, List<String> distribution) {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(origin)
                .setRecordType(type)
                .setRecordId(recordId)
                .setVersion(version)
                .setOccurredAt(now())
                .addAllDistribution(distribution);
    }

    static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder()
                .setSeconds(now.getEpochSecond())
                .setNanos(now.getNano())
                .build();
    }
}
