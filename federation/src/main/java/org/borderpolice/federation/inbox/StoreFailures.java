package org.borderpolice.federation.inbox;

import org.borderpolice.federation.problem.Failures;

/**
 * Tells a failure that may pass by itself (retry the batch) from one that an event brings with
 * it (refuse that event), and words the refusal for the partner without SQL, statements, class
 * names or values: those go to our log only.
 */
final class StoreFailures {

    private StoreFailures() {}

    /**
     * A failure not caused by the events, which may pass by itself: overload (no pooled connection
     * in time), connection, rollback by the server, resources, operator intervention, ... as the
     * suite's one classifier ({@link Failures#classify}) judges it.
     */
    static boolean passing(Throwable e) {
        return Failures.classify(e).passing();
    }

    /** Why an event that passed every check could not be stored, as the partner is told. */
    static String reason(Throwable e) {
        return switch (Failures.classify(e)) {
            case UNSTORABLE_VALUE ->
                "the receiver could not store the record: a value is too long, out of range or not "
                        + "allowed there (details in the receiver's log)";
            case CONSTRAINT ->
                "the receiver could not store the record: it breaks a rule of the receiver's store "
                        + "(details in the receiver's log)";
            default -> "the receiver could not store the record (details in the receiver's log)";
        };
    }
}
