package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.borderpolice.federation.search.ChineseText;

/**
 * Segments the title and body of every stored alert again, for the migrations that change how
 * text is indexed (see ChineseText). Segmentation is Java (smartcn), so these migrations are Java.
 */
final class AlertSearchText {

    private static final int BATCH = 500;

    private AlertSearchText() {}

    static void segmentAgain(Connection c) throws SQLException {
        try (Statement select = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                PreparedStatement update =
                        c.prepareStatement("UPDATE alert SET search_title = ?, search_body = ? WHERE id = ?")) {
            select.setFetchSize(BATCH);
            try (ResultSet rs = select.executeQuery("SELECT id, title, body FROM alert")) {
                int pending = 0;
                while (rs.next()) {
                    update.setString(1, ChineseText.forIndex(rs.getString(2)));
                    update.setString(2, ChineseText.forIndex(rs.getString(3)));
                    update.setObject(3, rs.getObject(1));
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
                update.executeBatch();
            }
        }
    }
}
