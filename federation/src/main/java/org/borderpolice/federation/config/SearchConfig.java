package org.borderpolice.federation.config;

import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the Chinese search support shared by the services (border.search). */
@ConfigMapping(prefix = "border.search")
public interface SearchConfig {

    /**
     * How often new entries of GIN indexes are merged from their pending lists (a duration, or
     * "off" to leave it to PostgreSQL); read by {@code PendingIndexEntries}' schedule.
     */
    @WithDefault("1s")
    String mergePendingEvery();

    /** Facet counts (分面统计) of searches: exact up to a limit, estimated from a sample above it ({@code FacetCounter}). */
    Facets facets();

    interface Facets {

        /**
         * Searches with at most this many matches (as a sample estimates them) get exact counts;
         * above it, counts estimated from the sample, flagged approximate (约).
         */
        @WithDefault("10000")
        long exactUpTo();

        /**
         * The exact limit for another jurisdiction's users, in place of {@link #exactUpTo()} (usually lower; absent:
         * the same). A partner's exact count reads every match, also those it may not see, and tests
         * the participant rule on each: it costs more per visible match than one's own users' count.
         */
        OptionalLong partnerExactUpTo();

        /**
         * At most about this many rows of the table (by its statistics) are read for a sample; the
         * sample is the largest power-of-two fraction of the table within it.
         */
        @WithDefault("4096")
        long sampleRows();

        /**
         * The sample of a search by another jurisdiction's user: always this fraction 2^-shift of
         * the table, whatever its size. A sample sized from the table's statistics would tell a
         * partner how many rows the table holds, its own or not (every estimate is a multiple of
         * the sample's scale).
         */
        @WithDefault("8")
        int partnerSampleShift();
    }
}
