package org.borderpolice.federation.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;

import com.google.protobuf.Internal;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * A {@link RecordApplier} of one message type: the payload is decoded once, and {@link #check}
 * and {@link #apply(List)} both see that message. (The inbox hands both the same change; protobuf's
 * {@code Any} keeps what it unpacked, so the second decode returns the first one's message.) A
 * payload of another type, or one that does not parse, is refused before {@link #check} runs.
 *
 * @param <M> the payload's message type
 */
public abstract class TypedApplier<M extends Message> implements RecordApplier {

    private final Class<M> type;

    @Inject
    FederationConfig federation;

    protected TypedApplier(Class<M> type) {
        this.type = type;
    }

    /** A change with its decoded payload; {@code message} is null for a tombstone. */
    public record Typed<M extends Message>(ReplicaChange change, M message) {

        public boolean tombstone() {
            return change.tombstone();
        }
    }

    /**
     * Refuse a change for good, as {@link RecordApplier#check}; {@code message} is the decoded
     * payload, null for a tombstone.
     */
    protected abstract void check(ReplicaChange change, M message) throws UnreadablePayloadException;

    /**
     * Upsert the replicas of non-tombstone changes, delete those of tombstones, as
     * {@link RecordApplier#apply} (a name of its own: both take a List, which Java erases alike).
     */
    protected abstract void applyTyped(List<Typed<M>> changes);

    @Override
    public final void check(ReplicaChange change) throws UnreadablePayloadException {
        check(change, change.tombstone() ? null : decode(change));
    }

    @Override
    public final void apply(List<ReplicaChange> changes) {
        List<Typed<M>> typed = new ArrayList<>(changes.size());
        for (ReplicaChange change : changes) {
            try {
                typed.add(new Typed<>(change, change.tombstone() ? null : decode(change)));
            } catch (UnreadablePayloadException e) {
                throw new IllegalStateException("checked payload became unreadable", e);
            }
        }
        applyTyped(typed);
    }

    /** The payload as {@code M}, or a refusal naming the type expected. */
    M decode(ReplicaChange change) throws UnreadablePayloadException {
        if (change.payload() == null) {
            throw new UnreadablePayloadException("not a " + typeName());
        }
        try {
            return change.payload().unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadablePayloadException("not a " + typeName());
        }
    }

    /**
     * A record new to us must carry an id its sender created (see
     * {@link PayloadProblems#requireCreatedBy}), under this jurisdiction's settings.
     */
    protected void requireCreatedBy(UUID id, String sender) throws UnreadablePayloadException {
        PayloadProblems.requireCreatedBy(id, sender, federation.recordIds().legacyAcceptedUntil());
    }

    private String typeName() {
        return Internal.getDefaultInstance(type).getDescriptorForType().getFullName();
    }
}
