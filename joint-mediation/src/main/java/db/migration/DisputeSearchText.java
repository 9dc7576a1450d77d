package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * What joint-mediation segments again when ChineseText changes (V80, V90, and the next such
 * migration): the disputes' titles and descriptions, only the rows whose indexed text changes,
 * then the table analysed (docs/upgrading.md).
 */
abstract class DisputeSearchText extends SearchTextResegmentation {

    @Override
    protected void segmentAgain(Connection c) throws SQLException {
        SearchTextMigration.segmentAgain(
                c,
                "dispute",
                "id",
                List.of(new Column("title", "search_title"), new Column("description", "search_description")));
    }
}
