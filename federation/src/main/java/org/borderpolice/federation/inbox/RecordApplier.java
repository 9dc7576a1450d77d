package org.borderpolice.federation.inbox;

import java.util.List;

/**
 * Keeps a service's replicas of one record type. Called by the inbox inside the transaction
 * that records the events; the inbox has already checked origin (the authenticated sender),
 * distribution and event ids. {@link #check} sees every change, tombstones included;
 * {@link #apply} only those newer than what is held.
 *
 * <p>Refuse what must never be stored with {@link UnreadablePayloadException} from
 * {@link #check}, before anything is written: its message goes to the sender as the reason, so
 * it says what is wrong with the change without our internals. If {@link #apply} throws, the
 * inbox applies the batch again one event per transaction, and refuses (REJECTED, with a
 * generic reason; the exception goes to our log) each event that still fails; unless the
 * database is out of reach, when the whole batch fails and the sender retries it.
 */
public interface RecordApplier {

    /** The record type handled, e.g. "intel.alert". */
    String recordType();

    /**
     * Refuse a change for good (it will never become acceptable): a payload that cannot be read,
     * or a change, tombstones included ({@code payload} null), that the sender may not make, such
     * as deleting a record someone else contributed. Called before {@link #apply}.
     */
    default void check(ReplicaChange change) throws UnreadablePayloadException {}

    /** Upsert the replicas of non-tombstone changes; delete those of tombstones. */
    void apply(List<ReplicaChange> changes);

    class UnreadablePayloadException extends Exception {
        public UnreadablePayloadException(String message) {
            super(message);
        }
    }
}
