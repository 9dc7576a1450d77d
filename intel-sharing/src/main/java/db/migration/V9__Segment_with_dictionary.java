package db.migration;

import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * Place names and police words that smartcn splits into characters are now joined into words
 * (ChineseText's dictionary): segment the alerts stored before that again, so that PostgreSQL's
 * statistics count those words (the table is analysed after, for the planner to see them at once).
 */
public class V9__Segment_with_dictionary extends SearchTextResegmentation {

    public V9__Segment_with_dictionary() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(Table.of("alert", "id", new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
