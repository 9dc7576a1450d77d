package org.borderpolice.federation.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import io.agroal.api.AgroalDataSource;

/**
 * Deletes rows older than a retention in small transactions of their own: a purge after a long
 * pause does not hold locks for long, and with {@code FOR UPDATE SKIP LOCKED} in the statement
 * several replicas share the work without waiting for each other.
 */
public final class ChunkedPurge {

    /** Rows per delete. */
    public static final int CHUNK = 5000;

    private ChunkedPurge() {}

    /**
     * Runs {@code sql} until it deletes fewer than {@link #CHUNK} rows; its first parameter is the
     * retention in seconds, its second the chunk size. The number of rows deleted.
     */
    public static long purge(AgroalDataSource dataSource, String sql, Duration retention) throws SQLException {
        long total = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            delete.setLong(1, retention.toSeconds());
            delete.setInt(2, CHUNK);
            int n;
            do {
                n = delete.executeUpdate();
                total += n;
            } while (n == CHUNK);
        }
        return total;
    }
}
