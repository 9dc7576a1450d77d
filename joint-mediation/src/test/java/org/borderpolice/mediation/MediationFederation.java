package org.borderpolice.mediation;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;

import java.time.Duration;
import java.time.Instant;
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

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The module's one federation for its ITs: Jiangshan (330881), Pucheng (350722) and Guangfeng
 * (361103) as processes of the packaged joint-mediation, partners for the category "mediation".
 * Started once per run by the first IT class that asks ({@link #shared()}) and stopped when the
 * test JVM ends, so that every IT class adds test methods, not a minute of start-up. Tests leave
 * every process running (one that stops a process starts it again before it returns).
 */
public final class MediationFederation {

    public static final Duration PATIENCE = Duration.ofSeconds(60);
    public static final String VALID_ID = "330881199001011238";

    private static MediationFederation shared;

    public final TestFederation federation =
            new TestFederation("joint-mediation", "mediation", JIANGSHAN, PUCHENG, GUANGFENG);
    public final Map<String, JurisdictionProcess> processes = new LinkedHashMap<>();

    /** The running federation, started on the first call. */
    public static synchronized MediationFederation shared() {
        if (shared == null) {
            MediationFederation f = new MediationFederation();
            Runtime.getRuntime().addShutdownHook(new Thread(f::close, "stop-mediation-federation"));
            shared = f;
        }
        return shared;
    }

    private MediationFederation() {
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            processes.put(
                    code,
                    federation.process(
                            code,
                            JurisdictionProcess.packagedApplication(),
                            Map.of(
                                    // the origin's check of overdue instalments (1h by default) soon after a
                                    // test's agreement
                                    "border.mediation.agreements.overdue-check-every",
                                    "2s",
                                    // a partner back after a test stopped it gets its backlog within seconds
                                    "border.federation.relay.max-backoff",
                                    "2s")));
        }
        JurisdictionProcess.startAll(Duration.ofSeconds(180), processes.values().toArray(JurisdictionProcess[]::new));
    }

    void close() {
        JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
    }

    public String url(String code) {
        return processes.get(code).baseUrl();
    }

    public PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    /** A user of {@code code} calling the service of {@code at}. */
    public RequestSpecification as(String code, String at, String... roles) {
        return given().baseUri(url(at))
                .auth()
                .oauth2(federation
                        .issuer(code)
                        .token(at)
                        .roles(roles)
                        .unit("三山边界社会治理中心")
                        .sign());
    }

    /** The user {@code subject} of {@code code} at its own service (a mediator's account). */
    public RequestSpecification user(String code, String subject, String... roles) {
        return given().baseUri(url(code))
                .auth()
                .oauth2(federation
                        .issuer(code)
                        .token(code)
                        .roles(roles)
                        .subject(subject)
                        .unit("三山边界社会治理中心")
                        .sign());
    }

    /** A user of the jurisdiction at its own service. */
    public RequestSpecification home(String code, String... roles) {
        return as(code, code, roles);
    }

    /** A mediator of {@code code} registered by its commander, at the 三山 centre, speaking Chinese: its id. */
    public String mediator(String code, String kind, String name, String account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("name", name);
        body.put("unit", "三山边界社会治理中心");
        body.put("languages", List.of("zh"));
        body.put("account", account);
        return home(code, "commander")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/mediators")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public int statusAt(String code, String path) {
        return home(code, "analyst").when().get(path).statusCode();
    }

    public JsonPath read(String code, String path) {
        return home(code, "analyst")
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(PATIENCE, condition, () -> what);
    }

    public long rows(String code, String sql, Object... params) {
        return db(code).count(sql, params);
    }

    /** Whatever {@code from} queued for {@code to} has been delivered. */
    public void drained(String from, String to) {
        await(
                from + "'s outbox to " + to + " empty",
                () -> rows(from, "SELECT count(*) FROM federation.outbox WHERE destination = ?", to) == 0);
    }

    /** The service account of {@code from} delivering to {@code to}. */
    public String peerToken(String from, String to) {
        return federation.issuer(from).token(to).roles("peer").sign();
    }

    public DeliveryAck deliver(String from, String to, ReplicationEvent... events) {
        try (ReplicationClient client = new ReplicationClient(processes.get(to).httpPort())) {
            return client.deliver(peerToken(from, to), events);
        }
    }

    public static ReplicationEvent upsert(
            String origin, String type, String recordId, long version, List<String> distribution, Message payload) {
        return event(origin, type, recordId, version, distribution)
                .setPayload(Any.pack(payload))
                .build();
    }

    public static ReplicationEvent tombstone(
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

    public static Timestamp now() {
        Instant n = Instant.now();
        return Timestamp.newBuilder()
                .setSeconds(n.getEpochSecond())
                .setNanos(n.getNano())
                .build();
    }
}
