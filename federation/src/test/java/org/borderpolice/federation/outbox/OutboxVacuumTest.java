package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import org.borderpolice.federation.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** On a real PostgreSQL: who may vacuum the outbox, and that VACUUM never truncates it (V5). */
class OutboxVacuumTest {

    @Test
    void onlyTheOwnersRoleMayVacuumAndTheQueueIsNeverTruncated() throws Exception {
        PostgresServer.Database db = PostgresServer.get().createDatabase("vacuum");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .schemas("federation").createSchemas(true).locations("classpath:db/federation").load().migrate();
        String clerk = "clerk_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertTrue(OutboxVacuum.mayVacuum(c), "the user that ran the migrations owns the outbox");
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
