package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.borderpolice.federation.search.ChineseText;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The indexed text of an alert now carries its Chinese characters after its words (see
 * ChineseText): segment the alerts stored before that again. Segmentation is Java (smartcn), so
 * this migration is Java too.
 */
public class V7__Index_characters_for_search extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        var c = context.getConnection();
        try (Statement select = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                PreparedStatement update = c.prepareStatement(
                        "UPDATE alert SET search_title = ?, search_body = ? WHERE id = ?")) {
            select.setFetchSize(500);
            try (ResultSet rs = select.executeQuery("SELECT id, title, body FROM alert")) {
                int pending = 0;
                while (rs.next()) {
                    update.setString(1, ChineseText.forIndex(rs.getString(2)));
                    update.setString(2, ChineseText.forIndex(rs.getString(3)));
                    update.setObject(3, rs.getObject(1));
                    update.addBatch();
                    if (++pending == 500) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
                update.executeBatch();
            }
        }
    }
}
