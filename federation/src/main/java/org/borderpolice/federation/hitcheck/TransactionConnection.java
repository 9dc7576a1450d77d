package org.borderpolice.federation.hitcheck;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * The JDBC connection of the caller's transaction (agroal enlists it, so it is the one the
 * service's own statements use), for the plain statements of hit/no-hit checks: no Hibernate
 * session needed, none flushed. A failure keeps its cause, which the suite's one classifier
 * ({@code Failures}) judges (an exhausted pool: overload).
 */
@ApplicationScoped
class TransactionConnection {

    @Inject
    AgroalDataSource dataSource;

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface VoidWork {
        void apply(Connection c) throws SQLException;
    }

    <T> T call(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException("a statement of hit/no-hit checks failed", e);
        }
    }

    void run(VoidWork work) {
        call(c -> {
            work.apply(c);
            return null;
        });
    }
}
