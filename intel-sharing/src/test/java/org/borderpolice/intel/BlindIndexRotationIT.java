package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * Rotating the agreement's blind-index key across two jurisdictions, as the README's procedure
 * says: both add version 2 beside version 1, each re-hashes its holdings in the background (at
 * Jiangshan with two replicas running), checks hit throughout, and once version 1 is dropped its
 * hashes are gone and checks still hit.
 */
class BlindIndexRotationIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    final TestFederation federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
    final List<JurisdictionProcess> running = new ArrayList<>();

    @AfterEach
    void stop() {
        JurisdictionProcess.stopAll(running.toArray(JurisdictionProcess[]::new));
    }

    /** Start (again) a jurisdiction's service with the key versions it is told to hold. */
    JurisdictionProcess start(String code, boolean rehash, int... versions) {
        federation.useBlindIndexKeys(code, versions);
        JurisdictionProcess p = federation.process(code, JurisdictionProcess.packagedApplication(), settings(rehash));
        running.add(p);
        return p.startAndAwait();
    }

    static Map<String, String> settings(boolean rehash) {
        // small batches, so that re-hashing takes several steps and both replicas take part
        return Map.of("intel.blind-index.rehash-every", rehash ? "1s" : "off", "intel.blind-index.rehash-batch", "3");
    }

    void shutDown(JurisdictionProcess p) {
        p.stop();
        running.remove(p);
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    String publish(JurisdictionProcess at, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "FRAUD_PATTERN");
        body.put("severity", "BLUE");
        body.put("title", "轮换密钥期间的线索");
        body.put("body", "仅供比对。");
        body.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        body.put("distribution", List.of(JIANGSHAN));
        body.put("handling", "HIT_ONLY");
        body.put("sourceReliability", "C");
        body.put("informationCredibility", 3);
        return given().baseUri(at.baseUrl())
                .auth().oauth2(federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").sign())
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * Pucheng's analyst checks these phones; every partner must answer. A partner just restarted
     * may be reported unavailable while Pucheng's channel waits to reconnect, so the check is
     * repeated until every partner answered (a partner that never answers still fails the test).
     */
    List<String> hitsFromPucheng(JurisdictionProcess pucheng, String... phones) {
        List<List<String>> hits = new ArrayList<>();
        Await.until(PATIENCE, () -> {
            var answer = given().baseUri(pucheng.baseUrl())
                    .auth().oauth2(federation.issuer(PUCHENG).token(PUCHENG).roles("analyst").sign())
                    .contentType(ContentType.JSON)
                    .body(Map.of("identifiers", java.util.Arrays.stream(phones)
                            .map(v -> Map.of("kind", "PHONE", "value", v)).toList()))
                    .when().post("/api/v1/alerts/hit-checks").then().statusCode(200).extract().jsonPath();
            if (!answer.getMap("partnersUnavailable").isEmpty()) {
                return false;
            }
            hits.add(answer.getList("hits.alertId", String.class));
            return true;
        }, () -> "every partner answering Pucheng's check");
        return hits.get(0);
    }

    long hashes(String code, int version) {
        return db(code).count("SELECT count(*) FROM alert_subject_hash WHERE key_version = ?", (short) version);
    }

    @Test
    void rotationKeepsChecksHittingAndDroppingTheOldVersionRemovesItsHashes() {
        JurisdictionProcess jiangshan = start(JIANGSHAN, true, 1);
        JurisdictionProcess pucheng = start(PUCHENG, true, 1);
        List<String> phones = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            phones.add("1360000" + String.format("%04d", i));
            before.add(publish(jiangshan, phones.get(i)));
        }
        assertEquals(10, hashes(JIANGSHAN, 1));
        org.hamcrest.MatcherAssert.assertThat(hitsFromPucheng(pucheng, phones.get(0), phones.get(9)),
                containsInAnyOrder(before.get(0), before.get(9)));

        // 1. Jiangshan adds version 2, re-hashing held back: its old alerts have version 1 hashes only
        shutDown(jiangshan);
        jiangshan = start(JIANGSHAN, false, 1, 2);
        String during = publish(jiangshan, "13600009999");
        assertEquals(1, hashes(JIANGSHAN, 2), "a new alert is hashed under every version held");
        // Pucheng (version 1 only) still hits old and new alerts
        org.hamcrest.MatcherAssert.assertThat(hitsFromPucheng(pucheng, phones.get(3), "13600009999"),
                containsInAnyOrder(before.get(3), during));

        // 2. Pucheng adds version 2 too; it asks under both and still hits what is hashed under 1 only
        shutDown(pucheng);
        pucheng = start(PUCHENG, true, 1, 2);
        org.hamcrest.MatcherAssert.assertThat(hitsFromPucheng(pucheng, phones.get(4), "13600009999"),
                containsInAnyOrder(before.get(4), during));

        // 3. Jiangshan re-hashes, with two replicas started together (whichever locks the version works on it)
        shutDown(jiangshan);
        federation.useBlindIndexKeys(JIANGSHAN, 1, 2);
        jiangshan = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), settings(true));
        JurisdictionProcess second = federation.replica(JIANGSHAN, JIANGSHAN + "-2",
                JurisdictionProcess.packagedApplication(), settings(true));
        running.add(jiangshan);
        running.add(second);
        JurisdictionProcess.startAll(PATIENCE, jiangshan, second);
        Await.until(PATIENCE, () -> db(JIANGSHAN).count(
                "SELECT count(*) FROM blind_index_version WHERE key_version = 2 AND filled_at IS NOT NULL") == 1,
                () -> "Jiangshan's holdings hashed under version 2");
        assertEquals(11, hashes(JIANGSHAN, 2));
        assertEquals(11, hashes(JIANGSHAN, 1));
        shutDown(second);

        // 4. both drop version 1: its hashes go, checks still hit (under version 2)
        shutDown(jiangshan);
        jiangshan = start(JIANGSHAN, true, 2);
        Await.until(PATIENCE, () -> hashes(JIANGSHAN, 1) == 0, () -> "version 1 hashes removed at Jiangshan");
        org.hamcrest.MatcherAssert.assertThat(hitsFromPucheng(pucheng, phones.get(5), "13600009999"),
                containsInAnyOrder(before.get(5), during));
        shutDown(pucheng);
        pucheng = start(PUCHENG, true, 2);
        org.hamcrest.MatcherAssert.assertThat(hitsFromPucheng(pucheng, phones.get(6), phones.get(7)),
                containsInAnyOrder(before.get(6), before.get(7)));
        assertEquals(11, hashes(JIANGSHAN, 2));
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM blind_index_version WHERE key_version = 1"));
        // and an alert published now is hashed under version 2 only
        publish(jiangshan, "13600008888");
        assertEquals(0, hashes(JIANGSHAN, 1));
        assertEquals(12, hashes(JIANGSHAN, 2));
    }
}
