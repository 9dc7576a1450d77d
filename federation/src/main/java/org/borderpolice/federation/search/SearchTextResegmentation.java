package org.borderpolice.federation.search;

import java.sql.Connection;
import java.sql.SQLException;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The base of a service's Flyway migrations that segment its stored text again after a change of
 * {@link ChineseText} (each change is its own numbered migration): they run outside a transaction,
 * so every batch of {@link SearchTextMigration} commits on its own and an interrupted run resumes.
 * A service writes its tables' walk once in an abstract subclass ({@link #segmentAgain}) that takes
 * the columns as a parameter; each numbered migration extends it and pins the columns of its time
 * in its own class (review 28 S4: a column indexed later must not reach an old migration, which a
 * fresh install runs against the schema of its time). Flyway and Quarkus pass over abstract classes.
 */
public abstract class SearchTextResegmentation extends BaseJavaMigration {

    /** Outside a transaction: each batch commits on its own (SearchTextMigration). */
    @Override
    public final boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public final void migrate(Context context) throws Exception {
        segmentAgain(context.getConnection());
    }

    /** Segments the service's searched tables again ({@link SearchTextMigration}'s walks). */
    protected abstract void segmentAgain(Connection c) throws SQLException;
}
