package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Place names and police words that smartcn splits into characters are now joined into words
 * (ChineseText's dictionary): segment the alerts stored before that again, so that PostgreSQL's
 * statistics count those words (ANALYZE follows, for the planner to see them at once).
 */
public class V9__Segment_with_dictionary extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        AlertSearchText.segmentAgain(context.getConnection());
        try (var analyze = context.getConnection().createStatement()) {
            analyze.execute("ANALYZE alert");
        }
    }
}
