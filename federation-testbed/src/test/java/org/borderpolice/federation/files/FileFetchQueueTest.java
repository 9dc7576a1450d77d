package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * The queue of partners' files to fetch, claimed as {@link FileFetcher} claims it, on a real
 * PostgreSQL: one owner's many files do not take every fetcher, owners are served in turn, and a
 * file refused for good is never due again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileFetchQueueTest {

    static final String X = "330881";
    static final String Y = "350722";
    static final String W = "330723";
    static final Duration LEASE = Duration.ofMinutes(5);

    PostgresServer.Database db;
    AgroalDataSource dataSource;

    @BeforeAll
    void start() throws Exception {
        db = PostgresServer.get().createDatabase("fetchq");
        db.migrateFederation();
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(2)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.application().user()))
                                .credential(new SimplePassword(db.application().password())))));
    }

    @AfterAll
    void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM federation.file_fetch")) {
            delete.executeUpdate();
        }
    }

    /** A file of {@code owner} due since {@code secondsAgo} (negative: due later; null: never). */
    UUID due(String owner, Integer secondsAgo) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO federation.file_fetch (origin, id, sha256, size, next_attempt_at)
                        VALUES (?, ?, ?, 1000, CASE WHEN ?::int IS NULL THEN 'infinity'
                                                    ELSE now() - make_interval(secs => ?::float8) END)""")) {
            insert.setString(1, owner);
            insert.setObject(2, id);
            insert.setString(3, "a".repeat(64));
            insert.setObject(4, secondsAgo, java.sql.Types.INTEGER);
            insert.setObject(5, secondsAgo == null ? 0 : secondsAgo.doubleValue());
            insert.executeUpdate();
        }
        return id;
    }

    List<FileFetcher.Due> claim(int limit, Set<String> busy, List<String> turn) throws SQLException {
        return FileFetcher.claim(dataSource, LEASE, limit, busy, turn);
    }

    static List<String> owners(List<FileFetcher.Due> due) {
        return due.stream().map(FileFetcher.Due::origin).toList();
    }

    @Test
    void oneFileAtATimePerOwnerTheOldestFirst() throws SQLException {
        UUID oldest = due(X, 300);
        due(X, 200);
        due(X, 100);
        UUID y = due(Y, 10);
        due(W, -60); // not due yet

        List<FileFetcher.Due> first = claim(10, Set.of(), List.of());
        assertEquals(2, first.size(), "one of X's files and Y's: " + first);
        assertEquals(Set.of(X, Y), Set.copyOf(owners(first)));
        assertTrue(first.stream().anyMatch(d -> d.id().equals(oldest)), "X's file due longest");
        assertTrue(first.stream().anyMatch(d -> d.id().equals(y)));
        // while X's fetch runs, X's other files wait however many fetchers are free
        assertEquals(List.of(), claim(10, Set.of(X, Y), List.of(X, Y)));
    }

    @Test
    void ownersAreTakenInTurn() throws SQLException {
        due(X, 300);
        due(X, 200);
        due(Y, 10);
        due(W, 5);
        // W was never fetched from: first; then the owner fetched from longest ago (Y before X)
        assertEquals(List.of(W), owners(claim(1, Set.of(), List.of(Y, X))));
        assertEquals(List.of(Y), owners(claim(1, Set.of(), List.of(Y, X))));
        assertEquals(List.of(X), owners(claim(1, Set.of(), List.of(Y, X))));
    }

    @Test
    void aFileRefusedForGoodIsNeverDue() throws SQLException {
        due(X, null);
        assertEquals(List.of(), claim(10, Set.of(), List.of()));
    }
}
