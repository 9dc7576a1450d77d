package org.borderpolice.intel.fast;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.ReplicationClient;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Users of Jiangshan and of its partners, and partners' relays, as the fast tier's tests call the service. */
final class Callers {

    static final String VALID_ID = "330881199001011238";

    private Callers() {}

    /** A user of Jiangshan, the jurisdiction under test. */
    static RequestSpecification home(String... roles) {
        return as(SELF, roles);
    }

    /** A user of {@code code} calling Jiangshan's service. */
    static RequestSpecification as(String code, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(code)
                        .token(SELF)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    /** Publish an alert as Jiangshan's analyst; its id. */
    static String publish(Map<String, Object> body) {
        return home("analyst")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Deliver these events to Jiangshan as {@code from}'s relay would. */
    static DeliveryAck deliver(String from, ReplicationEvent... events) {
        try (ReplicationClient client = new ReplicationClient(JurisdictionTestResource.port())) {
            return client.deliver(
                    JurisdictionTestResource.issuer(from)
                            .token(SELF)
                            .roles("peer")
                            .sign(),
                    events);
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

    /** A valid alert body (REST), GENERAL handling, for these partners. */
    static Map<String, Object> alert(String title, String... distribution) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "SMUGGLING");
        body.put("severity", "ORANGE");
        body.put("title", title);
        body.put("body", "一辆浙H牌照货车疑似运输走私烟，可能经205国道进入浦城。");
        body.put(
                "subjects",
                new ArrayList<>(List.of(
                        Map.of("kind", "PERSON", "value", VALID_ID, "label", "张某"),
                        Map.of("kind", "VEHICLE", "value", "浙H12345"))));
        body.put("distribution", List.of(distribution));
        body.put("handling", "GENERAL");
        body.put("sourceReliability", "B");
        body.put("informationCredibility", 2);
        return body;
    }
}
