package org.borderpolice.federation.transfer;

import java.util.Optional;
import java.util.Set;

import org.borderpolice.federation.proto.replication.v1.RecordRef;

/**
 * What a service implements (as a CDI bean) for a record type it lets jurisdictions hand to each
 * other. Every method runs in the caller's transaction; the service writes its own tables and
 * publishes through {@link org.borderpolice.federation.outbox.Outbox} as for any change.
 *
 * <p>The service also calls {@link Transfers#requireChangeable} before it changes a record of
 * this type that it owns: a record under an open offer, or closed by a transfer, does not change.
 */
public interface TransferableRecords {

    /** The record type, e.g. "case.case"; offers and answers travel as "&lt;type&gt;.transfer-offer/-answer". */
    String recordType();

    /**
     * Our own live record with this id, locked (FOR UPDATE) for the rest of the transaction; empty
     * when we do not own one (unknown, deleted, or a partner's record we only hold a replica of).
     */
    Optional<Owned> lockOwned(String recordId);

    /**
     * Accepting an offer: create our own record that continues the partner's one, from our replica
     * of it, under a new id of ours, with {@code predecessor.distribution()} as its distribution,
     * and publish it with {@link org.borderpolice.federation.outbox.RecordChange#withPredecessor}
     * ({@code predecessor.ref()}) on this and every later change. Throw
     * {@link org.borderpolice.federation.problem.ConflictProblem} if the replica cannot be
     * continued (not held). Returns the new record's id.
     */
    String continueRecord(Predecessor predecessor);

    /**
     * Our offer was accepted: write the final version of our record (its state unchanged, one
     * version more) and publish it with
     * {@link org.borderpolice.federation.outbox.RecordChange#withSuccessor}({@code successor}).
     * The record stays here, read-only. Called in the inbox's transaction that takes the answer.
     */
    void close(String recordId, RecordRef successor);

    /** Our record as offered: its version and distribution. */
    record Owned(long version, Set<String> distribution) {}

    /**
     * The partner's record we continue: who owns it and its id there, the version offered (the
     * one we hold), and the distribution our successor starts with (the record's, plus the old
     * owner and us).
     */
    record Predecessor(RecordRef ref, long version, Set<String> distribution) {}
}
