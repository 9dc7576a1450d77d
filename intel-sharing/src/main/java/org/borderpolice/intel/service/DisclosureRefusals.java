package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.outbox.DeliveryRefused;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.DisclosureRequest;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A disclosure request the owner's service refused on delivery (the alert was revoked meanwhile,
 * or no check of ours hit it there) is closed as REFUSED with the owner's reason, so that it does
 * not wait for an answer that will never come.
 */
@ApplicationScoped
public class DisclosureRefusals {

    /** Longest answer reason stored (disclosure_request.answer_reason is TEXT; this keeps views short). */
    static final int MAX_REASON = 2000;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    /**
     * The alert of a request we approved was refused by the requester (e.g. its legacy id, before
     * the requester's cut-over): the requester shows the request APPROVED but does not hold the
     * alert. Our audit log says so beside the approval, and the outbox view lists the refusal with
     * the requester's reason; an update of the alert sends it again once the requester takes it.
     */
    void alertRefused(@Observes DeliveryRefused refusal) {
        if (!refusal.recordType().equals(AlertService.RECORD_TYPE)) {
            return;
        }
        UUID alertId;
        try {
            alertId = UUID.fromString(refusal.recordId());
        } catch (IllegalArgumentException e) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            List<DisclosureRequest> approved = DisclosureRequest.list(
                    "alertId = ?1 and owner = ?2 and requester = ?3 and status = ?4",
                    alertId,
                    trustList.selfCode(),
                    refusal.partner(),
                    DisclosureRequest.Status.APPROVED);
            String reason = refusal.reason() == null ? "" : refusal.reason();
            for (DisclosureRequest r : approved) {
                auditLog.append(new AuditEntry(
                        "relay",
                        trustList.selfCode(),
                        "disclosure.undelivered",
                        AlertService.RECORD_TYPE,
                        alertId.toString(),
                        "request " + r.id + " of " + r.requester
                                + " approved, but version " + refusal.version() + " of the alert was refused: "
                                + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason)));
            }
        });
    }

    void refused(@Observes DeliveryRefused refusal) {
        if (!refusal.recordType().equals(DisclosureService.REQUEST_TYPE)) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            DisclosureRequest r = DisclosureRequest.findById(UUID.fromString(refusal.recordId()));
            if (r == null || r.status != DisclosureRequest.Status.PENDING || !r.owner.equals(refusal.partner())) {
                return;
            }
            String reason = refusal.reason() == null ? "" : refusal.reason();
            r.status = DisclosureRequest.Status.REFUSED;
            r.answeredAt = Instant.now();
            r.answerReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
            auditLog.append(new AuditEntry(
                    "relay",
                    trustList.selfCode(),
                    "disclosure.refused",
                    AlertService.RECORD_TYPE,
                    r.alertId.toString(),
                    "request " + r.id + " refused by " + r.owner + ": " + r.answerReason));
        });
    }
}
