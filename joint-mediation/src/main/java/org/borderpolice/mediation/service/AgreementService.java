package org.borderpolice.mediation.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.AgreementRules.PlannedInstalment;
import org.borderpolice.mediation.AgreementSignature;
import org.borderpolice.mediation.AgreementStatus;
import org.borderpolice.mediation.AgreementText;
import org.borderpolice.mediation.ConfirmationStatus;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.FollowUpMethod;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.Instalment;
import org.borderpolice.mediation.InstalmentPayment;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.OverdueInstalment;
import org.borderpolice.mediation.RiskLevel;
import org.borderpolice.mediation.SignatureMethod;
import org.borderpolice.mediation.TeamMember;
import org.borderpolice.mediation.config.AgreementConfig;
import org.borderpolice.mediation.mapping.AgreementMessages;
import org.borderpolice.mediation.repository.AgreementRepository;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.MediatorRepository;
import org.borderpolice.mediation.repository.TeamRepository;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Mediation agreements (调解协议): written, printed and signed at the dispute's origin, paid by
 * instalments, confirmed by a court (司法确认), followed up (回访) by any jurisdiction involved.
 * The agreement is the origin's record ({@value #AGREEMENT_TYPE}), sent in full with every change
 * to the jurisdictions that hold the dispute; a partner's follow-up visit is its own record
 * ({@value #FOLLOW_UP_TYPE}), sent to the origin, which puts it into the agreement. Every read and
 * write is audited, a refused read as well.
 */
@ApplicationScoped
public class AgreementService {

    public static final String AGREEMENT_TYPE = "mediation.agreement";
    public static final String FOLLOW_UP_TYPE = "mediation.follow-up";

    /** Roles that read agreements of disputes their jurisdiction is involved in. */
    public static final String[] READERS = {
        BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER
    };
    /** Roles that write agreements (the origin's) and follow-up visits (any jurisdiction involved). */
    public static final String[] WRITERS = {BorderPrincipal.MEDIATOR, BorderPrincipal.COMMANDER};

    public static final int MAX_TERMS = 20_000;
    public static final int MAX_NAME = 100;
    public static final int MAX_MEDIATORS = 20;
    public static final int MAX_NOTE = 2000;

    static final String NOT_FOUND = "not found or not visible";

    @Inject
    DisputeRepository disputes;

    @Inject
    AgreementRepository agreements;

    @Inject
    RecordPublisher publisher;

    @Inject
    PartnerContributions contributions;

    @Inject
    TeamRepository teams;

    @Inject
    MediatorRepository mediatorDirectory;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    AgreementConfig config;

    @Inject
    IdempotencyKeys idempotency;

    @Inject
    DisputeChanges disputeChanges;

    @Inject
    DisputeSharing sharing;

    /** What a mediator writes: the terms, the money and when it is paid, who mediated. */
    public record AgreementDraft(
            String terms,
            BigDecimal totalAmount,
            LocalDate agreedOn,
            List<PlannedInstalment> instalments,
            List<String> mediators) {}

    /** A follow-up visit as reported. */
    public record FollowUpReport(
            LocalDate visitedOn, FollowUpMethod method, boolean satisfied, boolean recurred, String note) {}

    /** An overdue instalment listed for escalation, with how long it is overdue. */
    public record Escalation(OverdueInstalment instalment, long daysOverdue) {}

    // --- reading

    /** The agreement of a dispute the caller sees; 404 when there is none or it is not visible (audited). */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Agreement find(BorderPrincipal caller, UUID disputeId) {
        Agreement a = visibleAgreement(caller, disputeId, "agreement.read");
        audit(caller, "agreement.read", disputeId, "version " + a.version);
        return a;
    }

    /** The printed document of an agreement the caller sees (audited). */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public AgreementDocuments.Printed document(BorderPrincipal caller, UUID disputeId) {
        Agreement a = visibleAgreement(caller, disputeId, "agreement.document.read");
        audit(caller, "agreement.document.read", disputeId, "sha256 " + a.documentSha256);
        // the bytes are loaded lazily: read them inside the transaction
        return new AgreementDocuments.Printed(a.document, a.documentSha256);
    }

    /**
     * Overdue instalments of disputes the caller sees (民转刑 risk raised, to be escalated),
     * longest overdue first; audited.
     */
    @Transactional
    public List<Escalation> escalations(BorderPrincipal caller, int limit) {
        requireReader(caller);
        LocalDate today = AgreementRules.today();
        List<Escalation> list =
                agreements.overdueVisible(caller.jurisdiction(), today.minusDays(config.graceDays()), limit).stream()
                        .map(o -> new Escalation(o, ChronoUnit.DAYS.between(o.dueOn(), today)))
                        .toList();
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "agreement.escalations.read",
                AGREEMENT_TYPE,
                "-",
                // what was read: each dispute and instalment, as every list names its records
                "limit=" + limit + " returned=" + list.size() + ": "
                        + String.join(
                                " ",
                                list.stream()
                                        .map(e -> e.instalment().disputeId() + "#"
                                                + e.instalment().number())
                                        .toList())));
        return list;
    }

    // --- the origin's writes

    /**
     * Write or rewrite the draft of our dispute's agreement, and print it: the document and its
     * SHA-256 are what the parties then sign. Not once a party has signed.
     */
    @Transactional
    public Agreement draft(BorderPrincipal caller, UUID disputeId, AgreementDraft draft) {
        Dispute d = ownDispute(caller, disputeId, "draft agreements");
        if (d.parties.isEmpty()) {
            throw new ConflictProblem("dispute " + disputeId + " has no parties to sign an agreement");
        }
        String terms = text("terms", draft.terms(), MAX_TERMS, true, true);
        LocalDate agreedOn =
                storableDate("agreed_on", draft.agreedOn() == null ? AgreementRules.today() : draft.agreedOn());
        if (agreedOn.isAfter(AgreementRules.today())) {
            throw new InvalidProblem("agreed_on " + agreedOn + " is in the future");
        }
        BigDecimal total = AgreementRules.requireAmount("total_amount", draft.totalAmount(), false);
        List<PlannedInstalment> plan = AgreementRules.requireSchedule(total, draft.instalments(), agreedOn);
        List<String> mediators = new ArrayList<>();
        for (String m : draft.mediators() == null ? List.<String>of() : draft.mediators()) {
            mediators.add(text("mediators", m, MAX_NAME, true, false));
        }
        if (mediators.size() > MAX_MEDIATORS) {
            throw new InvalidProblem("mediators: at most " + MAX_MEDIATORS);
        }
        // the printed agreement names the dispute's joint team (联合调解团队) when it has one: the
        // mediators who mediated it, from the directory, not names typed into the draft
        List<String> team = teamMediators(d.id);
        if (!team.isEmpty()) {
            mediators = team;
        }
        if (mediators.isEmpty()) {
            mediators.add(caller.subject() + (caller.unit() == null ? "" : "（" + caller.unit() + "）"));
        }
        Agreement a = agreements.lockForDispute(disputeId);
        boolean created = a == null;
        if (created) {
            a = new Agreement();
            a.id = RecordIds.create(trustList.selfCode());
            a.disputeId = d.id;
            a.origin = d.origin;
            a.status = AgreementStatus.DRAFT;
            a.createdAt = now();
            a.createdBy = caller.subject();
            a.version = 0;
        } else {
            AgreementRules.requireChangeable(a.status, a.signatures.size());
        }
        a.terms = terms;
        a.totalAmount = total;
        a.agreedOn = agreedOn;
        AgreementDocuments.Printed printed = AgreementDocuments.print(new AgreementText(
                d.id.toString(),
                trustList.selfName(),
                d.place,
                d.parties.stream().map(AgreementService::printed).toList(),
                d.description,
                terms,
                total,
                plan,
                mediators,
                agreedOn));
        a.document = printed.pdf();
        a.documentSha256 = printed.sha256();
        a.updatedAt = now();
        a.version++;
        if (created) {
            a.persist();
        }
        List<Instalment> instalments = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Instalment in = new Instalment();
            in.number = i + 1;
            in.dueOn = storableDate("instalments.due_on", plan.get(i).dueOn());
            in.amount = plan.get(i).amount();
            instalments.add(in);
        }
        agreements.getEntityManager().flush();
        agreements.replaceChildren(a, instalments, List.of());
        a.followUps = new ArrayList<>();
        publish(a, d);
        audit(caller, created ? "agreement.draft" : "agreement.redraft", disputeId, "sha256 " + a.documentSha256);
        return a;
    }

    /**
     * Record a party's signature on the printed document; when every party has signed, the
     * agreement takes effect (the day of the last signature) and the dispute is AGREED.
     */
    @Transactional
    public Agreement sign(
            BorderPrincipal caller,
            UUID disputeId,
            Integer partyPosition,
            SignatureMethod method,
            Instant signedAt,
            String documentSha256) {
        Dispute d = ownDispute(caller, disputeId, "record signatures");
        Agreement a = lockedAgreement(d);
        if (method == null) {
            throw new InvalidProblem("method is required");
        }
        Instant at = signedAt == null ? now() : signedAt.truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(Instant.now())) {
            throw new InvalidProblem("signed_at " + at + " is in the future");
        }
        if (!StorableTime.Range.holds(at)) {
            // every partner refuses such a time, and with it every later version of the agreement
            throw new InvalidProblem("signed_at must lie between 1900-01-01 and 2199-12-31");
        }
        List<Integer> positions = d.parties.stream().map(p -> p.position).toList();
        AgreementRules.requireSignature(
                a.status, positions, a.signedPositions(), partyPosition, a.documentSha256, documentSha256);
        AgreementSignature s = new AgreementSignature();
        s.id = UUID.randomUUID();
        s.agreementId = a.id;
        s.partyPosition = partyPosition;
        s.method = method;
        s.signedAt = at;
        s.documentSha256 = a.documentSha256;
        s.recordedBy = caller.subject();
        s.persist();
        a.signatures.add(s);
        if (AgreementRules.allSigned(positions, a.signedPositions())) {
            a.status = AgreementStatus.SIGNED;
            a.effectiveOn = LocalDate.ofInstant(
                    a.signatures.stream()
                            .map(x -> x.signedAt)
                            .max(Instant::compareTo)
                            .orElseThrow(),
                    AgreementRules.ZONE);
            if (a.instalments.isEmpty()) {
                // nothing to pay by instalments: in force and fulfilled at once
                a.status = AgreementStatus.FULFILLED;
            }
            disputeChanges.agreed(d, a.status == AgreementStatus.FULFILLED);
        }
        touch(a);
        publish(a, d);
        audit(caller, "agreement.sign", disputeId, "party " + partyPosition + " " + method);
        return a;
    }

    /** A payment towards instalment {@code number}; the last one fulfils the agreement and resolves the dispute. */
    @Transactional
    public IdempotencyKeys.Created<Agreement> pay(
            BorderPrincipal caller,
            UUID disputeId,
            int number,
            BigDecimal amount,
            LocalDate paidOn,
            String idempotencyKey) {
        Dispute d = ownDispute(caller, disputeId, "record payments");
        Agreement a = lockedAgreement(d);
        record PaymentRequest(UUID dispute, int number, BigDecimal amount, LocalDate paidOn) {}
        return idempotency.once(
                caller,
                idempotencyKey,
                "agreement.pay",
                new PaymentRequest(disputeId, number, amount, paidOn),
                () -> {
                    Instalment i = a.instalment(number);
                    if (i == null) {
                        throw new NotFoundProblem("the agreement has no instalment " + number);
                    }
                    BigDecimal paid = AgreementRules.requirePayment(
                            a.status,
                            i.amount,
                            i.paid,
                            amount,
                            storableDate("paid_on", paidOn),
                            a.effectiveOn,
                            AgreementRules.today());
                    InstalmentPayment p = new InstalmentPayment();
                    p.id = UUID.randomUUID();
                    p.agreementId = a.id;
                    p.instalment = number;
                    p.amount = paid;
                    p.paidOn = paidOn;
                    p.recordedBy = caller.subject();
                    p.recordedAt = now();
                    p.persist();
                    i.payments.add(p);
                    i.paid = i.paid.add(paid);
                    if (a.allPaid()) {
                        a.status = AgreementStatus.FULFILLED;
                        disputeChanges.fulfilled(d);
                    }
                    touch(a);
                    publish(a, d);
                    audit(caller, "agreement.pay", disputeId, "instalment " + number + ": " + paid.toPlainString());
                    return a;
                },
                x -> x.id.toString(),
                id -> agreements.forDispute(disputeId));
    }

    /** 申请司法确认: the parties applied to a court, within 30 days of the agreement taking effect. */
    @Transactional
    public Agreement requestConfirmation(BorderPrincipal caller, UUID disputeId, String court, LocalDate requestedOn) {
        Dispute d = ownDispute(caller, disputeId, "record judicial confirmation");
        Agreement a = lockedAgreement(d);
        String courtName = text("court", court, MAX_NAME, true, false);
        LocalDate on = storableDate("requested_on", requestedOn == null ? AgreementRules.today() : requestedOn);
        AgreementRules.requireConfirmationRequest(a.status, a.confirmation, a.effectiveOn, on, AgreementRules.today());
        a.confirmation = ConfirmationStatus.REQUESTED;
        a.court = courtName;
        a.confirmationRequestedOn = on;
        touch(a);
        publish(a, d);
        audit(caller, "agreement.confirmation.request", disputeId, courtName);
        return a;
    }

    /** The court's decision: confirmed (确认有效) or rejected (驳回). */
    @Transactional
    public Agreement confirmationResult(
            BorderPrincipal caller, UUID disputeId, ConfirmationStatus result, LocalDate decidedOn, String reference) {
        Dispute d = ownDispute(caller, disputeId, "record judicial confirmation");
        Agreement a = lockedAgreement(d);
        String ref = text("reference", reference, MAX_NAME, false, false);
        AgreementRules.requireConfirmationResult(
                a.confirmation,
                result,
                a.confirmationRequestedOn,
                storableDate("decided_on", decidedOn),
                AgreementRules.today());
        a.confirmation = result;
        a.confirmationDecidedOn = decidedOn;
        a.confirmationReference = ref;
        touch(a);
        publish(a, d);
        audit(caller, "agreement.confirmation.result", disputeId, result + (ref == null ? "" : " " + ref));
        return a;
    }

    // --- follow-up visits: any jurisdiction involved

    /**
     * 回访: at the origin a visit of ours, put into the agreement; at a partner involved in the
     * dispute its own record, sent to the origin. A visit that finds the dispute flared up again
     * raises its risk of 民转刑 (at the origin). Once per idempotency key: a repeat (an answer lost)
     * gets the visit reported first.
     */
    @Transactional
    public IdempotencyKeys.Created<FollowUpVisit> followUp(
            BorderPrincipal caller, UUID disputeId, FollowUpReport report, String idempotencyKey) {
        contributions.requireContributor(caller, "report follow-up visits", WRITERS);
        // visible first: the refusal's audit (a transaction of its own) never waits holding the row
        Dispute d =
                disputes.findVisible(disputeId, caller.jurisdiction()).isEmpty() ? null : disputes.lockHeld(disputeId);
        if (d == null) {
            auditRefusal(caller, "agreement.follow-up", disputeId);
            throw new NotFoundProblem("no visible dispute " + disputeId);
        }
        Agreement a = agreements.lockForDispute(disputeId);
        if (a == null) {
            throw new NotFoundProblem("dispute " + disputeId + " has no agreement");
        }
        record FollowUpRequest(UUID dispute, FollowUpReport report) {}
        return idempotency.once(
                caller,
                idempotencyKey,
                "agreement.follow-up",
                new FollowUpRequest(disputeId, report),
                () -> followUp(caller, d, a, report),
                v -> v.id.toString(),
                id -> {
                    FollowUpVisit v = FollowUpVisit.findById(UUID.fromString(id));
                    if (v == null) {
                        throw new NotFoundProblem("the visit of this Idempotency-Key is no longer held");
                    }
                    audit(caller, "agreement.follow-up", disputeId, "repeated request: visit " + v.id);
                    return v;
                });
    }

    private FollowUpVisit followUp(BorderPrincipal caller, Dispute d, Agreement a, FollowUpReport report) {
        UUID disputeId = d.id;
        if (report.method() == null) {
            throw new InvalidProblem("method is required");
        }
        AgreementRules.requireFollowUp(
                a.status, a.effectiveOn, storableDate("visited_on", report.visitedOn()), AgreementRules.today());
        // our quota: partners' visits held here do not count against it
        String full = AgreementRules.followUpRefusal(
                a.followUps.stream().map(x -> x.authorJurisdiction).toList(), trustList.selfCode(), d.origin);
        if (full != null) {
            throw new ConflictProblem(full + " (回访记录已达上限)");
        }
        FollowUpVisit v = new FollowUpVisit();
        v.id = RecordIds.create(trustList.selfCode());
        v.agreementId = a.id;
        v.disputeId = d.id;
        v.authorJurisdiction = trustList.selfCode();
        v.visitor = caller.subject();
        v.unit = caller.unit();
        v.visitedOn = report.visitedOn();
        v.method = report.method();
        v.satisfied = report.satisfied();
        v.recurred = report.recurred();
        v.note = text("note", report.note(), MAX_NOTE, false, true);
        v.writtenAt = now();
        v.persist();
        if (d.origin.equals(trustList.selfCode())) {
            followedUp(d, a, v);
            audit(caller, "agreement.follow-up", disputeId, "visit " + v.id);
        } else {
            // visits do not change once made: always version 1
            contributions.send(FOLLOW_UP_TYPE, v.id.toString(), 1, d, AgreementMessages.toMessage(v));
            audit(caller, "agreement.follow-up", disputeId, "visit " + v.id + " sent to " + d.origin);
        }
        return v;
    }

    /** At the origin: a visit (ours or a partner's) joins the agreement, which goes out again. */
    void followedUp(Dispute d, Agreement a, FollowUpVisit v) {
        a.followUps.add(v);
        if (v.recurred) {
            // one reason per jurisdiction that found it, naming its latest such visit: a partner's
            // visits never push the other reasons out of the dispute's limited list
            String suffix = "，" + v.authorJurisdiction + "）";
            LocalDate latest = a.followUps.stream()
                    .filter(x -> x.recurred && x.authorJurisdiction.equals(v.authorJurisdiction))
                    .map(x -> x.visitedOn)
                    .max(LocalDate::compareTo)
                    .orElse(v.visitedOn);
            d.riskReasons.removeIf(r -> r.startsWith(RECURRED) && r.endsWith(suffix));
            disputeChanges.raiseRisk(d, RiskLevel.MEDIUM, RECURRED + latest + suffix);
        }
        touch(a);
        publish(a, d);
    }

    /** How a risk reason from a visit that found the dispute flared up begins. */
    static final String RECURRED = "回访发现纠纷反复（";

    // --- overdue instalments

    /**
     * Raise the risk of 民转刑 of our disputes with an overdue instalment ({@link
     * AgreementRules#daysOverdue}), with a reason naming the instalment: such a dispute then
     * shows in the escalation list and to every jurisdiction involved.
     *
     * @return the disputes whose risk changed
     */
    @Transactional
    public int checkOverdue(LocalDate today) {
        int changed = 0;
        String self = trustList.selfCode();
        for (UUID disputeId : agreements.overdueOwn(self, today.minusDays(config.graceDays()))) {
            Dispute d = disputes.lockOwn(disputeId, self);
            Agreement a = d == null ? null : agreements.forDispute(disputeId);
            if (a == null) {
                continue;
            }
            RiskLevel level = d.riskLevel;
            List<String> reasons = new ArrayList<>();
            for (Instalment i : a.instalments) {
                long late = i.daysOverdue(today, config.graceDays());
                if (late > 0) {
                    level = AgreementRules.riskAfterOverdue(level, late, config.highRiskAfterDays());
                    reasons.add("第" + i.number + "期分期履行逾期（应于" + i.dueOn + "前支付" + i.amount.toPlainString() + "元）");
                }
            }
            if (disputeChanges.raiseRisk(d, level, reasons)) {
                changed++;
            }
        }
        return changed;
    }

    // --- helpers

    /** Send the agreement, in full, to the jurisdictions that hold the dispute. */
    void publish(Agreement a, Dispute d) {
        var message = AgreementMessages.toMessage(a);
        // the partners that hold the dispute (the agreement lets them); one dropped since gets the dispute's tombstone,
        // which takes the agreement with it
        var holders = sharing.holders(d);
        publisher.publish(AGREEMENT_TYPE, a.id.toString(), a.version, holders, holders, p -> message);
    }

    private void touch(Agreement a) {
        a.updatedAt = now();
        a.version++;
    }

    private Agreement visibleAgreement(BorderPrincipal caller, UUID disputeId, String action) {
        requireReader(caller);
        Optional<Dispute> d = disputes.findVisible(disputeId, caller.jurisdiction());
        Agreement a = d.isEmpty() ? null : agreements.forDispute(disputeId);
        if (a == null) {
            audit(caller, action, disputeId, NOT_FOUND);
            throw new NotFoundProblem("no visible agreement for dispute " + disputeId);
        }
        return a;
    }

    private void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(READERS)) {
            throw new ForbiddenProblem("reading agreements needs role mediator, investigator or commander");
        }
    }

    /** The team's mediators as printed: 姓名（单位）, in the team's order, at most {@link #MAX_MEDIATORS}. */
    private List<String> teamMediators(UUID disputeId) {
        List<TeamMember> members = teams.members(disputeId);
        Map<UUID, Mediator> byId = new HashMap<>();
        mediatorDirectory
                .findAll(members.stream().map(m -> m.mediatorId).toList())
                .forEach(m -> byId.put(m.id, m));
        return members.stream()
                .map(m -> byId.get(m.mediatorId))
                .filter(java.util.Objects::nonNull)
                .map(m -> m.unit == null || m.unit.isBlank() ? m.name : m.name + "（" + m.unit + "）")
                .limit(MAX_MEDIATORS)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /** Our dispute, locked, for a change by one of our mediators or commanders: 404 if not visible, 403 if a partner's. */
    private Dispute ownDispute(BorderPrincipal caller, UUID disputeId, String what) {
        contributions.requireContributor(caller, what, WRITERS);
        if (disputes.findVisible(disputeId, caller.jurisdiction()).isEmpty()) {
            auditRefusal(caller, "agreement.write", disputeId);
            throw new NotFoundProblem("no visible dispute " + disputeId);
        }
        Dispute d = disputes.lockOwn(disputeId, trustList.selfCode());
        if (d == null) {
            throw new ForbiddenProblem("the agreement is kept by the dispute's origin: only it may " + what);
        }
        return d;
    }

    private Agreement lockedAgreement(Dispute d) {
        Agreement a = agreements.lockForDispute(d.id);
        if (a == null) {
            throw new NotFoundProblem("dispute " + d.id + " has no agreement yet");
        }
        return a;
    }

    private static AgreementText.Party printed(DisputeParty p) {
        String role = switch (p.role) {
            case APPLICANT -> "申请人";
            case RESPONDENT -> "被申请人";
            case THIRD_PARTY -> "第三人";
        };
        return new AgreementText.Party(role, p.name);
    }

    /** A text field: stripped, within {@code max} characters, single line unless {@code multiline}. */
    static String text(String field, String value, int max, boolean required, boolean multiline) {
        String problem = PayloadProblems.textProblem(value, max, required, multiline);
        if (problem != null) {
            throw new InvalidProblem(field + " " + problem);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * A date of the agreement within the years every partner stores (null passes: the rules say
     * whether it is required); partners refuse another, and with it every later version.
     */
    static LocalDate storableDate(String field, LocalDate date) {
        if (date != null
                && (date.getYear() < org.borderpolice.federation.statistics.DayPeriod.FIRST_YEAR
                        || date.getYear() > org.borderpolice.federation.statistics.DayPeriod.LAST_YEAR)) {
            throw new InvalidProblem(field + " must lie between 1900-01-01 and 2199-12-31");
        }
        return date;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A refused write's audit entry, kept when the 404 rolls the write's transaction back. */
    private void auditRefusal(BorderPrincipal caller, String action, UUID disputeId) {
        QuarkusTransaction.requiringNew().run(() -> audit(caller, action, disputeId, NOT_FOUND));
    }

    private void audit(BorderPrincipal caller, String action, UUID disputeId, String detail) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, AGREEMENT_TYPE, disputeId.toString(), detail));
    }
}
