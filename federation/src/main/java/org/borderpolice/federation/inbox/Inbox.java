package org.borderpolice.federation.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Applies a partner's batch of events: each event at most once per sender (by the sender's event
 * id), only a newer version replaces an older one, a tombstone removes the replica. Events that
 * the authenticated peer may not send are refused and logged.
 *
 * <p>A batch is applied in one transaction. If that transaction fails while the database is
 * reachable, the batch is applied again one event per transaction, and each event that fails on
 * its own is refused (REJECTED, logged in {@code inbox_rejection}): one event this service cannot
 * store never holds back the others, nor is it sent again forever. While the database is out of
 * reach (or fails for a passing reason: a deadlock, a serialisation failure, a connection lost),
 * nothing is refused: {@link InboxUnavailableException}, and the sender retries the batch.
 *
 * <p>An event's envelope is checked before anything of it is stored or looked up
 * ({@link Envelopes}), and refusal reasons never quote the event. Refusals are written to
 * {@code inbox_rejection} and our log within a budget per partner and minute ({@link RefusalLog});
 * beyond it one summary row per batch.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final int MAX_DETAIL_LENGTH = 4000;

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final Map<String, RecordApplier> appliers = new HashMap<>();
    private final MeterRegistry meters;
    private final AuditLog auditLog;
    private final RefusalLog refusalLog;

    @Inject
    public Inbox(
            AgroalDataSource dataSource,
            TrustList trustList,
            @Any Instance<RecordApplier> appliers,
            @Any Instance<RecordApplierSource> sources,
            MeterRegistry meters,
            AuditLog auditLog,
            FederationConfig config) {
        this.auditLog = auditLog;
        this.refusalLog = new RefusalLog(config.inbox().refusalsLoggedPerMinute());
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.meters = meters;
        List<RecordApplier> all = new ArrayList<>();
        appliers.forEach(all::add);
        sources.forEach(source -> all.addAll(source.appliers()));
        for (RecordApplier applier : all) {
            if (this.appliers.put(applier.recordType(), applier) != null) {
                throw new IllegalStateException("two appliers for record type " + applier.recordType());
            }
        }
    }

    /**
     * Apply a batch from this peer and say what became of each event.
     *
     * @throws InboxUnavailableException when nothing could be decided now (the database is out of
     *         reach); nothing was refused, and the sender should send the batch again later
     */
    public DeliveryAck receive(String peer, DeliveryBatch batch) {
        List<ReplicationEvent> events = batch.getEventsList();
        EventResult[] results;
        try {
            results = QuarkusTransaction.requiringNew().call(() -> receiveTogether(peer, events));
        } catch (RuntimeException e) {
            if (passing(e)) {
                throw unavailable(peer, e);
            }
            if (refusalLog.warnNow(peer)) {
                LOG.warnf(
                        "a batch of %d events from %s failed as a whole (%s); applying them one by one (further "
                                + "failures of %s this minute at debug level)",
                        events.size(), peer, summary(e), peer);
            } else {
                LOG.debugf(
                        "a batch of %d events from %s failed as a whole (%s); applying them one by one",
                        events.size(), peer, summary(e));
            }
            results = receiveOneByOne(peer, events);
        }
        DeliveryAck.Builder ack = DeliveryAck.newBuilder().setBatchId(batch.getBatchId());
        Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
        for (EventResult r : results) {
            ack.addResults(r);
            tally.merge(r.getOutcome(), 1, Integer::sum);
        }
        tally.forEach((outcome, n) -> meters.counter(
                        "border.federation.inbox.events", "outcome", outcome.name(), "peer", peer)
                .increment(n));
        return ack.build();
    }

    /** Each event in a transaction of its own; an event that fails on its own is refused. */
    private EventResult[] receiveOneByOne(String peer, List<ReplicationEvent> events) {
        EventResult[] results = new EventResult[events.size()];
        for (int i = 0; i < events.size(); i++) {
            ReplicationEvent event = events.get(i);
            try {
                results[i] = QuarkusTransaction.requiringNew().call(() -> receiveTogether(peer, List.of(event)))[0];
            } catch (RuntimeException e) {
                if (passing(e)) {
                    // those applied so far stay applied: the sender's retry finds them DUPLICATE
                    throw unavailable(peer, e);
                }
                String reason = StoreFailures.reason(e);
                if (refusalLog.warnNow(peer)) {
                    LOG.warnf(
                            e,
                            "refused event %s from %s (%s %s v%d): it could not be stored (further refusals of "
                                    + "%s this minute at debug level)",
                            event.getEventId(),
                            peer,
                            event.getRecordType(),
                            event.getRecordId(),
                            event.getVersion(),
                            peer);
                } else {
                    LOG.debugf(e, "refused event %s from %s: it could not be stored", event.getEventId(), peer);
                }
                EventResult refused = result(event, Outcome.REJECTED, reason);
                try {
                    QuarkusTransaction.requiringNew().run(() -> refuseAlone(peer, event, reason, summary(e), refused));
                } catch (RuntimeException logFailed) {
                    if (passing(logFailed)) {
                        throw unavailable(peer, logFailed);
                    }
                    // the event is refused all the same: never wedge the sender's queue on our log
                    LOG.errorf(logFailed, "could not log the refusal of event %s from %s", event.getEventId(), peer);
                }
                results[i] = refused;
            }
        }
        return results;
    }

    private void refuseAlone(String peer, ReplicationEvent event, String reason, String detail, EventResult refused) {
        try (Connection c = dataSource.getConnection()) {
            writeRefusals(c, peer, List.of(new Refused(event, reason, detail)), 1);
            auditLog.appendAll(c, List.of(receipt(peer, List.of(), new EventResult[] {refused})));
        } catch (SQLException e) {
            throw new IllegalStateException("could not log a refused event", e);
        }
    }

    /**
     * One transaction (the caller's) for these events; results in their order. The events are
     * applied in the order sent (replication.proto): an applier's check may depend on an earlier
     * event of the batch (a note on a case the partner accepts just before it), so an event its
     * applier refuses after events not yet applied is checked again once they are, in the next
     * run of the batch; only a refusal with nothing pending before it stands. Runs are not capped:
     * a run ends only after an event it accepted and issues statements only for the events in it
     * (its empty steps issue none), so a batch split into many runs costs a few statements per
     * event, no more than the one-by-one path; a cap would refuse for good the notes of a batch
     * that accepts many cases.
     */
    EventResult[] receiveTogether(String peer, List<ReplicationEvent> events) {
        EventResult[] results = new EventResult[events.size()];
        List<Accepted> applied = new ArrayList<>();
        // first occurrence in the batch wins; later copies of the same event are duplicates
        Set<UUID> inBatch = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            String[] envelopes = new String[events.size()];
            for (int i = 0; i < events.size(); i++) {
                envelopes[i] = refusal(peer, events.get(i));
            }
            Set<Integer> settled = settledBefore(c, peer, events, envelopes);
            int from = 0;
            while (from < events.size()) {
                List<Accepted> accepted = new ArrayList<>();
                List<Refused> refused = new ArrayList<>();
                int i = from;
                for (; i < events.size(); i++) {
                    ReplicationEvent event = events.get(i);
                    String refusal = envelopes[i];
                    Accepted candidate = null;
                    if (refusal == null) {
                        candidate = Accepted.of(i, event);
                        // a version we hold already (a redelivery: DUPLICATE; an older one: STALE),
                        // whatever the applier would say now: its own application may have changed
                        // what it checks (a join decision taken is "APPROVED already"), and a
                        // redelivery answered REJECTED would set off the sender's repair of a refusal
                        refusal = settled.contains(i) ? null : unreadable(candidate);
                        if (refusal != null && !accepted.isEmpty()) {
                            break; // checked again after the events before it
                        }
                    }
                    if (refusal != null) {
                        refused.add(new Refused(event, refusal, null));
                        results[i] = result(event, Outcome.REJECTED, refusal);
                    } else {
                        accepted.add(candidate);
                    }
                }
                applied.addAll(receiveRun(c, peer, accepted, refused, inBatch, results, events.size()));
                from = i;
            }
            auditLog.appendAll(c, List.of(receipt(peer, applied, results)));
        } catch (SQLException e) {
            throw new IllegalStateException("could not record received events", e);
        }
        return results;
    }

    /**
     * The positions of the events (their envelopes in order) whose record we hold at their version
     * or newer: a redelivery (DUPLICATE once remembered) or an older version (STALE). They go
     * through the run unchecked and are never applied: the held version only grows, and a version
     * is applied only over an older one. Not the remembered event ids: those are purged after
     * inbox.retention, and an id reused after that must be checked as any new event.
     */
    private static Set<Integer> settledBefore(
            Connection c, String peer, List<ReplicationEvent> events, String[] envelopes) throws SQLException {
        int n = events.size();
        String[] types = new String[n];
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            if (envelopes[i] == null) {
                // only envelopes found sound: nothing a column could not hold reaches the query
                ReplicationEvent e = events.get(i);
                types[i] = e.getRecordType();
                ids[i] = e.getRecordId();
                versions[i] = e.getVersion();
            }
        }
        Set<Integer> settled = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT u.i - 1 FROM unnest(?::varchar[], ?::varchar[], ?::bigint[]) WITH ORDINALITY AS u(t, id, v, i)
                WHERE u.t IS NOT NULL AND EXISTS (SELECT 1 FROM federation.replica_state r
                    WHERE r.origin = ? AND r.record_type = u.t AND r.record_id = u.id AND r.version >= u.v)""")) {
            select.setArray(1, c.createArrayOf("varchar", types));
            select.setArray(2, c.createArrayOf("varchar", ids));
            select.setArray(3, c.createArrayOf("bigint", versions));
            select.setString(4, peer);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    settled.add(rs.getInt(1));
                }
            }
        }
        return settled;
    }

    /** One run of a batch: its events checked, remembered, versioned and applied; returns those applied. */
    private List<Accepted> receiveRun(
            Connection c,
            String peer,
            List<Accepted> accepted,
            List<Refused> refused,
            Set<UUID> inBatch,
            EventResult[] results,
            int batchSize)
            throws SQLException {
        writeRefusals(c, peer, refused, batchSize);
        List<Accepted> distinct = new ArrayList<>();
        for (Accepted a : accepted) {
            if (inBatch.add(a.eventId())) {
                distinct.add(a);
            } else {
                results[a.index()] = result(a.event(), Outcome.DUPLICATE, "");
            }
        }
        Set<UUID> firstTime = remember(c, peer, distinct);
        List<Accepted> fresh = new ArrayList<>();
        List<UUID> redelivered = new ArrayList<>();
        for (Accepted a : distinct) {
            if (firstTime.contains(a.eventId())) {
                fresh.add(a);
            } else {
                redelivered.add(a.eventId());
                results[a.index()] = result(a.event(), Outcome.DUPLICATE, "");
            }
        }
        updateWhere(
                c,
                "UPDATE federation.inbox_event SET redeliveries = redeliveries + 1 "
                        + "WHERE origin = ? AND event_id = ANY(?)",
                peer,
                redelivered);
        // a record closed by a transfer takes nothing newer than its closing event, in this batch or held
        List<Accepted> closedInBatch = Transferred.afterClosingInBatch(fresh);
        fresh.removeAll(closedInBatch);
        Set<RecordVersion> applied = advanceVersions(c, fresh);
        List<Accepted> toApply = new ArrayList<>();
        List<Accepted> notApplied = new ArrayList<>();
        for (Accepted a : fresh) {
            if (applied.contains(a.recordVersion())) {
                results[a.index()] = result(a.event(), Outcome.APPLIED, "");
                toApply.add(a);
            } else {
                notApplied.add(a);
            }
        }
        List<Accepted> afterClosing = new ArrayList<>(closedInBatch);
        afterClosing.addAll(Transferred.afterClosingHeld(c, notApplied));
        List<UUID> stale = new ArrayList<>();
        for (Accepted a : notApplied) {
            if (!afterClosing.contains(a)) {
                results[a.index()] = result(a.event(), Outcome.STALE, "");
                stale.add(a.eventId());
            }
        }
        updateWhere(
                c,
                "UPDATE federation.inbox_event SET outcome = 'STALE' WHERE origin = ? AND event_id = ANY(?)",
                peer,
                stale);
        if (!afterClosing.isEmpty()) {
            // refused like a broken envelope: not remembered, so a redelivery is refused again
            List<UUID> ids = new ArrayList<>();
            List<Refused> closedRefusals = new ArrayList<>();
            for (Accepted a : afterClosing) {
                ids.add(a.eventId());
                results[a.index()] = result(a.event(), Outcome.REJECTED, Transferred.REASON);
                closedRefusals.add(new Refused(a.event(), Transferred.REASON, null));
            }
            updateWhere(c, "DELETE FROM federation.inbox_event WHERE origin = ? AND event_id = ANY(?)", peer, ids);
            writeRefusals(c, peer, closedRefusals, batchSize);
        }
        applyToService(toApply);
        return toApply;
    }

    /**
     * Whether a failure may pass by itself, so that nothing should be refused for it: the
     * database out of reach, or failing for a reason that is not the events' (see
     * {@link StoreFailures#passing}).
     */
    private boolean passing(RuntimeException e) {
        return StoreFailures.passing(e) || !databaseReachable();
    }

    private boolean databaseReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static InboxUnavailableException unavailable(String peer, RuntimeException e) {
        LOG.warnf("could not take a batch from %s now (it will be sent again): %s", peer, summary(e));
        return new InboxUnavailableException(e);
    }

    /** Class and message of each cause, for our log and inbox_rejection.detail; never sent to a partner. */
    static String summary(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e;
                t != null && s.length() < MAX_DETAIL_LENGTH;
                t = t.getCause() == t ? null : t.getCause()) {
            if (!s.isEmpty()) {
                s.append(" <- ");
            }
            s.append(t.getClass().getName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                s.append(" [").append(sql.getSQLState()).append(']');
            }
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
            }
        }
        return truncate(s.toString(), MAX_DETAIL_LENGTH);
    }

    /** Why this peer may not hand us this event, or null; the reason quotes nothing of the event. */
    String refusal(String peer, ReplicationEvent event) {
        String envelope = Envelopes.refusal(peer, event);
        if (envelope != null) {
            return envelope;
        }
        if (!trustList.isPartner(peer)) {
            return "peer " + peer + " is not a partner of this jurisdiction";
        }
        // the agreement's categories hold both ways: what it gives a partner no records of, we
        // neither send it nor take from it (as hit checks are neither asked nor answered); its
        // deletions still come in (a revoked alert must not stay live here because the grant went)
        if (!event.getTombstone() && !trustList.mayReceive(peer, event.getRecordType())) {
            return "the agreement gives " + peer + " no records of this type";
        }
        if (!event.getDistributionList().contains(trustList.selfCode())) {
            return "this jurisdiction (" + trustList.selfCode() + ") is not in the record's distribution";
        }
        if (!appliers.containsKey(event.getRecordType())) {
            return "the record type is not one " + trustList.service() + " holds";
        }
        return null;
    }

    /** The applier's verdict on the change, tombstones included (so it can check who may delete what). */
    private String unreadable(Accepted a) {
        try {
            appliers.get(a.change().recordType()).check(a.change());
            return null;
        } catch (RecordApplier.UnreadablePayloadException e) {
            // the applier's words, which may quote the payload: cleaned and cut
            return Envelopes.reason("payload unreadable: " + e.getMessage());
        }
    }

    /**
     * Write these refusals of one batch (of batchSize events) to inbox_rejection, within the
     * partner's budget one by one and the rest as one summary row, with what of each envelope is
     * storable; and say so in our log, at most once a minute per partner at WARN.
     */
    private void writeRefusals(Connection c, String peer, List<Refused> refused, int batchSize) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        int oneByOne = refusalLog.take(peer, refused.size());
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO federation.inbox_rejection (peer, event_id, origin, record_type, record_id, reason, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < oneByOne; i++) {
                Refused r = refused.get(i);
                insert.setString(1, peer);
                insert.setString(2, Envelopes.storable(r.event().getEventId(), Envelopes.MAX_EVENT_ID_LENGTH));
                insert.setString(3, Envelopes.storable(r.event().getOrigin(), 6));
                insert.setString(4, Envelopes.storable(r.event().getRecordType(), Envelopes.MAX_TYPE_LENGTH));
                insert.setString(5, Envelopes.storable(r.event().getRecordId(), Envelopes.MAX_ID_LENGTH));
                insert.setString(6, r.reason());
                insert.setString(7, r.detail() == null ? null : Envelopes.storable(r.detail(), MAX_DETAIL_LENGTH));
                insert.addBatch();
            }
            int more = refused.size() - oneByOne;
            if (more > 0) {
                insert.setString(1, peer);
                insert.setString(2, null);
                insert.setString(3, null);
                insert.setString(4, null);
                insert.setString(5, null);
                insert.setString(
                        6,
                        more + " further refusals of a batch of " + batchSize + " from " + peer
                                + " were not logged one by one (over "
                                + "border.federation.inbox.refusals-logged-per-minute"
                                + "); the partner was told each, e.g.: "
                                + refused.get(oneByOne).reason());
                insert.setString(7, null);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Refused first = refused.get(0);
        String eventId = Envelopes.storable(first.event().getEventId(), Envelopes.MAX_EVENT_ID_LENGTH);
        if (refusalLog.warnNow(peer)) {
            LOG.warnf(
                    "refused %d of %d events of a batch from %s, e.g. event %s: %s (further refusals of %s this "
                            + "minute at debug level; border_federation_inbox_events_total counts them)",
                    refused.size(), batchSize, peer, eventId, first.reason(), peer);
        } else {
            LOG.debugf(
                    "refused %d of %d events of a batch from %s, e.g. event %s: %s",
                    refused.size(), batchSize, peer, eventId, first.reason());
        }
    }

    private static void updateWhere(Connection c, String sql, String origin, List<UUID> eventIds) throws SQLException {
        if (eventIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, origin);
            update.setArray(2, c.createArrayOf("uuid", eventIds.toArray()));
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
        String[] successorOrigins = new String[n];
        String[] successorIds = new String[n];
        String[] predecessorOrigins = new String[n];
        String[] predecessorIds = new String[n];
        int i = 0;
        for (Accepted a : newest.values()) {
            ReplicaChange change = a.change();
            origins[i] = change.origin();
            types[i] = change.recordType();
            ids[i] = change.recordId();
            versions[i] = change.version();
            deleted[i] = change.tombstone();
            if (change.successor() != null) {
                successorOrigins[i] = change.successor().getOrigin();
                successorIds[i] = change.successor().getRecordId();
            }
            if (change.predecessor() != null) {
                predecessorOrigins[i] = change.predecessor().getOrigin();
                predecessorIds[i] = change.predecessor().getRecordId();
            }
            i++;
        }
        // a closed record (successor set) never moves again; the first predecessor named is kept
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO federation.replica_state AS r (origin, record_type, record_id, version, deleted,
                    successor_origin, successor_id, predecessor_origin, predecessor_id)
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::boolean[],
                    ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                ON CONFLICT (origin, record_type, record_id) DO UPDATE
                    SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, updated_at = now(),
                        successor_origin = EXCLUDED.successor_origin, successor_id = EXCLUDED.successor_id,
                        predecessor_origin = coalesce(r.predecessor_origin, EXCLUDED.predecessor_origin),
                        predecessor_id = coalesce(r.predecessor_id, EXCLUDED.predecessor_id)
                    WHERE r.version < EXCLUDED.version AND r.successor_id IS NULL
                RETURNING origin, record_type, record_id, version""")) {
            upsert.setArray(1, c.createArrayOf("varchar", origins));
            upsert.setArray(2, c.createArrayOf("varchar", types));
            upsert.setArray(3, c.createArrayOf("varchar", ids));
            upsert.setArray(4, c.createArrayOf("bigint", versions));
            upsert.setArray(5, c.createArrayOf("boolean", deleted));
            upsert.setArray(6, c.createArrayOf("varchar", successorOrigins));
            upsert.setArray(7, c.createArrayOf("varchar", successorIds));
            upsert.setArray(8, c.createArrayOf("varchar", predecessorOrigins));
            upsert.setArray(9, c.createArrayOf("varchar", predecessorIds));
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    applied.add(new RecordVersion(
                            new RecordKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4)));
                }
            }
        }
        return applied;
    }

    /**
     * Record the events as received from this sender; returns those it never sent before. Event
     * ids are the sender's: the same id from another partner is another event.
     */
    private Set<UUID> remember(Connection c, String sender, List<Accepted> events) throws SQLException {
        Set<UUID> firstTime = new HashSet<>();
        if (events.isEmpty()) {
            return firstTime;
        }
        int n = events.size();
        UUID[] eventIds = new UUID[n];
        String[] origins = new String[n];
        String[] types = new String[n];
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            ReplicaChange change = events.get(i).change();
            eventIds[i] = events.get(i).eventId();
            origins[i] = sender; // refusal() made sure that the origin is the sender
            types[i] = change.recordType();
            ids[i] = change.recordId();
            versions[i] = change.version();
        }
        // outcome APPLIED until the version check says STALE, in the same transaction
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO federation.inbox_event (event_id, origin, record_type, record_id, version, outcome)
                SELECT e, o, t, i, v, 'APPLIED'
                FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[]) AS u(e, o, t, i, v)
                ON CONFLICT (origin, event_id) DO NOTHING
                RETURNING event_id""")) {
            insert.setArray(1, c.createArrayOf("uuid", eventIds));
            insert.setArray(2, c.createArrayOf("varchar", origins));
            insert.setArray(3, c.createArrayOf("varchar", types));
            insert.setArray(4, c.createArrayOf("varchar", ids));
            insert.setArray(5, c.createArrayOf("bigint", versions));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    firstTime.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return firstTime;
    }

    private void applyToService(List<Accepted> toApply) {
        Map<String, List<ReplicaChange>> byType = new LinkedHashMap<>();
        for (Accepted a : toApply) {
            byType.computeIfAbsent(a.change().recordType(), t -> new ArrayList<>())
                    .add(a.change());
        }
        byType.forEach((type, changes) -> appliers.get(type).apply(changes));
    }

    /** One audit entry per batch: what was applied, and how many were not. */
    private static AuditEntry receipt(String peer, List<Accepted> applied, EventResult[] results) {
        Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
        for (EventResult r : results) {
            tally.merge(r.getOutcome(), 1, Integer::sum);
        }
        StringBuilder detail = new StringBuilder(tally.toString()).append(" applied:");
        for (Accepted a : applied) {
            ReplicaChange ch = a.change();
            detail.append(' ')
                    .append(ch.recordType())
                    .append(':')
                    .append(ch.recordId())
                    .append('@')
                    .append(ch.version())
                    .append(ch.tombstone() ? "(tombstone)" : "");
        }
        return new AuditEntry("peer:" + peer, peer, "replication.received", null, null, detail.toString());
    }

    private static EventResult result(ReplicationEvent event, Outcome outcome, String reason) {
        // an event id that is no UUID is not echoed: a partner's megabytes of it would come back
        // in our acknowledgement (the result's place in the batch says which event it is)
        String eventId = event.getEventId();
        return EventResult.newBuilder()
                .setEventId(eventId.length() <= 36 ? eventId : "")
                .setOutcome(outcome)
                .setReason(reason)
                .build();
    }

    /** An event refused at receipt, why (as the partner is told), and what went wrong here (ours only). */
    private record Refused(ReplicationEvent event, String reason, String detail) {}

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    record RecordKey(String origin, String recordType, String recordId) {}

    record RecordVersion(RecordKey key, long version) {}

    /** An event that passed the checks; index is its position in the batch. */
    record Accepted(int index, ReplicationEvent event, UUID eventId, ReplicaChange change) {
        static Accepted of(int index, ReplicationEvent e) {
            Instant occurred = Instant.ofEpochSecond(
                    e.getOccurredAt().getSeconds(), e.getOccurredAt().getNanos());
            return new Accepted(
                    index,
                    e,
                    UUID.fromString(e.getEventId()),
                    new ReplicaChange(
                            e.getOrigin(),
                            e.getRecordType(),
                            e.getRecordId(),
                            e.getVersion(),
                            occurred,
                            List.copyOf(e.getDistributionList()),
                            e.getTombstone(),
                            e.getTombstone() ? null : e.getPayload(),
                            e.hasSuccessor() ? e.getSuccessor() : null,
                            e.hasPredecessor() ? e.getPredecessor() : null));
        }

        RecordKey key() {
            return new RecordKey(change.origin(), change.recordType(), change.recordId());
        }

        RecordVersion recordVersion() {
            return new RecordVersion(key(), change.version());
        }
    }
}
