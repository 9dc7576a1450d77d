package db.migration;

import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * Compounds of known words (烟花爆竹, 交通事故, ...; federation's compounds.txt) are indexed as an
 * extra lexeme: segment the stored text again, only the rows whose indexed text changes, and
 * analyse the table, so that a compound's own statistics plan its searches. Outside a
 * transaction, committing each batch: an interrupted run keeps what it did and the next start
 * resumes (docs/upgrading.md).
 */
public class V21__Index_compounds extends SearchTextResegmentation {

    public V21__Index_compounds() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(Table.of("alert", "id", new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
