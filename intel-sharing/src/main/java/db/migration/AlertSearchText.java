package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * What intel-sharing segments again when ChineseText changes (V7, V9, V20, V21, and the next such
 * migration): the alerts' titles and bodies, only the rows whose indexed text changes, then the
 * table analysed (docs/upgrading.md). Segmentation is Java (smartcn), so these migrations are Java.
 */
abstract class AlertSearchText extends SearchTextResegmentation {

    @Override
    protected void segmentAgain(Connection c) throws SQLException {
        SearchTextMigration.segmentAgain(
                c, "alert", "id", List.of(new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
