package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** STIX 2.1 export of selected alerts, with TLP markings, audited, refused where it should be. */
class StixExportIT extends FeatureIT {

    @Test
    void selectedAlertsExportAsAStixBundleWithTlpMarkings() {
        String general = publishOk(alert("一般预警导出", "GENERAL", PUCHENG));
        String confidential = publishOk(alert("机密预警导出", "CONFIDENTIAL", PUCHENG));
        String secret = publishOk(alert("仅比对不导出", "HIT_ONLY", PUCHENG));
        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        io.restassured.path.json.JsonPath bundle = given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .queryParam("id", general)
                .queryParam("id", confidential)
                .queryParam("id", secret)
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("bundle", bundle.getString("type"));
        assertTrue(bundle.getString("id").startsWith("bundle--"));
        assertEquals("江山市公安局", bundle.getString("objects.find { it.type == 'identity' }.name"));
        assertEquals(
                List.of("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),
                bundle.getList("objects.find { it.name == '一般预警导出' }.object_marking_refs"));
        assertEquals(
                List.of("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
                bundle.getList("objects.find { it.name == '机密预警导出' }.object_marking_refs"));
        assertEquals(
                List.of("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"),
                bundle.getList("objects.find { it.name == '仅比对不导出' }.object_marking_refs"));
        // each report names its alert in external_references, under a STIX identifier (record ids are UUIDv8)
        assertTrue(bundle.getString("objects.find { it.name == '机密预警导出' }.external_references[0].external_id")
                .endsWith("/" + confidential));
        bundle.<String>getList("objects.findAll { it.type == 'report' }.id")
                .forEach(id -> assertTrue(StixMapperTest.IDENTIFIER.matcher(id).matches(), id));
        assertEquals(
                3, bundle.getList("objects.findAll { it.type == 'report' }").size());
        assertEquals(
                1,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'alert.export' "
                                        + "AND detail LIKE ?",
                                "%" + secret + "%"));

        // at Pucheng: the HIT_ONLY one is not there to export, a mediator may not export at all
        awaitVisible(PUCHENG, confidential);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "analyst"))
                .queryParam("id", general)
                .queryParam("id", secret)
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(404);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "mediator"))
                .queryParam("id", general)
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(403);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "analyst"))
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "analyst"))
                .queryParam("id", "not-a-uuid")
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
