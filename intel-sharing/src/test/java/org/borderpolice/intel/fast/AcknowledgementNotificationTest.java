package org.borderpolice.intel.fast;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.as;
import static org.borderpolice.intel.fast.Callers.at;
import static org.borderpolice.intel.fast.Callers.home;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

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
import io.restassured.path.json.JsonPath;

/**
 * A partner's warning Jiangshan must acknowledge (签收) is a notification for Jiangshan's analysts
 * and commanders, once per alert; nobody else's, and none for an alert that needs no
 * acknowledgement.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel")
        })
class AcknowledgementNotificationTest {

    @Inject
    AgroalDataSource db;

    long newest() {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM federation.notification")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Alert puchengAlert(String id, long version, Severity severity, String title) {
        Instant now = Instant.now();
        return Alert.newBuilder()
                .setId(id)
                .setOrigin(PUCHENG)
                .setIssuingUnit("浦城县公安局")
                .setCategory(AlertCategory.SMUGGLING)
                .setSeverity(severity)
                .setTitle(title)
                .setBody("一辆闽H牌照货车疑似运输走私烟，可能经205国道进入江山。")
                .setValidFrom(at(now))
                .addDistribution(JIANGSHAN)
                .setHandling(HandlingCode.GENERAL)
                .setSourceReliability("B")
                .setInformationCredibility(2)
                .setVersion(version)
                .setPublishedAt(at(now))
                .setUpdatedAt(at(now))
                .build();
    }

    static void deliver(String id, long version, Severity severity, String title) {
        assertEquals(
                Outcome.APPLIED,
                Callers.deliver(
                                PUCHENG,
                                Callers.upsert(
                                        PUCHENG,
                                        "intel.alert",
                                        id,
                                        version,
                                        List.of(PUCHENG, JIANGSHAN),
                                        puchengAlert(id, version, severity, title)))
                        .getResults(0)
                        .getOutcome());
    }

    static JsonPath notifications(io.restassured.specification.RequestSpecification caller, long after) {
        return caller.queryParam("after", after)
                .get("/api/v1/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aPartnersRedAlertIsForOurAnalystsAndCommandersOnce() {
        long before = newest();
        String red = RecordIds.create(PUCHENG).toString();
        deliver(red, 1, Severity.RED, "走私香烟货车");
        // a new version of the same alert: no second notification
        deliver(red, 2, Severity.RED, "走私香烟货车（车牌更正）");
        String yellow = RecordIds.create(PUCHENG).toString();
        deliver(yellow, 1, Severity.YELLOW, "可疑人员");

        for (String role : List.of("analyst", "commander")) {
            JsonPath mine = notifications(home(role), before);
            assertEquals(List.of(red), mine.getList("recordId"), role);
            assertEquals(List.of("alert.acknowledgement-due"), mine.getList("kind"));
            assertEquals(List.of("intel.alert"), mine.getList("recordType"));
            assertEquals(List.of("浦城县公安局 红色预警待签收：走私香烟货车"), mine.getList("title"));
        }
        // roles that do not acknowledge: nothing; Pucheng's analyst at our service: refused
        for (String role : List.of("investigator", "mediator", "integrator")) {
            assertEquals(List.of(), notifications(home(role), before).getList("id"), role);
        }
        as(PUCHENG, "analyst")
                .queryParam("after", before)
                .get("/api/v1/notifications")
                .then()
                .statusCode(403);
    }

    /** A revoked warning's title is read no more in the list (the replica is gone; so is what was said of it). */
    @Test
    void aRevokedAlertsNotificationIsWithdrawn() {
        long before = newest();
        String red = RecordIds.create(PUCHENG).toString();
        String kept = RecordIds.create(PUCHENG).toString();
        deliver(red, 1, Severity.RED, "撤销前的红色预警");
        deliver(kept, 1, Severity.ORANGE, "未撤销的橙色预警");
        assertEquals(List.of(red, kept), notifications(home("analyst"), before).getList("recordId"));
        assertEquals(
                Outcome.APPLIED,
                Callers.deliver(PUCHENG, AlertReplicaRulesTest.tombstone(red, 2))
                        .getResults(0)
                        .getOutcome());
        assertEquals(List.of(kept), notifications(home("analyst"), before).getList("recordId"));
    }
}
