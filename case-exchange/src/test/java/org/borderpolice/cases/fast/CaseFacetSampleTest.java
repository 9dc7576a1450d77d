package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Case facets of a partner's user (federation FacetCounter), both paths testing the participant rule
 * per matching row (CaseRepository.VISIBLE_PER_ROW): estimated from a sample above its own exact
 * limit, counting only the sampled cases it may see and saying it is an estimate; exact below it,
 * counting only the cases it may see. Partners are sampled from half of the table
 * (partner-sample-shift 1) and counted exactly up to 8 matches (partner-exact-up-to), below every
 * user's limit (exact-up-to 0: a partner's limit is its own).
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
                    "border.search.facets.partner-exact-up-to", "8",
                    "border.search.facets.partner-sample-shift", "1",
                    // which grouped counts ran: the answers alone cannot tell the combined query
                    // from the sample and the exact count one after the other
                    "quarkus.hibernate-orm.statistics", "true");
        }
    }

    @Inject
    SessionFactory sessions;

    /** Executions so far of the facets' grouped counts ({@code FacetCounter.groupedCount}), all or combined only. */
    long groupedCounts(boolean combinedOnly) {
        Statistics statistics = sessions.getStatistics();
        return Arrays.stream(statistics.getQueries())
                .filter(hql -> hql.contains(" group by "))
                // the sample counted alongside every match (FacetCounter.TallyingCount)
                .filter(hql -> !combinedOnly || hql.contains(") filter (where "))
                .mapToLong(hql -> statistics.getQueryStatistics(hql).getExecutionCount())
                .sum();
    }

    /** Pucheng's investigator's search for these words (and this category, this status, or any), with facets. */
    JsonPath partnersSearch(String words, String category, String status) {
        var request = as(PUCHENG, "investigator").queryParam("q", words).queryParam("facets", true);
        if (category != null) {
            request = request.queryParam("category", category);
        }
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.when()
                .get("/api/v1/cases/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The facets of Pucheng's investigator's search for these words (and this category, or any). */
    JsonPath partnersFacets(String words, String category) {
        return partnersSearch(words, category, null).setRootPath("facets");
    }

    /** A word no other test writes. */
    static final String WORD = "碗窑乡冻品";

    @Test
    void aPartnersSampledFacetsCountOnlyTheCasesItMaySee() {
        List<UUID> shared = new ArrayList<>();
        List<UUID> notShared = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // the first five in the sample: 2 x 5 sampled is above the partner's exact limit of 8
            UUID id = i < 5 ? inSample() : UUID.randomUUID();
            shared.add(kase(id, JIANGSHAN, "OPEN", "SMUGGLING", WORD + "走私案" + i, PUCHENG, "ACCEPTED"));
            notShared.add(kase(JIANGSHAN, "INVESTIGATING", "DRUGS", WORD + "贩毒案" + i, GUANGFENG, "INVITED"));
            notShared.add(kase(JIANGSHAN, "DRAFT", "THEFT", WORD + "盗窃案（草稿）" + i, PUCHENG, "INVITED"));
            notShared.add(kase(GUANGFENG, "OPEN", "FRAUD", WORD + "诈骗案（广丰）" + i, JIANGSHAN, "ACCEPTED"));
        }
        long sharedSampled = sampled(shared);
        assertTrue(sharedSampled > 0 && sampled(notShared) > 0, "half of 24 and of 72 cases is not empty");

        JsonPath page = partnersFacets(WORD, null);

        assertTrue(page.getBoolean("approximate"), "the answer says the counts are estimates");
        assertEquals(sharedSampled, page.getLong("counted"), "the sampled cases it may see");
        assertEquals(2 * sharedSampled, page.getLong("matches"), "scaled by the sample's 2");
        assertEquals(Map.of("OPEN", (int) (2 * sharedSampled)), page.getMap("status"), "no draft, no other's case");
        assertEquals(Map.of("SMUGGLING", (int) (2 * sharedSampled)), page.getMap("category"));
        assertEquals(Map.of(JIANGSHAN, (int) (2 * sharedSampled)), page.getMap("origin"));
    }

    /** Another word no other test writes. */
    static final String FEW = "峡口镇茶油";

    @Test
    void aPartnersFacetsUpToItsExactLimitAreExactAndCountOnlyTheCasesItMaySee() {
        // what Pucheng may see: Jiangshan's cases it was invited to or accepted, its own case; two
        // of them sampled, so that every user's limit of 0 would have made the answer an estimate
        kase(inSample(), JIANGSHAN, "OPEN", "SMUGGLING", FEW + "走私案甲", PUCHENG, "ACCEPTED");
        kase(inSample(), JIANGSHAN, "OPEN", "SMUGGLING", FEW + "走私案乙", PUCHENG, "INVITED", GUANGFENG, "ACCEPTED");
        kase(JIANGSHAN, "INVESTIGATING", "FRAUD", FEW + "诈骗案", PUCHENG, "ACCEPTED");
        kase(PUCHENG, "SOLVED", "THEFT", FEW + "盗窃案（浦城）", JIANGSHAN, "ACCEPTED");
        // what it may not see, each kind several times, sampled or not: declined, removed, a draft,
        // shared with Guangfeng only, not shared, Guangfeng's case with Jiangshan
        for (int i = 0; i < 4; i++) {
            UUID id = i % 2 == 0 ? inSample() : UUID.randomUUID();
            kase(id, JIANGSHAN, "OPEN", "FRAUD", FEW + "谢绝案" + i, PUCHENG, "DECLINED");
            kase(JIANGSHAN, "CLOSED", "DRUGS", FEW + "移出案" + i, PUCHENG, "REMOVED");
            kase(JIANGSHAN, "DRAFT", "THEFT", FEW + "草稿案" + i, PUCHENG, "INVITED");
            kase(JIANGSHAN, "OPEN", "DRUGS", FEW + "广丰协办案" + i, GUANGFENG, "ACCEPTED");
            kase(JIANGSHAN, "INVESTIGATING", "OTHER", FEW + "本地案" + i);
            kase(GUANGFENG, "OPEN", "FRAUD", FEW + "广丰案" + i, JIANGSHAN, "ACCEPTED");
        }

        JsonPath found = partnersSearch(FEW, null, null);
        assertEquals(4, found.getList("items").size());
        JsonPath facets = found.setRootPath("facets");

        assertFalse(facets.getBoolean("approximate"), "4 visible matches: within the partner's limit of 8");
        assertEquals(4, facets.getLong("matches"));
        assertEquals(4, facets.getLong("counted"));
        assertEquals(Map.of("OPEN", 2, "INVESTIGATING", 1, "SOLVED", 1), facets.getMap("status"));
        assertEquals(Map.of("SMUGGLING", 2, "FRAUD", 1, "THEFT", 1), facets.getMap("category"));
        assertEquals(Map.of(JIANGSHAN, 3, PUCHENG, 1), facets.getMap("origin"));
    }

    /** A third word no other test writes. */
    static final String MANY = "廿八都镇冻品";

    @Test
    void aPartnersCoarseSampleAnswersAloneFromEnoughMatchesItMaySee() {
        // the coarse sample is an eighth of the buckets (a quarter of the partner's half); it
        // answers from more than 31 sampled matches: 32 that Pucheng may see, and in the same
        // buckets cases it may not see of every kind, which must not count
        List<UUID> visible = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            visible.add(kase(
                    inSample(COARSE),
                    JIANGSHAN,
                    i % 2 == 0 ? "OPEN" : "SOLVED",
                    "SMUGGLING",
                    MANY + "走私案" + i,
                    PUCHENG,
                    i % 3 == 0 ? "INVITED" : "ACCEPTED"));
        }
        for (int i = 0; i < 6; i++) {
            kase(inSample(COARSE), JIANGSHAN, "OPEN", "FRAUD", MANY + "谢绝案" + i, PUCHENG, "DECLINED");
            kase(inSample(COARSE), JIANGSHAN, "DRAFT", "THEFT", MANY + "草稿案" + i, PUCHENG, "INVITED");
            kase(inSample(COARSE), JIANGSHAN, "OPEN", "DRUGS", MANY + "广丰协办案" + i, GUANGFENG, "ACCEPTED");
            kase(inSample(COARSE), GUANGFENG, "OPEN", "FRAUD", MANY + "广丰案" + i, JIANGSHAN, "ACCEPTED");
            // outside the coarse sample, in the partner's half: not counted by the coarse sample
            kase(outside(COARSE), JIANGSHAN, "OPEN", "SMUGGLING", MANY + "半数案" + i, PUCHENG, "ACCEPTED");
        }

        JsonPath facets = partnersFacets(MANY, null);

        assertTrue(facets.getBoolean("approximate"));
        assertEquals(32, facets.getLong("counted"), "the 32 it may see in the coarse sample, nothing else");
        assertEquals(32 * 8, facets.getLong("matches"), "scaled by the coarse sample's 8");
        assertEquals(Map.of("OPEN", 16 * 8, "SOLVED", 16 * 8), facets.getMap("status"));
        assertEquals(Map.of("SMUGGLING", 32 * 8), facets.getMap("category"));
        assertEquals(Map.of(JIANGSHAN, 32 * 8), facets.getMap("origin"));

        // with a category, tested on each sampled row (not through its index): the same 32
        JsonPath smuggling = partnersFacets(MANY, "SMUGGLING");
        assertTrue(smuggling.getBoolean("approximate"));
        assertEquals(32, smuggling.getLong("counted"));
        assertEquals(Map.of("OPEN", 16 * 8, "SOLVED", 16 * 8), smuggling.getMap("status"));
        // and a category of only cases it may not see in the coarse sample: nothing of them
        JsonPath fraud = partnersFacets(MANY, "FRAUD");
        assertEquals(0, fraud.getLong("matches"));
        assertEquals(Map.of(), fraud.getMap("category"));
    }

    /** Words no other test writes. */
    static final String ALONG = "岭头乡茶油";

    static final String ALONG_FEW = "岭头乡冻品";

    @Test
    void aCoarseSampleExpectingAtMostTheLimitIsFollowedByEveryMatchWithTheSampleAlongside() {
        // one match Pucheng may see in the coarse sample (8 x 1 = 8: at most the partner's limit,
        // above a quarter of it): every match is counted with the sample alongside, in one query
        kase(inSample(COARSE), JIANGSHAN, "OPEN", "SMUGGLING", ALONG + "走私案", PUCHENG, "ACCEPTED");
        for (int i = 0; i < 4; i++) {
            kase(outside(COARSE), JIANGSHAN, "OPEN", "SMUGGLING", ALONG + "走私案" + i, PUCHENG, "ACCEPTED");
        }
        // outside the sample only: a group the sample must not report
        for (int i = 0; i < 2; i++) {
            kase(outsideTheSample(), JIANGSHAN, "INVESTIGATING", "THEFT", ALONG + "盗窃案" + i, PUCHENG, "ACCEPTED");
        }
        invisibleInTheCoarseSample(ALONG, "OPEN");

        // 5 sampled, 10 estimated: above the limit of 8, so the sample's estimate; the coarse
        // sample, then the combined query, and no other grouped count
        long grouped = groupedCounts(false);
        long combined = groupedCounts(true);
        JsonPath estimated = partnersFacets(ALONG, null);
        assertEquals(combined + 1, groupedCounts(true), "through the combined query");
        assertEquals(grouped + 2, groupedCounts(false), "the coarse sample and the combined query only");
        assertTrue(estimated.getBoolean("approximate"));
        assertEquals(5, estimated.getLong("counted"), "the sampled matches it may see");
        assertEquals(10, estimated.getLong("matches"));
        assertEquals(Map.of("OPEN", 10), estimated.getMap("status"), "no group of matches outside the sample");
        assertEquals(Map.of("SMUGGLING", 10), estimated.getMap("category"));
        assertEquals(Map.of(JIANGSHAN, 10), estimated.getMap("origin"));

        // 4 it may see with the status, 3 of them sampled (6, at most the limit): every match, exact;
        // the others of the word, of another status, in the coarse sample too
        kase(inSample(COARSE), JIANGSHAN, "OPEN", "SMUGGLING", ALONG_FEW + "走私案", PUCHENG, "ACCEPTED");
        kase(outside(COARSE), JIANGSHAN, "OPEN", "THEFT", ALONG_FEW + "盗窃案", PUCHENG, "INVITED");
        kase(outside(COARSE), PUCHENG, "OPEN", "FRAUD", ALONG_FEW + "诈骗案", JIANGSHAN, "ACCEPTED");
        kase(outsideTheSample(), JIANGSHAN, "OPEN", "SMUGGLING", ALONG_FEW + "走私案乙", PUCHENG, "ACCEPTED");
        for (int i = 0; i < 2; i++) {
            kase(inSample(COARSE), JIANGSHAN, "INVESTIGATING", "SMUGGLING", ALONG_FEW + "侦查案" + i, PUCHENG, "ACCEPTED");
        }
        invisibleInTheCoarseSample(ALONG_FEW, "OPEN");

        grouped = groupedCounts(false);
        combined = groupedCounts(true);
        JsonPath found = partnersSearch(ALONG_FEW, null, "OPEN");
        assertEquals(combined + 1, groupedCounts(true), "through the combined query");
        assertEquals(grouped + 2, groupedCounts(false), "the coarse sample and the combined query only");
        assertEquals(4, found.getList("items").size());
        JsonPath exact = found.setRootPath("facets");
        assertFalse(exact.getBoolean("approximate"));
        assertEquals(4, exact.getLong("matches"));
        assertEquals(4, exact.getLong("counted"));
        assertEquals(Map.of("OPEN", 4), exact.getMap("status"));
        assertEquals(Map.of("SMUGGLING", 2, "THEFT", 1, "FRAUD", 1), exact.getMap("category"));
        assertEquals(Map.of(JIANGSHAN, 3, PUCHENG, 1), exact.getMap("origin"));
    }

    /** Cases of these words Pucheng may not see, of this status, in its coarse sample: each would change the path. */
    void invisibleInTheCoarseSample(String words, String status) {
        for (int i = 0; i < 2; i++) {
            kase(inSample(COARSE), JIANGSHAN, status, "FRAUD", words + "谢绝案" + i, PUCHENG, "DECLINED");
            kase(inSample(COARSE), JIANGSHAN, status, "DRUGS", words + "移出案" + i, PUCHENG, "REMOVED");
            kase(inSample(COARSE), JIANGSHAN, "DRAFT", "THEFT", words + "草稿案" + i, PUCHENG, "INVITED");
            kase(inSample(COARSE), JIANGSHAN, status, "DRUGS", words + "广丰协办案" + i, GUANGFENG, "ACCEPTED");
            kase(inSample(COARSE), GUANGFENG, status, "FRAUD", words + "广丰案" + i, JIANGSHAN, "ACCEPTED");
        }
    }

    /** A new case id outside a partner's sample. */
    UUID outsideTheSample() {
        while (true) {
            UUID id = UUID.randomUUID();
            if (bucket(id) >= HALF) {
                return id;
            }
        }
    }

    /** A fourth word no other test writes. */
    static final String DATED = "仙阳镇毛竹";

    @Test
    void aSampleTestsStatusOriginAndDatesOnEachRowAndCountsWhatTheExactSearchFinds() {
        // every case in the coarse sample, so that its counts, unscaled, are every match: the
        // page's items (the exact search) are what it must have counted. The status, origin and
        // date filters are tested on each sampled row there (FacetCounter.Sample.filtersPerRow)
        Instant filedFrom = Instant.parse("2025-03-01T00:00:00Z");
        Instant filedTo = Instant.parse("2025-09-01T00:00:00Z");
        Instant occurredFrom = Instant.parse("2025-01-01T00:00:00Z");
        Instant occurredTo = Instant.parse("2025-06-01T00:00:00Z");
        List<UUID> matching = new ArrayList<>();
        for (int i = 0; i < 34; i++) {
            UUID id = kase(
                    inSample(COARSE),
                    JIANGSHAN,
                    "INVESTIGATING",
                    "SMUGGLING",
                    DATED + "走私案" + i,
                    PUCHENG,
                    i % 3 == 0 ? "INVITED" : "ACCEPTED");
            // the first filed at the range's inclusive start, the second happened at its inclusive start
            dated(
                    id,
                    i == 0 ? filedFrom : filedFrom.plus(Duration.ofDays(1 + i)),
                    i == 1 ? occurredFrom : occurredFrom.plus(Duration.ofDays(1 + i)));
            matching.add(id);
        }
        Instant filed = filedFrom.plus(Duration.ofDays(60));
        Instant occurred = occurredFrom.plus(Duration.ofDays(60));
        for (int i = 0; i < 3; i++) {
            // each fails one filter only (the ends of the ranges that are exclusive among them)
            dated(
                    kase(inSample(COARSE), JIANGSHAN, "OPEN", "SMUGGLING", DATED + "立案案" + i, PUCHENG, "ACCEPTED"),
                    filed,
                    occurred);
            dated(
                    kase(
                            inSample(COARSE),
                            PUCHENG,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "浦城案" + i,
                            JIANGSHAN,
                            "ACCEPTED"),
                    filed,
                    occurred);
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "早立案" + i,
                            PUCHENG,
                            "ACCEPTED"),
                    filedFrom.minusSeconds(1),
                    occurred);
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "晚立案" + i,
                            PUCHENG,
                            "ACCEPTED"),
                    filedTo,
                    occurred);
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "早发案" + i,
                            PUCHENG,
                            "ACCEPTED"),
                    filed,
                    occurredFrom.minusSeconds(1));
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "晚发案" + i,
                            PUCHENG,
                            "ACCEPTED"),
                    filed,
                    occurredTo);
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "未知发案" + i,
                            PUCHENG,
                            "ACCEPTED"),
                    filed,
                    null);
            // and what Pucheng may not see, matching every filter
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "谢绝案" + i,
                            PUCHENG,
                            "DECLINED"),
                    filed,
                    occurred);
            dated(
                    kase(
                            inSample(COARSE),
                            JIANGSHAN,
                            "INVESTIGATING",
                            "SMUGGLING",
                            DATED + "广丰协办案" + i,
                            GUANGFENG,
                            "ACCEPTED"),
                    filed,
                    occurred);
        }

        JsonPath found = as(PUCHENG, "investigator")
                .queryParam("q", DATED)
                .queryParam("status", "INVESTIGATING")
                .queryParam("origin", JIANGSHAN)
                .queryParam("filedFrom", filedFrom.toString())
                .queryParam("filedTo", filedTo.toString())
                .queryParam("occurredFrom", occurredFrom.toString())
                .queryParam("occurredTo", occurredTo.toString())
                .queryParam("facets", true)
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/cases/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        List<String> items = found.getList("items.id", String.class);
        assertEquals(
                matching.stream().map(UUID::toString).sorted().toList(),
                items.stream().sorted().toList(),
                "the exact search finds the matching cases it may see");
        assertTrue(found.getBoolean("facets.approximate"), "answered from the coarse sample");
        assertEquals(items.size(), found.getLong("facets.counted"), "the sample counted what the search found");
        assertEquals(8L * items.size(), found.getLong("facets.matches"), "scaled by the coarse sample's 8");
        assertEquals(Map.of("INVESTIGATING", 8 * items.size()), found.getMap("facets.status"));
        assertEquals(Map.of("SMUGGLING", 8 * items.size()), found.getMap("facets.category"));
        assertEquals(Map.of(JIANGSHAN, 8 * items.size()), found.getMap("facets.origin"));
    }

    /** Sets when a case was filed and when it happened ({@code occurred} null: not known). */
    void dated(UUID id, Instant filed, Instant occurred) {
        exec("UPDATE joint_case SET created_at = ?, occurred_at = ? WHERE id = ?", filed, occurred, id);
    }

    /** Buckets of a partner's sample: half of them (partner-sample-shift 1), as V111's index computes them. */
    static final int HALF = 32768;

    /** Buckets of a partner's coarse sample: a quarter of its sample. */
    static final int COARSE = HALF / 4;

    /** A new case id in a partner's sample. */
    UUID inSample() {
        return inSample(HALF);
    }

    /** A new case id whose bucket is below {@code buckets}. */
    UUID inSample(int buckets) {
        while (true) {
            UUID id = UUID.randomUUID();
            if (bucket(id) < buckets) {
                return id;
            }
        }
    }

    /** A new case id in a partner's sample but not below {@code buckets}. */
    UUID outside(int buckets) {
        while (true) {
            UUID id = UUID.randomUUID();
            long bucket = bucket(id);
            if (bucket >= buckets && bucket < HALF) {
                return id;
            }
        }
    }

    long bucket(UUID id) {
        return Callers.count(db, "SELECT uuid_hash(?::uuid) & 65535", id.toString());
    }

    /** How many of these cases are in a partner's sample. */
    long sampled(List<UUID> ids) {
        return Callers.count(
                db,
                "SELECT count(*) FROM joint_case WHERE id = ANY (?::uuid[]) AND (uuid_hash(id) & 65535) < " + HALF,
                "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}");
    }
}
