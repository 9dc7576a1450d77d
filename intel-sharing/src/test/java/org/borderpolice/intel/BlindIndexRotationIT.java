package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    static final Duration PATIENCE = Await.MACHINE;

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
        // small batches, so that re-hashing takes several steps; each step in the log
        return Map.of(
                "intel.blind-index.rehash-every",
                rehash ? "1s" : "off",
                "intel.blind-index.rehash-batch",
                "3",
                "quarkus.log.category.\"org.borderpolice.federation.hitcheck.BlindIndexHoldings\".level",
                "DEBUG");
    }

    /** A replica of Jiangshan of its own name (its own log), with the key versions it is told to hold. */
    JurisdictionProcess replica(String name, boolean rehash, int... versions) {
        federation.useBlindIndexKeys(JIANGSHAN, versions);
        JurisdictionProcess p = federation.replica(
                JIANGSHAN,
                JIANGSHAN + "-" + name + "-" + UUID.randomUUID(),
                JurisdictionProcess.packagedApplication(),
                settings(rehash));
        running.add(p);
        return p;
    }

    /** The alert of Jiangshan that the n-th batch re-hashing under this version starts with (batches go in id order). */
    String nthLacking(int version, int n) {
        try (Connection c = db(JIANGSHAN).connect();
                var select = c.prepareStatement("SELECT a.id FROM alert a "
                        + "WHERE NOT EXISTS (SELECT 1 FROM federation.subject_hash h WHERE h.record_type = 'intel.alert' AND h.record_id = a.id::text AND h.key_version = ?) "
                        + "ORDER BY a.id OFFSET ? LIMIT 1")) {
            select.setShort(1, (short) version);
            select.setInt(2, n);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
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
                .auth()
                .oauth2(federation
                        .issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .roles("analyst")
                        .sign())
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * Pucheng's analyst checks these phones; every partner must answer. A partner just restarted
     * may be reported unavailable while Pucheng's channel waits to reconnect, so the check is
     * repeated until every partner answered (a partner that never answers still fails the test).
     */
    List<String> hitsFromPucheng(JurisdictionProcess pucheng, String... phones) {
        List<List<String>> hits = new ArrayList<>();
        Await.until(
                PATIENCE,
                () -> {
                    var answer = given().baseUri(pucheng.baseUrl())
                            .auth()
                            .oauth2(federation
                                    .issuer(PUCHENG)
                                    .token(PUCHENG)
                                    .roles("analyst")
                                    .sign())
                            .contentType(ContentType.JSON)
                            .body(Map.of(
                                    "identifiers",
                                    java.util.Arrays.stream(phones)
                                            .map(v -> Map.of("kind", "PHONE", "value", v))
                                            .toList()))
                            .when()
                            .post("/api/v1/alerts/hit-checks")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    if (!answer.getMap("partnersUnavailable").isEmpty()) {
                        return false;
                    }
                    hits.add(answer.getList("hits.alertId", String.class));
                    return true;
                },
                () -> "every partner answering Pucheng's check");
        return hits.get(0);
    }

    long hashes(String code, int version) {
        return db(code).count("SELECT count(*) FROM federation.subject_hash WHERE key_version = ?", (short) version);
    }

    @Test
    void rotationKeepsChecksHittingAndDroppingTheOldVersionRemovesItsHashes() throws java.sql.SQLException {
        JurisdictionProcess jiangshan = start(JIANGSHAN, true, 1);
        JurisdictionProcess pucheng = start(PUCHENG, true, 1);
        List<String> phones = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            phones.add("1360000" + String.format("%04d", i));
            before.add(publish(jiangshan, phones.get(i)));
        }
        assertEquals(10, hashes(JIANGSHAN, 1));
        org.hamcrest.MatcherAssert.assertThat(
                hitsFromPucheng(pucheng, phones.get(0), phones.get(9)),
                containsInAnyOrder(before.get(0), before.get(9)));

        // 1. Jiangshan adds version 2, re-hashing held back: its old alerts have version 1 hashes only
        shutDown(jiangshan);
        jiangshan = start(JIANGSHAN, false, 1, 2);
        String during = publish(jiangshan, "13600009999");
        assertEquals(1, hashes(JIANGSHAN, 2), "a new alert is hashed under every version held");
        // Pucheng (version 1 only) still hits old and new alerts
        org.hamcrest.MatcherAssert.assertThat(
                hitsFromPucheng(pucheng, phones.get(3), "13600009999"), containsInAnyOrder(before.get(3), during));

        // 2. Pucheng adds version 2 too; it asks under both and still hits what is hashed under 1 only
        shutDown(pucheng);
        pucheng = start(PUCHENG, true, 1, 2);
        org.hamcrest.MatcherAssert.assertThat(
                hitsFromPucheng(pucheng, phones.get(4), "13600009999"), containsInAnyOrder(before.get(4), during));

        // 3. Jiangshan re-hashes with two replicas. The first does two batches and then waits for an alert we
        // hold locked; the second finds the version busy; the first dies; the second takes over where it stopped.
        shutDown(jiangshan);
        String third = nthLacking(2, 6);
        JurisdictionProcess first = replica("first", true, 1, 2);
        JurisdictionProcess second = replica("second", true, 1, 2);
        try (Connection lock = db(JIANGSHAN).connect()) {
            lock.setAutoCommit(false);
            try (var select = lock.prepareStatement("SELECT 1 FROM alert WHERE id = ?::uuid FOR UPDATE")) {
                select.setString(1, third);
                select.executeQuery().close();
            }
            first.startAndAwait();
            Await.until(PATIENCE, () -> hashes(JIANGSHAN, 2) == 7, () -> "two batches of the first replica");
            second.startAndAwait();
            Await.until(
                    PATIENCE,
                    () -> second.logText().contains("blind-index key version 2: another replica is at it"),
                    () -> "the second replica finding the version busy");
            first.kill();
            lock.rollback();
        }
        Await.until(
                PATIENCE,
                () -> db(JIANGSHAN)
                                .count(
                                        "SELECT count(*) FROM federation.blind_index_version WHERE key_version = 2 AND filled_at IS NOT NULL")
                        == 1,
                () -> "Jiangshan's holdings hashed under version 2");
        assertEquals(11, hashes(JIANGSHAN, 2));
        assertEquals(11, hashes(JIANGSHAN, 1));
        // both took part: the first its two batches, the second the rest and the end
        assertEquals(
                2,
                first.logText()
                        .lines()
                        .filter(l -> l.contains("blind-index key version 2: 3 intel.alert records hashed here"))
                        .count(),
                first::logTail);
        assertTrue(
                second.logText().contains("blind-index key version 2: our holdings are hashed under it"),
                second::logTail);
        assertTrue(
                second.logText()
                        .lines()
                        .anyMatch(l -> l.contains("blind-index key version 2: 3 intel.alert records hashed here")),
                second::logTail);
        shutDown(second);

        // 4. both drop version 1: its hashes go, checks still hit (under version 2)
        jiangshan = start(JIANGSHAN, true, 2);
        Await.until(PATIENCE, () -> hashes(JIANGSHAN, 1) == 0, () -> "version 1 hashes removed at Jiangshan");
        org.hamcrest.MatcherAssert.assertThat(
                hitsFromPucheng(pucheng, phones.get(5), "13600009999"), containsInAnyOrder(before.get(5), during));
        shutDown(pucheng);
        pucheng = start(PUCHENG, true, 2);
        org.hamcrest.MatcherAssert.assertThat(
                hitsFromPucheng(pucheng, phones.get(6), phones.get(7)),
                containsInAnyOrder(before.get(6), before.get(7)));
        assertEquals(11, hashes(JIANGSHAN, 2));
        assertEquals(
                0, db(JIANGSHAN).count("SELECT count(*) FROM federation.blind_index_version WHERE key_version = 1"));
        // and an alert published now is hashed under version 2 only
        publish(jiangshan, "13600008888");
        assertEquals(0, hashes(JIANGSHAN, 1));
        assertEquals(12, hashes(JIANGSHAN, 2));
    }

    /**
     * A rolling restart to a new key version: an old replica (version 1 only) keeps running beside a
     * new one (1 and 2). The old one must not undo version 2 (drop its hashes or its row), alerts it
     * writes meanwhile are hashed under version 2 by the new one, and when version 1 is dropped
     * later, an alert still without a version-2 hash is hashed before version 1 goes.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void replicasOnDifferentKeySetsNeitherUndoNorMissTheNewVersion() {
        JurisdictionProcess old = replica("old", true, 1);
        old.startAndAwait();
        List<String> phones = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            phones.add("1361111" + String.format("%04d", i));
            ids.add(publish(old, phones.get(i)));
        }
        JurisdictionProcess neu = replica("new", true, 1, 2);
        neu.startAndAwait();
        phones.add("13611119999");
        ids.add(publish(neu, phones.get(7)));
        Await.until(
                PATIENCE,
                () -> db(JIANGSHAN)
                                .count(
                                        "SELECT count(*) FROM federation.blind_index_version WHERE key_version = 2 AND filled_at IS NOT NULL")
                        == 1,
                () -> "version 2 filled by the new replica");
        // the old replica has looked since, and left version 2 alone
        int seen = old.logText().length();
        Await.until(
                PATIENCE,
                () -> old.logText().substring(seen).contains("blind-index holdings: held [1], registered [1, 2]"),
                () -> "the old replica looking at the versions");
        assertEquals(
                1, db(JIANGSHAN).count("SELECT count(*) FROM federation.blind_index_version WHERE key_version = 2"));
        assertEquals(8, hashes(JIANGSHAN, 2));

        // an alert the old replica writes after the new version was filled: hashed under 2 by the new replica
        phones.add("13611118888");
        String late = publish(old, phones.get(8));
        ids.add(late);
        Await.until(
                PATIENCE,
                () -> db(JIANGSHAN)
                                .count(
                                        "SELECT count(*) FROM federation.subject_hash WHERE record_id = ? "
                                                + "AND key_version = 2",
                                        late)
                        == 1,
                () -> "the old replica's alert hashed under version 2");
        shutDown(old);
        shutDown(neu);

        // an alert left without a version-2 hash (as an old replica's write racing the fill could leave one)
        db(JIANGSHAN)
                .count(
                        "WITH d AS (DELETE FROM federation.subject_hash WHERE record_id = ? AND key_version = 2 "
                                + "RETURNING 1) SELECT count(*) FROM d",
                        ids.get(3));
        // version 1 is dropped: what has no version-2 hash is hashed before version 1's hashes go
        start(JIANGSHAN, true, 2);
        Await.until(
                PATIENCE,
                () -> hashes(JIANGSHAN, 1) == 0
                        && db(JIANGSHAN)
                                        .count(
                                                "SELECT count(*) FROM federation.blind_index_version WHERE key_version = 1")
                                == 0,
                () -> "version 1 gone");
        assertEquals(9, hashes(JIANGSHAN, 2));
        JurisdictionProcess pucheng = start(PUCHENG, true, 2);
        org.hamcrest.MatcherAssert.assertThat(
                hitsFromPucheng(pucheng, phones.toArray(String[]::new)),
                containsInAnyOrder(ids.toArray(String[]::new)));
    }
}
