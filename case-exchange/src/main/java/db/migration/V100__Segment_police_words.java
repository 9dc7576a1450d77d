package db.migration;

import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * Police words that smartcn splits into characters (杀猪盘, 刷单, 返利, 客服, 征信, ...) are now in
 * ChineseText's dictionary: segment the cases' titles and summaries and their timeline entries
 * stored before that again, only the rows whose indexed text changes (V80's triggers then give
 * each changed entry's case the new words of its timeline), and analyse both tables
 * (docs/upgrading.md).
 */
public class V100__Segment_police_words extends SearchTextResegmentation {

    public V100__Segment_police_words() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(
                Table.grouped("case_timeline_entry", "case_id", "id", new Column("text", "search_text")),
                Table.of(
                        "joint_case",
                        "id",
                        new Column("title", "search_title"),
                        new Column("summary", "search_summary")));
    }
}
