package org.borderpolice.federation.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies a partner's batch of events in one transaction: each event at most once (by event id),
 * only a newer version replaces an older one, a tombstone removes the replica. Events that the
 * authenticated peer may not send are refused and logged.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_TYPE_LENGTH = 100;

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final Map<String, RecordApplier> appliers = new HashMap<>();
    private final MeterRegistry meters;

    @Inject
    public Inbox(AgroalDataSource dataSource, TrustList trustList, @Any Instance<RecordApplier> appliers,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.meters = meters;
        for (RecordApplier applier : appliers) {
            if (this.appliers.put(applier.recordType(), applier) != null) {
                throw new IllegalStateException("two appliers for record type " + applier.recordType());
            }
        }
    }

    @Transactional
    public DeliveryAck receive(String peer, DeliveryBatch batch) {
        List<ReplicationEvent> events = batch.getEventsList();
        EventResult[] results = new EventResult[events.size()];
        List<Accepted> accepted = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < events.size(); i++) {
                ReplicationEvent event = events.get(i);
                String refusal = refusal(peer, event);
                Accepted candidate = null;
                if (refusal == null) {
                    candidate = Accepted.of(i, event);
                    refusal = unreadable(candidate);
                }
                if (refusal != null) {
                    reject(c, peer, event, refusal);
                    results[i] = result(event, Outcome.REJECTED, refusal);
                } else {
                    accepted.add(candidate);
                }
            }
            Set<UUID> seen = alreadyApplied(c, accepted);
            List<Accepted> fresh = new ArrayList<>();
            Set<UUID> freshIds = new HashSet<>();
            for (Accepted a : accepted) {
                if (seen.contains(a.eventId()) || !freshIds.add(a.eventId())) {
                    results[a.index()] = result(a.event(), Outcome.DUPLICATE, "");
                } else {
                    fresh.add(a);
                }
            }
            countRedeliveries(c, seen);
            Set<RecordVersion> applied = advanceVersions(c, fresh);
            List<Accepted> toApply = new ArrayList<>();
            for (Accepted a : fresh) {
                boolean isApplied = applied.contains(a.recordVersion());
                results[a.index()] = result(a.event(), isApplied ? Outcome.APPLIED : Outcome.STALE, "");
                if (isApplied) {
                    toApply.add(a);
                }
            }
            remember(c, fresh, results);
            applyToService(toApply);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record received events", e);
        }
        DeliveryAck.Builder ack = DeliveryAck.newBuilder().setBatchId(batch.getBatchId());
        for (EventResult r : results) {
            ack.addResults(r);
            meters.counter("border.federation.inbox.events", "outcome", r.getOutcome().name(), "peer", peer)
                    .increment();
        }
        return ack.build();
    }

    /** Why this peer may not hand us this event, or null. */
    String refusal(String peer, ReplicationEvent event) {
        if (!event.getOrigin().equals(peer)) {
            LOG.warnf("refused event %s: origin %s is not the authenticated peer %s", event.getEventId(),
                    event.getOrigin(), peer);
            return "origin " + event.getOrigin() + " is not the authenticated peer " + peer;
        }
        if (!trustList.isPartner(peer)) {
            return "peer " + peer + " is not a partner of this jurisdiction";
        }
        if (!DivisionCodes.isValid(event.getOrigin())) {
            return "origin is not a GB/T 2260 code";
        }
        try {
            UUID.fromString(event.getEventId());
        } catch (IllegalArgumentException e) {
            return "event_id is not a UUID";
        }
        if (event.getRecordId().isBlank() || event.getRecordId().length() > MAX_ID_LENGTH) {
            return "record_id must have 1 to " + MAX_ID_LENGTH + " characters";
        }
        if (event.getRecordType().length() > MAX_TYPE_LENGTH) {
            return "record_type is too long";
        }
        if (event.getVersion() < 1) {
            return "version must be at least 1";
        }
        if (!event.getDistributionList().contains(trustList.selfCode())) {
            return "this jurisdiction (" + trustList.selfCode() + ") is not in the record's distribution";
        }
        if (!appliers.containsKey(event.getRecordType())) {
            return "record type " + event.getRecordType() + " is not held by " + trustList.service();
        }
        if (!event.getTombstone() && !event.hasPayload()) {
            return "a change other than a tombstone must carry the record's state";
        }
        return null;
    }

    private String unreadable(Accepted a) {
        if (a.change().tombstone()) {
            return null;
        }
        try {
            appliers.get(a.change().recordType()).check(a.change());
            return null;
        } catch (RecordApplier.UnreadablePayloadException e) {
            return "payload unreadable: " + e.getMessage();
        }
    }

    private void reject(Connection c, String peer, ReplicationEvent event, String reason) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO federation.inbox_rejection (peer, event_id, origin, record_type, record_id, reason)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, peer);
            insert.setString(2, truncate(event.getEventId(), MAX_ID_LENGTH));
            insert.setString(3, truncate(event.getOrigin(), MAX_ID_LENGTH));
            insert.setString(4, truncate(event.getRecordType(), MAX_TYPE_LENGTH));
            insert.setString(5, truncate(event.getRecordId(), MAX_ID_LENGTH));
            insert.setString(6, reason);
            insert.executeUpdate();
        }
    }

    private Set<UUID> alreadyApplied(Connection c, List<Accepted> accepted) throws SQLException {
        Set<UUID> seen = new HashSet<>();
        if (accepted.isEmpty()) {
            return seen;
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT event_id FROM federation.inbox_event WHERE event_id = ANY(?)")) {
            select.setArray(1, c.createArrayOf("uuid", accepted.stream().map(Accepted::eventId).toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return seen;
    }

    private void countRedeliveries(Connection c, Set<UUID> seen) throws SQLException {
        if (seen.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE federation.inbox_event SET redeliveries = redeliveries + 1 WHERE event_id = ANY(?)")) {
            update.setArray(1, c.createArrayOf("uuid", seen.toArray()));
            update.executeUpdate();
        }
    }

    /**
     * Move each record's held version forward to the newest version in the batch, if newer than
     * what is held. Returns the (record, version) pairs that moved: those events are applied.
     */
    private Set<RecordVersion> advanceVersions(Connection c, List<Accepted> fresh) throws SQLException {
        Map<RecordKey, Accepted> newest = new LinkedHashMap<>();
        for (Accepted a : fresh) {
            newest.merge(a.key(), a, (x, y) -> y.change().version() > x.change().version() ? y : x);
        }
        Set<RecordVersion> applied = new HashSet<>();
        if (newest.isEmpty()) {
            return applied;
        }
        int n = newest.size();
        String[] origins = new String[n];
        String[] types = new String[n];
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        Boolean[] deleted = new Boolean[n];
        int i = 0;
        for (Accepted a : newest.values()) {
            origins[i] = a.change().origin();
            types[i] = a.change().recordType();
            ids[i] = a.change().recordId();
            versions[i] = a.change().version();
            deleted[i] = a.change().tombstone();
            i++;
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO federation.replica_state (origin, record_type, record_id, version, deleted)
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::boolean[])
                ON CONFLICT (origin, record_type, record_id) DO UPDATE
                    SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, updated_at = now()
                    WHERE federation.replica_state.version < EXCLUDED.version
                RETURNING origin, record_type, record_id, version""")) {
            upsert.setArray(1, c.createArrayOf("varchar", origins));
            upsert.setArray(2, c.createArrayOf("varchar", types));
            upsert.setArray(3, c.createArrayOf("varchar", ids));
            upsert.setArray(4, c.createArrayOf("bigint", versions));
            upsert.setArray(5, c.createArrayOf("boolean", deleted));
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    applied.add(new RecordVersion(new RecordKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getLong(4)));
                }
            }
        }
        return applied;
    }

    private void remember(Connection c, List<Accepted> fresh, EventResult[] results) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        int n = fresh.size();
        UUID[] eventIds = new UUID[n];
        String[] origins = new String[n];
        String[] types = new String[n];
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        String[] outcomes = new String[n];
        for (int i = 0; i < n; i++) {
            Accepted a = fresh.get(i);
            eventIds[i] = a.eventId();
            origins[i] = a.change().origin();
            types[i] = a.change().recordType();
            ids[i] = a.change().recordId();
            versions[i] = a.change().version();
            outcomes[i] = results[a.index()].getOutcome().name();
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO federation.inbox_event (event_id, origin, record_type, record_id, version, outcome)
                SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[])
                ON CONFLICT (event_id) DO NOTHING""")) {
            insert.setArray(1, c.createArrayOf("uuid", eventIds));
            insert.setArray(2, c.createArrayOf("varchar", origins));
            insert.setArray(3, c.createArrayOf("varchar", types));
            insert.setArray(4, c.createArrayOf("varchar", ids));
            insert.setArray(5, c.createArrayOf("bigint", versions));
            insert.setArray(6, c.createArrayOf("varchar", outcomes));
            insert.executeUpdate();
        }
    }

    private void applyToService(List<Accepted> toApply) {
        Map<String, List<ReplicaChange>> byType = new LinkedHashMap<>();
        for (Accepted a : toApply) {
            byType.computeIfAbsent(a.change().recordType(), t -> new ArrayList<>()).add(a.change());
        }
        byType.forEach((type, changes) -> appliers.get(type).apply(changes));
    }

    private static EventResult result(ReplicationEvent event, Outcome outcome, String reason) {
        return EventResult.newBuilder().setEventId(event.getEventId()).setOutcome(outcome).setReason(reason).build();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    record RecordKey(String origin, String recordType, String recordId) {
    }

    record RecordVersion(RecordKey key, long version) {
    }

    /** An event that passed the checks; index is its position in the batch. */
    record Accepted(int index, ReplicationEvent event, UUID eventId, ReplicaChange change) {
        static Accepted of(int index, ReplicationEvent e) {
            Instant occurred = Instant.ofEpochSecond(e.getOccurredAt().getSeconds(), e.getOccurredAt().getNanos());
            return new Accepted(index, e, UUID.fromString(e.getEventId()), new ReplicaChange(e.getOrigin(), e.getRecordType(),
                    e.getRecordId(), e.getVersion(), occurred, List.copyOf(e.getDistributionList()), e.getTombstone(),
                    e.getTombstone() ? null : e.getPayload()));
        }

        RecordKey key() {
            return new RecordKey(change.origin(), change.recordType(), change.recordId());
        }

        RecordVersion recordVersion() {
            return new RecordVersion(key(), change.version());
        }
    }
}
