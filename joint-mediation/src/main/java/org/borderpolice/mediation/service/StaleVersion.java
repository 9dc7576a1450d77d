package org.borderpolice.mediation.service;

/**
 * The caller changed a version of a record that is no longer the current one (optimistic
 * concurrency, {@code If-Match}): REST answers 412. Not a {@code ProblemException}: that family
 * has no kind for a failed precondition of the request's own headers.
 */
public class StaleVersion extends RuntimeException {

    private final long current;

    public StaleVersion(String message, long current) {
        super(message, null, false, false);
        this.current = current;
    }

    /** The version held now. */
    public long current() {
        return current;
    }
}
