package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.hitcheck.HitCheckRecords;
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
import org.borderpolice.intel.DisclosureRequest;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.mapping.DisclosureMessages;

import io.quarkus.panache.common.Parameters;

/**
 * Disclosure requests (披露申请) after a hit: the requester asks the owner for an alert's content
 * with a reason; the owner approves or denies before the deadline. Approval shares the alert.
 */
@ApplicationScoped
public class DisclosureService {

    public static final String REQUEST_TYPE = "intel.disclosure-request";
    public static final String ANSWER_TYPE = "intel.disclosure-answer";

    @Inject
    TrustList trustList;

    @Inject
    Distributions distributions;

    @Inject
    RecordPublisher publisher;

    @Inject
    IntelConfig config;

    @Inject
    AlertService alertService;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    HitCheckRecords hitChecks;

    /**
     * Ask, after a hit on that alert at that owner (409 otherwise): a hit of the caller's own
     * checks, or for an analyst or commander, of any check of ours (an investigator must not learn
     * through a request that an alert only an analyst could hit exists). With an idempotency key,
     * a repeat of the same request returns the one sent first.
     */
    @Transactional
    public IdempotencyKeys.Created<DisclosureRequest> request(
            BorderPrincipal caller, String owner, UUID alertId, String reason, String idempotencyKey) {
        requireOwn(caller, BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);
        if (!trustList.isPartner(owner) || !trustList.mayReceive(owner, AlertService.RECORD_TYPE)) {
            throw new InvalidProblem("owner " + owner + " is not a partner that shares alerts");
        }
        // only after a hit: a request for an alert the owner does not hold would wait for an answer forever
        boolean forAnyone = caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);
        if (!hitChecks.hitRecorded(
                owner, AlertService.RECORD_TYPE, alertId.toString(), forAnyone ? null : caller.subject())) {
            throw new ConflictProblem("no hit check of " + (forAnyone ? trustList.selfCode() : "yours") + " hit alert "
                    + alertId + " of " + owner + ": ask for an alert's content after a hit on it");
        }
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/alerts/disclosure-requests",
                Arrays.asList(owner, alertId, reason),
                () -> request(caller, owner, alertId, reason),
                r -> r.id.toString(),
                id -> DisclosureRequest.findById(UUID.fromString(id)));
    }

    private DisclosureRequest request(BorderPrincipal caller, String owner, UUID alertId, String reason) {
        DisclosureRequest r = new DisclosureRequest();
        // an id that names us: nobody else can deliver a request under it
        r.id = RecordIds.create(trustList.selfCode());
        r.requester = trustList.selfCode();
        r.owner = owner;
        r.alertId = alertId;
        r.reason = reason.strip();
        r.requestedBy = caller.subject();
        r.unit = caller.unit();
        r.requestedAt = Instant.now();
        r.deadline = r.requestedAt.plus(config.disclosure().answerWithin());
        r.status = DisclosureRequest.Status.PENDING;
        r.persist();
        // the requester's record, to the owner only
        publisher.upsert(REQUEST_TYPE, r.id.toString(), 1, r.owner, DisclosureMessages.toRequestMessage(r));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "disclosure.requested",
                AlertService.RECORD_TYPE,
                alertId.toString(),
                "request " + r.id + " to " + owner + ": " + AlertService.auditText(r.reason)));
        return r;
    }

    /**
     * The owner's answer. The request and then the alert are locked: two answers to one request,
     * and an answer racing an update or a revocation of the alert, happen one after the other.
     */
    @Transactional
    public DisclosureRequest answer(BorderPrincipal caller, UUID id, boolean approve, String reason) {
        requireOwn(caller, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);
        DisclosureRequest r = DisclosureRequest.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !r.owner.equals(trustList.selfCode())) {
            throw new NotFoundProblem("no disclosure request " + id + " addressed to " + trustList.selfCode());
        }
        if (r.status != DisclosureRequest.Status.PENDING) {
            throw new ConflictProblem("request " + id + " was already answered: " + r.status);
        }
        if (approve && !distributions.mayHold(r.requester, AlertService.RECORD_TYPE)) {
            // the alert would not reach it, and its users would read it here: only a denial is left
            throw new ConflictProblem(
                    "the agreement no longer gives " + r.requester + " alerts: the request can only be denied");
        }
        Alert alert = approve ? alertService.lockOwn(r.alertId) : null;
        if (approve && (alert == null || alert.revokedAt != null)) {
            throw new ConflictProblem("alert " + r.alertId + " no longer exists or is revoked");
        }
        r.status = approve ? DisclosureRequest.Status.APPROVED : DisclosureRequest.Status.DENIED;
        r.answeredBy = caller.subject();
        r.answeredAt = Instant.now();
        r.answerReason = reason == null || reason.isBlank() ? null : reason.strip();
        if (approve) {
            alertService.disclose(alert, r.requester);
        }
        // the owner's answer, to the requester only
        publisher.upsert(ANSWER_TYPE, r.id.toString(), 1, r.requester, DisclosureMessages.toAnswerMessage(r));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "disclosure." + r.status.name().toLowerCase(java.util.Locale.ROOT),
                AlertService.RECORD_TYPE,
                r.alertId.toString(),
                "request " + r.id + " of " + r.requester));
        return r;
    }

    /**
     * For analysts and commanders, the requests we made and those addressed to us (which they
     * answer); for an investigator, the requests it made itself (others' requests may be about
     * alerts only an analyst could hit). Newest first, a page at a time. Audited.
     */
    @Transactional
    public KeysetPage<DisclosureRequest> list(BorderPrincipal caller, KeysetCursor after, int limit) {
        requireOwn(caller, BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);
        boolean answers = caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);
        StringBuilder query = new StringBuilder(
                answers ? "(requester = :me or owner = :me)" : "requester = :me and requestedBy = :user");
        Parameters params = Parameters.with("me", trustList.selfCode());
        if (!answers) {
            params.and("user", caller.subject());
        }
        if (after != null) {
            query.append(" and (requestedAt < :at or (requestedAt = :at and id < :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        query.append(" order by requestedAt desc, id desc");
        KeysetPage<DisclosureRequest> page = KeysetPage.fetch(
                limit,
                n -> DisclosureRequest.<DisclosureRequest>find(query.toString(), params)
                        .range(0, n - 1)
                        .list(),
                r -> r.requestedAt,
                r -> r.id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "disclosure.list",
                REQUEST_TYPE,
                null,
                (answers ? "made and addressed to us" : "made by the caller") + ", "
                        + page.items().size() + " requests" + (after == null ? "" : " after " + after.encode())));
        return page;
    }

    private void requireOwn(BorderPrincipal caller, String... roles) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " handle its disclosure requests");
        }
        if (!caller.hasAnyRole(roles)) {
            throw new ForbiddenProblem("needs one of the roles " + String.join(", ", roles));
        }
    }
}
