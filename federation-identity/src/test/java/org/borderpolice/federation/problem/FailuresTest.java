package org.borderpolice.federation.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** The one classifier: what a failure means for REST, gRPC and the inbox alike. */
class FailuresTest {

    static final SQLException WAITING =
            new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException());
    static final SQLException SORRY = new SQLException("Sorry, acquisition timeout!");

    @Test
    void aPoolAcquisitionTimeoutAnywhereInTheCausesIsOverload() {
        // as Hibernate (a connection exception, SQLSTATE 08) and our own JDBC code wrap them
        assertEquals(
                Failures.Kind.OVERLOADED,
                Failures.classify(new RuntimeException(
                        "Unable to acquire JDBC Connection",
                        new SQLException("Unable to acquire JDBC Connection", "08001", WAITING))));
        assertEquals(Failures.Kind.OVERLOADED, Failures.classify(new IllegalStateException("could not read", SORRY)));
        assertTrue(Failures.Kind.OVERLOADED.passing());
    }

    @Test
    void databaseStatesAreJudgedByTheirClass() {
        assertEquals(
                Failures.Kind.UNSTORABLE_VALUE,
                Failures.classify(new RuntimeException(new SQLException("timestamp out of range", "22008"))));
        assertEquals(
                Failures.Kind.CONSTRAINT,
                Failures.classify(new IllegalStateException(new SQLException("duplicate key value", "23505"))));
        for (String passing : new String[] {"08006", "40001", "40P01", "53300", "57P01", "57014", "58030", "55P03"}) {
            Failures.Kind kind = Failures.classify(new IllegalStateException(new SQLException("x", passing)));
            assertEquals(Failures.Kind.UNAVAILABLE, kind, passing);
            assertTrue(kind.passing(), passing);
        }
        assertEquals(
                Failures.Kind.UNAVAILABLE,
                Failures.classify(new IllegalStateException(new SQLTransientConnectionException("gone"))));
        assertEquals(Failures.Kind.INTERNAL, Failures.classify(new IllegalStateException("no cause")));
        assertEquals(Failures.Kind.INTERNAL, Failures.classify(new ArithmeticException("long overflow")));
        assertFalse(Failures.Kind.INTERNAL.passing());
        assertFalse(Failures.Kind.UNSTORABLE_VALUE.passing());
    }
}
