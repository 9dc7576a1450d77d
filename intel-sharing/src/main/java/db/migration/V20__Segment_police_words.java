package db.migration;

import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * Police words that smartcn splits into characters (杀猪盘, 刷单, 返利, 客服, 征信, ...) are now in
 * ChineseText's dictionary: segment the alerts stored before that again, only those whose indexed
 * text changes, and analyse the table (docs/upgrading.md).
 */
public class V20__Segment_police_words extends SearchTextResegmentation {

    public V20__Segment_police_words() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(Table.of("alert", "id", new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
