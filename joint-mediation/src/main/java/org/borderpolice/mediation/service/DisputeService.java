package org.borderpolice.mediation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.MobileNumbers;
import org.borderpolice.federation.validation.ResidentIdNumbers;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeDraft;
import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.DisputeFilter;
import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.DisputeQuery;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.Languages;
import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.PartyDraft;
import org.borderpolice.mediation.PartyKind;
import org.borderpolice.mediation.RiskLevel;
import org.borderpolice.mediation.TriageDecision;
import org.borderpolice.mediation.config.MediationConfig;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.DisputeSearchRepository;

/**
 * Taking in our disputes (排查/受理), triaging them (三调对接), moving them through their statuses;
 * reading, listing and searching disputes as the caller may see them. Every change is replicated
 * to the jurisdictions involved in its own transaction.
 *
 * <p>Who: mediators, investigators, analysts and commanders of the origin or of a jurisdiction
 * involved read; only the origin's mediators, investigators and commanders take in and change a
 * dispute; only its mediators and commanders override the triage. Every change first locks the
 * dispute's row, so changes of one dispute happen one after another and every version is used once.
 */
@ApplicationScoped
public class DisputeService {

    public static final String DISPUTE_TYPE = DisputeSharing.DISPUTE_TYPE;
    /** Roles that read disputes. */
    public static final String[] READERS = {
        BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER
    };
    /** Roles that take in and change disputes (the origin's). */
    public static final String[] WRITERS = {
        BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER
    };
    /** Roles that override the triage (a mediator's judgement, or a commander's). */
    public static final String[] TRIAGERS = {BorderPrincipal.MEDIATOR, BorderPrincipal.COMMANDER};

    public static final String NOT_FOUND = "not found or not visible";

    @Inject
    DisputeRepository disputes;

    @Inject
    DisputeSearchRepository searches;

    @Inject
    DisputeSharing sharing;

    @Inject
    Triage triage;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    MediationConfig config;

    @Inject
    PartnerContributions contributions;

    /** The outcome of an intake or change: the dispute and the triage decision when one was made. */
    public record Outcome(Dispute dispute, TriageDecision decision) {}

    /** Take in a dispute (RECEIVED) and triage it; with an idempotency key, a repeat returns the dispute taken in first. */
    @Transactional
    public IdempotencyKeys.Created<Dispute> intake(BorderPrincipal caller, DisputeDraft draft, String idempotencyKey) {
        contributions.requireContributor(caller, "take in disputes", WRITERS);
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/disputes",
                List.of(draft),
                () -> intake(caller, draft),
                d -> d.id.toString(),
                id -> disputes.held(UUID.fromString(id)));
    }

    private Dispute intake(BorderPrincipal caller, DisputeDraft draft) {
        List<DisputeParty> parties = parties(draft);
        Instant now = Instant.now();
        String self = trustList.selfCode();
        Dispute d = new Dispute();
        d.id = Dispute.newId(self);
        d.origin = self;
        d.status = DisputeStatus.RECEIVED;
        d.version = 1;
        d.createdAt = now;
        d.createdBy = caller.subject();
        d.createdUnit = caller.unit();
        d.statusChangedAt = now;
        d.updatedAt = now;
        d.channel = draft.channel();
        d.kind = draft.kind();
        d.title = draft.title().strip();
        d.description = draft.description().strip();
        d.reportedAt = draft.reportedAt() == null ? now : draft.reportedAt();
        d.place = blankToNull(draft.place());
        d.countyCode = blankToNull(draft.countyCode());
        d.township = blankToNull(draft.township());
        d.amountAtStake = Amounts.normalise(draft.amountAtStake());
        d.riskLevel = draft.riskLevel() == null ? RiskLevel.LOW : draft.riskLevel();
        if (draft.riskReasons() != null) {
            draft.riskReasons().stream()
                    .filter(r -> r != null && !r.isBlank())
                    .map(String::strip)
                    .distinct()
                    .forEach(d.riskReasons::add);
        }
        if (d.riskLevel != RiskLevel.LOW && d.riskReasons.isEmpty()) {
            throw new InvalidProblem("riskReasons: a " + d.riskLevel + " risk of 民转刑 needs its reasons");
        }
        d.consent = draft.consent();
        d.lawUnclear = draft.lawUnclear();
        d.newType = draft.newType();
        d.complex = draft.complex();
        d.department = blankToNull(draft.department());
        d.failedTier = draft.failedTier();
        d.parties = parties;
        d.index();
        triage.apply(d);
        int year = now.atZone(AgreementRules.ZONE).getYear();
        d.number = disputes.nextNumber(self, year)
                .orElseThrow(() -> new LimitReachedProblem("the dispute numbers of " + year + " are used up"))
                .toString();
        disputes.persist(d);
        disputes.getEntityManager().flush();
        disputes.replaceParties(d, parties);
        sharing.share(d, Set.of());
        audit(caller, "dispute.received", d);
        return d;
    }

    /** The parties of a draft as rows, checked beyond what the REST boundary can see. */
    private List<DisputeParty> parties(DisputeDraft draft) {
        List<PartyDraft> given = draft.parties() == null ? List.of() : draft.parties();
        if (given.isEmpty()) {
            throw new InvalidProblem("parties: a dispute has at least one party (当事人)");
        }
        if (given.size() > config.maxParties()) {
            throw new InvalidProblem("parties: at most " + config.maxParties());
        }
        List<DisputeParty> rows = new ArrayList<>();
        Set<String> jurisdictions = new TreeSet<>();
        for (int i = 0; i < given.size(); i++) {
            PartyDraft p = given.get(i);
            String field = "parties[" + i + "].";
            if (!DivisionCodes.isValid(p.jurisdiction())) {
                throw new InvalidProblem(field + "jurisdiction: is not a GB/T 2260 code");
            }
            String language = Languages.normalise(p.preferredLanguage() == null ? "zh" : p.preferredLanguage());
            if (language == null) {
                throw new InvalidProblem(field + "preferredLanguage: is not a BCP 47 language tag");
            }
            if (p.idNumber() != null && !p.idNumber().isBlank() && p.kind() == PartyKind.ORGANISATION) {
                throw new InvalidProblem(field + "idNumber: an organisation has no resident ID number");
            }
            DisputeParty row = new DisputeParty();
            row.position = i;
            row.kind = p.kind();
            row.role = p.role();
            row.name = p.name().strip();
            row.jurisdiction = p.jurisdiction();
            row.contact = p.contact() == null || p.contact().isBlank() ? null : MobileNumbers.normalise(p.contact());
            row.preferredLanguage = language;
            row.idNumber =
                    p.idNumber() == null || p.idNumber().isBlank() ? null : ResidentIdNumbers.normalise(p.idNumber());
            jurisdictions.add(p.jurisdiction());
            rows.add(row);
        }
        if (jurisdictions.size() >= DisputeFields.INVOLVED) {
            throw new InvalidProblem(
                    "parties: they live in at most " + (DisputeFields.INVOLVED - 1) + " jurisdictions");
        }
        return rows;
    }

    /**
     * Move one of our disputes to another status, by the rules of {@link DisputeStatus}: a failed
     * mediation records the tier it failed at, and mediation again after it is triaged anew
     * (handed up, 上提一级).
     */
    @Transactional
    public Outcome transition(BorderPrincipal caller, UUID id, DisputeStatus to, String reason) {
        contributions.requireContributor(caller, "change disputes", WRITERS);
        Dispute d = ownForChange(caller, id);
        DisputeStatus from = d.status;
        String problem = d.statusProblem(to);
        if (problem != null) {
            throw new ConflictProblem(problem);
        }
        String why = blankToNull(reason);
        if (from.needsReason(to) && why == null) {
            throw new InvalidProblem("reason: required to make a dispute " + to + " from " + from);
        }
        Set<String> before = sharing.holders(d);
        Instant now = Instant.now();
        TriageDecision decision = null;
        if (to == DisputeStatus.FAILED) {
            d.failedTier = higher(d.failedTier, d.tier);
        }
        d.changeStatus(to, now);
        if (from == DisputeStatus.FAILED && to == DisputeStatus.MEDIATING) {
            decision = triage.apply(d);
        }
        d.updatedAt = now;
        d.version++;
        sharing.share(d, before);
        audit(caller, "dispute.status", d, from + " -> " + to + (why == null ? "" : ": " + why));
        return new Outcome(d, decision);
    }

    /** A mediator's choice of tier over the rules', with the reason (recorded, replicated). */
    @Transactional
    public Dispute overrideTier(BorderPrincipal caller, UUID id, MediationTier tier, String reason) {
        contributions.requireContributor(caller, "override the triage", TRIAGERS);
        Dispute d = ownForChange(caller, id);
        if (d.status.isFinal()) {
            throw new ConflictProblem("a " + d.status + " dispute is not triaged any more");
        }
        String why = blankToNull(reason);
        if (why == null) {
            throw new InvalidProblem("reason: an override says why");
        }
        Set<String> before = sharing.holders(d);
        d.tier = tier;
        d.tierRule = null;
        d.tierOverrideReason = why;
        d.tierOverrideBy = caller.subject();
        d.updatedAt = Instant.now();
        d.version++;
        sharing.share(d, before);
        audit(caller, "dispute.tier-overridden", d, tier + ": " + why);
        return d;
    }

    /** The parties' consent to mediate (当事人同意调解), given or withdrawn, on one of our disputes. */
    @Transactional
    public Dispute consent(BorderPrincipal caller, UUID id, boolean consent) {
        contributions.requireContributor(caller, "change disputes", WRITERS);
        Dispute d = ownForChange(caller, id);
        if (d.status.isFinal()) {
            throw new ConflictProblem("a " + d.status + " dispute does not change");
        }
        if (d.consent == consent) {
            return d;
        }
        Set<String> before = sharing.holders(d);
        d.consent = consent;
        d.updatedAt = Instant.now();
        d.version++;
        sharing.share(d, before);
        audit(caller, "dispute.consent", d, "consent=" + consent);
        return d;
    }

    /** What the rule table says now of a dispute the caller may see (an explanation; nothing changes). */
    // a 404 keeps the audit of the refused read
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public TriageDecision triage(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        Optional<Dispute> d = disputes.findVisible(id, caller.jurisdiction());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.triage-read",
                DISPUTE_TYPE,
                id.toString(),
                d.isPresent() ? "version " + d.get().version : NOT_FOUND));
        return triage.decide(d.orElseThrow(() -> new NotFoundProblem("no visible dispute " + id)));
    }

    /** Read one dispute; audited, also when there is no such dispute the caller may see. */
    @Transactional
    public Optional<Dispute> find(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        Optional<Dispute> d = disputes.findVisible(id, caller.jurisdiction());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.read",
                DISPUTE_TYPE,
                id.toString(),
                d.isPresent() ? "version " + d.get().version : NOT_FOUND));
        return d;
    }

    /** A page of the disputes the caller may see, newest first; audited, one entry per page. */
    @Transactional
    public List<Dispute> list(BorderPrincipal caller, DisputeFilter filter, KeysetCursor after, int limit) {
        requireReader(caller);
        List<Dispute> page = disputes.listVisible(caller.jurisdiction(), filter, after, limit);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.list",
                DISPUTE_TYPE,
                null,
                "list " + filter + (after == null ? "" : " after=" + after.encode()) + " limit=" + limit
                        + " returned=" + page.size() + ": "
                        + String.join(" ", page.stream().map(Dispute::recordId).toList())));
        return page;
    }

    /** A page of the matches the caller may see, newest first; audited with the words looked for. */
    @Transactional
    public List<Dispute> search(BorderPrincipal caller, DisputeQuery query, KeysetCursor after, int limit) {
        requireReader(caller);
        String problem = query.problem();
        if (problem != null) {
            throw new InvalidProblem(problem);
        }
        List<Dispute> page = searches.search(caller.jurisdiction(), query, after, limit);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.search",
                DISPUTE_TYPE,
                null,
                "search q=\"" + (query.text() == null ? "" : query.text().strip()) + "\" " + query.filter()
                        + " reportedFrom=" + query.reportedFrom() + " reportedTo=" + query.reportedTo()
                        + (after == null ? "" : " after=" + after.encode()) + " limit=" + limit + " returned="
                        + page.size() + ": "
                        + String.join(" ", page.stream().map(Dispute::recordId).toList())));
        return page;
    }

    /**
     * A dispute the caller may see, for a read beside it (team, sessions, agreement): 404 if none.
     * The caller audits what it reads.
     */
    // a 404 leaves the caller's transaction alive, so that it can audit the refused read
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = NotFoundProblem.class)
    public Dispute visible(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        return disputes.findVisible(id, caller.jurisdiction())
                .orElseThrow(() -> new NotFoundProblem("no visible dispute " + id));
    }

    /**
     * One of our disputes the caller may see, locked for a change: 404 if it sees none, 403 if it
     * is a partner's (only its origin changes a dispute). For the other parts of the service too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Dispute ownForChange(BorderPrincipal caller, UUID id) {
        Dispute held = disputes.lockHeld(id);
        if (held == null || disputes.findVisible(id, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible dispute " + id);
        }
        if (!held.origin.equals(trustList.selfCode())) {
            throw new ForbiddenProblem("dispute " + id + " belongs to " + held.origin + ": only its origin changes it");
        }
        return held;
    }

    /** Reading needs one of {@link #READERS}. */
    public static void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(READERS)) {
            throw new ForbiddenProblem("reading disputes needs role mediator, investigator, analyst or commander");
        }
    }

    private static MediationTier higher(MediationTier a, MediationTier b) {
        if (a == null) {
            return b;
        }
        return b != null && b.ordinal() > a.ordinal() ? b : a;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void audit(BorderPrincipal caller, String action, Dispute d) {
        audit(caller, action, d, null);
    }

    private void audit(BorderPrincipal caller, String action, Dispute d, String what) {
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                action,
                DISPUTE_TYPE,
                d.recordId(),
                "version " + d.version + ", " + d.status + ", tier " + d.tier + ", shared with " + sharing.holders(d)
                        + (what == null ? "" : ", " + what)));
    }
}
