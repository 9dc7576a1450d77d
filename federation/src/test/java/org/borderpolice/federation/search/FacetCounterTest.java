package org.borderpolice.federation.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.borderpolice.federation.config.SearchConfig;
import org.junit.jupiter.api.Test;

/**
 * The switch between exact and sampled facet counts and the scaling, against a table held in
 * memory: each row a sample bucket (as {@code sample_bucket(id)}) and its facet values.
 */
class FacetCounterTest {

    /** A table of rows with random buckets, matching or not; counts as the services' queries do. */
    static final class Table implements FacetCounter.GroupedCount {
        final List<int[]> rows = new ArrayList<>(); // bucket, matches (0/1), facet value index
        final List<Optional<FacetCounter.Sample>> asked = new ArrayList<>();

        Table() {}

        /**
         * {@code matching} matches in the first {@code buckets} buckets (spread over them) and
         * {@code others} matches beyond, all of facet value 0.
         */
        static Table placed(int buckets, int matching, int others) {
            Table table = new Table();
            for (int i = 0; i < matching; i++) {
                table.rows.add(new int[] {i % buckets, 1, 0});
            }
            for (int i = 0; i < others; i++) {
                table.rows.add(new int[] {buckets + i % (FacetCounter.BUCKETS - buckets), 1, 0});
            }
            return table;
        }

        Table(int size, double matching, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < size; i++) {
                rows.add(new int[] {
                    random.nextInt(FacetCounter.BUCKETS), random.nextDouble() < matching ? 1 : 0, random.nextInt(4)
                });
            }
        }

        @Override
        public List<Object[]> count(Optional<FacetCounter.Sample> sample) {
            asked.add(sample);
            long[] counts = new long[4];
            for (int[] row : rows) {
                if (row[1] == 1 && sample.map(s -> row[0] < s.buckets()).orElse(true)) {
                    counts[row[2]]++;
                }
            }
            List<Object[]> out = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                if (counts[v] > 0) {
                    out.add(new Object[] {"V" + v, "X", counts[v]});
                }
            }
            return out;
        }

        long matching(int value) {
            return rows.stream().filter(r -> r[1] == 1 && r[2] == value).count();
        }
    }

    /**
     * The same table, counting a sample alongside every match when asked ({@link
     * FacetCounter.TallyingCount}: after each group's matches, those in the sample).
     */
    static final class TallyingTable implements FacetCounter.TallyingCount {
        final Table table;

        TallyingTable(Table table) {
            this.table = table;
        }

        @Override
        public List<Object[]> count(Optional<FacetCounter.Sample> sample) {
            if (sample.isEmpty() || !sample.get().alongside()) {
                return table.count(sample);
            }
            table.asked.add(sample);
            long[] counts = new long[4];
            long[] sampled = new long[4];
            for (int[] row : table.rows) {
                if (row[1] == 1) {
                    counts[row[2]]++;
                    if (row[0] < sample.get().buckets()) {
                        sampled[row[2]]++;
                    }
                }
            }
            List<Object[]> out = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                if (counts[v] > 0) {
                    out.add(new Object[] {"V" + v, "X", counts[v], sampled[v]});
                }
            }
            return out;
        }
    }

    @Test
    void theSampleReadsAtMostTheSampleRowsOfTheTable() {
        assertEquals(0, FacetCounter.shift(4096, 4096), "a table within the sample is counted whole");
        assertEquals(0, FacetCounter.shift(-1, 4096), "a table never analysed is taken as small");
        assertEquals(1, FacetCounter.shift(4097, 4096));
        assertEquals(8, FacetCounter.shift(1_000_000, 4096), "1,000,000 rows: 1/256, 3,906 rows");
        assertEquals(5, FacetCounter.shift(100_000, 4096), "100,000 rows: 1/32, 3,125 rows");
        assertEquals(16, FacetCounter.shift(10_000_000_000L, 4096), "never less than one bucket");
        assertEquals(16, FacetCounter.shift(1_000_000, 0), "no sample rows: the smallest sample");
    }

    @Test
    void aSmallTableIsCountedExactlyInOneQuery() {
        Table table = new Table(3000, 0.9, 1);
        FacetCounts counts = FacetCounter.count(3000, 10, 4096, table);
        assertFalse(counts.approximate());
        assertEquals(List.of(Optional.empty()), table.asked, "no sample of a table within the sample size");
        assertEquals(table.matching(2), counts.facet(0).get("V2"));
        assertEquals(counts.matches(), counts.counted());
    }

    @Test
    void fewMatchesAreCountedExactlyAfterTheSample() {
        Table table = new Table(100_000, 0.05, 2); // about 5,000 matches
        FacetCounts counts = FacetCounter.count(100_000, 10_000, 4096, table);
        assertFalse(counts.approximate(), "about 5,000 matches, limit 10,000");
        assertEquals(3, table.asked.size());
        assertEquals(128, table.asked.get(0).orElseThrow().scale(), "first the coarse sample: a quarter of the sample");
        assertFalse(table.asked.get(0).orElseThrow().textIndexed(), "the coarse sample tests the words on each row");
        assertEquals(32, table.asked.get(1).orElseThrow().scale(), "then the sample: 1/32 of 100,000 rows");
        assertTrue(table.asked.get(1).orElseThrow().textIndexed(), "few matches expected: through the text index");
        assertEquals(Optional.empty(), table.asked.get(2), "then every match");
        long all = 0;
        for (int v = 0; v < 4; v++) {
            assertEquals(table.matching(v), counts.facet(0).getOrDefault("V" + v, 0L));
            all += table.matching(v);
        }
        assertEquals(all, counts.matches());
        assertEquals(all, counts.counted());
    }

    @Test
    void veryFewMatchesAreCountedExactlyRightAfterTheCoarseSample() {
        // 100,000 rows, limit 1,000: the coarse sample (1/128) estimating at most 250 skips the sample
        Table one = Table.placed(512, 1, 300); // 1 in the coarse sample's 512 buckets: 128
        FacetCounts counts = FacetCounter.count(100_000, 1_000, 4096, one);
        assertEquals(2, one.asked.size(), "the coarse sample, then every match");
        assertEquals(128, one.asked.get(0).orElseThrow().scale());
        assertEquals(Optional.empty(), one.asked.get(1));
        assertFalse(counts.approximate());
        assertEquals(301, counts.matches());
        assertEquals(301, counts.counted());
        // 2 in the coarse sample (256, above a quarter of 1,000): the sample decides, and its 302 estimate above
        // the limit, the same 301 matches that one sampled match had counted exactly
        Table two = Table.placed(512, 2, 300);
        FacetCounts estimated = FacetCounter.count(100_000, 1_000, 4096, two);
        assertEquals(2, two.asked.size(), "the coarse sample, then the sample");
        assertEquals(32, two.asked.get(1).orElseThrow().scale());
        assertTrue(estimated.approximate());
    }

    @Test
    void aCoarseSampleExpectingAtMostTheLimitCountsEveryMatchWithTheSampleAlongside() {
        // 100,000 rows, limit 1,000: 2 in the coarse sample (256, above a quarter of the limit)
        Table table = Table.placed(512, 2, 300);
        FacetCounts counts = FacetCounter.count(100_000, 1_000, 4096, new TallyingTable(table));
        assertEquals(2, table.asked.size(), "the coarse sample, then every match with the sample alongside");
        FacetCounter.Sample alongside = table.asked.get(1).orElseThrow();
        assertTrue(alongside.alongside());
        assertEquals(32, alongside.scale(), "the sample of 1/32");
        assertEquals(FacetCounter.Sample.INDEXED_TEXT_MATCH, alongside.textMatch(), "every match: the text index");
        assertFalse(alongside.filtersPerRow(), "every match: the filters' indexes");
        // what the sample and the exact count give one after the other: its 302 estimate is above the limit
        Table separately = Table.placed(512, 2, 300);
        FacetCounts expected = FacetCounter.count(100_000, 1_000, 4096, separately);
        assertEquals(expected, counts);
        assertTrue(counts.approximate());
        // 8 in the coarse sample (1,024 above the limit): the sample on its own, as before
        Table eight = Table.placed(512, 8, 300);
        FacetCounter.count(100_000, 1_000, 4096, new TallyingTable(eight));
        assertFalse(eight.asked.get(1).orElseThrow().alongside());
        // a limit of 0 asks for estimates whenever the sample finds a match: never every match
        Table zero = Table.placed(512, 2, 300);
        FacetCounter.count(100_000, 0, 4096, new TallyingTable(zero));
        assertTrue(zero.asked.stream().allMatch(q -> q.map(x -> !x.alongside()).orElse(true)));
    }

    @Test
    void theSampleAlongsideEveryMatchGivesWhatTheSampleAndTheExactCountGive() {
        // tables around the limit, whichever way their samples fall: the same answer, never more queries
        int alongside = 0;
        for (long seed = 0; seed < 60; seed++) {
            double matching = 0.002 + 0.0005 * (seed % 30);
            Table separately = new Table(100_000, matching, seed);
            Table table = new Table(100_000, matching, seed);
            FacetCounts expected = FacetCounter.count(100_000, 1_000, 4096, separately);
            FacetCounts counts = FacetCounter.count(100_000, 1_000, 4096, new TallyingTable(table));
            assertEquals(expected, counts, "seed " + seed);
            assertTrue(table.asked.size() <= separately.asked.size(), "seed " + seed);
            if (table.asked.stream()
                    .anyMatch(q -> q.map(FacetCounter.Sample::alongside).orElse(false))) {
                alongside++;
            }
        }
        assertTrue(alongside > 10, "the sample was counted alongside in " + alongside + " of 60");
    }

    @Test
    void manyMatchesAreEstimatedFromTheCoarseSampleAndSaySo() {
        Table table = new Table(1_000_000, 0.2, 3); // about 200,000 matches: about 200 in the coarse sample
        FacetCounts counts = FacetCounter.count(1_000_000, 10_000, 4096, table);
        assertTrue(counts.approximate());
        assertEquals(1, table.asked.size(), "the coarse sample alone answers");
        FacetCounter.Sample sample = table.asked.get(0).orElseThrow();
        assertEquals(1024, sample.scale(), "a quarter of the sample of 1/256");
        assertEquals(FacetCounter.BUCKETS / 1024, sample.buckets());
        // every count is the sampled count times the scale
        long sampled = table.rows.stream()
                .filter(r -> r[1] == 1 && r[0] < sample.buckets())
                .count();
        assertEquals(sampled, counts.counted());
        assertEquals(sampled * 1024, counts.matches());
        long sum = 0;
        for (Map.Entry<String, Long> e : counts.facet(0).entrySet()) {
            assertEquals(0, e.getValue() % 1024, e::toString);
            sum += e.getValue();
            // and near the truth: 200 sampled matches, about 50 per value; 4 standard errors
            long truth = table.matching(Integer.parseInt(e.getKey().substring(1)));
            assertTrue(Math.abs(e.getValue() - truth) < 4 * Math.sqrt(truth * 1024.0), e + " vs " + truth);
        }
        assertEquals(counts.matches(), sum);
        assertEquals(Map.of("X", counts.matches()), counts.facet(1));
    }

    @Test
    void theLimitDecidesOnTheScaledSample() {
        // about 20,000 matches: about 80 sampled, 20 in the coarse sample (fewer than the 40 it needs)
        Table table = new Table(1_000_000, 0.02, 4);
        FacetCounts sampled = FacetCounter.count(1_000_000, 10_000, 4096, table);
        assertTrue(sampled.approximate());
        assertEquals(2, table.asked.size(), "the coarse sample, then the sample");
        assertEquals(256, sampled.matches() / sampled.counted());
        long estimate = sampled.matches();
        Table again = new Table(1_000_000, 0.02, 4);
        FacetCounts atLimit = FacetCounter.count(1_000_000, estimate, 4096, again);
        assertFalse(atLimit.approximate(), "an estimate equal to the limit is counted exactly");
        assertEquals(3, again.asked.size());
        Table below = new Table(1_000_000, 0.02, 4);
        assertTrue(FacetCounter.count(1_000_000, estimate - 1, 4096, below).approximate());
        assertEquals(2, below.asked.size());
    }

    @Test
    void theCoarseSampleAnswersFromMoreSampledMatchesThanTheSampleHoldsAtTheLimit() {
        // 1,000,000 rows: the sample 1/256 (256 buckets), the coarse 1/1024 (64 buckets); limit
        // 10,000 is 39 sampled matches, so the coarse sample answers from 40
        Table forty = Table.placed(64, 40, 0);
        FacetCounts counts = FacetCounter.count(1_000_000, 10_000, 4096, forty);
        assertEquals(1, forty.asked.size());
        assertTrue(counts.approximate());
        assertEquals(40, counts.counted());
        assertEquals(40 * 1024, counts.matches());
        assertEquals(Map.of("V0", 40L * 1024), counts.facet(0));

        Table thirtyNine = Table.placed(64, 39, 200);
        counts = FacetCounter.count(1_000_000, 10_000, 4096, thirtyNine);
        assertEquals(2, thirtyNine.asked.size(), "39 are not enough: the sample answers");
        assertEquals(256, thirtyNine.asked.get(1).orElseThrow().scale());
        assertTrue(counts.approximate());
        long inSample = thirtyNine.rows.stream().filter(r -> r[0] < 256).count();
        assertEquals(inSample, counts.counted());
        assertEquals(inSample * 256, counts.matches());
    }

    @Test
    void theCoarseSampleNeverAnswersFromFewerThan32() {
        // a limit of 0 would take any coarse match; 31 are still too few to estimate from
        Table table = Table.placed(64, 31, 0);
        FacetCounts counts = FacetCounter.count(1_000_000, 0, 4096, table);
        assertEquals(2, table.asked.size());
        assertEquals(256, counts.matches() / counts.counted(), "from the sample");
        Table enough = Table.placed(64, 32, 0);
        assertEquals(1024, FacetCounter.count(1_000_000, 0, 4096, enough).matches() / 32);
        assertEquals(1, enough.asked.size());
    }

    @Test
    void theSampleFindsItsWordsThroughTheTextIndexOnlyWhenTheCoarseSampleExpectsFew() {
        // 1,000,000 rows, 3,906 in the sample: through the text index up to 3 x 3,906 = 11,718
        // expected matches, 11 in the coarse sample (11,264); 12 (12,288) are tested on each row
        Table eleven = Table.placed(64, 11, 0);
        FacetCounter.count(1_000_000, 10_000, 4096, eleven);
        assertTrue(eleven.asked.get(1).orElseThrow().textIndexed());
        assertEquals(
                FacetCounter.Sample.INDEXED_TEXT_MATCH,
                eleven.asked.get(1).orElseThrow().textMatch());
        Table twelve = Table.placed(64, 12, 0);
        FacetCounter.count(1_000_000, 10_000, 4096, twelve);
        assertFalse(twelve.asked.get(1).orElseThrow().textIndexed());
        assertEquals(
                FacetCounter.Sample.TEXT_MATCH,
                twelve.asked.get(1).orElseThrow().textMatch());
    }

    @Test
    void aPartnersExactLimitIsItsOwnWhenSetAndEveryUsersOtherwise() {
        assertEquals(1_000, FacetCounter.partnerExactUpTo(facets(2_000, OptionalLong.of(1_000))));
        assertEquals(2_000, FacetCounter.partnerExactUpTo(facets(2_000, OptionalLong.empty())));
    }

    static SearchConfig.Facets facets(long exactUpTo, OptionalLong partnerExactUpTo) {
        return new SearchConfig.Facets() {
            @Override
            public long exactUpTo() {
                return exactUpTo;
            }

            @Override
            public OptionalLong partnerExactUpTo() {
                return partnerExactUpTo;
            }

            @Override
            public long sampleRows() {
                return 4096;
            }

            @Override
            public int partnerSampleShift() {
                return 8;
            }
        };
    }

    @Test
    void noMatchesAreExactAndEmpty() {
        Table table = new Table(1_000_000, 0, 5);
        FacetCounts counts = FacetCounter.count(1_000_000, 10_000, 4096, table);
        assertFalse(counts.approximate());
        assertEquals(Map.of(), counts.facet(0));
        assertEquals(0, counts.matches());
    }

    @Test
    void facetsReadLargestFirstThenByValue() {
        FacetCounts counts = new FacetCounts(
                List.of(
                        new FacetCounts.Group(List.of("B", "x"), 2),
                        new FacetCounts.Group(List.of("A", "y"), 2),
                        new FacetCounts.Group(List.of("C", "x"), 5)),
                false,
                9,
                9);
        assertEquals(List.of("C", "A", "B"), List.copyOf(counts.facet(0).keySet()));
        assertEquals(Map.of("x", 7L, "y", 2L), counts.facet(1));
        assertEquals(List.of("x", "y"), List.copyOf(counts.facet(1).keySet()));
    }

    @Test
    void aSampleIsAFractionOfTheBuckets() {
        assertThrows(IllegalArgumentException.class, () -> new FacetCounter.Sample(0));
        assertThrows(IllegalArgumentException.class, () -> new FacetCounter.Sample(17));
        assertEquals(1, new FacetCounter.Sample(16).buckets());
        assertEquals(FacetCounter.BUCKETS / 2, new FacetCounter.Sample(1).buckets());
    }
}
