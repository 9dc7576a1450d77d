package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Police words that smartcn splits into characters (杀猪盘, 刷单, 返利, 客服, 征信, ...) are now in
 * ChineseText's dictionary: segment the cases' titles and summaries and their timeline entries
 * stored before that again, only the rows whose indexed text changes (V80's triggers then give
 * each changed entry's case the new words of its timeline), and analyse both tables
 * (docs/upgrading.md).
 */
public class V100__Segment_police_words extends BaseJavaMigration {

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
