package org.borderpolice.federation.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** @QuarkusTest resource: a fresh database on {@link PostgresServer} as the default datasource. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer.Database db = PostgresServer.get().createDatabase("test");
        // connects as the application role, migrates as the owner
        return db.serviceSettings();
    }

    @Override
    public void stop() {
        // the database goes with the server; each run uses a new one
    }
}
