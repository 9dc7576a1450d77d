package org.borderpolice.cases.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.trust.TrustList;

/**
 * A partner's answer to the invitation to a case (接受/拒绝): its own record
 * ({@value #ANSWER_TYPE}), made by its investigators or commanders at home and sent to the case's
 * origin, which takes it into the case ({@link ParticipationApplier}). An invited partner accepts
 * or declines; an accepted one may leave by declining. A decline gives a reason.
 */
@ApplicationScoped
public class ParticipationService {

    public static final String ANSWER_TYPE = "cases.participation";

    @Inject
    CaseRepository cases;

    @Inject
    PartnerContributions contributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    FrozenCases frozen;

    @Transactional
    public JointCase answer(BorderPrincipal caller, UUID caseId, boolean accept, String reason) {
        contributions.requireContributor(caller, "answer invitations", CaseService.WRITERS);
        JointCase c = cases.lockHeld(caseId);
        if (c == null || cases.findVisible(caseId, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible case " + caseId);
        }
        contributions.requireTheirs(c, "cases", "answer invitations");
        frozen.requireOpen(c);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (!accept && why == null) {
            throw new InvalidProblem("reason: required to decline");
        }
        String self = trustList.selfCode();
        CaseParticipant p = c.participant(self);
        String problem = p == null ? "is not invited" : p.answerProblem(accept);
        if (problem != null) {
            throw new ConflictProblem(self + " " + problem + " to case " + c.number);
        }
        long version = nextAnswerVersion(p, c);
        Instant now = CaseTimes.now();
        p.state = accept ? ParticipantState.ACCEPTED : ParticipantState.DECLINED;
        p.answeredAt = now;
        p.answeredBy = caller.subject();
        p.answerUnit = caller.unit();
        p.reason = why;
        p.answerVersion = version;
        CaseProto.ParticipationAnswer.Builder m = CaseProto.ParticipationAnswer.newBuilder()
                .setCaseId(c.recordId())
                .setCaseOrigin(c.origin)
                .setPartner(self)
                .setDecision(accept ? CaseProto.Decision.ACCEPT : CaseProto.Decision.DECLINE)
                .setAnsweredBy(caller.subject())
                .setAnsweredAt(ProtoTime.timestamp(now));
        if (why != null) {
            m.setReason(why);
        }
        if (caller.unit() != null) {
            m.setUnit(caller.unit());
        }
        contributions.send(ANSWER_TYPE, CaseParticipant.answerRecordId(c.id, self), p.answerVersion, c, m.build());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                accept ? "case.accepted" : "case.declined",
                CaseService.CASE_TYPE,
                c.recordId(),
                c.number + " of " + c.origin + ", answer version " + p.answerVersion));
        return c;
    }

    /**
     * The version of our next answer: one more than the origin's row says. A row stored before
     * the origin's answer version was bounded may hold one that has no successor (a conflict to
     * resolve with the origin, never an error of ours).
     */
    private static long nextAnswerVersion(CaseParticipant p, JointCase c) {
        long next;
        try {
            next = Math.addExact(p.answerVersion, 1);
        } catch (ArithmeticException e) {
            next = 0;
        }
        // the origin's echo of it must stay below the bound its applier checks (JointCaseApplier)
        if (next < 1 || next >= CaseFields.ANSWER_VERSIONS) {
            throw new ConflictProblem("the origin of case " + c.number + " sent an answer version (" + p.answerVersion
                    + ") that no answer of ours can follow, until " + c.origin + " sends the case again");
        }
        return next;
    }
}
