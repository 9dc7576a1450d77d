package org.borderpolice.intel.fast;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.alert;
import static org.borderpolice.intel.fast.Callers.at;
import static org.borderpolice.intel.fast.Callers.home;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.intel.v1.AlertProto.Alert;
import org.borderpolice.federation.proto.intel.v1.AlertProto.AlertCategory;
import org.borderpolice.federation.proto.intel.v1.AlertProto.HandlingCode;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Severity;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Acknowledging (签收) a partner's alert at the receiver: once, by whom, and what is refused. The
 * partner's alert arrives over gRPC as Pucheng's relay sends it.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel")
        })
class AcknowledgementRulesTest {

    @Inject
    AgroalDataSource db;

    /** A RED alert of Pucheng's, received by Jiangshan; its id. */
    String puchengAlert(String title) {
        String id = RecordIds.create(PUCHENG).toString();
        Instant now = Instant.now();
        Alert alert = Alert.newBuilder()
                .setId(id)
                .setOrigin(PUCHENG)
                .setIssuingUnit("浦城县公安局")
                .setCategory(AlertCategory.WANTED_PERSON)
                .setSeverity(Severity.RED)
                .setTitle(title)
                .setBody("持枪逃犯可能经省界逃往江山。")
                .setValidFrom(at(now))
                .addDistribution(JIANGSHAN)
                .setHandling(HandlingCode.GENERAL)
                .setSourceReliability("B")
                .setInformationCredibility(2)
                .setVersion(1)
                .setPublishedAt(at(now))
                .setUpdatedAt(at(now))
                .build();
        assertEquals(
                Outcome.APPLIED,
                Callers.deliver(
                                PUCHENG,
                                Callers.upsert(PUCHENG, "intel.alert", id, 1, List.of(PUCHENG, JIANGSHAN), alert))
                        .getResults(0)
                        .getOutcome());
        return id;
    }

    long acknowledgements(String alertId) {
        return Rows.count(db, "SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", alertId);
    }

    @Test
    void aReceiverAcknowledgesOnceAndTheOriginIsSentIt() {
        String id = puchengAlert("红色预警：签收规则");
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("note", "已部署卡口查控"))
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(200)
                .body("partner", equalTo(JIANGSHAN))
                .body("alertOrigin", equalTo(PUCHENG))
                .body("note", equalTo("已部署卡口查控"));
        // idempotent: a second acknowledgement changes nothing
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(200)
                .body("partner", equalTo(JIANGSHAN));
        assertEquals(1, acknowledgements(id));
        // the acknowledgement goes to the alert's origin
        assertEquals(
                1,
                Rows.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_type = "
                                + "'intel.acknowledgement' AND record_id = ? AND destination = ?",
                        id + ":" + JIANGSHAN,
                        PUCHENG));
    }

    @Test
    void refusedAcknowledgementsStoreNothing() {
        String id = puchengAlert("红色预警：拒绝签收");
        // a mediator holds no role that acknowledges
        home("mediator")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        // no token
        io.restassured.RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(401);
        // an alert nobody sent us
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + RecordIds.create(PUCHENG) + "/acknowledgement")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(0, acknowledgements(id));

        // our own alert is no partner's to acknowledge
        String own = home("analyst")
                .contentType(ContentType.JSON)
                .body(alert("本局预警", PUCHENG))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + own + "/acknowledgement")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(0, acknowledgements(own));
        assertEquals(0, acknowledgements(UUID.randomUUID().toString()));
    }
}
