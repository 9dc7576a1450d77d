package org.borderpolice.federation.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real PostgreSQL: which indexes are merged, and that a merge empties their pending lists,
 * done by the service's application role, which owns none of them (the owner's V9 function merges).
 */
class PendingIndexEntriesTest {

    PostgresServer.Database db;

    @BeforeEach
    void database() throws SQLException {
        db = PostgresServer.get().createDatabase("pending");
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pgstattuple"); // the administrator's, to look at the lists
        }
        db.migrateFederation();
        // the service's tables: the owner's, as its migrations make them
        try (Connection c = db.connectAs(db.owner());
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_trgm");
            s.execute("CREATE TABLE note (id BIGINT PRIMARY KEY, words TSVECTOR, plate TEXT, tags TEXT[])");
            s.execute("CREATE INDEX note_words ON note USING gin (words)"); // fastupdate on by default
            s.execute("CREATE INDEX note_plate ON note USING gin (plate gin_trgm_ops) WITH (fastupdate = on)");
            s.execute("CREATE INDEX note_tags ON note USING gin (tags) WITH (fastupdate = off)");
            s.execute("CREATE INDEX note_plate_order ON note (plate)");
            s.execute("GRANT SELECT, INSERT ON note TO " + db.application().user());
        }
    }

    @Test
    void findsTheGinIndexesWithAPendingListOnly() throws SQLException {
        try (Connection c = db.connectAs(db.application())) {
            assertEquals(List.of("note_plate", "note_words"), PendingIndexEntries.withPendingList(c));
        }
    }

    @Test
    void aMergeEmptiesThePendingListsAndTheRowsAreStillFoundThroughTheIndex() throws SQLException {
        try (Connection c = db.connectAs(db.application());
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO note SELECT n, to_tsvector('simple', '走私 香烟 ' || n), '浙H' || lpad(n::text, 5, '0'), ARRAY['t' || n % 7]
                    FROM generate_series(1, 2000) AS n""");
            long pendingWords = db.count("SELECT pending_pages FROM pgstatginindex('note_words')");
            long pendingPlate = db.count("SELECT pending_pages FROM pgstatginindex('note_plate')");
            assertTrue(pendingWords > 0 && pendingPlate > 0, "inserts leave their entries in the pending lists");

            assertEquals(
                    pendingWords + pendingPlate, PendingIndexEntries.merge(c, PendingIndexEntries.withPendingList(c)));

            assertEquals(0, db.count("SELECT pending_pages FROM pgstatginindex('note_words')"));
            assertEquals(0, db.count("SELECT pending_pages FROM pgstatginindex('note_plate')"));
            assertEquals(
                    0, PendingIndexEntries.merge(c, PendingIndexEntries.withPendingList(c)), "nothing left to merge");
            // directly, the application role may not: it owns no index
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    SQLException.class, () -> count(s, "SELECT gin_clean_pending_list('note_words')"));
            assertEquals("42501", refused.getSQLState());
            s.execute("SET enable_seqscan = off");
            assertEquals(2000, count(s, "SELECT count(*) FROM note WHERE words @@ to_tsquery('simple', '走私')"));
            assertEquals(1, count(s, "SELECT count(*) FROM note WHERE plate LIKE '%H01234%'"));
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
