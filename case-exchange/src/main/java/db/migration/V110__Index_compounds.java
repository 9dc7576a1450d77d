package db.migration;

import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * Compounds of known words (烟花爆竹, 监控录像, ...; federation's compounds.txt) are indexed as an
 * extra lexeme: segment the timeline entries (a case's entries in one statement, so V80's trigger
 * rewrites each case once) and the cases' titles and summaries again, only the rows whose indexed
 * text changes, and analyse both tables, so that a compound's own statistics plan its searches.
 * Outside a transaction, committing each batch: an interrupted run keeps what it did and the next
 * start resumes (docs/upgrading.md).
 */
public class V110__Index_compounds extends SearchTextResegmentation {

    public V110__Index_compounds() {
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
