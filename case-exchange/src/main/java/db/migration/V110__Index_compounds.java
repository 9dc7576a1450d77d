package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration.Column;

/**
 * Compounds of known words (烟花爆竹, 监控录像, ...; federation's compounds.txt) are indexed as an
 * extra lexeme: segment the timeline entries (a case's entries in one statement, so V80's trigger
 * rewrites each case once) and the cases' titles and summaries again, only the rows whose indexed
 * text changes, and analyse both tables, so that a compound's own statistics plan its searches.
 * Outside a transaction, committing each batch: an interrupted run keeps what it did and the next
 * start resumes (docs/upgrading.md).
 */
public class V110__Index_compounds extends CaseSearchText {

    public V110__Index_compounds() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(
                List.of(new Column("text", "search_text")),
                List.of(new Column("title", "search_title"), new Column("summary", "search_summary")));
    }
}
