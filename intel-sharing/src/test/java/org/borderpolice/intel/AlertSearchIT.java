package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

/**
 * Search and lists: Chinese words (not characters), subjects, facets, the background merge of new
 * index entries, cursor paging.
 */
class AlertSearchIT extends FeatureIT {

    @Test
    void searchFindsWordsNotCharacters() {
        Map<String, Object> smuggling = alert("浦城方向走私烟车辆", "GENERAL", PUCHENG);
        smuggling.put("body", "一辆厢式货车夜间运输走私烟，车牌闽HD12345。");
        smuggling.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", "闽HD12345")));
        String smugglingId = publishOk(smuggling);
        Map<String, Object> fugitive = alert("在逃人员张三丰", "GENERAL", PUCHENG);
        fugitive.put("severity", "RED");
        fugitive.put("category", "WANTED_PERSON");
        fugitive.put("body", "张三丰涉嫌盗窃，可能藏匿于江山与浦城交界山区。");
        fugitive.put("subjects", List.of());
        String fugitiveId = publishOk(fugitive);
        Map<String, Object> scattered = alert("码头纠纷", "GENERAL", PUCHENG);
        scattered.put("body", "张某与丰某在三号码头发生争执。");
        scattered.put("subjects", List.of());
        String scatteredId = publishOk(scattered);
        // smartcn segments this as 车 主张 三 丰: the name's words never stand together
        Map<String, Object> glued = alert("可疑面包车", "GENERAL", PUCHENG);
        glued.put("severity", "ORANGE");
        glued.put("category", "SUSPECT_VEHICLE");
        glued.put("body", "车主张三丰，驾驶白色面包车往返两地。");
        glued.put("subjects", List.of());
        String gluedId = publishOk(glued);

        assertTrue(search(JIANGSHAN, "走私").contains(smugglingId), "走私 finds an alert about 走私烟");
        assertTrue(search(JIANGSHAN, "走私烟").contains(smugglingId));
        List<String> name = search(JIANGSHAN, "张三丰");
        assertTrue(name.contains(fugitiveId));
        assertFalse(name.contains(scatteredId), "a name is not matched character by character");
        assertTrue(name.contains(gluedId), "a name is found where the analyser glued it to its neighbour");
        assertEquals(List.of(fugitiveId), search(JIANGSHAN, "张三丰 盗窃"));
        assertTrue(search(JIANGSHAN, "张三丰 走私").isEmpty(), "every term is required");
        // a place name smartcn splits into characters is a word of the dictionary: 浦城 in the title
        // and in 江山与浦城交界; 厢式 (smartcn: 厢 式) before 货车
        List<String> place = search(JIANGSHAN, "浦城");
        assertTrue(place.containsAll(List.of(smugglingId, fugitiveId)), place::toString);
        assertEquals(List.of(smugglingId), search(JIANGSHAN, "厢式货车 浦城"));

        // the receiver indexes its replicas the same way
        awaitVisible(PUCHENG, smugglingId);
        assertTrue(search(PUCHENG, "走私").contains(smugglingId));

        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .queryParam("subject", "hd123")
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(smugglingId)));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .queryParam("subject", "%")
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .queryParam("q", "张三丰")
                .queryParam("facets", true)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("facets.severity", equalTo(Map.of("RED", 1, "ORANGE", 1)))
                .body("facets.category", equalTo(Map.of("WANTED_PERSON", 1, "SUSPECT_VEHICLE", 1)))
                .body("facets.origin", equalTo(Map.of(JIANGSHAN, 2)));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .queryParam("q", "长".repeat(201))
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void newIndexEntriesAreMergedInTheBackgroundAtOriginAndReceiver() {
        String id = publishOk(alert("廿八都方向成品油走私预警", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            try (var c = db(code).connect();
                    var s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            // the inserts left entries in the pending lists; the service merges them within seconds
            for (String index : List.of("alert_search", "alert_subject_values", "alert_distribution")) {
                Await.until(
                        PATIENCE,
                        () -> db(code).count("SELECT pending_pages FROM pgstatginindex(?::regclass)", index) == 0,
                        () -> index + " at " + code + " still has a pending list");
            }
            assertTrue(search(code, "成品油").contains(id), "found through the merged index at " + code);
        }
        String metrics = given().baseUri(processes.get(JIANGSHAN).managementUrl())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("border_search_pending_pages_merged_total")
                                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0),
                "merged pages are counted");
    }

    @Test
    void listsPageWithACursorAndFilter() {
        for (int i = 0; i < 3; i++) {
            publishOk(alert("分页预警 " + i, "GENERAL", PUCHENG));
        }
        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        Response first = given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .when()
                .get("/api/v1/alerts?limit=2&severity=ORANGE");
        first.then().statusCode(200);
        List<String> page1 = first.jsonPath().getList("items.id");
        String cursor = first.path("nextCursor");
        assertEquals(2, page1.size());
        assertNotNull(cursor);
        List<String> page2 = given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .queryParam("cursor", cursor)
                .when()
                .get("/api/v1/alerts?limit=2&severity=ORANGE")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertFalse(page2.isEmpty());
        assertTrue(page2.stream().noneMatch(page1::contains));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .when()
                .get("/api/v1/alerts?severity=RED")
                .then()
                .statusCode(200)
                .body("items.severity", not(hasItem("ORANGE")));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .when()
                .get("/api/v1/alerts?cursor=garbage")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(analyst)
                .when()
                .get("/api/v1/alerts?limit=5000")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
