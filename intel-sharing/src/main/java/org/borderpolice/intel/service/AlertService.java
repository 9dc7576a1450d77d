package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
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
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertDraft;
import org.borderpolice.intel.AlertFacets;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.DisclosureRequest;
import org.borderpolice.intel.Subject;
import org.borderpolice.intel.mapping.AlertMessages;
import org.borderpolice.intel.mapping.StixMapper;
import org.borderpolice.intel.repository.AlertRepository;

/**
 * Publishing, updating and revoking our alerts, each change replicated to the partners in the
 * alert's distribution in the same transaction; reading alerts as the caller may see them.
 *
 * <p>Every change of an alert locks its row first (SELECT … FOR UPDATE): an update, a revocation
 * and the approval of a disclosure request of the same alert happen one after the other, each on
 * what the one before left, so none of them is lost and every version number is used once.
 *
 * <p>Each partner receives the alert with a distribution that names itself only (and the origin,
 * in the event): who else holds it is none of its business.
 */
@ApplicationScoped
public class AlertService {

    public static final String RECORD_TYPE = Alert.RECORD_TYPE;

    @Inject
    AlertRepository alerts;

    @Inject
    RecordPublisher publisher;

    @Inject
    Distributions distributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    SubjectIndexer subjectIndexer;

    @Inject
    IdempotencyKeys idempotencyKeys;

    /** Publish; with an idempotency key, a repeat of the same request returns the alert published first. */
    @Transactional
    public IdempotencyKeys.Created<Alert> publish(BorderPrincipal caller, AlertDraft request, String idempotencyKey) {
        requirePublisher(caller);
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/alerts",
                request,
                () -> publish(caller, request),
                a -> a.id.toString(),
                id -> alerts.findById(UUID.fromString(id)));
    }

    private Alert publish(BorderPrincipal caller, AlertDraft request) {
        Instant now = Instant.now();
        Alert alert = new Alert();
        // an id that names us: a partner cannot deliver a record of its own under it anywhere
        alert.id = RecordIds.create(trustList.selfCode());
        alert.origin = trustList.selfCode();
        alert.version = 1;
        alert.publishedAt = now;
        alert.publishedBy = caller.subject();
        apply(request, caller, alert, now, Set.of());
        alerts.persist(alert);
        subjectIndexer.indexNew(alert);
        replicate(alert, Set.of());
        audit(caller, "alert.published", alert);
        return alert;
    }

    @Transactional
    public Alert update(BorderPrincipal caller, UUID id, AlertDraft request) {
        requirePublisher(caller);
        Alert alert = own(id);
        if (alert.revokedAt != null) {
            throw new ConflictProblem("alert " + id + " is revoked and cannot change");
        }
        Set<String> before = Set.copyOf(alert.sharedWith());
        alert.version++;
        apply(request, caller, alert, Instant.now(), disclosedTo(alert));
        subjectIndexer.index(alert);
        replicate(alert, before);
        audit(caller, "alert.updated", alert);
        return alert;
    }

    @Transactional
    public Alert revoke(BorderPrincipal caller, UUID id) {
        requirePublisher(caller);
        Alert alert = own(id);
        if (alert.revokedAt != null) {
            return alert;
        }
        Instant now = Instant.now();
        alert.revokedAt = now;
        alert.updatedAt = now;
        alert.version++;
        publisher.tombstones(RECORD_TYPE, alert.id.toString(), alert.version, alert.sharedWith());
        audit(caller, "alert.revoked", alert);
        return alert;
    }

    /** Read one alert; the read is audited, also when there is no such alert the caller may see. */
    @Transactional
    public Optional<Alert> find(BorderPrincipal caller, UUID id) {
        Optional<Alert> alert = alerts.findVisible(id, viewer(caller));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.read",
                RECORD_TYPE,
                id.toString(),
                alert.isPresent() ? null : NOT_FOUND));
        return alert;
    }

    /** What the audit says of a read of an alert that does not exist or that the caller may not see. */
    public static final String NOT_FOUND = "not found or not visible";

    /**
     * A page of at most {@code limit} alerts. Audited, one entry per page, also when nothing
     * matched: the terms and filters searched for, and the alerts shown.
     */
    @Transactional
    public KeysetPage<Alert> list(BorderPrincipal caller, AlertFilter filter, KeysetCursor after, int limit) {
        Instant now = Instant.now();
        KeysetPage<Alert> page = KeysetPage.fetch(
                limit, n -> alerts.listVisible(viewer(caller), filter, after, n, now), a -> a.publishedAt, a -> a.id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.list",
                RECORD_TYPE,
                null,
                describe(filter) + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(a -> a.id.toString())));
        return page;
    }

    /** The filters of a search, for the audit log (the caller's text with control characters escaped). */
    static String describe(AlertFilter f) {
        StringBuilder d = new StringBuilder("search");
        appendFilter(d, "q", f.text());
        appendFilter(d, "subject", f.subject());
        appendFilter(d, "severity", f.severity());
        appendFilter(d, "category", f.category());
        appendFilter(d, "origin", f.origin());
        appendFilter(d, "status", f.status());
        appendFilter(d, "activeAt", f.activeAt());
        return d.toString();
    }

    private static void appendFilter(StringBuilder d, String name, Object value) {
        if (value != null) {
            d.append(' ').append(name).append('=').append(auditText(value.toString()));
        }
    }

    /** Text a caller chose, safe for the audit log: control characters (NUL cannot be stored) escaped. */
    static String auditText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private void audit(BorderPrincipal caller, String action, Alert alert) {
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                action,
                RECORD_TYPE,
                alert.id.toString(),
                "version " + alert.version + ", " + alert.handling + ", shared with " + alert.sharedWith()));
    }

    /**
     * One of our alerts, locked for a change (an approved disclosure request shares it), or null
     * if there is no such alert of ours.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Alert lockOwn(UUID id) {
        Alert alert = alerts.findById(id, LockModeType.PESSIMISTIC_WRITE);
        return alert == null || !alert.origin.equals(trustList.selfCode()) ? null : alert;
    }

    /**
     * Share one of our alerts (locked: {@link #lockOwn}) with a partner after an approved
     * disclosure request: exactly that partner joins the distribution and gets the alert by
     * replication; the handling code stays (a HIT_ONLY alert stays HIT_ONLY, for the partner's
     * analysts and commanders only). The partners that held it before are not told.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void disclose(Alert alert, String partner) {
        if (alert.sharedWith().contains(partner)) {
            return;
        }
        Set<String> distribution = new TreeSet<>(alert.sharedWith());
        distribution.add(partner);
        alert.distribution = distribution.toArray(String[]::new);
        // a new version: the partner may hold a tombstone of an earlier one
        alert.version++;
        alert.updatedAt = Instant.now();
        publisher.upsert(
                RECORD_TYPE, alert.id.toString(), alert.version, partner, AlertMessages.toMessage(alert, partner));
    }

    /**
     * The partners an approved disclosure request of ours shared the alert with: they keep it
     * through updates, whatever the new distribution names (as the disclosure was of the alert,
     * not of a version of it). Only those the agreement still lets receive alerts.
     */
    private Set<String> disclosedTo(Alert alert) {
        Set<String> partners = new TreeSet<>(DisclosureRequest.<DisclosureRequest>list(
                        "owner = ?1 and alertId = ?2 and status = ?3",
                        trustList.selfCode(),
                        alert.id,
                        DisclosureRequest.Status.APPROVED)
                .stream()
                .map(r -> r.requester)
                .toList());
        partners.removeIf(p -> !distributions.mayHold(p, RECORD_TYPE));
        return partners;
    }

    /** The selected alerts as a STIX 2.1 bundle; every one must be visible to the caller. */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Map<String, Object> exportStix(BorderPrincipal caller, List<UUID> ids) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            // a partner's users export at home, where their own audit log records it
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " export alerts here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR)) {
            throw new ForbiddenProblem("exporting alerts needs role analyst, commander or integrator");
        }
        List<Alert> selected = new java.util.ArrayList<>();
        List<UUID> missing = new java.util.ArrayList<>();
        for (UUID id : new java.util.LinkedHashSet<>(ids)) {
            alerts.findVisible(id, viewer(caller)).ifPresentOrElse(selected::add, () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            // refused, and audited as such (the transaction commits the entry: see dontRollbackOn)
            auditLog.append(new AuditEntry(
                    caller.subject(),
                    caller.jurisdiction(),
                    "alert.export",
                    RECORD_TYPE,
                    null,
                    "refused, " + NOT_FOUND + ": "
                            + String.join(
                                    " ", missing.stream().map(UUID::toString).toList())));
            throw new NotFoundProblem("no visible alert " + missing.get(0));
        }
        Map<String, String> names = new java.util.HashMap<>();
        names.put(trustList.selfCode(), trustList.selfName());
        trustList.partners().forEach((code, p) -> names.put(code, p.name()));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.export",
                RECORD_TYPE,
                null,
                "STIX 2.1: "
                        + String.join(
                                " ", selected.stream().map(a -> a.id.toString()).toList())));
        return StixMapper.bundle(selected, names);
    }

    /** Counts over every match; audited with the terms and filters. */
    @Transactional
    public AlertFacets facets(BorderPrincipal caller, AlertFilter filter) {
        AlertFacets facets = alerts.facets(viewer(caller), filter, Instant.now());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.facets",
                RECORD_TYPE,
                null,
                describe(filter) + " origins=" + facets.origin()
                        + (facets.approximate()
                                ? " approximate matches=" + facets.matches() + " counted=" + facets.counted()
                                : "")));
        return facets;
    }

    AlertRepository.Viewer viewer(BorderPrincipal caller) {
        return alerts.viewer(caller.jurisdiction(), caller.roles());
    }

    /** Only this jurisdiction's analysts and commanders publish, update or revoke. */
    private void requirePublisher(BorderPrincipal caller) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " publish alerts here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem("publishing alerts needs role analyst or commander");
        }
    }

    /** One of our alerts, locked until the transaction ends: changes of one alert happen one at a time. */
    private Alert own(UUID id) {
        Alert alert = lockOwn(id);
        if (alert == null) {
            throw new NotFoundProblem("no alert " + id + " of this jurisdiction");
        }
        return alert;
    }

    /**
     * The request's content onto the alert. {@code disclosed}: partners an approved disclosure
     * request shared it with, who keep it.
     */
    private void apply(AlertDraft request, BorderPrincipal caller, Alert alert, Instant now, Set<String> disclosed) {
        alert.category = request.category();
        alert.severity = request.severity();
        alert.title = request.title().strip();
        alert.body = request.body().strip();
        alert.subjects = request.subjects() == null
                ? List.of()
                : request.subjects().stream()
                        .map(s -> new Subject(s.kind(), s.kind().normalise(s.value()), s.label()))
                        .toList();
        alert.validFrom = request.validFrom() == null
                ? (alert.validFrom == null ? now : alert.validFrom)
                : request.validFrom().toInstant();
        alert.validUntil =
                request.validUntil() == null ? null : request.validUntil().toInstant();
        if (alert.validUntil != null && !alert.validUntil.isAfter(alert.validFrom)) {
            // validFrom may be now or the stored one: partners would refuse the alert, so store nothing
            throw new InvalidProblem("validUntil must be after validFrom (" + alert.validFrom + ")");
        }
        Set<String> distribution = distributions.resolve(RECORD_TYPE, "alerts", request.distribution());
        alert.handling = request.handling();
        // a HIT_ONLY alert is shared with nobody it names: only the partners of approved disclosures hold it
        Set<String> shared = new TreeSet<>(alert.handling.takesDistribution() ? distribution : Set.of());
        shared.addAll(disclosed);
        alert.distribution = shared.toArray(String[]::new);
        alert.sourceReliability = request.sourceReliability();
        alert.informationCredibility = request.informationCredibility().shortValue();
        alert.issuingUnit =
                request.issuingUnit() != null && !request.issuingUnit().isBlank()
                        ? request.issuingUnit().strip()
                        : Optional.ofNullable(caller.unit()).orElse(trustList.selfName());
        alert.updatedAt = now;
        alert.index();
    }

    /**
     * Send the new state to the alert's distribution; partners dropped from it (or every partner,
     * if the alert became HIT_ONLY) get a tombstone so that they stop holding it.
     */
    private void replicate(Alert alert, Set<String> heldBefore) {
        publisher.publish(
                RECORD_TYPE,
                alert.id.toString(),
                alert.version,
                alert.sharedWith(),
                heldBefore,
                partner -> AlertMessages.toMessage(alert, partner));
    }
}
