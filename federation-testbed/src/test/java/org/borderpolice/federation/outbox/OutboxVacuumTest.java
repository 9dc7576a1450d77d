package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * On a real PostgreSQL: who may vacuum the outbox (its owner, and the application role, which owns
 * nothing, by PostgreSQL 17's MAINTAIN privilege), and that VACUUM never truncates it (V5).
 */
class OutboxVacuumTest {

    @Test
    void theOwnerAndTheApplicationRoleMayVacuumAndTheQueueIsNeverTruncated() throws Exception {
        PostgresServer.Database db = PostgresServer.get().createDatabase("vacuum");
        db.migrateFederation();
        try (Connection c = db.connectAs(db.application());
                Statement s = c.createStatement()) {
            assertTrue(OutboxVacuum.mayVacuum(c), "the application role holds MAINTAIN on the outbox");
            s.execute("VACUUM (SKIP_LOCKED) federation.outbox");
            // a VACUUM it may not run would only warn ("permission denied to vacuum"): it did not
            assertEquals(null, s.getWarnings());
        }
        String clerk = "clerk_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = db.connectAs(db.owner());
                Statement s = c.createStatement()) {
            assertTrue(OutboxVacuum.mayVacuum(c), "the user that ran the migrations owns the outbox");
        }
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + clerk);
            s.execute("GRANT USAGE ON SCHEMA federation TO " + clerk);
            s.execute("SET ROLE " + clerk);
            assertFalse(OutboxVacuum.mayVacuum(c), "another role would only get PostgreSQL's warning");
            s.execute("RESET ROLE");
        }
        assertEquals(1, db.count("""
                SELECT count(*) FROM pg_class WHERE oid = 'federation.outbox'::regclass
                  AND 'vacuum_truncate=false' = ANY(reloptions)"""));
    }
}
