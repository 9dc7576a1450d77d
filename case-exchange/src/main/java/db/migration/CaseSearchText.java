package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * What case-exchange segments again when ChineseText changes (V100, V110, and the next such
 * migration): the timeline entries, a case's entries in one statement (V80's trigger then rewrites
 * each case once, not once per entry, and gives it its entries' new words), then the cases' titles
 * and summaries; only the rows whose indexed text changes; both tables analysed
 * (docs/upgrading.md).
 */
abstract class CaseSearchText extends SearchTextResegmentation {

    @Override
    protected void segmentAgain(Connection c) throws SQLException {
        SearchTextMigration.segmentAgainByGroup(
                c, "case_timeline_entry", "case_id", "id", List.of(new Column("text", "search_text")));
        SearchTextMigration.segmentAgain(
                c,
                "joint_case",
                "id",
                List.of(new Column("title", "search_title"), new Column("summary", "search_summary")));
    }
}
