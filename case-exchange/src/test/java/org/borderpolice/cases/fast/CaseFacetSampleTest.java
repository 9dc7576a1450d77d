package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Case facets estimated from a sample (federation FacetCounter) on the path that tests the
 * participant rule per sampled row (CaseRepository.VISIBLE_PER_ROW): a partner's estimate counts
 * only the sampled cases it may see, and the answer says it is an estimate. Every search here is
 * sampled (exact-up-to 0), partners from half of the table (partner-sample-shift 1).
 */
@QuarkusTest
@TestProfile(CaseFacetSampleTest.Sampled.class)
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseFacetSampleTest extends CaseRows {

    public static class Sampled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "border.search.facets.exact-up-to", "0",
                    "border.search.facets.partner-sample-shift", "1");
        }
    }

    /** A word no other test writes. */
    static final String WORD = "碗窑乡冻品";

    @Test
    void aPartnersSampledFacetsCountOnlyTheCasesItMaySee() {
        List<UUID> shared = new ArrayList<>();
        List<UUID> notShared = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            shared.add(kase(JIANGSHAN, "OPEN", "SMUGGLING", WORD + "走私案" + i, PUCHENG, "ACCEPTED"));
            notShared.add(kase(JIANGSHAN, "INVESTIGATING", "DRUGS", WORD + "贩毒案" + i, GUANGFENG, "INVITED"));
            notShared.add(kase(JIANGSHAN, "DRAFT", "THEFT", WORD + "盗窃案（草稿）" + i, PUCHENG, "INVITED"));
            notShared.add(kase(GUANGFENG, "OPEN", "FRAUD", WORD + "诈骗案（广丰）" + i, JIANGSHAN, "ACCEPTED"));
        }
        long sharedSampled = sampled(shared);
        assertTrue(sharedSampled > 0 && sampled(notShared) > 0, "half of 24 and of 72 cases is not empty");

        JsonPath page = as(PUCHENG, "investigator")
                .queryParam("q", WORD)
                .queryParam("facets", true)
                .when()
                .get("/api/v1/cases/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("facets");

        assertTrue(page.getBoolean("approximate"), "the answer says the counts are estimates");
        assertEquals(sharedSampled, page.getLong("counted"), "the sampled cases it may see");
        assertEquals(2 * sharedSampled, page.getLong("matches"), "scaled by the sample's 2");
        assertEquals(Map.of("OPEN", (int) (2 * sharedSampled)), page.getMap("status"), "no draft, no other's case");
        assertEquals(Map.of("SMUGGLING", (int) (2 * sharedSampled)), page.getMap("category"));
        assertEquals(Map.of(JIANGSHAN, (int) (2 * sharedSampled)), page.getMap("origin"));
    }

    /** How many of these cases are in a partner's sample (half of the buckets, as V111's index computes them). */
    long sampled(List<UUID> ids) {
        return Callers.count(
                db,
                "SELECT count(*) FROM joint_case WHERE id = ANY (?::uuid[]) AND (uuid_hash(id) & 65535) < 32768",
                "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}");
    }
}
