package db.migration;

import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.search.SearchTextMigration.Table;
import org.borderpolice.federation.search.SearchTextResegmentation;

/**
 * The indexed text of an alert now carries its Chinese characters after its words (see
 * ChineseText): segment the alerts stored before that again.
 */
public class V7__Index_characters_for_search extends SearchTextResegmentation {

    public V7__Index_characters_for_search() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(Table.of("alert", "id", new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
