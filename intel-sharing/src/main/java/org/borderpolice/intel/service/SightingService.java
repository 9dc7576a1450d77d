package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.Arrays;
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
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.Sighting;
import org.borderpolice.intel.mapping.SightingMessages;
import org.borderpolice.intel.repository.AlertRepository;

import io.quarkus.panache.common.Parameters;

/**
 * Sightings and feedback (见到/反馈): a receiving partner reports on an alert; the report is its
 * own record and flows back to the alert's origin.
 */
@ApplicationScoped
public class SightingService {

    public static final String RECORD_TYPE = "intel.sighting";

    @Inject
    AlertRepository alerts;

    @Inject
    TrustList trustList;

    @Inject
    AlertContributions contributions;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    AuditLog auditLog;

    /** Report; with an idempotency key, a repeat of the same report returns the one made first. */
    @Transactional
    public IdempotencyKeys.Created<Sighting> report(
            BorderPrincipal caller,
            UUID alertId,
            Sighting.Kind kind,
            Instant observedAt,
            String place,
            String description,
            String idempotencyKey) {
        // checked before a replay too: who may no longer report gets no earlier report back
        Alert alert = contributions.contributableAlert(caller, alertId, "report");
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/alerts/" + alertId + "/sightings",
                Arrays.asList(kind, observedAt, place, description),
                () -> report(caller, alert, kind, observedAt, place, description),
                r -> r.id.toString(),
                id -> Sighting.findById(UUID.fromString(id)));
    }

    private Sighting report(
            BorderPrincipal caller,
            Alert alert,
            Sighting.Kind kind,
            Instant observedAt,
            String place,
            String description) {
        Sighting s = new Sighting();
        // an id that names us: the origin takes a new sighting only under an id its reporter created
        s.id = RecordIds.create(trustList.selfCode());
        s.alertId = alert.id;
        s.alertOrigin = alert.origin;
        s.partner = trustList.selfCode();
        s.kind = kind;
        s.observedAt = observedAt == null ? Instant.now() : observedAt;
        s.place = place == null || place.isBlank() ? null : place.strip();
        s.description = description.strip();
        s.unit = caller.unit();
        s.reportedBy = caller.subject();
        s.reportedAt = Instant.now();
        s.persist();
        contributions.send(RECORD_TYPE, s.id.toString(), alert, SightingMessages.toMessage(s));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "sighting.reported",
                RECORD_TYPE,
                s.id.toString(),
                s.kind + " on " + alert.origin + "'s alert " + alert.id));
        return s;
    }

    /**
     * Reports on an alert the caller may see, newest observation first, a page at a time: at the
     * origin every partner's, at a partner its own. Users of this jurisdiction with a role that
     * reports (investigator, analyst, commander) only; audited, also when there is no such alert
     * the caller may see.
     */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public KeysetPage<Sighting> list(BorderPrincipal caller, UUID alertId, KeysetCursor after, int limit) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " read reports here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem("reading reports needs role investigator, analyst or commander");
        }
        Alert alert = alerts.findVisible(alertId, alerts.viewer(caller.jurisdiction(), caller.roles()))
                .orElse(null);
        if (alert == null) {
            auditLog.append(new AuditEntry(
                    caller.subject(),
                    caller.jurisdiction(),
                    "sighting.list",
                    AlertService.RECORD_TYPE,
                    alertId.toString(),
                    AlertService.NOT_FOUND));
            throw new NotFoundProblem("no visible alert " + alertId);
        }
        boolean ours = alert.origin.equals(trustList.selfCode());
        StringBuilder query = new StringBuilder("alertId = :alert");
        Parameters params = Parameters.with("alert", alertId);
        if (!ours) {
            query.append(" and partner = :me");
            params.and("me", trustList.selfCode());
        }
        if (after != null) {
            query.append(" and (observedAt < :at or (observedAt = :at and id < :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        query.append(" order by observedAt desc, id desc");
        KeysetPage<Sighting> page = KeysetPage.fetch(
                limit,
                n -> Sighting.<Sighting>find(query.toString(), params)
                        .range(0, n - 1)
                        .list(),
                r -> r.observedAt,
                r -> r.id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "sighting.list",
                AlertService.RECORD_TYPE,
                alertId.toString(),
                page.items().size() + " reports" + (after == null ? "" : " after " + after.encode())));
        return page;
    }
}
