package org.borderpolice.federation.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.proto.transfer.v1.Decision;
import org.borderpolice.federation.proto.transfer.v1.OfferState;
import org.borderpolice.federation.proto.transfer.v1.TransferAnswer;
import org.borderpolice.federation.proto.transfer.v1.TransferOffer;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.RecordIds;

import io.agroal.api.AgroalDataSource;

/**
 * The transfer handshake at this jurisdiction (docs/ownership-transfer.md): offers we make, offers
 * made to us and our answers, the answers to our offers, and the links between a closed record and
 * its successor. Offers and answers are records like any other, written with their rows here and
 * published through the outbox in the same transaction, so the relay and the inbox give them
 * durability, retries and idempotency.
 */
@ApplicationScoped
public class Transfers {

    public static final String OFFER_SUFFIX = ".transfer-offer";
    public static final String ANSWER_SUFFIX = ".transfer-answer";
    /** A record id as the replication envelope takes it. */
    static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TrustList trustList;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog auditLog;

    @Inject
    @Any
    Instance<TransferableRecords> transferable;

    private final Map<String, TransferableRecords> byType = new HashMap<>();

    @PostConstruct
    void index() {
        for (TransferableRecords records : transferable) {
            if (byType.put(records.recordType(), records) != null) {
                throw new IllegalStateException("two TransferableRecords for record type " + records.recordType());
            }
        }
    }

    public static String offerType(String recordType) {
        return recordType + OFFER_SUFFIX;
    }

    public static String answerType(String recordType) {
        return recordType + ANSWER_SUFFIX;
    }

    /** The record types this service lets jurisdictions hand to each other. */
    public Set<String> transferableTypes() {
        return new TreeSet<>(byType.keySet());
    }

    /** Offer our record to a partner in its distribution; the record is frozen until the offer is answered or withdrawn. */
    @Transactional
    public TransferView offer(String actor, String recordType, String recordId, String to, String reason) {
        TransferableRecords records = records(recordType);
        if (recordId == null || !RECORD_ID.matcher(recordId).matches()) {
            throw new InvalidProblem("recordId must have 1 to 64 characters of A-Z, a-z, 0-9 and . _ : @ -");
        }
        if (to == null || !DivisionCodes.isValid(to)) {
            throw new InvalidProblem("to is not a GB/T 2260 code");
        }
        String self = trustList.selfCode();
        TransferableRecords.Owned owned = records.lockOwned(recordId)
                .orElseThrow(() -> new NotFoundProblem("this jurisdiction owns no " + recordType + " " + recordId));
        boolean closed = false;
        boolean open = false;
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT bool_or(closed_at IS NOT NULL), bool_or(state = 'OFFERED' AND decision IS NULL)
                        FROM federation.transfer_offer WHERE origin = ? AND record_type = ? AND record_id = ?""")) {
            select.setString(1, self);
            select.setString(2, recordType);
            select.setString(3, recordId);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    closed = rs.getBoolean(1);
                    open = rs.getBoolean(2);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer offers", e);
        }
        // a partner the agreement lets receive this type from this service: else the offer would never reach it
        boolean partner = trustList.isPartner(to)
                && !trustList.destinations(offerType(recordType), Set.of(to)).isEmpty();
        OfferRules.Refusal refusal = OfferRules.offer(self, to, partner, owned.distribution(), closed, open);
        refuse(refusal);
        UUID offerId = RecordIds.create(self);
        Set<String> distribution = new TreeSet<>(owned.distribution());
        distribution.add(self);
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO federation.transfer_offer (origin, offer_id, offer_version, record_type, record_id,
                            version_offered, addressee, distribution, reason, state, offered_by)
                        VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, 'OFFERED', ?)""")) {
            insert.setString(1, self);
            insert.setObject(2, offerId);
            insert.setString(3, recordType);
            insert.setString(4, recordId);
            insert.setLong(5, owned.version());
            insert.setString(6, to);
            insert.setArray(7, c.createArrayOf("varchar", distribution.toArray()));
            insert.setString(8, reason);
            insert.setString(9, cut(actor));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a transfer offer", e);
        }
        outbox.publish(RecordChange.upsert(
                offerType(recordType),
                offerId.toString(),
                1,
                Set.of(self, to),
                TransferOffer.newBuilder()
                        .setRecordType(recordType)
                        .setRecordId(recordId)
                        .setVersionOffered(owned.version())
                        .setAddressee(to)
                        .setReason(reason)
                        .setState(OfferState.OFFERED)
                        .addAllDistribution(distribution)
                        .build()));
        auditLog.append(new AuditEntry(
                actor,
                self,
                "transfer.offered",
                recordType,
                recordId,
                "offer " + offerId + " to " + to + " at version " + owned.version()));
        return view(self, offerId).orElseThrow();
    }

    /** Take our open offer back; only while it is unanswered here. */
    @Transactional
    public TransferView withdraw(String actor, UUID offerId) {
        String self = trustList.selfCode();
        Row row = lock(self, offerId);
        refuse(OfferRules.withdraw(self, row.origin(), row.state(), row.decision()));
        long version = row.offerVersion() + 1;
        update(
                "UPDATE federation.transfer_offer SET state = 'WITHDRAWN', offer_version = ?, updated_at = now() "
                        + "WHERE origin = ? AND offer_id = ?",
                version,
                self,
                offerId);
        outbox.publish(RecordChange.upsert(
                offerType(row.recordType()),
                offerId.toString(),
                version,
                Set.of(self, row.addressee()),
                row.offer(OfferState.WITHDRAWN)));
        auditLog.append(new AuditEntry(
                actor,
                self,
                "transfer.withdrawn",
                row.recordType(),
                row.recordId(),
                "offer " + offerId + " to " + row.addressee()));
        return view(self, offerId).orElseThrow();
    }

    /**
     * Accept an offer made to us: create our record continuing the offered one (from our replica,
     * which must be at the offered version), and answer the owner, who then closes its record.
     */
    @Transactional
    public TransferView accept(String actor, String origin, UUID offerId, String reason) {
        String self = trustList.selfCode();
        Row row = lock(origin, offerId);
        refuse(OfferRules.answer(self, row.origin(), row.addressee(), row.state(), row.decision()));
        TransferableRecords records = records(row.recordType());
        long held = heldVersion(row.origin(), row.recordType(), row.recordId());
        if (held != row.versionOffered()) {
            throw new ConflictProblem("this jurisdiction holds version " + held + " of the offered record, not the "
                    + "offered version " + row.versionOffered() + " (not received yet); try again shortly");
        }
        Set<String> distribution = new TreeSet<>(row.distribution());
        distribution.add(row.origin());
        distribution.add(self);
        RecordRef predecessor = RecordRef.newBuilder()
                .setOrigin(row.origin())
                .setRecordId(row.recordId())
                .build();
        String successor = records.continueRecord(
                new TransferableRecords.Predecessor(predecessor, row.versionOffered(), Set.copyOf(distribution)));
        if (successor == null || !RECORD_ID.matcher(successor).matches()) {
            throw new IllegalStateException("the successor's id is not a record id");
        }
        answer(actor, row, OfferRules.ACCEPTED, successor, reason);
        auditLog.append(new AuditEntry(
                actor,
                self,
                "transfer.accepted",
                row.recordType(),
                successor,
                "offer " + offerId + " of " + origin + " for " + row.recordId() + "; continued as " + successor));
        return view(origin, offerId).orElseThrow();
    }

    /** Decline an offer made to us. */
    @Transactional
    public TransferView decline(String actor, String origin, UUID offerId, String reason) {
        String self = trustList.selfCode();
        Row row = lock(origin, offerId);
        refuse(OfferRules.answer(self, row.origin(), row.addressee(), row.state(), row.decision()));
        answer(actor, row, OfferRules.DECLINED, null, reason);
        auditLog.append(new AuditEntry(
                actor,
                self,
                "transfer.declined",
                row.recordType(),
                row.recordId(),
                "offer " + offerId + " of " + origin));
        return view(origin, offerId).orElseThrow();
    }

    private void answer(String actor, Row row, String decision, String successor, String reason) {
        String self = trustList.selfCode();
        update(
                "UPDATE federation.transfer_offer SET decision = ?, successor_id = ?, answer_reason = ?, answered_at = now(), "
                        + "answered_by = ?, updated_at = now() WHERE origin = ? AND offer_id = ?",
                decision,
                successor,
                reason,
                cut(actor),
                row.origin(),
                row.offerId());
        TransferAnswer.Builder answer = TransferAnswer.newBuilder()
                .setDecision(OfferRules.ACCEPTED.equals(decision) ? Decision.ACCEPTED : Decision.DECLINED)
                .setReason(reason == null ? "" : reason);
        if (successor != null) {
            answer.setSuccessorId(successor);
        }
        // one answer per offer: its id is the offer's
        outbox.publish(RecordChange.upsert(
                answerType(row.recordType()), row.offerId().toString(), 1, Set.of(self, row.origin()), answer.build()));
    }

    /** Offers made here and to us, newest first. */
    @Transactional
    public List<TransferView> list(String actor, int limit) {
        List<TransferView> views = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement(VIEW + " ORDER BY o.created_at DESC, o.offer_id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    views.add(view(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer offers", e);
        }
        auditLog.append(
                new AuditEntry(actor, trustList.selfCode(), "transfer.read", null, null, views.size() + " offer(s)"));
        return views;
    }

    @Transactional
    public Optional<TransferView> get(String actor, String origin, UUID offerId) {
        Optional<TransferView> view = view(origin, offerId);
        view.ifPresent(v -> auditLog.append(new AuditEntry(
                actor,
                trustList.selfCode(),
                "transfer.read",
                v.recordType(),
                v.recordId(),
                "offer " + offerId + " of " + origin)));
        return view;
    }

    /**
     * For a service, before it changes a record it owns: refuses (409) while the record is under
     * an open offer (the addressee continues the offered version) and once it was handed over.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireChangeable(String recordType, String recordId) {
        String frozen = frozen(recordType, recordId);
        if (frozen != null) {
            throw new ConflictProblem(frozen);
        }
    }

    /**
     * As {@link #requireChangeable}, without throwing (for an applier, where a thrown problem would
     * mark the batch's transaction for rollback): whether the record may change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean changeable(String recordType, String recordId) {
        return frozen(recordType, recordId) == null;
    }

    /** Why our record may not change (offered, or handed over), or null. */
    private String frozen(String recordType, String recordId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT closed_at IS NOT NULL, addressee, successor_id FROM federation.transfer_offer
                        WHERE origin = ? AND record_type = ? AND record_id = ?
                          AND (closed_at IS NOT NULL OR (state = 'OFFERED' AND decision IS NULL))
                        ORDER BY closed_at IS NOT NULL DESC LIMIT 1""")) {
            select.setString(1, trustList.selfCode());
            select.setString(2, recordType);
            select.setString(3, recordId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return rs.getBoolean(1)
                        ? "the record was handed to " + rs.getString(2) + ", which continues it as " + rs.getString(3)
                                + ": it is read-only here"
                        : "the record is offered to " + rs.getString(2) + "; withdraw the offer to change it";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer offers", e);
        }
    }

    /**
     * The record that continues this one as known here (ours: the offer that closed it; a
     * partner's: what its final event named), unaudited: for a service's own checks.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RecordRef> successor(String recordType, String origin, String recordId) {
        try (Connection c = dataSource.getConnection()) {
            return Optional.ofNullable(successorOf(c, recordType, origin, recordId));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer links", e);
        }
    }

    /** The offers made of our record, oldest first (ids only: a service shows them through {@link #get}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> offersOf(String recordType, String recordId) {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT offer_id FROM federation.transfer_offer
                        WHERE origin = ? AND record_type = ? AND record_id = ? ORDER BY created_at, offer_id""")) {
            select.setString(1, trustList.selfCode());
            select.setString(2, recordType);
            select.setString(3, recordId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer offers", e);
        }
        return ids;
    }

    /**
     * For {@link TransferableRecords#continueRecord}: the open offer of the partner's record to us
     * that is being accepted (the handshake holds its row locked).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<TransferView> openOfferTo(String origin, String recordType, String recordId) {
        return single("""
                WHERE o.origin = ? AND o.record_type = ? AND o.record_id = ? AND o.addressee = ?
                  AND o.state = 'OFFERED' AND o.decision IS NULL""", origin, recordType, recordId, trustList.selfCode());
    }

    /**
     * For {@link TransferableRecords#close}: our offer of our record that the addressee accepted,
     * not closed yet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<TransferView> acceptedOfferFrom(String recordType, String recordId, String addressee) {
        return single("""
                WHERE o.origin = ? AND o.record_type = ? AND o.record_id = ? AND o.addressee = ?
                  AND o.decision = 'ACCEPTED' AND o.closed_at IS NULL""", trustList.selfCode(), recordType, recordId, addressee);
    }

    private Optional<TransferView> single(String where, String... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement(VIEW + " " + where + " ORDER BY o.created_at DESC LIMIT 1")) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer offers", e);
        }
    }

    /** The record's successor and predecessor as known here, each confirmed when both records name each other. */
    @Transactional
    public RecordLinks links(String actor, String recordType, String origin, String recordId) {
        return links(actor, trustList.selfCode(), recordType, origin, recordId);
    }

    /** The same, read by a user of {@code actorJurisdiction} (a partner's, through a service's own endpoint). */
    @Transactional
    public RecordLinks links(
            String actor, String actorJurisdiction, String recordType, String origin, String recordId) {
        RecordLinks links;
        try (Connection c = dataSource.getConnection()) {
            RecordRef successor = successorOf(c, recordType, origin, recordId);
            RecordRef predecessor = predecessorOf(c, recordType, origin, recordId);
            RecordLinks.Link next = null;
            if (successor != null) {
                RecordRef back = predecessorOf(c, recordType, successor.getOrigin(), successor.getRecordId());
                next = new RecordLinks.Link(
                        successor.getOrigin(), successor.getRecordId(), names(back, origin, recordId));
            }
            RecordLinks.Link previous = null;
            if (predecessor != null) {
                RecordRef forward = successorOf(c, recordType, predecessor.getOrigin(), predecessor.getRecordId());
                previous = new RecordLinks.Link(
                        predecessor.getOrigin(), predecessor.getRecordId(), names(forward, origin, recordId));
            }
            links = new RecordLinks(origin, recordType, recordId, next, previous);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer links", e);
        }
        auditLog.append(
                new AuditEntry(actor, actorJurisdiction, "transfer.links.read", recordType, recordId, "of " + origin));
        return links;
    }

    private static boolean names(RecordRef ref, String origin, String recordId) {
        return ref != null
                && ref.getOrigin().equals(origin)
                && ref.getRecordId().equals(recordId);
    }

    /** Ours: the offer that closed it; a partner's: what its final event named. */
    private RecordRef successorOf(Connection c, String recordType, String origin, String recordId) throws SQLException {
        String sql = origin.equals(trustList.selfCode()) ? """
                        SELECT addressee, successor_id FROM federation.transfer_offer
                        WHERE origin = ? AND record_type = ? AND record_id = ? AND closed_at IS NOT NULL""" : """
                        SELECT successor_origin, successor_id FROM federation.replica_state
                        WHERE origin = ? AND record_type = ? AND record_id = ? AND successor_id IS NOT NULL""";
        return ref(c, sql, origin, recordType, recordId);
    }

    /** Ours: the offer we accepted with it; a partner's: what its events name. */
    private RecordRef predecessorOf(Connection c, String recordType, String origin, String recordId)
            throws SQLException {
        if (origin.equals(trustList.selfCode())) {
            return ref(c, """
                    SELECT origin, record_id FROM federation.transfer_offer
                    WHERE addressee = ? AND record_type = ? AND successor_id = ? AND decision = 'ACCEPTED'""", origin, recordType, recordId);
        }
        return ref(c, """
                SELECT predecessor_origin, predecessor_id FROM federation.replica_state
                WHERE origin = ? AND record_type = ? AND record_id = ? AND predecessor_id IS NOT NULL""", origin, recordType, recordId);
    }

    private static RecordRef ref(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? RecordRef.newBuilder()
                                .setOrigin(rs.getString(1))
                                .setRecordId(rs.getString(2))
                                .build()
                        : null;
            }
        }
    }

    // --- the inbox's side (TransferAppliers), in its transaction

    /**
     * Why we will never take this offer state from its origin, or null: another offer of the
     * same record is open here (an owner offers a record once at a time), or an offer we hold as
     * withdrawn would open again (a withdrawal is final).
     */
    String offerStateRefusal(String origin, String offerId, TransferOffer offer) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT offer_id = ?, state FROM federation.transfer_offer
                        WHERE origin = ? AND record_type = ? AND record_id = ?
                          AND (offer_id = ? OR (state = 'OFFERED' AND decision IS NULL))""")) {
            UUID id = UUID.fromString(offerId);
            select.setObject(1, id);
            select.setString(2, origin);
            select.setString(3, offer.getRecordType());
            select.setString(4, offer.getRecordId());
            select.setObject(5, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    boolean same = rs.getBoolean(1);
                    if (!same && offer.getState() == OfferState.OFFERED) {
                        return "another offer of this record is open here";
                    }
                    if (same
                            && OfferRules.WITHDRAWN.equals(rs.getString(2))
                            && offer.getState() == OfferState.OFFERED) {
                        return "a withdrawn offer does not open again";
                    }
                }
                return null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read transfer offers", e);
        }
    }

    /** A partner's offer to us, or its withdrawal: kept as the owner states it; our answer, if any, stays. */
    void takeOffer(String origin, String offerId, long offerVersion, TransferOffer offer) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO federation.transfer_offer (origin, offer_id, offer_version, record_type, record_id,
                            version_offered, addressee, distribution, reason, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (origin, offer_id) DO UPDATE
                            SET offer_version = EXCLUDED.offer_version, state = EXCLUDED.state, updated_at = now()
                            WHERE federation.transfer_offer.offer_version < EXCLUDED.offer_version""")) {
            upsert.setString(1, origin);
            upsert.setObject(2, UUID.fromString(offerId));
            upsert.setLong(3, offerVersion);
            upsert.setString(4, offer.getRecordType());
            upsert.setString(5, offer.getRecordId());
            upsert.setLong(6, offer.getVersionOffered());
            upsert.setString(7, offer.getAddressee());
            upsert.setArray(
                    8, c.createArrayOf("varchar", offer.getDistributionList().toArray()));
            upsert.setString(9, offer.getReason());
            upsert.setString(10, offer.getState() == OfferState.WITHDRAWN ? OfferRules.WITHDRAWN : OfferRules.OFFERED);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a partner's transfer offer", e);
        }
    }

    /** Why this answer from the sender is not one we take (refused for good), or null. */
    String answerRefusal(String sender, String recordType, String offerId, TransferAnswer answer) {
        Row row;
        try {
            row = find(trustList.selfCode(), UUID.fromString(offerId), false).orElse(null);
        } catch (IllegalArgumentException e) {
            return "an answer's id is the offer's id (a UUID)";
        }
        if (row == null || !row.recordType().equals(recordType)) {
            return "this jurisdiction made no such offer";
        }
        if (!answer.getSuccessorId().isEmpty()
                && !RECORD_ID.matcher(answer.getSuccessorId()).matches()) {
            return "successor_id is not a record id";
        }
        String reasonProblem = PayloadProblems.textProblem(answer.getReason(), OfferRules.MAX_REASON, false, true);
        if (reasonProblem != null) {
            return "reason " + reasonProblem;
        }
        return OfferRules.answerFrom(
                sender, row.addressee(), row.decision(), row.successorId(), decision(answer), answer.getSuccessorId());
    }

    /** The addressee answered our offer: recorded; an acceptance of an open offer closes our record. */
    void takeAnswer(String sender, String offerId, TransferAnswer answer) {
        String self = trustList.selfCode();
        Row row = lock(self, UUID.fromString(offerId));
        if (row.decision() != null) {
            return; // the same answer again (the check refused any other)
        }
        String decision = decision(answer);
        String successor = answer.getSuccessorId().isEmpty() ? null : answer.getSuccessorId();
        update(
                "UPDATE federation.transfer_offer SET decision = ?, successor_id = ?, answer_reason = ?, answered_at = now(), "
                        + "updated_at = now() WHERE origin = ? AND offer_id = ?",
                decision,
                successor,
                answer.getReason(),
                self,
                row.offerId());
        String actor = "peer:" + sender;
        if (OfferRules.closes(row.state(), decision)) {
            RecordRef next = RecordRef.newBuilder()
                    .setOrigin(sender)
                    .setRecordId(successor)
                    .build();
            records(row.recordType()).close(row.recordId(), next);
            update(
                    "UPDATE federation.transfer_offer SET closed_at = now() WHERE origin = ? AND offer_id = ?",
                    self,
                    row.offerId());
            auditLog.append(new AuditEntry(
                    actor,
                    sender,
                    "transfer.closed",
                    row.recordType(),
                    row.recordId(),
                    "offer " + offerId + " accepted; continued by " + sender + " as " + successor));
        } else {
            auditLog.append(new AuditEntry(
                    actor,
                    sender,
                    "transfer.answered",
                    row.recordType(),
                    row.recordId(),
                    "offer " + offerId + " " + decision
                            + (OfferRules.ACCEPTED.equals(decision)
                                    ? " after it was withdrawn: the record stays here; " + successor
                                            + " is not its successor"
                                    : "")));
        }
    }

    private static String decision(TransferAnswer answer) {
        return switch (answer.getDecision()) {
            case ACCEPTED -> OfferRules.ACCEPTED;
            case DECLINED -> OfferRules.DECLINED;
            default -> null;
        };
    }

    // --- rows

    private TransferableRecords records(String recordType) {
        TransferableRecords records = recordType == null ? null : byType.get(recordType);
        if (records == null) {
            throw new InvalidProblem(
                    "records of this type are not transferable here; transferable: " + transferableTypes());
        }
        return records;
    }

    private static void refuse(OfferRules.Refusal refusal) {
        if (refusal == null) {
            return;
        }
        if (refusal.kind() == OfferRules.Kind.INVALID) {
            throw new InvalidProblem(refusal.reason());
        }
        throw new ConflictProblem(refusal.reason());
    }

    private long heldVersion(String origin, String recordType, String recordId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT version, deleted, successor_id IS NOT NULL FROM federation.replica_state
                        WHERE origin = ? AND record_type = ? AND record_id = ?""")) {
            select.setString(1, origin);
            select.setString(2, recordType);
            select.setString(3, recordId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                if (rs.getBoolean(2) || rs.getBoolean(3)) {
                    throw new ConflictProblem("the offered record was deleted or handed over since");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read replica state", e);
        }
    }

    private Row lock(String origin, UUID offerId) {
        return find(origin, offerId, true)
                .orElseThrow(() -> new NotFoundProblem("no offer " + offerId + " of " + origin + " here"));
    }

    private Optional<Row> find(String origin, UUID offerId, boolean forUpdate) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT origin, offer_id, offer_version, record_type, record_id, version_offered, addressee,
                               distribution, reason, state, decision, successor_id
                        FROM federation.transfer_offer WHERE origin = ? AND offer_id = ?""" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, origin);
            select.setObject(2, offerId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(
                        rs.getString(1),
                        rs.getObject(2, UUID.class),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getString(7),
                        List.of((String[]) rs.getArray(8).getArray()),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read a transfer offer", e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update a transfer offer", e);
        }
    }

    private static final String VIEW = """
            SELECT o.origin, o.offer_id, o.record_type, o.record_id, o.version_offered, o.addressee, o.distribution,
                   o.reason, o.state, o.decision, o.successor_id, o.answer_reason, o.created_at, o.answered_at,
                   o.closed_at IS NOT NULL
                   OR (r.successor_origin = o.addressee AND r.successor_id = o.successor_id)
            FROM federation.transfer_offer o
            LEFT JOIN federation.replica_state r
              ON r.origin = o.origin AND r.record_type = o.record_type AND r.record_id = o.record_id""";

    private Optional<TransferView> view(String origin, UUID offerId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(VIEW + " WHERE o.origin = ? AND o.offer_id = ?")) {
            select.setString(1, origin);
            select.setObject(2, offerId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read a transfer offer", e);
        }
    }

    private static TransferView view(ResultSet rs) throws SQLException {
        Timestamp answered = rs.getTimestamp(14);
        return new TransferView(
                rs.getString(1),
                rs.getObject(2, UUID.class).toString(),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                Arrays.asList((String[]) rs.getArray(7).getArray()),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getTimestamp(13).toInstant(),
                answered == null ? null : answered.toInstant(),
                rs.getBoolean(15));
    }

    private static String cut(String actor) {
        return actor == null || actor.length() <= 200 ? actor : actor.substring(0, 200);
    }

    private record Row(
            String origin,
            UUID offerId,
            long offerVersion,
            String recordType,
            String recordId,
            long versionOffered,
            String addressee,
            List<String> distribution,
            String reason,
            String state,
            String decision,
            String successorId) {

        TransferOffer offer(OfferState state) {
            return TransferOffer.newBuilder()
                    .setRecordType(recordType)
                    .setRecordId(recordId)
                    .setVersionOffered(versionOffered)
                    .setAddressee(addressee)
                    .setReason(reason)
                    .setState(state)
                    .addAllDistribution(distribution)
                    .build();
        }
    }
}
