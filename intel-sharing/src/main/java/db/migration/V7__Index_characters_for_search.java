package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The indexed text of an alert now carries its Chinese characters after its words (see
 * ChineseText): segment the alerts stored before that again.
 */
public class V7__Index_characters_for_search extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        AlertSearchText.segmentAgain(context.getConnection());
    }
}
