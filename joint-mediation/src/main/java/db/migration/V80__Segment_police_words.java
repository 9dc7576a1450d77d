package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Police words that smartcn splits into characters (杀猪盘, 刷单, 返利, 客服, 征信, ...) are now in
 * ChineseText's dictionary: segment the disputes' titles and descriptions stored before that
 * again, only the rows whose indexed text changes, and analyse the table (docs/upgrading.md).
 */
public class V80__Segment_police_words extends BaseJavaMigration {

    /** Outside a transaction: each batch commits on its own (SearchTextMigration). */
    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        SearchTextMigration.segmentAgain(
                context.getConnection(),
                "dispute",
                "id",
                List.of(new Column("title", "search_title"), new Column("description", "search_description")));
    }
}
