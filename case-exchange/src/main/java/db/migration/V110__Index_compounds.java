package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Compounds of known words (烟花爆竹, 监控录像, ...; federation's compounds.txt) are indexed as an
 * extra lexeme: segment the timeline entries (a case's entries in one statement, so V80's trigger
 * rewrites each case once) and the cases' titles and summaries again, only the rows whose indexed
 * text changes, and analyse both tables, so that a compound's own statistics plan its searches.
 * Outside a transaction, committing each batch: an interrupted run keeps what it did and the next
 * start resumes (docs/upgrading.md).
 */
public class V110__Index_compounds extends BaseJavaMigration {

    /** Outside a transaction: each batch commits on its own (SearchTextMigration). */
    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        // a case's entries in one statement: V80's trigger rewrites each case once, not once per entry
        SearchTextMigration.segmentAgainByGroup(
                context.getConnection(),
                "case_timeline_entry",
                "case_id",
                "id",
                List.of(new Column("text", "search_text")));
        SearchTextMigration.segmentAgain(
                context.getConnection(),
                "joint_case",
                "id",
                List.of(new Column("title", "search_title"), new Column("summary", "search_summary")));
    }
}
