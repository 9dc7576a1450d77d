package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What the feature ITs of alerts share: Jiangshan (330881, where alerts are published), Pucheng
 * (350722) and Guangfeng (361103) as processes of the packaged intel-sharing with their own
 * databases, started once for all of them ({@link SharedJurisdictions}), and the calls they make.
 */
@ExtendWith(SharedJurisdictions.class)
abstract class FeatureIT {

    static final Duration PATIENCE = Await.MACHINE;
    static final String VALID_ID = "330881199001011238";

    TestFederation federation;
    Map<String, JurisdictionProcess> processes;

    @BeforeEach
    void attach(ThreeJurisdictions shared) {
        federation = shared.federation;
        processes = shared.processes;
    }

    String url(String code) {
        return processes.get(code).baseUrl();
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    /** A user of `code` calling the service of `at`. */
    String token(String code, String at, String... roles) {
        return federation.issuer(code).token(at).roles(roles).unit("坛石派出所").sign();
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

    Response publish(Map<String, Object> body) {
        return given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts");
    }

    String publishOk(Map<String, Object> body) {
        return publish(body).then().statusCode(201).extract().path("id");
    }

    int statusAt(String code, String id, String... roles) {
        return given().baseUri(url(code))
                .auth()
                .oauth2(token(code, code, roles))
                .when()
                .get("/api/v1/alerts/" + id)
                .statusCode();
    }

    void awaitVisible(String code, String id) {
        Await.until(PATIENCE, () -> statusAt(code, id, "analyst") == 200, () -> id + " visible at " + code);
    }

    Set<String> subjectHashes(String code, String id) {
        Set<String> hashes = new HashSet<>();
        try (var c = db(code).connect();
                var select = c.prepareStatement(
                        "SELECT hash FROM federation.subject_hash WHERE record_type = 'intel.alert' AND record_id = ?")) {
            select.setString(1, id);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return hashes;
    }

    long rows(String code, String id) {
        return db(code).count("SELECT count(*) FROM alert WHERE id = ?::uuid", id);
    }

    List<String> search(String code, String query) {
        return given().baseUri(url(code))
                .auth()
                .oauth2(token(code, code, "analyst"))
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

    Response hitCheck(String at, String token, List<Map<String, String>> identifiers) {
        return given().baseUri(url(at))
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", identifiers))
                .when()
                .post("/api/v1/alerts/hit-checks");
    }
}
