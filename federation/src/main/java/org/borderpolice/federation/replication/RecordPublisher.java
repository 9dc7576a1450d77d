package org.borderpolice.federation.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.trust.TrustList;

import com.google.protobuf.Message;

/**
 * Writes the changes of our records to the outbox, in the caller's transaction. Every event
 * carries the full state of the record, and goes to one partner with a distribution of that
 * partner and us (the origin): who else holds the record is none of its business. A partner
 * dropped from the distribution since the last version gets a tombstone, so that it stops
 * holding the record.
 */
@ApplicationScoped
public class RecordPublisher {

    @Inject
    Outbox outbox;

    @Inject
    TrustList trustList;

    /**
     * The record's new version to every partner in {@code sharedWith}; tombstones to those of
     * {@code heldBefore} that are no longer in it.
     *
     * @param payloadFor the record's state as one partner receives it
     */
    public void publish(
            String recordType,
            String recordId,
            long version,
            Collection<String> sharedWith,
            Collection<String> heldBefore,
            Function<String, ? extends Message> payloadFor) {
        changes(trustList.selfCode(), recordType, recordId, version, sharedWith, heldBefore, payloadFor)
                .forEach(outbox::publish);
    }

    /**
     * As {@link #publish(String, String, long, Collection, Collection, Function)}, for a record
     * that continues another one or was handed on (docs/ownership-transfer.md): every event names
     * the predecessor and the successor given (null: none).
     */
    public void publish(
            String recordType,
            String recordId,
            long version,
            Collection<String> sharedWith,
            Collection<String> heldBefore,
            Function<String, ? extends Message> payloadFor,
            RecordRef predecessor,
            RecordRef successor) {
        linked(
                        changes(
                                trustList.selfCode(),
                                recordType,
                                recordId,
                                version,
                                sharedWith,
                                heldBefore,
                                payloadFor),
                        predecessor,
                        successor)
                .forEach(outbox::publish);
    }

    /** The changes, each naming the predecessor and successor given (null: none). */
    static List<RecordChange> linked(List<RecordChange> changes, RecordRef predecessor, RecordRef successor) {
        List<RecordChange> out = new ArrayList<>(changes.size());
        for (RecordChange change : changes) {
            RecordChange c = predecessor == null ? change : change.withPredecessor(predecessor);
            out.add(successor == null ? c : c.withSuccessor(successor));
        }
        return out;
    }

    /** The record's state for one partner. */
    public void upsert(String recordType, String recordId, long version, String partner, Message payload) {
        outbox.publish(
                RecordChange.upsert(recordType, recordId, version, Set.of(trustList.selfCode(), partner), payload));
    }

    /** Tombstones for these partners, each on its own (a partner learns nothing of the others). */
    public void tombstones(String recordType, String recordId, long version, Collection<String> partners) {
        changes(trustList.selfCode(), recordType, recordId, version, List.of(), partners, p -> null)
                .forEach(outbox::publish);
    }

    /** The events of {@link #publish}: upserts in code order, then tombstones in code order. */
    static List<RecordChange> changes(
            String self,
            String recordType,
            String recordId,
            long version,
            Collection<String> sharedWith,
            Collection<String> heldBefore,
            Function<String, ? extends Message> payloadFor) {
        List<RecordChange> changes = new ArrayList<>();
        Set<String> receivers = new TreeSet<>(sharedWith);
        for (String partner : receivers) {
            changes.add(RecordChange.upsert(
                    recordType, recordId, version, Set.of(self, partner), payloadFor.apply(partner)));
        }
        Set<String> dropped = new TreeSet<>(heldBefore);
        dropped.removeAll(receivers);
        for (String partner : dropped) {
            changes.add(RecordChange.tombstone(recordType, recordId, version, Set.of(self, partner)));
        }
        return changes;
    }
}
