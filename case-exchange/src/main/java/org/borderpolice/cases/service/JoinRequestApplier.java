package org.borderpolice.cases.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.JoinDraft;
import org.borderpolice.cases.JoinRules;
import org.borderpolice.cases.JoinState;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.config.CasesConfig;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.cases.repository.JoinRequestRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.hitcheck.HitCheckRecords;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.proto.cases.v1.JoinProto;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;

/**
 * Takes a partner's request to join one of our cases (at the owner). The request must come from
 * the requester it names, be addressed to us and name one of our numbers (its form); anything else
 * is refused for good, as is any change of a request; a withdrawal (tombstone) only from its
 * requester, of a request held here. A request for a case that
 * cannot be joined (none under that number, a draft, a closed case, one offered or handed over,
 * one the requester holds already, one no check of the requester hit here, one beyond the
 * requester's quota of pending requests) is kept, denied at once and answered with the same words for
 * each ({@link JoinRules}); the others wait for a commander ({@link CaseJoins}). Beyond
 * {@link JoinRules#dailyCap} requests of one requester in 24 hours, a request is refused for good
 * at the inbox and not stored at all.
 */
@ApplicationScoped
public class JoinRequestApplier extends TypedApplier<JoinProto.JoinRequest> {

    /** The transaction's requests admitted by {@link #check} and not yet stored, per requester. */
    private static final Object ADMITTED = JoinRequestApplier.class.getName() + ".admitted";

    @Inject
    TransactionSynchronizationRegistry transaction;

    @Inject
    JoinRequestRepository requests;

    @Inject
    CaseRepository cases;

    @Inject
    CaseJoins joins;

    @Inject
    Distributions distributions;

    @Inject
    Transfers transfers;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    HitCheckRecords hitChecks;

    @Inject
    CasesConfig config;

    public JoinRequestApplier() {
        super(JoinProto.JoinRequest.class);
    }

    @Override
    public String recordType() {
        return CaseJoins.REQUEST_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, JoinProto.JoinRequest m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        CaseJoinRequest held = requests.findById(id);
        if (change.tombstone()) {
            // the requester withdraws its request: only its own, held here
            if (held == null || !held.requester.equals(change.origin())) {
                throw new UnreadablePayloadException(
                        "join request " + id + " is no request of " + change.origin() + " held here");
            }
            return;
        }
        PartnerContributions.requireMadeBy(held == null ? null : held.requester, change.origin(), "join request", id);
        if (held != null) {
            throw new UnreadablePayloadException("join request " + id + " is held already: requests never change");
        }
        requireCreatedBy(id, change.origin());
        String self = trustList.selfCode();
        new PayloadProblems("join request")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getRequester().equals(change.origin()), "requester", "is not the sender")
                .require(m.getCaseOrigin().equals(self), "case_origin", "is not " + self)
                .add("case_number", RecordNumber.problem(m.getCaseNumber(), self))
                .require(
                        distributions.mayHold(change.origin(), CaseSharing.CASE_TYPE),
                        "requester",
                        "may not hold cases by the agreement")
                .text("reason", m.getReason(), CaseFields.REASON, true, true)
                .text("hit_reference", m.getHitReference(), JoinDraft.HIT_REFERENCE, false, false)
                .text("requested_by", m.getRequestedBy(), CaseFields.OFFICER, true, false)
                .text("unit", m.getUnit(), CaseFields.UNIT, false, false)
                .timestamp("requested_at", m.hasRequestedAt(), m.getRequestedAt())
                .throwIfAny();
        // storage is bounded too: beyond the cap a request is refused here, not kept as a denial
        // a batch is checked before it is stored: the requests it admitted count too (review 31 D-S3)
        Map<String, Integer> admitted = admitted();
        if (requests.receivedSince(change.origin(), self, CaseTimes.now().minus(Duration.ofDays(1)))
                        + admitted.getOrDefault(change.origin(), 0)
                >= JoinRules.dailyCap(config.joinRequests().maxPending())) {
            throw new UnreadablePayloadException(JoinRules.TOO_MANY_TODAY);
        }
        admitted.merge(change.origin(), 1, Integer::sum);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Integer> admitted() {
        Map<String, Integer> admitted = (Map<String, Integer>) transaction.getResource(ADMITTED);
        if (admitted == null) {
            admitted = new HashMap<>();
            transaction.putResource(ADMITTED, admitted);
        }
        return admitted;
    }

    @Override
    protected void applyTyped(List<Typed<JoinProto.JoinRequest>> changes) {
        String self = trustList.selfCode();
        for (var typed : changes) {
            if (typed.tombstone()) {
                withdrawn(typed.change());
                continue;
            }
            admitted().merge(typed.change().origin(), -1, Integer::sum); // stored now: counted by the query
            JoinProto.JoinRequest m = typed.message();
            Instant now = CaseTimes.now();
            CaseJoinRequest r = new CaseJoinRequest();
            r.id = UUID.fromString(m.getId());
            r.requester = typed.change().origin();
            r.caseOrigin = self;
            r.caseNumber = m.getCaseNumber();
            r.reason = m.getReason().strip();
            r.hitReference =
                    m.getHitReference().isBlank() ? null : m.getHitReference().strip();
            r.requestedBy = m.getRequestedBy();
            r.requestedUnit = m.getUnit().isEmpty() ? null : m.getUnit();
            // our clock: when we received it, not the requester's claim
            r.requestedAt = now;
            r.state = JoinState.PENDING;
            JointCase c =
                    requests.heldCase(self, r.caseNumber).map(cases::lockHeld).orElse(null);
            r.caseId = c == null ? null : c.id;
            JoinRules.Refusal refusal = JoinRules.refusal(
                    c, r.requester, c != null && !transfers.changeable(CaseSharing.CASE_TYPE, c.recordId()));
            if (refusal == null && !hitChecks.inboundHitRecorded(r.requester, CaseSharing.CASE_TYPE, c.id.toString())) {
                // a request follows a hit: without one the requester learns nothing, not even that the case is open
                refusal = JoinRules.Refusal.NO_HIT;
            }
            if (refusal == null && requests.pending(r.requester, r.caseNumber).isPresent()) {
                refusal = JoinRules.Refusal.PENDING;
            }
            // a partner's pending requests are bounded: its service could send any number
            if (refusal == null
                    && requests.pendingCount(r.requester, self)
                            >= config.joinRequests().maxPending()) {
                refusal = JoinRules.Refusal.LIMIT;
            }
            if (refusal != null) {
                r.refuse(refusal, now);
            }
            requests.persist(r);
            if (refusal != null) {
                joins.sendDecision(r);
            }
            auditLog.append(new AuditEntry(
                    r.requestedBy,
                    r.requester,
                    refusal == null ? "case.join.received" : "case.join.refused",
                    CaseJoins.REQUEST_TYPE,
                    r.id.toString(),
                    CaseJoins.describe(r)));
        }
    }

    /**
     * The requester withdrew its request: a pending one is withdrawn (it leaves our commanders'
     * queue); one decided already stays decided (our decision crossed the withdrawal and stands).
     */
    private void withdrawn(ReplicaChange change) {
        CaseJoinRequest r = requests.lock(UUID.fromString(change.recordId()));
        if (r == null) {
            return;
        }
        boolean pending = r.state == JoinState.PENDING;
        if (pending) {
            r.withdraw(null, null, null, CaseTimes.now());
        }
        auditLog.append(new AuditEntry(
                "service:peer@" + change.origin(),
                change.origin(),
                "case.join.withdrawn",
                CaseJoins.REQUEST_TYPE,
                r.id.toString(),
                CaseJoins.describe(r) + (pending ? "" : " (withdrawn after our decision: the decision stands)")));
    }
}
