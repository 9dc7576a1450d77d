package org.borderpolice.intel.fast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What the service stored, read as its own application role. */
final class Rows {

    private Rows() {}

    static long count(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = prepared(c, sql, params)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A change a test makes by hand (as if made before a rule or a setting changed). */
    static void exec(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = prepared(c, sql, params)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepared(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
