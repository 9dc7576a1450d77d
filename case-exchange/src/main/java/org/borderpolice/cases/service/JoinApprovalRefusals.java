package org.borderpolice.cases.service;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JoinState;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.cases.repository.JoinRequestRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.outbox.DeliveryRefused;
import org.borderpolice.federation.trust.TrustList;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * At the owner: the requester refused our approval of its request to join (it had withdrawn the
 * request before the approval reached it, and takes no decision on a withdrawn request once its
 * own window has passed). The requester then holds our case as merely invited, never accepted;
 * our case must not go on naming it ACCEPTED. Our service removes it (移出, the owner's act, which
 * the requester takes), with a timeline entry saying why, and marks the request WITHDRAWN here.
 */
@ApplicationScoped
public class JoinApprovalRefusals {

    /** The reason on the participant row and the timeline entry. */
    public static final String REASON =
            "申请方已先撤回加入申请，拒收批准 The requester had withdrawn its request and refused the approval";

    @Inject
    JoinRequestRepository requests;

    @Inject
    CaseRepository cases;

    @Inject
    CaseSharing sharing;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    void refused(@Observes DeliveryRefused refusal) {
        if (!refusal.recordType().equals(CaseJoins.DECISION_TYPE)) {
            return;
        }
        String self = trustList.selfCode();
        int colon = refusal.recordId().indexOf(':');
        UUID requestId;
        try {
            requestId = UUID.fromString(
                    colon < 0 ? refusal.recordId() : refusal.recordId().substring(0, colon));
        } catch (IllegalArgumentException e) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            CaseJoinRequest r = requests.lock(requestId);
            if (r == null
                    || !r.caseOrigin.equals(self)
                    || !r.requester.equals(refusal.partner())
                    || r.state != JoinState.APPROVED) {
                return;
            }
            r.state = JoinState.WITHDRAWN;
            if (r.withdrawnAt == null) {
                r.withdrawnAt = CaseTimes.now();
            }
            JointCase c = r.caseId == null ? null : cases.lockOwn(r.caseId, self);
            CaseParticipant p = c == null ? null : c.participant(r.requester);
            boolean removed = false;
            if (p != null && p.state == ParticipantState.ACCEPTED) {
                Set<String> before = c.sharedWith();
                var now = CaseTimes.now();
                p.state = ParticipantState.REMOVED;
                p.answeredAt = now;
                p.answeredBy = null;
                p.answerUnit = null;
                p.reason = REASON;
                c.version++;
                c.updatedAt = now;
                TimelineEntry entry =
                        sharing.participantEntry(c, EntryKind.REMOVED, r.requester, self, "service", null, REASON);
                sharing.share(c, before, List.of(entry));
                removed = true;
            }
            String reason = refusal.reason() == null ? "" : refusal.reason();
            auditLog.append(new AuditEntry(
                    "relay",
                    self,
                    "case.join.approval-refused",
                    CaseJoins.REQUEST_TYPE,
                    r.id.toString(),
                    CaseJoins.describe(r) + (removed ? "; removed from case " + c.number : "") + ": "
                            + (reason.length() > 500 ? reason.substring(0, 500) : reason)));
        });
    }
}
