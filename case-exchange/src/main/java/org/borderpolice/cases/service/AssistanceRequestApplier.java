package org.borderpolice.cases.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.AssistanceFields;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceRules;
import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.FilePart;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.RequesterState;
import org.borderpolice.cases.mapping.AssistanceMessages;
import org.borderpolice.cases.mapping.CaseMessages;
import org.borderpolice.cases.repository.AssistanceRepository;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.SubjectKind;

/**
 * Takes a partner's assistance request addressed to us (its record: what is asked, by when,
 * withdrawn or not) into our row, keeping our own answer beside it. A new request must come from
 * the requester it names, be addressed to us, and be about a case we hold in which the requester
 * is the owner or a participant invited or accepted (its acceptance may still be on its way from
 * the case's owner; at the owner itself it must have accepted); its sending time may lie at most
 * {@link #CLOCK_SKEW} ahead of our clock, and our deadlines run from when we received it (see
 * {@link AssistanceMessages#newReplica}). A later version may only withdraw it, never change what
 * was asked or move it to another case. Anything else is refused for good; requests are never
 * deleted.
 */
@ApplicationScoped
public class AssistanceRequestApplier extends TypedApplier<AssistanceProto.AssistanceRequest> {

    @Inject
    AssistanceNotifications notifications;

    @Inject
    CaseFiles files;

    @Inject
    AssistanceRepository requests;

    @Inject
    AssistanceRules rules;

    @Inject
    CaseRepository cases;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    /** How far ahead of our clock a requester's sending time may be (clocks differ a little). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public AssistanceRequestApplier() {
        super(AssistanceProto.AssistanceRequest.class);
    }

    @Override
    public String recordType() {
        return AssistanceService.REQUEST_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, AssistanceProto.AssistanceRequest m) throws UnreadablePayloadException {
        if (change.tombstone()) {
            throw new UnreadablePayloadException("assistance requests are withdrawn, not deleted");
        }
        String self = trustList.selfCode();
        UUID id = PayloadProblems.uuid("id", m.getId());
        UUID caseId = PayloadProblems.uuid("case_id", m.getCaseId());
        RequesterState state = AssistanceMessages.requesterState(m.getState());
        PayloadProblems problems = new PayloadProblems("assistance request")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getRequester().equals(change.origin()), "requester", "is not the sender")
                .require(m.getAddressee().equals(self), "addressee", "is not the receiver")
                .require(AssistanceMessages.kind(m.getKind()) != null, "kind", "is not a known kind")
                .require(AssistanceMessages.priority(m.getPriority()) != null, "priority", "is not a known priority")
                .require(state != null, "state", "is not a known state")
                .text("details", m.getDetails(), AssistanceFields.DETAILS, true, true)
                .text("requested_by", m.getRequestedBy(), CaseFields.OFFICER, true, false)
                .text("unit", m.getUnit(), CaseFields.UNIT, false, false)
                .timestamp("sent_at", m.hasSentAt(), m.getSentAt())
                .timestamp("due_at", m.hasDueAt(), m.getDueAt())
                .require(m.getSubjectsCount() <= CaseFields.SUBJECTS, "subjects", "too many")
                .text("withdrawn_by", m.getWithdrawnBy(), CaseFields.OFFICER, state == RequesterState.WITHDRAWN, false)
                .text("withdrawal_reason", m.getWithdrawalReason(), CaseFields.REASON, false, true);
        if (state == RequesterState.WITHDRAWN || m.hasWithdrawnAt()) {
            problems.timestamp("withdrawn_at", m.hasWithdrawnAt(), m.getWithdrawnAt());
        }
        if (m.hasSentAt()
                && ProtoTime.problem(true, m.getSentAt()) == null
                && ProtoTime.instant(m.getSentAt()).isAfter(CaseTimes.now().plus(CLOCK_SKEW))) {
            problems.add("sent_at", "lies more than " + CLOCK_SKEW.toMinutes() + " minutes in the future");
        }
        if (m.hasSentAt()
                && m.hasDueAt()
                && ProtoTime.problem(true, m.getSentAt()) == null
                && ProtoTime.problem(true, m.getDueAt()) == null) {
            problems.add(
                    "due_at",
                    AssistanceRules.deadlineProblem(ProtoTime.instant(m.getSentAt()), ProtoTime.instant(m.getDueAt())));
        }
        for (CaseProto.CaseSubject s : m.getSubjectsList()) {
            SubjectKind kind = SubjectKind.fromProto(s.getSubject().getKind());
            String value = s.getSubject().getValue();
            problems.require(kind != null, "subjects.kind", "is not a known kind");
            if (kind != null) {
                String problem = kind.problem(value);
                problems.add("subjects.value", problem);
                problems.require(
                        problem != null || kind.normalise(value).equals(value), "subjects.value", "is not normalised");
            }
            problems.text("subjects.label", s.getSubject().getLabel(), CaseFields.LABEL, false, false)
                    .require(CaseMessages.role(s.getRole()) != null, "subjects.role", "is not a known role");
        }
        problems.throwIfAny();
        files.check(change.origin(), FilePart.REQUEST, caseId, id, m.getFilesList());

        // locked before it is read: apply works on what this check saw, never on a stale copy
        AssistanceRequest held = requests.lock(id);
        if (held != null) {
            // what was asked does not change: only the requester's state may, forward
            new PayloadProblems("assistance request")
                    .require(held.requester.equals(change.origin()), "id", "names a request of another jurisdiction")
                    .require(held.caseId.equals(caseId), "case_id", "differs from the request held")
                    .require(held.kind == AssistanceMessages.kind(m.getKind()), "kind", "differs from the request held")
                    .require(
                            held.priority == AssistanceMessages.priority(m.getPriority()),
                            "priority",
                            "differs from the request held")
                    .require(held.details.equals(m.getDetails()), "details", "differs from the request held")
                    .require(
                            claimed(held.claimedSentAt, held.sentAt)
                                    .equals(AssistanceMessages.micros(ProtoTime.instant(m.getSentAt()))),
                            "sent_at",
                            "differs from the request held")
                    .require(
                            claimed(held.claimedDueAt, held.dueAt)
                                    .equals(AssistanceMessages.micros(ProtoTime.instant(m.getDueAt()))),
                            "due_at",
                            "differs from the request held")
                    .require(
                            held.requesterState != RequesterState.WITHDRAWN || state == RequesterState.WITHDRAWN,
                            "state",
                            "a withdrawn request is not sent again")
                    .require(
                            held.state().open() || !addsFiles(change.origin(), held, m),
                            "files",
                            "request " + id + " is " + held.state() + ": files go on open requests")
                    .throwIfAny();
            return;
        }
        requireCreatedBy(id, change.origin());
        JointCase c = cases.held(caseId);
        if (c == null || !holdsCase(c, self)) {
            throw new UnreadablePayloadException("case_id names no case " + self + " takes part in");
        }
        if (!holdsCase(c, change.origin())) {
            throw new UnreadablePayloadException("case " + caseId + " has no participant " + change.origin());
        }
        if (c.origin.equals(self) && c.participant(change.origin()).state != ParticipantState.ACCEPTED) {
            // at the owner the answer and the request come from the same peer, in order: one that
            // has not accepted the case does not ask (as over REST)
            throw new UnreadablePayloadException(
                    change.origin() + " has not accepted case " + caseId + ": it asks no one for help in it");
        }
        if (!c.origin.equals(m.getCaseOrigin())) {
            throw new UnreadablePayloadException("case_origin differs from the case's origin");
        }
        if (state != RequesterState.WITHDRAWN) {
            long[] open = requests.openBetween(change.origin(), self, caseId);
            String tooMany = rules.openRequestsProblem(open[0], open[1]);
            if (tooMany != null) {
                throw new UnreadablePayloadException(tooMany);
            }
        }
    }

    /** Whether the version names a file of the request we do not hold yet. */
    private boolean addsFiles(String requester, AssistanceRequest held, AssistanceProto.AssistanceRequest m) {
        Set<String> known = new HashSet<>();
        files.refs(requester, FilePart.REQUEST, held.caseId, held.id).forEach(f -> known.add(f.getFileId()));
        return m.getFilesList().stream().anyMatch(f -> !known.contains(f.getFileId()));
    }

    /** The claimed time a later version must repeat (at the addressee), else the one held. */
    private static Instant claimed(Instant claimed, Instant held) {
        return claimed != null ? claimed : held;
    }

    /** The case's owner, or a participant invited or accepted (as we hold the case now). */
    private static boolean holdsCase(JointCase c, String code) {
        if (c.origin.equals(code)) {
            return true;
        }
        CaseParticipant p = c.participant(code);
        return p != null && p.state.active();
    }

    @Override
    protected void applyTyped(List<Typed<AssistanceProto.AssistanceRequest>> changes) {
        Instant received = CaseTimes.now();
        for (var typed : changes) {
            AssistanceProto.AssistanceRequest m = typed.message();
            UUID id = UUID.fromString(m.getId());
            AssistanceRequest r = requests.lock(id);
            boolean isNew = r == null;
            if (isNew) {
                r = AssistanceMessages.newReplica(m, received);
            }
            AssistanceMessages.copyRequesterPart(m, r);
            r.requestVersion = typed.change().version();
            if (isNew) {
                requests.persist(r);
                if (r.requesterState != RequesterState.WITHDRAWN) {
                    long[] open = requests.openBetween(r.requester, r.addressee, r.caseId);
                    if (rules.openRequestsProblem(open[0] - 1, open[1] - 1) != null) {
                        // the requests of one batch were checked against what was held before it:
                        // the inbox then takes the batch one event at a time, and check refuses the excess
                        throw new IllegalStateException(
                                "open requests of " + r.requester + " past the cap in one batch");
                    }
                }
                notifications.received(r);
            }
            files.replicate(r.requester, FilePart.REQUEST, r.caseId, r.id, m.getFilesList());
            auditLog.append(new AuditEntry(
                    m.getRequestedBy(),
                    r.requester,
                    isNew ? "assistance.received" : "assistance.request-updated",
                    AssistanceService.REQUEST_TYPE,
                    r.recordId(),
                    AssistanceService.describe(r) + " (received " + received + ", sent " + r.claimedSentAt
                            + " by the requester's clock)"));
        }
    }
}
