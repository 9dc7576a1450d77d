package org.borderpolice.federation.inbox;

import java.util.List;

/**
 * Keeps a service's replicas of one record type. Called by the inbox inside the transaction
 * that records the events, only with changes that are newer than what is held; the inbox has
 * already checked origin, distribution and versions. Throwing rolls the whole batch back (the
 * sender retries it); a payload that cannot be read should be reported with
 * {@link UnreadablePayloadException} before anything is written.
 */
public interface RecordApplier {

    /** The record type handled, e.g. "intel.alert". */
    String recordType();

    /** Refuse a payload for good (it will never become readable); called before {@link #apply}. */
    default void check(ReplicaChange change) throws UnreadablePayloadException {
    }

    /** Upsert the replicas of non-tombstone changes; delete those of tombstones. */
    void apply(List<ReplicaChange> changes);

    class UnreadablePayloadException extends Exception {
        public UnreadablePayloadException(String message) {
            super(message);
        }
    }
}
