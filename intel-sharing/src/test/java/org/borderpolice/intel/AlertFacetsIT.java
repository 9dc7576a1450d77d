package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Facet counts, exact and estimated from a sample (federation FacetCounter): a partner's counts
 * never include what it may not see, in either mode, and the answer says which mode it is.
 */
class AlertFacetsIT extends FeatureIT {

    /** The sample's bucket of an alert, as the HQL function sample_bucket and the V22 index compute it. */
    static final String BUCKET = "(uuid_hash(id) & 65535)";

    @Test
    void aPartnersFacetsCountOnlyWhatItMaySeeExactAndSampled() {
        // a plate no other test uses: these alerts are the only matches
        String plate = "浙H" + (10000 + ThreadLocalRandom.current().nextInt(90000));
        List<String> shared = new ArrayList<>();
        List<String> notShared = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Map<String, Object> toPucheng = alert("分面核查：走私烟货车", "GENERAL", PUCHENG);
            toPucheng.put("category", "FRAUD_PATTERN");
            toPucheng.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", plate)));
            shared.add(publishOk(toPucheng));
            Map<String, Object> toGuangfeng = alert("分面核查：走私烟货车", "GENERAL", GUANGFENG);
            toGuangfeng.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", plate)));
            notShared.add(publishOk(toGuangfeng));
        }

        // exact: at most 10,000 matches
        JsonPath exact = facets(url(JIANGSHAN), token(PUCHENG, JIANGSHAN, "analyst"), plate);
        assertFalse(exact.getBoolean("approximate"));
        assertEquals(Map.of("FRAUD_PATTERN", 24), exact.getMap("category"), "nothing of Guangfeng's alerts");
        assertEquals(Map.of(JIANGSHAN, 24), exact.getMap("origin"));
        assertEquals(24, exact.getLong("matches"));
        assertEquals(24, exact.getLong("counted"));
        JsonPath own = facets(url(JIANGSHAN), token(JIANGSHAN, JIANGSHAN, "analyst"), plate);
        assertEquals(Map.of("FRAUD_PATTERN", 24, "SMUGGLING", 24), own.getMap("category"));

        // sampled: a replica that estimates above 0 matches; its own users from a quarter of the table
        // (the statistics say how many rows it has; sample-rows a quarter of them is a sample of
        // 2^-2), partners always from half of it (partner-sample-shift 1), whatever the table's size
        db(JIANGSHAN).execute("ANALYZE alert");
        long rows = db(JIANGSHAN).count("SELECT reltuples::bigint FROM pg_class WHERE oid = 'alert'::regclass");
        JurisdictionProcess sampling = federation
                .replica(
                        JIANGSHAN,
                        JIANGSHAN + "-facets-" + UUID.randomUUID(),
                        JurisdictionProcess.packagedApplication(),
                        Map.of(
                                "border.search.facets.exact-up-to",
                                "0",
                                "border.search.facets.sample-rows",
                                Long.toString((rows + 3) / 4),
                                "border.search.facets.partner-sample-shift",
                                "1",
                                "border.federation.relay.enabled",
                                "false"))
                .start()
                .awaitReady(Duration.ofSeconds(120));
        try {
            long sharedSampled = sampled(shared);
            long notSharedSampled = sampled(notShared);
            assertTrue(sharedSampled > 0 && notSharedSampled > 0, "a half of 24 alerts is not empty");

            JsonPath partner = facets(sampling.baseUrl(), token(PUCHENG, JIANGSHAN, "analyst"), plate);
            assertTrue(partner.getBoolean("approximate"), "the answer says the counts are estimates");
            assertEquals(sharedSampled, partner.getLong("counted"), "the sampled alerts it may see");
            assertEquals(2 * sharedSampled, partner.getLong("matches"), "scaled by the sample's 2");
            assertEquals(
                    Map.of("FRAUD_PATTERN", (int) (2 * sharedSampled)),
                    partner.getMap("category"),
                    "sampled alerts shared with Guangfeng only are not counted");
            assertEquals(Map.of(JIANGSHAN, (int) (2 * sharedSampled)), partner.getMap("origin"));

            JsonPath home = facets(sampling.baseUrl(), token(JIANGSHAN, JIANGSHAN, "analyst"), plate);
            long sharedQuarter = sampled(shared, 16384);
            long notSharedQuarter = sampled(notShared, 16384);
            assertTrue(home.getBoolean("approximate"));
            assertEquals(sharedQuarter + notSharedQuarter, home.getLong("counted"), "a quarter for its own users");
            Map<String, Integer> homeCategories = new java.util.HashMap<>();
            if (sharedQuarter > 0) {
                homeCategories.put("FRAUD_PATTERN", (int) (4 * sharedQuarter));
            }
            if (notSharedQuarter > 0) {
                homeCategories.put("SMUGGLING", (int) (4 * notSharedQuarter));
            }
            assertEquals(homeCategories, home.getMap("category"));

            // and Guangfeng's analyst the other half
            JsonPath guangfeng = facets(sampling.baseUrl(), token(GUANGFENG, JIANGSHAN, "analyst"), plate);
            assertEquals(Map.of("SMUGGLING", (int) (2 * notSharedSampled)), guangfeng.getMap("category"));
        } finally {
            sampling.stop();
        }
    }

    /** How many of these alerts are in the replica's sample (half of the buckets). */
    long sampled(List<String> ids) {
        return sampled(ids, 32768);
    }

    long sampled(List<String> ids, int buckets) {
        return db(JIANGSHAN)
                .count(
                        "SELECT count(*) FROM alert WHERE id = ANY (?::uuid[]) AND " + BUCKET + " < " + buckets,
                        "{" + String.join(",", ids) + "}");
    }

    /** The facets of the search for 走私 and the plate, as this caller sees them at this process. */
    static JsonPath facets(String baseUrl, String token, String plate) {
        return given().baseUri(baseUrl)
                .auth()
                .oauth2(token)
                .queryParam("q", "走私")
                .queryParam("subject", plate)
                .queryParam("facets", true)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("facets");
    }
}
