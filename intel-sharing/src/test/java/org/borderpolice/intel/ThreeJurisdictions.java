package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
import io.restassured.specification.RequestSpecification;

/**
 * Jiangshan (330881, where alerts are published), Pucheng (350722) and Guangfeng (361103) as
 * processes of the packaged intel-sharing, with what the ITs of one kind of attack share: users'
 * and peers' tokens, publishing, and replication events sent as a partner (or a forger) would.
 */
final class ThreeJurisdictions implements AutoCloseable {

    static final Duration PATIENCE = Await.MACHINE;
    static final String VALID_ID = "330881199001011238";

    final TestFederation federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG, GUANGFENG);
    final Map<String, JurisdictionProcess> processes = new HashMap<>();

    /** Start all three; settings apply to Jiangshan only. */
    ThreeJurisdictions(Map<String, String> jiangshanSettings) {
        this(jiangshanSettings, Map.of());
    }

    /** Start all three, with settings for Jiangshan and for Guangfeng. */
    ThreeJurisdictions(Map<String, String> jiangshanSettings, Map<String, String> guangfengSettings) {
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            processes.put(
                    code,
                    federation
                            .process(
                                    code,
                                    JurisdictionProcess.packagedApplication(),
                                    code.equals(JIANGSHAN)
                                            ? jiangshanSettings
                                            : code.equals(GUANGFENG) ? guangfengSettings : Map.of())
                            .start());
        }
        processes.values().forEach(p -> p.awaitReady(Await.MACHINE));
    }

    @Override
    public void close() {
        processes.values().forEach(JurisdictionProcess::stop);
    }

    String url(String code) {
        return processes.get(code).baseUrl();
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    /** A user of {@code code} calling the service of {@code at}. */
    String token(String code, String at, String... roles) {
        return federation.issuer(code).token(at).roles(roles).unit("坛石派出所").sign();
    }

    /** The service account of {@code from} delivering to {@code to}: what {@code from}'s relay presents. */
    String peerToken(String from, String to) {
        return federation.issuer(from).token(to).roles("peer").sign();
    }

    RequestSpecification as(String code, String at, String... roles) {
        return given().baseUri(url(at)).auth().oauth2(token(code, at, roles));
    }

    /** A named user of {@code code} (per-user rules: limits, own requests) at its own service. */
    RequestSpecification user(String code, String subject, String... roles) {
        return given().baseUri(url(code))
                .auth()
                .oauth2(federation
                        .issuer(code)
                        .token(code)
                        .subject(subject)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    /** The agreement's keyed hash (version 1) of an identifier in normal form. */
    com.google.protobuf.ByteString hash(String kind, String value) {
        return com.google.protobuf.ByteString.copyFrom(
                new org.borderpolice.federation.blindindex.BlindIndex(federation.blindIndexKey(1)).hash(kind, value));
    }

    /** HitCheckService/Check at {@code to}, as {@code from}'s service calls it: the status, or OK and the answer. */
    HitCheckCall grpcCheck(
            String from, String to, org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest request) {
        io.grpc.ManagedChannel channel = io.grpc.netty.NettyChannelBuilder.forAddress(
                        "localhost", processes.get(to).httpPort())
                .usePlaintext()
                .build();
        try {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            headers.put(
                    io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + peerToken(from, to));
            var stub = org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS);
            return new HitCheckCall(io.grpc.Status.Code.OK, null, stub.check(request));
        } catch (io.grpc.StatusRuntimeException e) {
            return new HitCheckCall(e.getStatus().getCode(), e.getStatus().getDescription(), null);
        } finally {
            channel.shutdownNow();
        }
    }

    record HitCheckCall(
            io.grpc.Status.Code status,
            String description,
            org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse response) {}

    /** A user of the jurisdiction itself. */
    RequestSpecification home(String code, String... roles) {
        return as(code, code, roles);
    }

    static Map<String, Object> alert(String title, String handling, String... distribution) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "SMUGGLING");
        body.put("severity", "ORANGE");
        body.put("title", title);
        body.put("body", "一辆浙H牌照货车疑似运输走私烟，可能经205国道进入浦城。");
        body.put(
                "subjects",
                List.of(
                        Map.of("kind", "PERSON", "value", VALID_ID, "label", "张某"),
                        Map.of("kind", "VEHICLE", "value", "浙H12345")));
        body.put("distribution", List.of(distribution));
        body.put("handling", handling);
        body.put("sourceReliability", "B");
        body.put("informationCredibility", 2);
        return body;
    }

    /** Published at Jiangshan by an analyst; returns the id. */
    String publish(Map<String, Object> body) {
        return home(JIANGSHAN, "analyst")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    int statusAt(String code, String id, String... roles) {
        return home(code, roles).when().get("/api/v1/alerts/" + id).statusCode();
    }

    void awaitVisible(String code, String id) {
        Await.until(PATIENCE, () -> statusAt(code, id, "analyst") == 200, () -> id + " visible at " + code);
    }

    void awaitRow(String code, String sql, Object... params) {
        Await.until(PATIENCE, () -> db(code).count(sql, params) > 0, () -> sql + " at " + code);
    }

    long alertRows(String code, String id) {
        return db(code).count("SELECT count(*) FROM alert WHERE id = ?::uuid", id);
    }

    long auditRows(String code, String action) {
        return db(code).count("SELECT count(*) FROM federation.audit_log WHERE action = ?", action);
    }

    /**
     * Whatever Jiangshan queued for {@code code} before now has arrived there: a GENERAL alert
     * published now to that partner is visible (the relay keeps per-partner order).
     */
    void drainedTo(String code) {
        awaitVisible(code, publish(alert("顺序标记", "GENERAL", code)));
    }

    /** Deliver these events to {@code to} as {@code from}'s relay would. */
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
        return at(Instant.now());
    }

    static Timestamp at(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
