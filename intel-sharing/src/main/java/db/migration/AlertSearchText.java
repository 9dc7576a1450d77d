package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * What intel-sharing segments again when ChineseText changes (V7, V9, V20, V21, and the next such
 * migration): the alerts' columns that the migration names, only the rows whose indexed text
 * changes, then the table analysed (docs/upgrading.md). Segmentation is Java (smartcn), so these
 * migrations are Java. Each migration pins its own columns (review 28 S4): a column indexed later
 * joins the walk of later migrations only, and a fresh install still runs the old ones against
 * the schema they were written for.
 */
abstract class AlertSearchText extends SearchTextResegmentation {

    private final List<Column> columns;

    AlertSearchText(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    @Override
    protected void segmentAgain(Connection c) throws SQLException {
        SearchTextMigration.segmentAgain(c, "alert", "id", columns);
    }
}
