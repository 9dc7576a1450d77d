package org.borderpolice.federation.inbox;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a failure that may pass by itself (retry the batch) from one that an event brings with
 * it (refuse that event), and words the refusal for the partner without SQL, statements, class
 * names or values: those go to our log only.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * A failure not caused by the events: connection (SQLSTATE class 08), transaction rollback
     * by the server (40: serialisation failure, deadlock), insufficient resources (53), operator
     * intervention (57: cancelled, shutting down), system errors (58), a lock not available
     * (55P03), or a JDBC exception that says it is transient or recoverable.
     */
    static boolean passing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.startsWith("58") || state.equals("55P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Why an event that passed every check could not be stored, as the partner is told. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                if (sql.getSQLState().startsWith("22")) {
                    return "the receiver could not store the record: a value is too long, out of range or not "
                            + "allowed there (details in the receiver's log)";
                }
                if (sql.getSQLState().startsWith("23")) {
                    return "the receiver could not store the record: it breaks a rule of the receiver's store "
                            + "(details in the receiver's log)";
                }
            }
        }
        return "the receiver could not store the record (details in the receiver's log)";
    }
}
