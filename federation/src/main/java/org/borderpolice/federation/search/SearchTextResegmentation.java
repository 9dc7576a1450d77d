package org.borderpolice.federation.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The base of a service's Flyway migrations that segment its stored text again after a change of
 * {@link ChineseText} (each change is its own numbered migration): they run outside a transaction,
 * so every batch of {@link SearchTextMigration} commits on its own and an interrupted run resumes.
 * Each numbered migration names in its own class every table it walks, with its key and columns,
 * as they were when it was written (review 28 S4): a table or column indexed later joins later
 * migrations only, never an old one, which a fresh install runs against the schema of its time.
 */
public abstract class SearchTextResegmentation extends BaseJavaMigration {

    private final List<Table> tables;

    /** The tables in the order walked (case-exchange: the timeline entries before their cases). */
    protected SearchTextResegmentation(Table... tables) {
        this.tables = List.of(tables);
        if (this.tables.isEmpty()) {
            throw new IllegalArgumentException("a search-text migration walks at least one table");
        }
    }

    /** Outside a transaction: each batch commits on its own (SearchTextMigration). */
    @Override
    public final boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public final void migrate(Context context) throws Exception {
        segmentAgain(context.getConnection());
    }

    /** Segments this migration's tables again ({@link SearchTextMigration}'s walks). */
    final void segmentAgain(Connection c) throws SQLException {
        SearchTextMigration.segmentAgain(c, tables);
    }
}
