package org.borderpolice.federation.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an unexpected exception means for the caller, judged from its causes, so that REST and
 * gRPC answer alike and neither ever passes on a message, an SQL statement or a stack trace: the
 * caller gets a kind and an error id, the log gets the exception under that id.
 */
public final class Failures {

    private static final String ID_BASE = UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final AtomicLong COUNT = new AtomicLong();

    private Failures() {
    }

    public enum Kind {
        /** The database could not store a value of the request (SQLSTATE class 22, data exception). */
        UNSTORABLE_VALUE,
        /** The database was unreachable or refused a connection (class 08, 53, 57P0x; pool exhausted). */
        UNAVAILABLE,
        /** Anything else: a fault on our side. */
        INTERNAL
    }

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return Kind.UNAVAILABLE;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("22")) {
                    return Kind.UNSTORABLE_VALUE;
                }
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0")) {
                    return Kind.UNAVAILABLE;
                }
            }
        }
        return Kind.INTERNAL;
    }

    /** A fresh id to quote to the caller and to log beside the exception. */
    public static String newErrorId() {
        return ID_BASE + COUNT.incrementAndGet();
    }
}
