package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * What case-exchange segments again when ChineseText changes (V100, V110, and the next such
 * migration): the timeline entries' columns that the migration names, a case's entries in one
 * statement (V80's trigger then rewrites each case once, not once per entry, and gives it its
 * entries' new words), then the cases' columns it names; only the rows whose indexed text changes;
 * both tables analysed (docs/upgrading.md). Each migration pins its own columns (review 28 S4): a
 * column indexed later joins the walk of later migrations only, and a fresh install still runs the
 * old ones against the schema they were written for.
 */
abstract class CaseSearchText extends SearchTextResegmentation {

    private final List<Column> entryColumns;
    private final List<Column> caseColumns;

    CaseSearchText(List<Column> entryColumns, List<Column> caseColumns) {
        this.entryColumns = List.copyOf(entryColumns);
        this.caseColumns = List.copyOf(caseColumns);
    }

    @Override
    protected void segmentAgain(Connection c) throws SQLException {
        SearchTextMigration.segmentAgainByGroup(c, "case_timeline_entry", "case_id", "id", entryColumns);
        SearchTextMigration.segmentAgain(c, "joint_case", "id", caseColumns);
    }
}
