package org.borderpolice.cases.service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
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

import org.borderpolice.cases.CaseDraft;
import org.borderpolice.cases.CaseReport;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.transfer.OfferRules;
import org.borderpolice.federation.transfer.TransferView;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;
import org.hibernate.Session;

/**
 * 接报: a report taken here for a matter in a partner's area (不问管辖权, 先受理后移交). It is filed as
 * our OPEN case with the competent jurisdiction invited, and offered to it through the
 * federation's ownership transfer in the same transaction: the competent jurisdiction accepts
 * (and continues it as a case of its own, under its own number, with us taking part) or declines
 * with a reason (and the case stays ours, to offer elsewhere or to handle).
 */
@ApplicationScoped
public class CaseReports {

    @Inject
    CaseService cases;

    @Inject
    CaseRepository repository;

    @Inject
    CaseTransfers caseTransfers;

    @Inject
    Transfers transfers;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    /** What a duty officer records beside the matter itself. */
    public record Taking(CaseDraft matter, Instant reportedAt, String competent, String reason) {}

    /** How far a report's reportedAt may lie ahead of our clock. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** A report and the case it was filed as, with the offer made of it. */
    public record Taken(CaseReport report, JointCase filed, TransferView offer) {}

    /** Take a report and offer it; with an idempotency key, a repeat returns the report taken first. */
    @Transactional
    public IdempotencyKeys.Created<Taken> take(BorderPrincipal caller, Taking taking, String idempotencyKey) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " take reports here");
        }
        if (!caller.hasAnyRole(CaseService.WRITERS)) {
            throw new ForbiddenProblem("taking reports needs role investigator or commander");
        }
        String problem = PayloadProblems.textProblem(taking.reason(), OfferRules.MAX_REASON, true, true);
        if (problem != null) {
            throw new InvalidProblem("reason " + problem);
        }
        // a report is taken before it is entered; a little clock skew between the officer's device and us is fine
        if (taking.reportedAt().isAfter(CaseTimes.now().plus(MAX_CLOCK_SKEW))) {
            throw new InvalidProblem("reportedAt: a report is not taken in the future");
        }
        if (taking.competent().equals(trustList.selfCode())) {
            throw new InvalidProblem("competent: a matter in our own area is filed as a case, not reported to us");
        }
        if (taking.matter().countyCode() == null || taking.matter().countyCode().isBlank()) {
            throw new InvalidProblem("countyCode: the place of a report (GB/T 2260) is required");
        }
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/case-reports",
                List.of(taking.matter(), String.valueOf(taking.reportedAt()), taking.competent(), taking.reason()),
                () -> takeNow(caller, taking),
                t -> t.filed().recordId(),
                id -> find(caller.subject(), UUID.fromString(id)).orElseThrow());
    }

    private Taken takeNow(BorderPrincipal caller, Taking taking) {
        CaseDraft m = taking.matter();
        Set<String> invited = new TreeSet<>(m.participants() == null ? Set.of() : m.participants());
        invited.add(taking.competent());
        CaseDraft draft = new CaseDraft(
                m.category(),
                m.title(),
                m.summary(),
                m.occurredAt(),
                m.township(),
                m.countyCode(),
                m.leadUnit(),
                m.lossAmount(),
                m.recoveredAmount(),
                m.subjects(),
                invited,
                m.linkedDispute());
        CaseService.Filed f = cases.file(caller, draft, true, null);
        if (f.linkedEarlier()) {
            // a report is a new matter: one escalated dispute has one case, and it is not offered from here
            throw new ConflictProblem("linkedDispute: case " + f.value().number + " names this dispute already");
        }
        JointCase filed = f.value();
        // the offer locks the case row (our SPI reads it back): it must be written first
        repository.flush();
        TransferView offer = transfers.offer(
                caller.subject(), CaseSharing.CASE_TYPE, filed.recordId(), taking.competent(), taking.reason());
        CaseReport report = new CaseReport(
                filed.id,
                taking.reportedAt(),
                taking.competent(),
                UUID.fromString(offer.offerId()),
                caller.subject(),
                caller.unit(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        repository.getEntityManager().unwrap(Session.class).doWork(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO case_report (case_id, reported_at, competent, offer_id, taken_by, taken_unit, taken_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, report.caseId());
                insert.setTimestamp(2, Timestamp.from(report.reportedAt()));
                insert.setString(3, report.competent());
                insert.setObject(4, report.offerId());
                insert.setString(5, report.takenBy());
                insert.setString(6, report.takenUnit());
                insert.setTimestamp(7, Timestamp.from(report.takenAt()));
                insert.executeUpdate();
            }
        });
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.report.taken",
                CaseSharing.CASE_TYPE,
                filed.recordId(),
                filed.number + " reported at " + report.reportedAt() + ", offered to " + report.competent() + " (offer "
                        + report.offerId() + ")"));
        return new Taken(report, filed, offer);
    }

    /** A report taken here, with its case and the offer's state now. */
    private Optional<Taken> find(String actor, UUID caseId) {
        Optional<CaseReport> report = report(caseId);
        if (report.isEmpty()) {
            return Optional.empty();
        }
        JointCase filed = repository.held(caseId);
        TransferView offer = transfers
                .get(actor, trustList.selfCode(), report.get().offerId())
                .orElseThrow();
        return Optional.of(new Taken(report.get(), filed, offer));
    }

    /** Reports taken here, newest first; only our own users (who took them) see them. */
    @Transactional
    public List<Taken> list(BorderPrincipal caller, int limit) {
        requireOwnReader(caller);
        List<UUID> ids = repository.getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT case_id FROM case_report ORDER BY taken_at DESC, case_id DESC LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return out;
        });
        List<Taken> out = new ArrayList<>();
        for (UUID id : ids) {
            find(caller.subject(), id).ifPresent(out::add);
        }
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.report.list",
                CaseSharing.CASE_TYPE,
                null,
                "limit=" + limit + " returned=" + out.size() + ": "
                        + String.join(
                                " ", out.stream().map(t -> t.filed().recordId()).toList())));
        return out;
    }

    /** One report taken here; 404 for anyone else's users and for a case that is no report (audited too). */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Taken get(BorderPrincipal caller, UUID caseId) {
        requireOwnReader(caller);
        Optional<Taken> taken = find(caller.subject(), caseId);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.report.read",
                CaseSharing.CASE_TYPE,
                caseId.toString(),
                taken.map(t -> t.filed().number).orElse(CaseService.NOT_FOUND)));
        return taken.orElseThrow(() -> new NotFoundProblem("no report " + caseId + " taken here"));
    }

    private Optional<CaseReport> report(UUID caseId) {
        return repository.getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT case_id, reported_at, competent, offer_id, taken_by, taken_unit, taken_at
                    FROM case_report WHERE case_id = ?""")) {
                select.setObject(1, caseId);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CaseReport(
                            rs.getObject(1, UUID.class),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getObject(4, UUID.class),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getTimestamp(7).toInstant()));
                }
            }
        });
    }

    private void requireOwnReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(CaseService.READERS)) {
            throw new ForbiddenProblem("reading reports needs role investigator, analyst or commander");
        }
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("reports taken here are read by users of " + trustList.selfCode());
        }
    }
}
