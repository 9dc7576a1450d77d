package org.borderpolice.federation.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for tests: the one named by PG_URL (a JDBC URL of an admin database,
 * with PG_USER / PG_PASSWORD) when set, otherwise an embedded PostgreSQL started once per JVM
 * from the binaries on Maven Central. Each caller gets a fresh database of its own. The embedded
 * one does not wait for the disk at commit (fsync and synchronous_commit off) unless PG_DURABLE=true.
 *
 * <p>Every database comes with two roles, as a deployment has them: an owner, which owns the
 * database and runs the migrations, and an application role, which the service connects with and
 * which owns nothing (the migrations' afterMigrate grants it what it needs). {@link Database#user()}
 * is the server's administrator, for a test that inspects or tampers as an operator would.
 */
public final class PostgresServer {

    private static PostgresServer instance;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private PostgresServer(String adminUrl, String user, String password, EmbeddedPostgres embedded) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static PostgresServer start() {
        String url = setting("PG_URL");
        if (url != null && !url.isBlank()) {
            return new PostgresServer(url, setting("PG_USER"), setting("PG_PASSWORD"), null);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("fsync", "off");
            if (Boolean.parseBoolean(setting("PG_DURABLE"))) {
                // benchmarks: commits wait for the disk, as in any deployment (tests need not)
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            if (Boolean.parseBoolean(setting("PG_STAT_STATEMENTS"))) {
                // benchmarks: what the server spends its time on
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track_planning", "on");
            }
            EmbeddedPostgres pg = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new PostgresServer(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, pg);
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    /** Create an empty database and return how to reach it. */
    public Database createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        Role owner = new Role(name + "_owner", randomPassword());
        Role application = new Role(name + "_app", randomPassword());
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner.user() + " LOGIN PASSWORD '" + owner.password() + "'");
            s.execute("CREATE ROLE " + application.user() + " LOGIN PASSWORD '" + application.password() + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + owner.user());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new Database(
                name, replaceDatabase(adminUrl, name), user, password == null ? "" : password, owner, application);
    }

    private static String randomPassword() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Refuse (false) or allow (true) new connections to a database, ending the open ones. */
    public void setReachable(Database db, boolean reachable) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS " + reachable);
            if (!reachable) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change access to " + db.name(), e);
        }
    }

    /**
     * The statements that took the most server time since the last call, over all databases, one
     * line each; empty when the server does not load pg_stat_statements (PG_STAT_STATEMENTS=true
     * makes the embedded one load it). Clears the counts.
     */
    public List<String> takeTopStatements(int limit) {
        List<String> top = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_settings WHERE name = 'shared_preload_libraries' "
                    + "AND setting LIKE '%pg_stat_statements%'")) {
                if (!rs.next()) {
                    return top;
                }
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (ResultSet rs = s.executeQuery("""
                    SELECT d.datname, st.calls, st.total_exec_time + st.total_plan_time,
                        (st.total_exec_time + st.total_plan_time) / greatest(st.calls, 1), st.mean_plan_time, st.rows,
                        regexp_replace(st.query, '\\s+', ' ', 'g')
                    FROM pg_stat_statements st JOIN pg_database d ON d.oid = st.dbid
                    ORDER BY st.total_exec_time + st.total_plan_time DESC LIMIT %d""".formatted(limit))) {
                while (rs.next()) {
                    String query = rs.getString(7);
                    top.add(String.format(
                            "%-22s %8d calls %9.0f ms total %7.3f ms mean (planning %.3f) %8d rows  %s",
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getDouble(5),
                            rs.getLong(6),
                            query.length() > 140 ? query.substring(0, 140) + "…" : query));
                }
            }
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_statements", e);
        }
        return top;
    }

    /** Version and the settings that decide what a commit costs, for a benchmark's report. */
    public String describe() {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'), "
                        + "current_setting('synchronous_commit'), current_setting('shared_buffers')")) {
            rs.next();
            return String.format(
                    "PostgreSQL %s, fsync %s, synchronous_commit %s, shared_buffers %s",
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the server's settings", e);
        }
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * The URL of another database of the server, without user or password parameters (they would
     * override the credentials a connection is opened with: every role would be the administrator).
     */
    static String replaceDatabase(String jdbcUrl, String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        String parameters = query < 0
                ? ""
                : java.util.Arrays.stream(jdbcUrl.substring(query + 1).split("&"))
                        .filter(p -> !p.startsWith("user=") && !p.startsWith("password=") && !p.isEmpty())
                        .collect(java.util.stream.Collectors.joining("&"));
        return jdbcUrl.substring(0, slash + 1) + database + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** A login role of a database. */
    public record Role(String user, String password) {}

    /**
     * A database of this server: {@code user}/{@code password} are the server's administrator;
     * {@code owner} owns the database and migrates it; {@code application} is what a service
     * connects with.
     */
    public record Database(String name, String jdbcUrl, String user, String password, Role owner, Role application) {

        /** As the server's administrator. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }

        public Connection connectAs(Role role) throws SQLException {
            return DriverManager.getConnection(jdbcUrl, role.user(), role.password());
        }

        /**
         * Settings of a service on this database as the tests run it: it connects as the
         * application role, and migrates at start as the owner, which a production start allows
         * only explicitly (the allowance is logged at WARN). {@link #migrationJobSettings()} and
         * {@link #productionServiceSettings()} are the deployment's shape.
         */
        public java.util.Map<String, String> serviceSettings() {
            java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
            p.put("quarkus.datasource.jdbc.url", jdbcUrl);
            p.put("quarkus.datasource.username", application.user());
            p.put("quarkus.datasource.password", application.password());
            p.put("quarkus.flyway.username", owner.user());
            p.put("quarkus.flyway.password", owner.password());
            p.put("border.federation.database.migrate", "true");
            p.put("border.federation.insecure.allow-migrate-at-start", "true");
            return p;
        }

        /**
         * On top of {@link #serviceSettings()}: the migration job (README "Running a service"),
         * which migrates both schemas as the owner, grants the application role, and exits.
         */
        public java.util.Map<String, String> migrationJobSettings() {
            java.util.Map<String, String> p = new java.util.LinkedHashMap<>(serviceSettings());
            p.put("quarkus.init-and-exit", "true");
            p.put("border.federation.insecure.allow-migrate-at-start", "false");
            return p;
        }

        /**
         * On top of {@link #serviceSettings()}: the service as deployed after the migration job,
         * without the owner's credentials (empty values unset them), without migrating, and
         * without the allowance.
         */
        public java.util.Map<String, String> productionServiceSettings() {
            java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
            p.put("quarkus.flyway.username", "");
            p.put("quarkus.flyway.password", "");
            p.put("border.federation.database.migrate", "false");
            p.put("border.federation.insecure.allow-migrate-at-start", "false");
            return p;
        }

        /**
         * Migrate the federation schema as the owner (what a service's start does), granting the
         * application role its privileges.
         */
        public void migrateFederation() {
            org.flywaydb.core.Flyway.configure()
                    .dataSource(jdbcUrl, owner.user(), owner.password())
                    .schemas("federation")
                    .createSchemas(true)
                    .locations("classpath:db/federation")
                    .placeholders(java.util.Map.of("application_role", application.user()))
                    .load()
                    .migrate();
        }

        /**
         * Migrate the service's own schema (its {@code db/migration}, SQL and Java migrations on the
         * classpath) up to {@code target} (the last version at or below it; "latest" for all), as the owner: for tests of one
         * migration against the rows an older release left.
         */
        public void migrateService(String target) {
            migrateService(target, java.util.Map.of());
        }

        /** As {@link #migrateService(String)}, with the service's own Flyway placeholders (e.g. {@code jurisdiction}). */
        public void migrateService(String target, java.util.Map<String, String> placeholders) {
            java.util.Map<String, String> all = new java.util.HashMap<>(placeholders);
            all.put("application_role", application.user());
            org.flywaydb.core.api.configuration.FluentConfiguration config = org.flywaydb.core.Flyway.configure()
                    .dataSource(jdbcUrl, owner.user(), owner.password())
                    .locations("classpath:db/migration")
                    .placeholders(all);
            org.flywaydb.core.api.MigrationVersion wanted = org.flywaydb.core.api.MigrationVersion.fromVersion(target);
            // a target between two versions ("99": whatever precedes V100) means the last one before it
            org.flywaydb.core.api.MigrationVersion last = java.util.Arrays.stream(
                            config.load().info().all())
                    .map(org.flywaydb.core.api.MigrationInfo::getVersion)
                    .filter(v -> v != null && v.compareTo(wanted) <= 0)
                    .max(java.util.Comparator.naturalOrder())
                    .orElse(wanted);
            config.target(last).load().migrate();
        }

        /** Run a statement as the server's administrator (test data, e.g. a schema of an older release). */
        public int execute(String sql, Object... params) {
            try (Connection c = connect();
                    var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        /** Run a query returning one number. */
        public long count(String sql, Object... params) {
            try (Connection c = connect();
                    var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }
    }
}
