package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration.Column;

/**
 * Place names and police words that smartcn splits into characters are now joined into words
 * (ChineseText's dictionary): segment the alerts stored before that again, so that PostgreSQL's
 * statistics count those words (the table is analysed after, for the planner to see them at once).
 */
public class V9__Segment_with_dictionary extends AlertSearchText {

    public V9__Segment_with_dictionary() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(List.of(new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
