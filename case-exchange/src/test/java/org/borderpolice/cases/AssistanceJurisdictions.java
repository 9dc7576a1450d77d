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
import io.restassured.specification.RequestSpecification;

/**
 * Jiangshan (330881), Pucheng (350722) and Guangfeng (361103) as processes of the packaged
 * case-exchange with their own databases, and what the assistance-request ITs do with them:
 * joint cases filed at Jiangshan and answered by the partners, requests, users' and peers'
 * tokens. Jiangshan runs with a 3-second IMMEDIATE deadline (so that a request becomes overdue
 * within a test) and a fixed 3-day reminder window (so that an URGENT request, 8 h, is in it
 * from its sending and a ROUTINE one, 7 days, is not); the partners with the defaults.
 */
final class AssistanceJurisdictions implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String VALID_ID = "330881199001011238";
    static final Map<String, String> JIANGSHAN_SETTINGS = Map.of(
            "border.cases.assistance.deadlines.immediate", "3s",
            "border.cases.assistance.remind-before", "3d");

    final TestFederation federation = new TestFederation("case-exchange", "cases", JIANGSHAN, PUCHENG, GUANGFENG);
    final Map<String, JurisdictionProcess> processes = new LinkedHashMap<>();

    AssistanceJurisdictions() {
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            processes.put(
                    code,
                    federation
                            .process(
                                    code,
                                    JurisdictionProcess.packagedApplication(),
                                    code.equals(JIANGSHAN) ? JIANGSHAN_SETTINGS : Map.of())
                            .start());
        }
        processes.values().forEach(p -> p.awaitReady(Duration.ofSeconds(180)));
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

    /** A user of the jurisdiction itself. */
    RequestSpecification home(String code, String... roles) {
        return as(code, code, roles);
    }

    /**
     * A joint case filed OPEN at Jiangshan inviting the partners; those in {@code accepting}
     * accept it, those in {@code declining} decline it, those in {@code silent} do not answer.
     * Returns once every partner holds it and Jiangshan holds every answer.
     */
    String openCase(List<String> accepting, List<String> declining, List<String> silent) {
        List<String> invited = new java.util.ArrayList<>(accepting);
        invited.addAll(declining);
        invited.addAll(silent);
        Map<String, Object> body = new HashMap<>();
        body.put("category", "TELECOM_FRAUD");
        body.put("title", "浙闽交界电信诈骗案");
        body.put("summary", "犯罪嫌疑人冒充客服在江山、浦城两地实施诈骗。");
        body.put("participants", invited);
        String id = home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(body)
                .queryParam("open", true)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (String partner : invited) {
            Await.until(
                    PATIENCE,
                    () -> home(partner, "investigator")
                                    .get("/api/v1/cases/" + id)
                                    .statusCode()
                            == 200,
                    () -> "case " + id + " at " + partner);
            if (silent.contains(partner)) {
                continue;
            }
            boolean accept = accepting.contains(partner);
            home(partner, "investigator")
                    .contentType(ContentType.JSON)
                    .body(accept ? Map.of("decision", "ACCEPT") : Map.of("decision", "DECLINE", "reason", "不属本辖区"))
                    .when()
                    .post("/api/v1/cases/" + id + "/participation")
                    .then()
                    .statusCode(200);
            Await.until(
                    PATIENCE,
                    () -> (accept ? "ACCEPTED" : "DECLINED")
                            .equals(home(JIANGSHAN, "investigator")
                                    .get("/api/v1/cases/" + id)
                                    .jsonPath()
                                    .getString("participants.find { it.jurisdiction == '" + partner + "' }.state")),
                    () -> partner + "'s answer to case " + id + " at Jiangshan");
        }
        return id;
    }

    static Map<String, Object> request(String caseId, String addressee, String priority) {
        Map<String, Object> body = new HashMap<>();
        body.put("caseId", caseId);
        body.put("addressee", addressee);
        body.put("kind", "LOCATE_PERSON");
        body.put("priority", priority);
        body.put("details", "请核查该人员近期在浦城的落脚点及同行人员。");
        body.put("subjects", List.of(Map.of("kind", "PERSON", "value", VALID_ID, "label", "张某")));
        return body;
    }

    /** Sent at Jiangshan by an investigator; returns the id. */
    String send(Map<String, Object> body) {
        return home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/assistance-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    String stateAt(String code, String id) {
        var response = home(code, "investigator").get("/api/v1/assistance-requests/" + id);
        return response.statusCode() == 200 ? response.jsonPath().getString("state") : "HTTP " + response.statusCode();
    }

    void awaitState(String code, String id, String state) {
        Await.until(
                PATIENCE,
                () -> state.equals(stateAt(code, id)),
                () -> "request " + id + " " + state + " at " + code + " (is " + stateAt(code, id) + ")");
    }

    long rows(String code) {
        return db(code).count("SELECT count(*) FROM assistance_request");
    }

    long rows(String code, String id) {
        return db(code).count("SELECT count(*) FROM assistance_request WHERE id = ?::uuid", id);
    }

    /** Deliver these events to {@code to} as {@code from}'s relay would. */
    DeliveryAck deliver(String from, String to, ReplicationEvent... events) {
        try (ReplicationClient client = new ReplicationClient(processes.get(to).httpPort())) {
            return client.deliver(
                    federation.issuer(from).token(to).roles("peer").sign(), events);
        }
    }

    static ReplicationEvent upsert(
            String origin, String type, String recordId, long version, List<String> distribution, Message payload) {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(origin)
                .setRecordType(type)
                .setRecordId(recordId)
                .setVersion(version)
                .setOccurredAt(at(Instant.now()))
                .addAllDistribution(distribution)
                .setPayload(Any.pack(payload))
                .build();
    }

    static Timestamp at(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
