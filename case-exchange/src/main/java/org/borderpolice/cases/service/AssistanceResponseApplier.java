package org.borderpolice.cases.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.AssistanceFields;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.FilePart;
import org.borderpolice.cases.ResponderState;
import org.borderpolice.cases.mapping.AssistanceMessages;
import org.borderpolice.cases.repository.AssistanceRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;

/**
 * Takes the addressee's answer to one of our assistance requests (its own record: accepted with
 * a named officer, declined with a reason, answered with findings) into the request. It must come
 * from the addressee of a request of ours and only move forward from what we hold (an answer or a
 * decline is final: a later version may only add files to it); it is taken even if we withdrew
 * the request meanwhile (a final answer then stands, see
 * {@link org.borderpolice.cases.AssistanceState}). Its times are when we received each step, not
 * the addressee's clock. Answers are never deleted.
 */
@ApplicationScoped
public class AssistanceResponseApplier extends TypedApplier<AssistanceProto.AssistanceResponse> {

    @Inject
    CaseFiles files;

    @Inject
    AssistanceRepository requests;

    @Inject
    PartnerContributions contributions;

    @Inject
    AuditLog auditLog;

    public AssistanceResponseApplier() {
        super(AssistanceProto.AssistanceResponse.class);
    }

    @Override
    public String recordType() {
        return AssistanceService.RESPONSE_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, AssistanceProto.AssistanceResponse m) throws UnreadablePayloadException {
        if (change.tombstone()) {
            throw new UnreadablePayloadException("answers to assistance requests are not withdrawn");
        }
        UUID requestId = PayloadProblems.uuid("request_id", m.getRequestId());
        ResponderState state = AssistanceMessages.responderState(m.getState());
        boolean officer = state == ResponderState.ACCEPTED || state == ResponderState.ANSWERED;
        PayloadProblems problems = new PayloadProblems("assistance response")
                .require(
                        change.recordId().equals(AssistanceRequest.responseRecordId(requestId, change.origin())),
                        "record_id",
                        "is not <request id>:<sender>")
                .require(m.getAddressee().equals(change.origin()), "addressee", "is not the sender")
                .require(state != null, "state", "must be ACCEPTED, DECLINED or ANSWERED")
                .text("officer_name", m.getOfficerName(), AssistanceFields.OFFICER_NAME, officer, false)
                .text("officer_id", m.getOfficerId(), AssistanceFields.OFFICER_ID, false, false)
                .text("unit", m.getUnit(), CaseFields.UNIT, false, false)
                .text("accepted_by", m.getAcceptedBy(), CaseFields.OFFICER, officer, false)
                .text("declined_by", m.getDeclinedBy(), CaseFields.OFFICER, state == ResponderState.DECLINED, false)
                .text("decline_reason", m.getDeclineReason(), CaseFields.REASON, state == ResponderState.DECLINED, true)
                .text("answered_by", m.getAnsweredBy(), CaseFields.OFFICER, state == ResponderState.ANSWERED, false)
                .text("findings", m.getFindings(), AssistanceFields.FINDINGS, state == ResponderState.ANSWERED, true);
        if (officer || m.hasAcceptedAt()) {
            problems.timestamp("accepted_at", m.hasAcceptedAt(), m.getAcceptedAt());
        }
        if (state == ResponderState.DECLINED || m.hasDeclinedAt()) {
            problems.timestamp("declined_at", m.hasDeclinedAt(), m.getDeclinedAt());
        }
        if (state == ResponderState.ANSWERED || m.hasAnsweredAt()) {
            problems.timestamp("answered_at", m.hasAnsweredAt(), m.getAnsweredAt());
        }
        problems.throwIfAny();
        // locked before it is read: apply works on what this check saw, never on a stale copy
        AssistanceRequest r = contributions.requireOursSharedWith(
                requests.lock(requestId), "request_id", "assistance request", requestId, change.origin());
        // forward only; a version in between may be skipped (PENDING to ANSWERED); a final answer
        // stays as first received, only a re-delivery of it (with more files) is taken
        String problem = AssistanceMessages.finalAnswerProblem(m, r);
        if (problem != null) {
            throw new UnreadablePayloadException("assistance request " + requestId + " " + problem);
        }
        files.check(change.origin(), FilePart.ANSWER, r.caseId, r.id, m.getFilesList());
    }

    @Override
    protected void applyTyped(List<Typed<AssistanceProto.AssistanceResponse>> changes) {
        for (var typed : changes) {
            AssistanceProto.AssistanceResponse m = typed.message();
            AssistanceRequest r = requests.lock(UUID.fromString(m.getRequestId()));
            AssistanceMessages.copyResponderPart(m, r, CaseTimes.now());
            r.responseVersion = typed.change().version();
            files.replicate(r.addressee, FilePart.ANSWER, r.caseId, r.id, m.getFilesList());
            String by = r.answeredBy != null ? r.answeredBy : r.declinedBy != null ? r.declinedBy : r.acceptedBy;
            auditLog.append(new AuditEntry(
                    by,
                    r.addressee,
                    "assistance.response-received",
                    AssistanceService.REQUEST_TYPE,
                    r.recordId(),
                    AssistanceService.describe(r)));
        }
    }
}
