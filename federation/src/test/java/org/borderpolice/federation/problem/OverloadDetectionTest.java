package org.borderpolice.federation.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** Which failures are overload (503 + Retry-After) rather than a fault (500): agroal's two acquisition timeouts. */
class OverloadDetectionTest {

    @Test
    void aPoolAcquisitionTimeoutAnywhereInTheCausesIsOverload() {
        SQLException waiting = new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException());
        SQLException sorry = new SQLException("Sorry, acquisition timeout!");
        // as Hibernate and our own JDBC code wrap them
        assertTrue(ProblemMappers.isOverload(new RuntimeException("Unable to acquire JDBC Connection", waiting)));
        assertTrue(ProblemMappers.isOverload(new IllegalStateException("could not read", sorry)));
    }

    @Test
    void otherDatabaseFailuresAreNot() {
        assertFalse(ProblemMappers.isOverload(new IllegalStateException(new SQLException("duplicate key value", "23505"))));
        assertFalse(ProblemMappers.isOverload(new IllegalStateException("no cause")));
    }
}
