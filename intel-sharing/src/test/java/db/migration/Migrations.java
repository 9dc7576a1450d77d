package db.migration;

import org.borderpolice.federation.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/** The service's migrations run by Flyway alone, up to a version, for tests of one migration. */
final class Migrations {

    /** Migrate to {@code target} ("latest" for all). */
    static void migrate(PostgresServer.Database db, String target) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion(target))
                .load()
                .migrate();
    }

    private Migrations() {}
}
