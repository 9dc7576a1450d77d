package org.borderpolice.federation.problem;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an unexpected exception means for the caller, judged from its causes: the one classifier
 * of the suite, so that REST ({@link UnexpectedFailures}), gRPC ({@code SanitizedGrpcErrors}) and
 * the inbox (which retries a batch or refuses an event) answer alike, and none ever passes on a
 * message, an SQL statement or a stack trace: the caller gets a kind and an error id, the log gets
 * the exception under that id.
 */
public final class Failures {

    private static final String ID_BASE = UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final AtomicLong COUNT = new AtomicLong();

    private Failures() {}

    public enum Kind {
        /** The database could not store a value of the request (SQLSTATE class 22, data exception). */
        UNSTORABLE_VALUE,
        /** The value breaks a rule of the store (class 23, integrity constraint violation). */
        CONSTRAINT,
        /**
         * No database connection within the pool's acquisition timeout: the service is at capacity
         * (agroal says so with a plain SQLException without SQLSTATE).
         */
        OVERLOADED,
        /**
         * A failure that passes by itself: the database unreachable or refusing connections (08),
         * a transaction rolled back by the server (40: serialisation failure, deadlock),
         * insufficient resources (53), operator intervention (57: cancelled, shutting down),
         * system errors (58), a lock not available (55P03), or a JDBC exception that says it is
         * transient or recoverable.
         */
        UNAVAILABLE,
        /** Anything else: a fault on our side. */
        INTERNAL;

        /** Whether trying again later may succeed (overload and passing failures). */
        public boolean passing() {
            return this == OVERLOADED || this == UNAVAILABLE;
        }
    }

    public static Kind classify(Throwable failure) {
        // overload first: Hibernate wraps agroal's timeout in a JDBCConnectionException (class 08)
        for (Throwable t = failure; t != null; t = next(t)) {
            if (isAcquisitionTimeout(t)) {
                return Kind.OVERLOADED;
            }
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("22")) {
                    return Kind.UNSTORABLE_VALUE;
                }
                if (state.startsWith("23")) {
                    return Kind.CONSTRAINT;
                }
                if (state.startsWith("08")
                        || state.startsWith("40")
                        || state.startsWith("53")
                        || state.startsWith("57")
                        || state.startsWith("58")
                        || state.equals("55P03")) {
                    return Kind.UNAVAILABLE;
                }
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return Kind.UNAVAILABLE;
            }
        }
        return Kind.INTERNAL;
    }

    /** agroal: "Acquisition timeout while waiting for new connection" or "Sorry, acquisition timeout!". */
    private static boolean isAcquisitionTimeout(Throwable t) {
        return t instanceof SQLException sql
                && (sql.getCause() instanceof TimeoutException
                        || String.valueOf(sql.getMessage())
                                .toLowerCase(Locale.ROOT)
                                .contains("acquisition timeout"));
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    /** A fresh id to quote to the caller and to log beside the exception. */
    public static String newErrorId() {
        return ID_BASE + COUNT.incrementAndGet();
    }
}
