package org.borderpolice.mediation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
import org.borderpolice.federation.paging.KeysetPage;
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
import org.borderpolice.mediation.DisputeEdit;
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

    /**
     * Correct the facts of one of our disputes (事实更正) as a mediator or commander of its origin,
     * if the caller changes the version it read ({@code expectedVersion}; else {@link StaleVersion}).
     * A dispute still RECEIVED whose tier is the rules' is triaged anew on the corrected facts; an
     * override stays. The new version goes to the jurisdictions that hold the dispute; the audit
     * names the fields changed (not their values: parties' personal data stays out of the log).
     */
    @Transactional
    public Outcome edit(BorderPrincipal caller, UUID id, long expectedVersion, DisputeEdit edit) {
        contributions.requireContributor(caller, "correct disputes", TRIAGERS);
        Dispute d = ownForChange(caller, id);
        if (d.status.isFinal()) {
            throw new ConflictProblem("a " + d.status + " dispute is not corrected any more");
        }
        if (d.version != expectedVersion) {
            throw new StaleVersion(
                    "dispute " + id + " is at version " + d.version + ", not " + expectedVersion
                            + ": read it again and correct that version",
                    d.version);
        }
        List<String> changed = new ArrayList<>();
        if (edit.channel() != null && edit.channel() != d.channel) {
            d.channel = edit.channel();
            changed.add("channel");
        }
        if (edit.kind() != null && edit.kind() != d.kind) {
            d.kind = edit.kind();
            changed.add("kind");
        }
        if (edit.title() != null && !edit.title().strip().equals(d.title)) {
            d.title = edit.title().strip();
            changed.add("title");
        }
        if (edit.description() != null && !edit.description().strip().equals(d.description)) {
            d.description = edit.description().strip();
            changed.add("description");
        }
        if (edit.reportedAt() != null && !edit.reportedAt().equals(d.reportedAt)) {
            d.reportedAt = edit.reportedAt();
            changed.add("reportedAt");
        }
        if (edit.place() != null && !Objects.equals(blankToNull(edit.place()), d.place)) {
            d.place = blankToNull(edit.place());
            changed.add("place");
        }
        if (edit.countyCode() != null && !edit.countyCode().equals(d.countyCode)) {
            d.countyCode = edit.countyCode();
            changed.add("countyCode");
        }
        if (edit.township() != null && !Objects.equals(blankToNull(edit.township()), d.township)) {
            d.township = blankToNull(edit.township());
            changed.add("township");
        }
        if (edit.amountAtStake() != null && edit.amountAtStake().compareTo(d.amountAtStake) != 0) {
            d.amountAtStake = Amounts.normalise(edit.amountAtStake());
            changed.add("amountAtStake");
        }
        if (edit.lawUnclear() != null && edit.lawUnclear() != d.lawUnclear) {
            d.lawUnclear = edit.lawUnclear();
            changed.add("lawUnclear");
        }
        if (edit.newType() != null && edit.newType() != d.newType) {
            d.newType = edit.newType();
            changed.add("newType");
        }
        if (edit.complex() != null && edit.complex() != d.complex) {
            d.complex = edit.complex();
            changed.add("complex");
        }
        if (edit.department() != null && !Objects.equals(blankToNull(edit.department()), d.department)) {
            d.department = blankToNull(edit.department());
            changed.add("department");
        }
        List<DisputeParty> parties = d.parties == null ? List.of() : d.parties;
        Set<Integer> seen = new java.util.HashSet<>();
        for (DisputeEdit.PartyEdit p : edit.parties() == null ? List.<DisputeEdit.PartyEdit>of() : edit.parties()) {
            String field = "parties[" + p.position() + "].";
            if (!seen.add(p.position())) {
                throw new InvalidProblem(field + "position: corrected twice");
            }
            DisputeParty row = parties.stream()
                    .filter(x -> x.position == p.position())
                    .findFirst()
                    .orElseThrow(() -> new InvalidProblem(
                            field + "position: the dispute has no such party (parties are not added by a correction)"));
            if (p.name() != null && !p.name().strip().equals(row.name)) {
                row.name = p.name().strip();
                changed.add(field + "name");
            }
            if (p.contact() != null) {
                if (!p.contact().isBlank() && MobileNumbers.problem(p.contact()) != null) {
                    throw new InvalidProblem(field + "contact: " + MobileNumbers.problem(p.contact()));
                }
                String contact = p.contact().isBlank() ? null : MobileNumbers.normalise(p.contact());
                if (!Objects.equals(contact, row.contact)) {
                    row.contact = contact;
                    changed.add(field + "contact");
                }
            }
            if (p.preferredLanguage() != null) {
                String language = Languages.normalise(p.preferredLanguage());
                if (language == null) {
                    throw new InvalidProblem(field + "preferredLanguage: is not a BCP 47 language tag");
                }
                if (!language.equals(row.preferredLanguage)) {
                    row.preferredLanguage = language;
                    changed.add(field + "preferredLanguage");
                }
            }
            if (p.idNumber() != null) {
                if (!p.idNumber().isBlank() && row.kind == PartyKind.ORGANISATION) {
                    throw new InvalidProblem(field + "idNumber: an organisation has no resident ID number");
                }
                if (!p.idNumber().isBlank() && ResidentIdNumbers.problem(p.idNumber()) != null) {
                    throw new InvalidProblem(field + "idNumber: " + ResidentIdNumbers.problem(p.idNumber()));
                }
                String number = p.idNumber().isBlank() ? null : ResidentIdNumbers.normalise(p.idNumber());
                if (!Objects.equals(number, row.idNumber)) {
                    row.idNumber = number;
                    changed.add(field + "idNumber");
                }
            }
        }
        if (changed.isEmpty()) {
            return new Outcome(d, null);
        }
        Set<String> before = sharing.holders(d);
        d.index();
        TriageDecision decision = null;
        if (d.status == DisputeStatus.RECEIVED && d.tierRule != null) {
            MediationTier was = d.tier;
            decision = triage.apply(d);
            if (decision.tier() != was) {
                changed.add("tier");
            }
        }
        d.updatedAt = Instant.now();
        d.version++;
        sharing.share(d, before);
        audit(caller, "dispute.edited", d, "corrected " + String.join(" ", changed));
        return new Outcome(d, decision);
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

    /**
     * A page of at most {@code limit} disputes the caller may see, newest first; audited, one entry
     * per page, naming what the caller receives.
     */
    @Transactional
    public KeysetPage<Dispute> list(BorderPrincipal caller, DisputeFilter filter, KeysetCursor after, int limit) {
        requireReader(caller);
        KeysetPage<Dispute> page = page(limit, n -> disputes.listVisible(caller.jurisdiction(), filter, after, n));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.list",
                DISPUTE_TYPE,
                null,
                "list " + filter + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(Dispute::recordId)));
        return page;
    }

    private static KeysetPage<Dispute> page(int limit, java.util.function.IntFunction<List<Dispute>> query) {
        return KeysetPage.fetch(limit, query, d -> d.createdAt, d -> d.id);
    }

    /** A page of at most {@code limit} matches the caller may see, newest first; audited with the words looked for. */
    @Transactional
    public KeysetPage<Dispute> search(BorderPrincipal caller, DisputeQuery query, KeysetCursor after, int limit) {
        requireReader(caller);
        String problem = query.problem();
        if (problem != null) {
            throw new InvalidProblem(problem);
        }
        KeysetPage<Dispute> page = page(limit, n -> searches.search(caller.jurisdiction(), query, after, n));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.search",
                DISPUTE_TYPE,
                null,
                "search q=\"" + (query.text() == null ? "" : query.text().strip()) + "\" " + query.filter()
                        + " reportedFrom=" + query.reportedFrom() + " reportedTo=" + query.reportedTo()
                        + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(Dispute::recordId)));
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
