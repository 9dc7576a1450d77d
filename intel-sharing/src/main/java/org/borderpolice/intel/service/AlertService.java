package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.outbox.Outbox;
import org.borderpolice.federation.outbox.RecordChange;
import org.borderpolice.federation.problem.ConflictException;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCursor;
import org.borderpolice.intel.AlertFacets;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Subject;
import org.borderpolice.intel.mapping.AlertMapper;
import org.borderpolice.intel.mapping.StixMapper;
import org.borderpolice.intel.repository.AlertRepository;
import org.borderpolice.intel.rest.AlertRequest;

import io.quarkus.security.ForbiddenException;

/**
 * Publishing, updating and revoking our alerts, each change replicated to the partners in the
 * alert's distribution in the same transaction; reading alerts as the caller may see them.
 */
@ApplicationScoped
public class AlertService {

    public static final String RECORD_TYPE = "intel.alert";
    static final String ALL_PARTNERS = "ALL";

    @Inject
    AlertRepository alerts;

    @Inject
    Outbox outbox;

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
    public IdempotencyKeys.Created<Alert> publish(BorderPrincipal caller, AlertRequest request, String idempotencyKey) {
        requirePublisher(caller);
        return idempotencyKeys.once(caller, idempotencyKey, "POST /api/v1/alerts", request,
                () -> publish(caller, request), a -> a.id.toString(), id -> alerts.findById(UUID.fromString(id)));
    }

    private Alert publish(BorderPrincipal caller, AlertRequest request) {
        Instant now = Instant.now();
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.origin = trustList.selfCode();
        alert.version = 1;
        alert.publishedAt = now;
        alert.publishedBy = caller.subject();
        apply(request, caller, alert, now);
        alerts.persist(alert);
        subjectIndexer.indexNew(alert);
        replicate(alert, Set.of());
        audit(caller, "alert.published", alert);
        return alert;
    }

    @Transactional
    public Alert update(BorderPrincipal caller, UUID id, AlertRequest request) {
        requirePublisher(caller);
        Alert alert = own(id);
        if (alert.revokedAt != null) {
            throw new ConflictException("alert " + id + " is revoked and cannot change");
        }
        Set<String> before = Set.copyOf(alert.sharedWith());
        alert.version++;
        apply(request, caller, alert, Instant.now());
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
        if (!alert.sharedWith().isEmpty()) {
            outbox.publish(RecordChange.tombstone(RECORD_TYPE, alert.id.toString(), alert.version,
                    distributionWithOrigin(Set.copyOf(alert.sharedWith()))));
        }
        audit(caller, "alert.revoked", alert);
        return alert;
    }

    /** Read one alert; the read is audited. */
    @Transactional
    public Optional<Alert> find(BorderPrincipal caller, UUID id) {
        Optional<Alert> alert = alerts.findVisible(id, viewer(caller));
        alert.ifPresent(a -> auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), "alert.read",
                RECORD_TYPE, a.id.toString(), null)));
        return alert;
    }

    /**
     * A page of alerts. Audited, one entry per page, also when nothing matched: the terms and
     * filters searched for, and the alerts shown.
     */
    @Transactional
    public List<Alert> list(BorderPrincipal caller, AlertFilter filter, AlertCursor after, int limit) {
        List<Alert> page = alerts.listVisible(viewer(caller), filter, after, limit, Instant.now());
        auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), "alert.list", RECORD_TYPE, null,
                describe(filter) + (after == null ? "" : " after=" + after.encode()) + " limit=" + limit + " returned="
                        + page.size() + ": " + String.join(" ", page.stream().map(a -> a.id.toString()).toList())));
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
        auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), action, RECORD_TYPE, alert.id.toString(),
                "version " + alert.version + ", " + alert.handling + ", shared with " + alert.sharedWith()));
    }

    /**
     * Share one of our alerts with a partner after an approved disclosure request: the partner
     * joins the distribution (a HIT_ONLY alert becomes CONFIDENTIAL) and gets the alert by
     * replication like any other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void disclose(Alert alert, String partner) {
        // exactly the requester joins: a HIT_ONLY alert had nobody, whatever it was published with
        Set<String> before = Set.copyOf(alert.sharedWith());
        Set<String> distribution = new TreeSet<>(before);
        distribution.add(partner);
        alert.distribution = distribution.toArray(String[]::new);
        if (alert.handling == HandlingCode.HIT_ONLY) {
            alert.handling = HandlingCode.CONFIDENTIAL;
        }
        alert.version++;
        alert.updatedAt = Instant.now();
        replicate(alert, before);
    }

    /** The selected alerts as a STIX 2.1 bundle; every one must be visible to the caller. */
    @Transactional
    public Map<String, Object> exportStix(BorderPrincipal caller, List<UUID> ids) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            // a partner's users export at home, where their own audit log records it
            throw new ForbiddenException("only users of " + trustList.selfCode() + " export alerts here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR)) {
            throw new ForbiddenException("exporting alerts needs role analyst, commander or integrator");
        }
        List<Alert> selected = new java.util.ArrayList<>();
        for (UUID id : new java.util.LinkedHashSet<>(ids)) {
            selected.add(alerts.findVisible(id, viewer(caller))
                    .orElseThrow(() -> new NotFoundException("no visible alert " + id)));
        }
        Map<String, String> names = new java.util.HashMap<>();
        names.put(trustList.selfCode(), trustList.selfName());
        trustList.partners().forEach((code, p) -> names.put(code, p.name()));
        auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), "alert.export", RECORD_TYPE, null,
                "STIX 2.1: " + String.join(" ", selected.stream().map(a -> a.id.toString()).toList())));
        return StixMapper.bundle(selected, names);
    }

    /** Counts over every match; audited with the terms and filters. */
    @Transactional
    public AlertFacets facets(BorderPrincipal caller, AlertFilter filter) {
        AlertFacets facets = alerts.facets(viewer(caller), filter, Instant.now());
        auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), "alert.facets", RECORD_TYPE, null,
                describe(filter) + " origins=" + facets.origin()));
        return facets;
    }

    static AlertRepository.Viewer viewer(BorderPrincipal caller) {
        return new AlertRepository.Viewer(caller.jurisdiction(), HandlingCode.visibleTo(caller.roles()));
    }

    /** Only this jurisdiction's analysts and commanders publish, update or revoke. */
    private void requirePublisher(BorderPrincipal caller) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenException("only users of " + trustList.selfCode() + " publish alerts here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenException("publishing alerts needs role analyst or commander");
        }
    }

    private Alert own(UUID id) {
        Alert alert = alerts.findById(id);
        if (alert == null || !alert.origin.equals(trustList.selfCode())) {
            throw new NotFoundException("no alert " + id + " of this jurisdiction");
        }
        return alert;
    }

    private void apply(AlertRequest request, BorderPrincipal caller, Alert alert, Instant now) {
        alert.category = request.category();
        alert.severity = request.severity();
        alert.title = request.title().strip();
        alert.body = request.body().strip();
        alert.subjects = request.subjects() == null ? List.of()
                : request.subjects().stream()
                        .map(s -> new Subject(s.kind(), s.kind().normalise(s.value()), s.label()))
                        .toList();
        alert.validFrom = request.validFrom() == null ? (alert.validFrom == null ? now : alert.validFrom)
                : request.validFrom().toInstant();
        alert.validUntil = request.validUntil() == null ? null : request.validUntil().toInstant();
        Set<String> distribution = resolveDistribution(request.distribution());
        alert.handling = request.handling();
        // a HIT_ONLY alert is shared with nobody: it carries no nominal distribution (only an
        // approved disclosure request adds a partner, and makes it CONFIDENTIAL)
        alert.distribution = alert.handling.replicated() ? distribution.toArray(String[]::new) : new String[0];
        alert.sourceReliability = request.sourceReliability();
        alert.informationCredibility = request.informationCredibility().shortValue();
        alert.issuingUnit = request.issuingUnit() != null && !request.issuingUnit().isBlank()
                ? request.issuingUnit().strip()
                : Optional.ofNullable(caller.unit()).orElse(trustList.selfName());
        alert.updatedAt = now;
        alert.index();
    }

    /** ALL = every partner the agreement lets receive alerts; named codes must be such partners. */
    private Set<String> resolveDistribution(Set<String> requested) {
        Set<String> codes = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String code : requested) {
            if (code.equals(ALL_PARTNERS)) {
                trustList.partners().keySet().stream().filter(p -> trustList.mayReceive(p, RECORD_TYPE))
                        .forEach(codes::add);
            } else if (trustList.isPartner(code) && trustList.mayReceive(code, RECORD_TYPE)) {
                codes.add(code);
            } else if (!code.equals(trustList.selfCode())) {
                unknown.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidDistributionException(unknown);
        }
        return codes;
    }

    /**
     * Send the new state to the alert's distribution; partners dropped from it (or every partner,
     * if the alert became HIT_ONLY) get a tombstone so that they stop holding it.
     */
    private void replicate(Alert alert, Set<String> heldBefore) {
        Set<String> now = Set.copyOf(alert.sharedWith());
        if (!now.isEmpty()) {
            outbox.publish(RecordChange.upsert(RECORD_TYPE, alert.id.toString(), alert.version,
                    distributionWithOrigin(now), AlertMapper.toMessage(alert)));
        }
        Set<String> dropped = new HashSet<>(heldBefore);
        dropped.removeAll(now);
        if (!dropped.isEmpty()) {
            outbox.publish(RecordChange.tombstone(RECORD_TYPE, alert.id.toString(), alert.version,
                    distributionWithOrigin(dropped)));
        }
    }

    private Set<String> distributionWithOrigin(Set<String> partners) {
        Set<String> all = new TreeSet<>(partners);
        all.add(trustList.selfCode());
        return all;
    }

    /** Named partners that the agreement does not let receive alerts. */
    public static class InvalidDistributionException extends RuntimeException {
        public final Set<String> codes;

        InvalidDistributionException(Set<String> codes) {
            super("not partners that may receive alerts: " + String.join(", ", codes));
            this.codes = codes;
        }
    }
}
