package db.migration;

import java.util.List;

import org.borderpolice.federation.search.SearchTextMigration.Column;

/**
 * The indexed text of an alert now carries its Chinese characters after its words (see
 * ChineseText): segment the alerts stored before that again.
 */
public class V7__Index_characters_for_search extends AlertSearchText {

    public V7__Index_characters_for_search() {
        // as it was written: never changed (a fresh install runs it against the schema of its time)
        super(List.of(new Column("title", "search_title"), new Column("body", "search_body")));
    }
}
