package org.borderpolice.intel.fast;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.alert;
import static org.borderpolice.intel.fast.Callers.home;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Chinese full-text search and subject search at the origin (the receiver's is AlertsIT's). */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel")
        })
class AlertSearchTest {

    String publish(Map<String, Object> body) {
        return Callers.publish(body);
    }

    List<String> search(String query) {
        return home("analyst")
                .queryParam("q", query)
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    @Test
    void searchFindsWordsNotCharacters() {
        Map<String, Object> smuggling = alert("浦城方向走私烟车辆", PUCHENG);
        smuggling.put("body", "一辆厢式货车夜间运输走私烟，车牌闽HD12345。");
        smuggling.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", "闽HD12345")));
        String smugglingId = publish(smuggling);
        Map<String, Object> fugitive = alert("在逃人员张三丰", PUCHENG);
        fugitive.put("severity", "RED");
        fugitive.put("category", "WANTED_PERSON");
        fugitive.put("body", "张三丰涉嫌盗窃，可能藏匿于江山与浦城交界山区。");
        fugitive.put("subjects", List.of());
        String fugitiveId = publish(fugitive);
        Map<String, Object> scattered = alert("码头纠纷", PUCHENG);
        scattered.put("body", "张某与丰某在三号码头发生争执。");
        scattered.put("subjects", List.of());
        String scatteredId = publish(scattered);
        // smartcn segments this as 车 主张 三 丰: the name's words never stand together
        Map<String, Object> glued = alert("可疑面包车", PUCHENG);
        glued.put("category", "SUSPECT_VEHICLE");
        glued.put("body", "车主张三丰，驾驶白色面包车往返两地。");
        glued.put("subjects", List.of());
        String gluedId = publish(glued);

        assertTrue(search("走私").contains(smugglingId), "走私 finds an alert about 走私烟");
        List<String> name = search("张三丰");
        assertTrue(name.contains(fugitiveId));
        assertFalse(name.contains(scatteredId), "a name is not matched character by character");
        assertTrue(name.contains(gluedId), "a name is found where the analyser glued it to its neighbour");
        assertEquals(List.of(fugitiveId), search("张三丰 盗窃"));
        assertTrue(search("张三丰 走私").isEmpty(), "every term is required");
        assertTrue(search("浦城").containsAll(List.of(smugglingId, fugitiveId)));
        assertEquals(List.of(smugglingId), search("厢式货车 浦城"));

        home("analyst")
                .queryParam("subject", "hd123")
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(smugglingId)));
        home("analyst")
                .queryParam("subject", "%")
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items", empty());
        home("analyst")
                .queryParam("q", "张三丰")
                .queryParam("facets", true)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("facets.severity", equalTo(Map.of("RED", 1, "ORANGE", 1)))
                .body("facets.category", equalTo(Map.of("WANTED_PERSON", 1, "SUSPECT_VEHICLE", 1)))
                .body("facets.origin", equalTo(Map.of(JIANGSHAN, 2)));
        home("analyst")
                .queryParam("q", "长".repeat(201))
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
