package org.borderpolice.cases.service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.config.CasesConfig;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.transfer.TransferView;
import org.borderpolice.federation.transfer.TransferableRecords;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;
import org.hibernate.Session;

/**
 * Joint cases may be handed to the competent jurisdiction (先受理后移交): the case-exchange side of
 * the federation's ownership transfer (docs/ownership-transfer.md). The accepting jurisdiction
 * files a case of its own under its own number (移送后重新受理) that continues ours, with our
 * participants and us as accepted participants (so we keep reading it and see its outcome); our
 * case gets one last version naming it and stays here read-only, with its timeline.
 */
@ApplicationScoped
public class CaseTransfers implements TransferableRecords {

    /** The system's name on the timeline and in created_by for what the handshake does. */
    static final String TRANSFER_ACTOR = "transfer";

    @Inject
    CaseRepository cases;

    @Inject
    CaseSharing sharing;

    @Inject
    TrustList trustList;

    @Inject
    CasesConfig config;

    @Inject
    Transfers transfers;

    /** What a case's events name: the case it continues and the one that continues it (null: none). */
    public record Links(RecordRef predecessor, RecordRef successor) {}

    @Override
    public String recordType() {
        return CaseSharing.CASE_TYPE;
    }

    @Override
    public Optional<Owned> lockOwned(String recordId) {
        UUID id = uuid(recordId);
        if (id == null) {
            return Optional.empty();
        }
        JointCase c = cases.lockOwn(id, trustList.selfCode());
        // a draft is ours alone: it has no distribution, so the offer is refused (409) as for any
        // addressee that does not hold the record
        return c == null ? Optional.empty() : Optional.of(new Owned(c.version, c.sharedWith()));
    }

    /**
     * Our case continuing the partner's: its content from our replica at the offered version, a
     * case number of ours, the same status; the partner's participants keep their state, the
     * partner itself takes part as accepted.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public String continueRecord(Predecessor predecessor) {
        String self = trustList.selfCode();
        String from = predecessor.ref().getOrigin();
        UUID fromId = uuid(predecessor.ref().getRecordId());
        JointCase offered = fromId == null ? null : cases.held(fromId);
        if (offered == null || !offered.origin.equals(from) || offered.version != predecessor.version()) {
            throw new ConflictProblem(
                    "this jurisdiction holds no copy of the offered case at the offered version; try again shortly");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int year = now.atZone(config.numberTimeZone()).getYear();
        int sequence = cases.nextNumber(self, year)
                .orElseThrow(() -> new LimitReachedProblem("the case numbers of " + year + " are used up"));
        JointCase c = new JointCase();
        c.id = JointCase.newId(self);
        c.origin = self;
        c.number = new RecordNumber(self, year, sequence).toString();
        c.category = offered.category;
        // a partner's draft never reaches us; should one, it is taken up as an open case
        c.status = offered.status == CaseStatus.DRAFT ? CaseStatus.OPEN : offered.status;
        c.title = offered.title;
        c.summary = offered.summary;
        c.occurredAt = offered.occurredAt;
        c.township = offered.township;
        c.countyCode = offered.countyCode;
        c.leadUnit = offered.leadUnit;
        c.lossAmount = offered.lossAmount;
        c.recoveredAmount = offered.recoveredAmount;
        for (CaseSubject s : offered.subjects) {
            c.subjects.add(new CaseSubject(s.kind, s.value, s.label, s.role));
        }
        c.version = 1;
        c.createdAt = now;
        c.createdBy = TRANSFER_ACTOR;
        c.updatedAt = now;
        c.statusChangedAt = now;
        c.solvedAt = offered.solvedAt;
        c.closedAt = offered.closedAt;
        c.index();
        cases.persist(c);
        // who shares our new case is what we know of the offered one (its invited and accepted
        // participants, and the offerer), never the offer's word: a code the offerer lists beyond
        // that would get our investigation without ever having taken part
        Set<String> partners = new TreeSet<>(offered.sharedWith());
        partners.add(from);
        partners.remove(self);
        for (String partner : partners) {
            CaseParticipant before = offered.participant(partner);
            CaseParticipant p = new CaseParticipant();
            p.caseId = c.id;
            p.jurisdiction = partner;
            boolean accepted = partner.equals(from) || (before != null && before.state == ParticipantState.ACCEPTED);
            p.state = accepted ? ParticipantState.ACCEPTED : ParticipantState.INVITED;
            p.invitedAt = now;
            p.invitedBy = TRANSFER_ACTOR;
            if (accepted) {
                p.answeredAt = before != null && before.answeredAt != null ? before.answeredAt : now;
                p.answeredBy = partner.equals(from) ? TRANSFER_ACTOR : before.answeredBy;
                p.answerUnit = before == null ? null : before.answerUnit;
            }
            p.persist();
            c.participants.add(p);
        }
        Offer offer = openOfferTo(from, fromId);
        insertTransfer(from, offer.id(), fromId, self, c.recordId(), offer.offeredAt(), now, null);
        TimelineEntry created = sharing.entry(
                c,
                EntryKind.CREATED,
                self,
                TRANSFER_ACTOR,
                null,
                c.number + " " + c.title + "（移交接收：接续 " + from + " 的案件 " + offered.number + "）");
        created.statusTo = c.status;
        cases.flush();
        sharing.share(c, Set.of(), List.of(created));
        return c.recordId();
    }

    /** Our offer was accepted: the last version of our case names its successor; read-only from now on. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void close(String recordId, RecordRef successor) {
        String self = trustList.selfCode();
        UUID id = UUID.fromString(recordId);
        JointCase c = cases.lockOwn(id, self);
        if (c == null) {
            throw new IllegalStateException("closing a case we do not own: " + recordId);
        }
        Offer offer = openOfferFrom(self, id, successor.getOrigin());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        insertTransfer(
                self,
                offer.id(),
                id,
                successor.getOrigin(),
                successor.getRecordId(),
                offer.offeredAt(),
                now,
                reportedAt(id));
        Set<String> before = c.sharedWith();
        c.version++;
        c.updatedAt = now;
        TimelineEntry entry = sharing.entry(
                c,
                EntryKind.EDITED,
                self,
                TRANSFER_ACTOR,
                null,
                "已移交 " + successor.getOrigin() + "，由其案件 " + successor.getRecordId() + " 接续 (handed over)");
        sharing.share(c, before, List.of(entry));
        acceptSuccessor(c, successor, now);
    }

    /**
     * The successor may have reached us before this answer and left us invited there (a link is
     * confirmed only once the offer is closed with it): we take part in it as its owner wrote
     * (continueRecord).
     */
    private void acceptSuccessor(JointCase handedOver, RecordRef successor, Instant now) {
        acceptOnSuccessor(handedOver, successor, now, TRANSFER_ACTOR, null);
    }

    /**
     * Our acceptance carried over to the partner's case {@code next} once its link to
     * {@code before} is confirmed (our offer closed with it, or the closing event of a partner's
     * case we accepted): if we hold it, it named {@code before} as its predecessor, and we are
     * invited there and have not answered since.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acceptOnSuccessor(
            JointCase before, RecordRef next, Instant answeredAt, String answeredBy, String unit) {
        UUID nextId;
        try {
            nextId = UUID.fromString(next.getRecordId());
        } catch (IllegalArgumentException e) {
            return; // no case can have that id
        }
        JointCase after = cases.lockHeld(nextId);
        if (after == null || !after.origin.equals(next.getOrigin())) {
            return;
        }
        CaseParticipant row = after.participant(trustList.selfCode());
        if (row == null || !unanswered(row) || !namesPredecessor(after, before)) {
            return;
        }
        row.state = ParticipantState.ACCEPTED;
        row.answeredAt = answeredAt;
        row.answeredBy = answeredBy;
        row.answerUnit = unit;
    }

    /** Our row as the origin's claim left it: invited, never answered by us. */
    static boolean unanswered(CaseParticipant row) {
        return row.state == ParticipantState.INVITED && row.answerVersion == 0 && row.answeredAt == null;
    }

    /** The links our case's events carry: what it continues, and what continues it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Links links(JointCase c) {
        String self = trustList.selfCode();
        return cases.getEntityManager().unwrap(Session.class).doReturningWork(conn -> {
            RecordRef predecessor = null;
            RecordRef successor = null;
            try (PreparedStatement select = conn.prepareStatement("""
                    SELECT offer_origin, case_id, addressee, successor_id FROM case_transfer
                    WHERE (addressee = ? AND successor_id = ?) OR (offer_origin = ? AND case_id = ?)""")) {
                select.setString(1, self);
                select.setString(2, c.recordId());
                select.setString(3, self);
                select.setObject(4, c.id);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(3).equals(self)) {
                            predecessor = ref(rs.getString(1), rs.getString(2));
                        } else {
                            successor = ref(rs.getString(3), rs.getString(4));
                        }
                    }
                }
            }
            return new Links(predecessor, successor);
        });
    }

    /**
     * Whether our case was handed over to the addressee's case {@code successorId} (our offer
     * closed with it): what makes a partner's case that names ours as its predecessor really
     * continue it. An offer still open confirms nothing: its addressee could name it from any
     * number of cases; a successor that comes before the answer is accepted when the answer
     * closes the offer ({@link #close}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean handedOverTo(UUID caseId, String addressee, String successorId) {
        return cases.getEntityManager().unwrap(Session.class).doReturningWork(conn -> {
            try (PreparedStatement select = conn.prepareStatement("""
                    SELECT 1 FROM federation.transfer_offer
                    WHERE origin = ? AND record_type = ? AND record_id = ? AND addressee = ?
                      AND closed_at IS NOT NULL AND successor_id = ?""")) {
                select.setString(1, trustList.selfCode());
                select.setString(2, CaseSharing.CASE_TYPE);
                select.setString(3, caseId.toString());
                select.setString(4, addressee);
                select.setString(5, successorId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Whether the partner's case {@code after} named {@code before} as its predecessor when it reached us. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean namesPredecessor(JointCase after, JointCase before) {
        return cases.getEntityManager().unwrap(Session.class).doReturningWork(conn -> {
            try (PreparedStatement select = conn.prepareStatement("""
                    SELECT 1 FROM federation.replica_state
                    WHERE origin = ? AND record_type = ? AND record_id = ?
                      AND predecessor_origin = ? AND predecessor_id = ?""")) {
                select.setString(1, after.origin);
                select.setString(2, CaseSharing.CASE_TYPE);
                select.setString(3, after.recordId());
                select.setString(4, before.origin);
                select.setString(5, before.recordId());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** An accepted transfer of a case, as one end of it holds it. */
    public record Accepted(
            String offerOrigin,
            UUID offerId,
            UUID caseId,
            String addressee,
            String successorId,
            Instant offeredAt,
            Instant acceptedAt,
            Instant reportedAt) {}

    /** The accepted transfers held here that the case (ours or a partner's) is one end of. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Accepted> acceptedOf(UUID caseId) {
        return cases.getEntityManager().unwrap(Session.class).doReturningWork(conn -> {
            List<Accepted> out = new ArrayList<>();
            try (PreparedStatement select = conn.prepareStatement("""
                    SELECT offer_origin, offer_id, case_id, addressee, successor_id, offered_at, accepted_at, reported_at
                    FROM case_transfer WHERE case_id = ? OR successor_id = ? ORDER BY accepted_at""")) {
                select.setObject(1, caseId);
                select.setString(2, caseId.toString());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Timestamp reported = rs.getTimestamp(8);
                        out.add(new Accepted(
                                rs.getString(1),
                                rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getTimestamp(6).toInstant(),
                                rs.getTimestamp(7).toInstant(),
                                reported == null ? null : reported.toInstant()));
                    }
                }
            }
            return out;
        });
    }

    private record Offer(UUID id, Instant offeredAt) {}

    /** The open offer of a partner's case to us that is being accepted (locked by the handshake). */
    private Offer openOfferTo(String origin, UUID caseId) {
        return transfers
                .openOfferTo(origin, CaseSharing.CASE_TYPE, caseId.toString())
                .map(CaseTransfers::offer)
                .orElseThrow(() -> noOffer(origin, caseId, trustList.selfCode()));
    }

    /** Our offer of our case that the addressee accepted (answer recorded, not closed yet). */
    private Offer openOfferFrom(String self, UUID caseId, String addressee) {
        return transfers
                .acceptedOfferFrom(CaseSharing.CASE_TYPE, caseId.toString(), addressee)
                .map(CaseTransfers::offer)
                .orElseThrow(() -> noOffer(self, caseId, addressee));
    }

    private static Offer offer(TransferView view) {
        return new Offer(UUID.fromString(view.offerId()), view.createdAt());
    }

    private static IllegalStateException noOffer(String origin, UUID caseId, String addressee) {
        return new IllegalStateException("no transfer offer of case " + caseId + " of " + origin + " to " + addressee
                + " in the state the handshake left it");
    }

    private Instant reportedAt(UUID caseId) {
        return cases.getEntityManager().unwrap(Session.class).doReturningWork(conn -> {
            try (PreparedStatement select =
                    conn.prepareStatement("SELECT reported_at FROM case_report WHERE case_id = ?")) {
                select.setObject(1, caseId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getTimestamp(1).toInstant() : null;
                }
            }
        });
    }

    private void insertTransfer(
            String offerOrigin,
            UUID offerId,
            UUID caseId,
            String addressee,
            String successorId,
            Instant offeredAt,
            Instant acceptedAt,
            Instant reportedAt) {
        cases.getEntityManager().unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement insert = conn.prepareStatement("""
                    INSERT INTO case_transfer (offer_origin, offer_id, case_id, addressee, successor_id, offered_at,
                        accepted_at, reported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, offerOrigin);
                insert.setObject(2, offerId);
                insert.setObject(3, caseId);
                insert.setString(4, addressee);
                insert.setString(5, successorId);
                insert.setTimestamp(6, Timestamp.from(offeredAt));
                // the clocks of two jurisdictions: an acceptance is never earlier than its offer here
                insert.setTimestamp(7, Timestamp.from(acceptedAt.isBefore(offeredAt) ? offeredAt : acceptedAt));
                insert.setTimestamp(8, reportedAt == null ? null : Timestamp.from(reportedAt));
                insert.executeUpdate();
            }
        });
    }

    private static RecordRef ref(String origin, String id) {
        return RecordRef.newBuilder().setOrigin(origin).setRecordId(id).build();
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
