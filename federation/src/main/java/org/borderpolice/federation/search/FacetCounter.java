package org.borderpolice.federation.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.borderpolice.federation.config.SearchConfig;
import org.borderpolice.federation.trust.TrustList;

/**
 * Facet counts (分面统计) at any number of matches: exact up to
 * {@code border.search.facets.exact-up-to} matches, above that estimated from a sample of the
 * table and flagged approximate (约).
 *
 * <p>Why: counting every match reads every matching row. At 1,000,000 alerts a common word
 * matches 200,000 rows of about 2 kB each, and even the text index's scan of such a word (its
 * bitmap of 200,000 row addresses) takes 50-150 ms before a row is read (docs/decisions.md,
 * "Facets from a sample").
 *
 * <p>How: every row has a sample bucket, 16 bits of a hash of its id ({@code sample_bucket(id)},
 * an expression index of each table). A sample is the rows whose bucket is below
 * {@code 65536 >> shift}: a fraction 2^-shift of the table, at most about
 * {@code border.search.facets.sample-rows} rows by the table's statistics. It is read through that
 * index only (the text is tested on each sampled row, not through the text index, except when the
 * sample is counted alongside every match: see {@code TallyingCount}) with the
 * search's whole WHERE clause, so the visibility rule decides there as everywhere. If the sample's
 * matches, scaled by 2^shift, are at most the exact limit, the search is counted again, exactly
 * (with the text index). Otherwise the sampled counts, scaled, are the answer. The sample depends
 * on the ids only, so the same search gives the same estimate, and a record is sampled for every
 * search or for none. A count of c sampled matches is off by about 1/sqrt(c) (c = 100: 10 %).
 *
 * <p>A coarser sample first: a quarter of the sample ({@code COARSER}), read the same way, answers
 * alone when it holds more sampled matches than the sample would at the exact limit (and at least
 * {@code MIN_COARSE}): a common word (诈骗, in 42 % of 100,000 cases) is then estimated from 780
 * rows instead of 3,125, on at least as many sampled matches as any estimate of the sample. Else
 * the sample follows; when the coarse sample expects few matches ({@code INDEXED_UP_TO} times the
 * sample's rows at most) it may find its words through the text index ({@link Sample#textMatch()}):
 * the index's posting lists of a word in a few per cent of the rows cost less than testing the words
 * on every sampled row (docs/decisions.md, "Case facets: a coarse sample first"). When the coarse
 * sample estimates at most a quarter of the exact limit ({@code EXACT_BELOW}), the matches are
 * counted exactly at once, without the sample. When it estimates at most the exact limit, the
 * sample's verdict is most likely an exact count: a {@link TallyingCount} then counts every match
 * and the sampled ones alongside in one query ({@link Sample#alongside()}), and the answer is
 * what the sample and the exact count would have given one after the other (docs/decisions.md,
 * "Facets: the sample counted alongside every match").
 *
 * <p>A user of another jurisdiction gets a sample of a fixed fraction ({@code
 * border.search.facets.partner-sample-shift}), never one sized from the table's statistics: those
 * count every row, also those the partner may not see, and the scale shows in every estimate. Its
 * exact limit may be lower ({@code border.search.facets.partner-exact-up-to}): its exact count
 * reads the matches it may not see too.
 */
@ApplicationScoped
public class FacetCounter {

    /** Sample buckets: 16 bits of the id's hash (QueryFunctions' {@code sample_bucket}). */
    public static final int BUCKETS = 1 << 16;

    /** The largest shift: one bucket. */
    static final int MAX_SHIFT = 16;

    /** The coarse sample read first: 2^-COARSER of the sample. */
    static final int COARSER = 2;

    /** The coarse sample answers alone only from at least this many sampled matches (about ±18 %). */
    static final long MIN_COARSE = 32;

    /**
     * The sample may find its words through the text index when the coarse sample estimates at
     * most this many times the sample's rows of matches.
     */
    static final long INDEXED_UP_TO = 3;

    /**
     * Matches are counted exactly right after the coarse sample when it estimates at most a quarter
     * of the exact limit: the sample would cost a query more and almost never estimate above the
     * limit (a word with twice the limit's matches leaves so few in the coarse sample about three
     * times in a million searches at 100,000 cases, and is then counted exactly, only slower).
     */
    static final long EXACT_BELOW = 4;

    private static final String TABLE_ROWS = "select reltuples from pg_class where oid = to_regclass(?1)";

    @Inject
    SearchConfig config;

    @Inject
    TrustList trustList;

    /**
     * A search's grouped count: each row the facet values (in the order of {@link
     * FacetCounts.Group#values()}) and, last, the number of matches (a Long). Given a sample, it
     * counts the sampled matches only: {@link Sample#predicate(String)} in its WHERE clause, bound
     * by {@link Sample#bind(Query)}, and its text tested with {@link Sample#textMatch()}.
     */
    @FunctionalInterface
    public interface GroupedCount {
        List<Object[]> count(Optional<Sample> sample);
    }

    /**
     * A {@link GroupedCount} that also counts a sample alongside every match: given a sample
     * whose {@link Sample#alongside()} is true, it counts every match as without a sample (the
     * words through the text index, the filters as they are: {@link Sample#textMatch()}, {@link
     * Sample#filtersPerRow()} say so) and gives, after the number of matches, the number of those
     * in the sample. {@link #groupedCount} builds such a query from any sample.
     */
    @FunctionalInterface
    public interface TallyingCount extends GroupedCount {}

    /**
     * The rows whose sample bucket is below {@code BUCKETS >> shift}: a fraction 2^-shift of the
     * table; {@code textIndexed}: its words may be found through the text index (the same rows);
     * {@code alongside}: not a restriction, but counted alongside every match ({@link TallyingCount}).
     */
    public record Sample(int shift, boolean textIndexed, boolean alongside) {

        /**
         * The HQL function a sampled count tests its words with: as {@code tsquery_matches}, but
         * never through the text index (the sample index finds the rows, the words are tested on each).
         */
        public static final String TEXT_MATCH = "tsquery_matches_unindexed";

        /** The HQL function that lets PostgreSQL use the text index (QueryFunctions). */
        public static final String INDEXED_TEXT_MATCH = "tsquery_matches";

        public Sample {
            if (shift < 1 || shift > MAX_SHIFT) {
                throw new IllegalArgumentException("shift " + shift);
            }
        }

        public Sample(int shift, boolean textIndexed) {
            this(shift, textIndexed, false);
        }

        public Sample(int shift) {
            this(shift, false);
        }

        /**
         * The HQL function to test this sample's words with: {@link #INDEXED_TEXT_MATCH} when
         * {@code textIndexed} or counted alongside every match, else {@link #TEXT_MATCH}. Either
         * finds the same rows.
         */
        public String textMatch() {
            return textIndexed || alongside ? INDEXED_TEXT_MATCH : TEXT_MATCH;
        }

        /**
         * Whether the search's other filters are best tested on each sampled row too: when its
         * words are (not {@code textIndexed}), the sample index is the way in, and a filter the
         * planner could answer from an index of its own is ANDed as that index's bitmap, every
         * row of the value (a case status: 22,000-40,000 of 100,000 rows, 6-19 ms) for a few
         * hundred sampled rows (docs/decisions.md, "A partner's case facets: the participants on
         * the case row").
         */
        public boolean filtersPerRow() {
            return !textIndexed && !alongside;
        }

        /**
         * HQL: the value at {@code path} as a filter tested on each row: the same value, in an
         * expression no index matches ({@code coalesce} of the path with itself; the text's
         * {@link #TEXT_MATCH} is the same idea).
         */
        public static String perRow(String path) {
            return "coalesce(" + path + ", " + path + ")";
        }

        /** HQL: the row of this id is in the sample. */
        public static String predicate(String idPath) {
            return "sample_bucket(" + idPath + ") < :facetSampleBuckets";
        }

        public void bind(Query query) {
            query.setParameter("facetSampleBuckets", buckets());
        }

        public int buckets() {
            return BUCKETS >> shift;
        }

        /** What each sampled count stands for. */
        public long scale() {
            return 1L << shift;
        }
    }

    /**
     * A {@link GroupedCount}'s query: {@code select <alias>.<column>..., count(<alias>) from
     * <entity> <alias> where <where> group by <alias>.<column>...}, restricted to a sample when
     * given (bound here), or with the sample counted alongside ({@link Sample#alongside()}: {@code
     * count(<alias>) filter (where <sample>)} last); the caller binds its WHERE clause's parameters
     * and reads it with {@link #rows(Query)}.
     */
    public static Query groupedCount(
            EntityManager em, String entity, String alias, String where, Optional<Sample> sample, String... columns) {
        StringJoiner grouped = new StringJoiner(", ");
        for (String column : columns) {
            grouped.add(alias + "." + column);
        }
        String inSample = Sample.predicate(alias + ".id");
        boolean alongside = sample.map(Sample::alongside).orElse(false);
        Query query = em.createQuery("select " + grouped + ", count(" + alias + ")"
                + (alongside ? ", count(" + alias + ") filter (where " + inSample + ")" : "")
                + " from " + entity + " " + alias
                + " where " + where
                + (sample.isPresent() && !alongside ? " and " + inSample : "")
                + " group by " + grouped);
        sample.ifPresent(s -> s.bind(query));
        return query;
    }

    /** A grouped count's rows. */
    public static List<Object[]> rows(Query query) {
        List<Object[]> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            rows.add((Object[]) row);
        }
        return rows;
    }

    /**
     * The facet counts of a search over {@code table}: exact, or estimated from a sample when more
     * than the exact limit match. Run inside the search's transaction.
     */
    public FacetCounts count(EntityManager em, String table, String callerJurisdiction, GroupedCount query) {
        Object rows = em.createNativeQuery(TABLE_ROWS).setParameter(1, table).getSingleResult();
        long tableRows = rows == null ? 0 : ((Number) rows).longValue();
        if (!trustList.selfCode().equals(callerJurisdiction)) {
            // the table's size chooses how the words are found only, never the partner's sample
            int shift = Math.max(1, Math.min(MAX_SHIFT, config.facets().partnerSampleShift()));
            return sampled(shift, partnerExactUpTo(config.facets()), tableRows, query);
        }
        return count(tableRows, config.facets().exactUpTo(), config.facets().sampleRows(), query);
    }

    /** A partner's exact limit: its own setting, else the one of every user. */
    static long partnerExactUpTo(SearchConfig.Facets facets) {
        return facets.partnerExactUpTo().orElse(facets.exactUpTo());
    }

    /**
     * The decision, for a table of {@code tableRows} rows by its statistics (negative: never
     * analysed, taken as small).
     */
    static FacetCounts count(long tableRows, long exactUpTo, long sampleRows, GroupedCount query) {
        return sampled(shift(tableRows, sampleRows), exactUpTo, tableRows, query);
    }

    /**
     * The decision with a sample of 2^-shift of a table of {@code tableRows} rows (0: no sample,
     * counted exactly): the coarse sample, the sample, the exact count, each only if the one
     * before cannot answer.
     */
    static FacetCounts sampled(int shift, long exactUpTo, long tableRows, GroupedCount query) {
        sample:
        if (shift > 0) {
            boolean textIndexed = false;
            if (shift + COARSER <= MAX_SHIFT) {
                Sample coarse = new Sample(shift + COARSER);
                List<FacetCounts.Group> sampled = groups(query.count(Optional.of(coarse)));
                long counted = counted(sampled);
                // as many sampled matches as the sample would hold at the limit, and more: an
                // estimate no less precise than one the sample gives, and above the limit
                if (counted > Math.max(MIN_COARSE - 1, exactUpTo >> shift)) {
                    return estimate(sampled, coarse);
                }
                if (exactUpTo > 0 && counted * coarse.scale() * EXACT_BELOW <= exactUpTo) {
                    // so few that the sample would not estimate above the limit either: count them
                    // (a limit of 0 asks for estimates whenever the sample finds a match)
                    break sample;
                }
                if (query instanceof TallyingCount && exactUpTo > 0 && counted * coarse.scale() <= exactUpTo) {
                    // the sample would most likely say "count them": both in one query
                    return tallied(new Sample(shift, false, true), exactUpTo, query);
                }
                textIndexed = tableRows <= 0 || counted * coarse.scale() <= INDEXED_UP_TO * (tableRows >> shift);
            }
            Sample sample = new Sample(shift, textIndexed);
            List<FacetCounts.Group> sampled = groups(query.count(Optional.of(sample)));
            if (counted(sampled) * sample.scale() > exactUpTo) {
                return estimate(sampled, sample);
            }
        }
        List<FacetCounts.Group> exact = groups(query.count(Optional.empty()));
        long matches = counted(exact);
        return new FacetCounts(exact, false, matches, matches);
    }

    /**
     * Every match and the sampled ones alongside, in one query; the answer the sample and then,
     * if it estimates at most the limit, the exact count would give: the sampled counts scaled
     * above the limit, else every match counted.
     */
    private static FacetCounts tallied(Sample sample, long exactUpTo, GroupedCount query) {
        List<FacetCounts.Group> exact = new ArrayList<>();
        List<FacetCounts.Group> sampled = new ArrayList<>();
        for (Object[] row : query.count(Optional.of(sample))) {
            List<FacetCounts.Group> both = groups(List.of(Arrays.copyOf(row, row.length - 1), withoutColumn(row)));
            exact.add(both.get(0));
            if (both.get(1).count() > 0) {
                // a separate sample finds no group whose matches are all outside it
                sampled.add(both.get(1));
            }
        }
        if (counted(sampled) * sample.scale() > exactUpTo) {
            return estimate(sampled, sample);
        }
        long matches = counted(exact);
        return new FacetCounts(exact, false, matches, matches);
    }

    /** The row without its next to last column (the values, then the last). */
    private static Object[] withoutColumn(Object[] row) {
        Object[] out = Arrays.copyOf(row, row.length - 1);
        out[out.length - 1] = row[row.length - 1];
        return out;
    }

    private static long counted(List<FacetCounts.Group> groups) {
        return groups.stream().mapToLong(FacetCounts.Group::count).sum();
    }

    /** The sampled counts scaled, flagged approximate. */
    private static FacetCounts estimate(List<FacetCounts.Group> sampled, Sample sample) {
        long counted = counted(sampled);
        return new FacetCounts(
                sampled.stream()
                        .map(g -> new FacetCounts.Group(g.values(), g.count() * sample.scale()))
                        .toList(),
                true,
                counted * sample.scale(),
                counted);
    }

    /**
     * The smallest shift whose sample reads at most {@code sampleRows} of {@code tableRows} rows
     * (0: the table is small enough to count it all).
     */
    static int shift(long tableRows, long sampleRows) {
        int shift = 0;
        while (shift < MAX_SHIFT && tableRows >> shift > Math.max(1, sampleRows)) {
            shift++;
        }
        return shift;
    }

    private static List<FacetCounts.Group> groups(List<Object[]> rows) {
        List<FacetCounts.Group> groups = new ArrayList<>();
        for (Object[] row : rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.length - 1; i++) {
                values.add(String.valueOf(row[i]));
            }
            groups.add(new FacetCounts.Group(values, ((Number) row[row.length - 1]).longValue()));
        }
        return groups;
    }
}
