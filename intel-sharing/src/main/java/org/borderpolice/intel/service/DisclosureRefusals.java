package org.borderpolice.intel.service;

import java.time.Instant;
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
            auditLog.append(new AuditEntry("relay", trustList.selfCode(), "disclosure.refused",
                    AlertService.RECORD_TYPE, r.alertId.toString(), "request " + r.id + " refused by " + r.owner
                            + ": " + r.answerReason));
        });
    }
}
