package org.borderpolice.federation.search;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.SearchConfig;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Merges the entries that new rows leave in the pending lists of GIN indexes (full text,
 * trigrams, arrays) into the indexes, every second, off the request path.
 *
 * <p>Without a pending list (fastupdate off) every insert of an alert updates the index under
 * each of its ~90 words and ~40 trigrams at once: at 1,000,000 alerts about half of an insert's
 * time. With one, the insert appends its entries to the list, and a merge sorts the entries of
 * many rows and updates each word once: at 300 rows per merge a tenth of the cost. Left to
 * PostgreSQL, the merge happens inside whichever insert pushes the list past
 * {@code gin_pending_list_limit}, which then takes hundreds of milliseconds; merged here every
 * second the list stays far below it, and a search reads at most a second's worth of pending
 * entries. Should this process not run, the limit still bounds the list.
 *
 * <p>Which indexes: the GIN indexes of the database with fastupdate on, found on the first run
 * and again after any failure. A service without such indexes only pays that lookup.
 * {@code gin_clean_pending_list} asks for the index's owner, and the service's database role owns
 * nothing: the merge goes through {@code federation.merge_pending_index_entries}, a function of the
 * owner (federation migration V9) that only the service's role may execute.
 */
@ApplicationScoped
public class PendingIndexEntries {

    private static final Logger LOG = Logger.getLogger(PendingIndexEntries.class);

    private static final String WITH_PENDING_LIST = """
            SELECT c.oid::regclass::text FROM pg_class c
            JOIN pg_am am ON am.oid = c.relam
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'i' AND am.amname = 'gin'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              AND NOT coalesce(c.reloptions @> ARRAY['fastupdate=off'], false)
            ORDER BY 1""";

    private final AgroalDataSource dataSource;
    private final Counter pagesMerged;
    /** null until found, and again after a failure. */
    private volatile List<String> indexes;

    private volatile boolean failing;

    private final SearchConfig config;

    @Inject
    public PendingIndexEntries(
            @io.quarkus.agroal.DataSource("background") AgroalDataSource dataSource,
            MeterRegistry meters,
            SearchConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        this.pagesMerged = Counter.builder("border.search.pending.pages.merged")
                .description("Pages of GIN pending lists merged into their indexes off the request path")
                .register(meters);
    }

    /** Every second by default; {@code border.search.merge-pending-every=off} leaves merging to PostgreSQL. */
    @Scheduled(
            identity = "merge-pending-index-entries",
            every = "${border.search.merge-pending-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void mergeOnSchedule() {
        if (indexes != null && indexes.isEmpty()) {
            return; // indexes come with migrations, which run at startup only
        }
        try (Connection c = dataSource.getConnection()) {
            if (indexes == null) {
                indexes = withPendingList(c);
                if (!indexes.isEmpty()) {
                    LOG.infof(
                            "merging the pending entries of %s every %s, off the request path",
                            indexes, config.mergePendingEvery());
                }
            }
            pagesMerged.increment(merge(c, indexes));
            if (failing) {
                LOG.info("merging pending index entries again");
                failing = false;
            }
        } catch (SQLException e) {
            indexes = null;
            // once per outage, not once a second
            if (!failing) {
                LOG.warnf("could not merge pending index entries (left to PostgreSQL meanwhile): %s", e.getMessage());
                failing = true;
            }
        }
    }

    /** The GIN indexes with a pending list. */
    public static List<String> withPendingList(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(WITH_PENDING_LIST);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    /** Merge the pending lists of these indexes; returns how many pages they held. */
    public static long merge(Connection c, List<String> indexes) throws SQLException {
        if (indexes.isEmpty()) {
            return 0;
        }
        // as the owner (the function is SECURITY DEFINER): what gin_clean_pending_list asks
        try (PreparedStatement merge =
                c.prepareStatement("SELECT federation.merge_pending_index_entries(?::regclass[])")) {
            Array names = c.createArrayOf("text", indexes.toArray());
            merge.setArray(1, names);
            try (ResultSet rs = merge.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
