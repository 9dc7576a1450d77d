package org.borderpolice.federation.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.trust.TrustList;

import com.google.protobuf.Any;

import io.agroal.api.AgroalDataSource;

/**
 * Writes replication events into the outbox in the caller's transaction: the change and its
 * events commit or roll back together. One row per destination partner, each with its own event
 * id, and the exact size of the event it becomes in a batch (the relay cuts batches by their sum).
 */
@ApplicationScoped
public class Outbox {

    private static final String WAKE_KEY = Outbox.class.getName() + ".wake";

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    @Inject
    public Outbox(
            AgroalDataSource dataSource,
            TrustList trustList,
            OutboxRelay relay,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.relay = relay;
        this.transactions = transactions;
    }

    /**
     * Enqueue a change of a record we own for every partner allowed to receive it (a deletion for
     * every partner in the distribution, granted the type or not any more), each under an
     * event id of its own (a partner must not learn the id under which another receives the
     * change).
     *
     * @return the partners that get this change (empty when none does)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> publish(RecordChange change) {
        List<String> destinations =
                trustList.destinations(change.recordType(), change.distribution(), change.tombstone());
        if (destinations.isEmpty()) {
            return List.of();
        }
        Any payload = change.payload() == null ? null : Any.pack(change.payload());
        String payloadType = payload == null ? null : payload.getTypeUrl();
        byte[] payloadBytes = payload == null ? null : payload.getValue().toByteArray();
        Instant occurredAt = OutboxEvents.storable(change.occurredAt());
        String[] sorted = change.distribution().stream().sorted().toArray(String[]::new);
        byte[] links = OutboxEvents.links(change);
        // the same for every destination: only the event id differs, and every UUID has 36 characters
        int encodedSize = OutboxEvents.sizeInBatch(OutboxEvents.event(
                EventIds.next(),
                trustList.selfCode(),
                change.recordType(),
                change.recordId(),
                change.version(),
                occurredAt,
                sorted,
                change.tombstone(),
                payloadType,
                payloadBytes,
                links));
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO federation.outbox (destination, event_id, record_type, record_id, version,
                            occurred_at, distribution, tombstone, payload_type, payload, encoded_size, links)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            var distribution = c.createArrayOf("varchar", sorted);
            for (String destination : destinations) {
                // an id of its own per destination: one partner learns nothing it could use at another
                insert.setString(1, destination);
                insert.setObject(2, EventIds.next());
                insert.setString(3, change.recordType());
                insert.setString(4, change.recordId());
                insert.setLong(5, change.version());
                insert.setTimestamp(6, Timestamp.from(occurredAt));
                insert.setArray(7, distribution);
                insert.setBoolean(8, change.tombstone());
                insert.setString(9, payloadType);
                insert.setBytes(10, payloadBytes);
                insert.setInt(11, encodedSize);
                // a deletion for a partner no longer given the type names no successor or predecessor
                insert.setBytes(12, trustList.mayReceive(destination, change.recordType()) ? links : null);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write outbox rows", e);
        }
        wakeRelayAfterCommit(destinations);
        return destinations;
    }

    @SuppressWarnings("unchecked")
    private void wakeRelayAfterCommit(List<String> destinations) {
        Set<String> toWake = (Set<String>) transactions.getResource(WAKE_KEY);
        if (toWake == null) {
            Set<String> partners = new HashSet<>();
            transactions.putResource(WAKE_KEY, partners);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay.wake(partners);
                    }
                }
            });
            toWake = partners;
        }
        toWake.addAll(destinations);
    }
}
