package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Compounds of known words (烟花爆竹, 交通事故, ...; federation's compounds.txt) are indexed as an
 * extra lexeme: segment the stored text again, only the rows whose indexed text changes, and
 * analyse the table, so that a compound's own statistics plan its searches. Outside a
 * transaction, committing each batch: an interrupted run keeps what it did and the next start
 * resumes (docs/upgrading.md).
 */
public class V21__Index_compounds extends BaseJavaMigration {

    /** Outside a transaction: each batch commits on its own (SearchTextMigration). */
    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        SearchTextMigration.segmentAgain(
                context.getConnection(),
                "alert",
                "id",
                List.of(new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
