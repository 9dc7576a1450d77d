package org.borderpolice.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.borderpolice.federation.replication.SharedRecord;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An assistance request (协查请求) from one participant of a joint case (the requester) to
 * another (the addressee). One row holds two records: the requester's (what is asked, by when;
 * withdrawn or not), owned by the requester and replicated to the addressee, and the addressee's
 * answer (受理 with a named officer, 不予协查 with a reason, 反馈 with findings), owned by the
 * addressee and replicated to the requester. Each side writes only its own part; the state both
 * show is {@link AssistanceState#of} the two.
 */
@Entity
@Table(name = "assistance_request")
public class AssistanceRequest extends PanacheEntityBase implements SharedRecord {

    @Id
    public UUID id;

    @Column(name = "case_id", nullable = false)
    public UUID caseId;

    @Column(name = "case_origin", nullable = false)
    public String caseOrigin;

    @Column(nullable = false)
    public String requester;

    @Column(nullable = false)
    public String addressee;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AssistanceKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AssistancePriority priority;

    @Column(nullable = false)
    public String details;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "assistance_subject", joinColumns = @JoinColumn(name = "request_id"))
    @OrderColumn(name = "position")
    public List<CaseSubject> subjects = new ArrayList<>();

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "requester_unit")
    public String requesterUnit;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    /**
     * At the addressee: the sending time the requester claims (its clock). {@link #sentAt} is
     * then when we received the request, so that no partner's clock decides our deadlines or
     * the order of our lists. Null at the requester.
     */
    @Column(name = "claimed_sent_at")
    public Instant claimedSentAt;

    /** At the addressee: the deadline the requester set (its clock); null at the requester. */
    @Column(name = "claimed_due_at")
    public Instant claimedDueAt;

    // --- the requester's part

    @Enumerated(EnumType.STRING)
    @Column(name = "requester_state", nullable = false)
    public RequesterState requesterState = RequesterState.SENT;

    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    @Column(name = "withdrawn_by")
    public String withdrawnBy;

    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    /** Version of the requester's record held (at the requester: the last one sent). */
    @Column(name = "request_version", nullable = false)
    public long requestVersion;

    // --- the addressee's part

    @Enumerated(EnumType.STRING)
    @Column(name = "responder_state", nullable = false)
    public ResponderState responderState = ResponderState.PENDING;

    /** 承办民警. */
    @Column(name = "officer_name")
    public String officerName;

    /** 警号. */
    @Column(name = "officer_id")
    public String officerId;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "accepted_by")
    public String acceptedBy;

    @Column(name = "responder_unit")
    public String responderUnit;

    @Column(name = "declined_at")
    public Instant declinedAt;

    @Column(name = "declined_by")
    public String declinedBy;

    @Column(name = "decline_reason")
    public String declineReason;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "answered_by")
    public String answeredBy;

    public String findings;

    /** Version of the addressee's record held (0: none yet). */
    @Column(name = "response_version", nullable = false)
    public long responseVersion;

    /** Computed by PostgreSQL as {@link AssistanceState#of} the two parts; only used in queries. */
    @Enumerated(EnumType.STRING)
    @Column(name = "state", insertable = false, updatable = false)
    public AssistanceState storedState;

    public AssistanceState state() {
        return AssistanceState.of(requesterState, responderState);
    }

    @Override
    public String origin() {
        return requester;
    }

    /** The requester's record goes to the addressee alone. */
    @Override
    public Set<String> sharedWith() {
        return Set.of(addressee);
    }

    public String recordId() {
        return id.toString();
    }

    /** The record id of the addressee's answer: "&lt;request id&gt;:&lt;addressee&gt;". */
    public static String responseRecordId(UUID requestId, String addressee) {
        return requestId + ":" + addressee;
    }

    public String responseRecordId() {
        return responseRecordId(id, addressee);
    }

    /** Why the addressee may not move its part to {@code to} now, or null. */
    public String responseProblem(ResponderState to) {
        if (responderState.isFinal()) {
            return "is " + state() + " already";
        }
        if (requesterState == RequesterState.WITHDRAWN) {
            return "was withdrawn by " + requester;
        }
        if (!responderState.mayBecome(to)) {
            return "is " + state() + ": it must be accepted (an officer assigned) before it is answered";
        }
        return null;
    }

    /** Why the requester may not withdraw it now, or null. */
    public String withdrawalProblem() {
        AssistanceState s = state();
        return s.open() ? null : "is " + s + ": only a request still open is withdrawn";
    }

    /** 受理: the addressee assigns a named officer (again: another officer, still ACCEPTED). */
    public void accept(String name, String badge, String by, String unit, Instant at) {
        require(responseProblem(ResponderState.ACCEPTED));
        responderState = ResponderState.ACCEPTED;
        officerName = name;
        officerId = badge;
        if (acceptedAt == null) {
            // the first acceptance is what response times measure
            acceptedAt = at;
        }
        acceptedBy = by;
        responderUnit = unit;
    }

    /** 不予协查, with a reason. */
    public void decline(String reason, String by, String unit, Instant at) {
        require(responseProblem(ResponderState.DECLINED));
        responderState = ResponderState.DECLINED;
        declineReason = reason;
        declinedAt = at;
        declinedBy = by;
        responderUnit = unit;
    }

    /** 反馈: the findings of the officer assigned. */
    public void answer(String text, String by, String unit, Instant at) {
        require(responseProblem(ResponderState.ANSWERED));
        responderState = ResponderState.ANSWERED;
        findings = text;
        answeredAt = at;
        answeredBy = by;
        responderUnit = unit;
    }

    /** 撤回, by the requester. */
    public void withdraw(String by, String reason, Instant at) {
        require(withdrawalProblem());
        requesterState = RequesterState.WITHDRAWN;
        withdrawnAt = at;
        withdrawnBy = by;
        withdrawalReason = reason;
    }

    private void require(String problem) {
        if (problem != null) {
            throw new IllegalStateException("request " + id + " " + problem);
        }
    }
}
