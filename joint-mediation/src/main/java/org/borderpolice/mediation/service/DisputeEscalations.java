package org.borderpolice.mediation.service;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.client.CaseExchange;
import org.borderpolice.mediation.client.CaseExchangeUnavailable;
import org.borderpolice.mediation.client.CaseOpening;
import org.borderpolice.mediation.client.OpenedCase;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Escalation (民转刑): one of our disputes at high risk opens a linked joint case at this
 * jurisdiction's case-exchange, as the user who escalates (their token is forwarded: case-exchange
 * decides by its own rules whether they may open a case), and the dispute records the case.
 *
 * <p>Three steps, none of which holds the dispute's row or a database connection while
 * case-exchange is called (its client tries up to 4 times, 8 s each: a burst of escalations while
 * it is slow would otherwise hold the connection pool): a short transaction checks the rules and
 * takes the case's content from the dispute; the call; a second short transaction locks the
 * dispute and records the case. Once per dispute: case-exchange opens one case per linked dispute,
 * whoever asks and with whatever idempotency key (its answer to a later filing is the case opened
 * first), so a repeat, a concurrent escalation by another user, or one after a crash or a rollback
 * between the call and the record gets that same case, and the record step completes what was left.
 * A dispute that records its case answers with it without calling case-exchange again. When the
 * dispute may no longer be escalated (lowered below HIGH, withdrawn) but records no case, case-exchange
 * is asked for a case linked to it first: one opened by an escalation whose record step failed is
 * recorded then, whatever the dispute's risk now (the case exists and holds the parties' ID numbers;
 * it must not stay orphaned). When case-exchange refuses or does not answer, the dispute is as before.
 */
@ApplicationScoped
public class DisputeEscalations {

    /** Who may escalate: the origin's users who change disputes (case-exchange may still refuse them). */
    public static final String[] ESCALATORS = DisputeService.WRITERS;

    /** The idempotency key of a dispute's escalation at case-exchange. */
    static String idempotencyKey(UUID disputeId) {
        return "mediation-escalation-" + disputeId;
    }

    @Inject
    DisputeService disputes;

    @Inject
    DisputeSharing sharing;

    @Inject
    PartnerContributions contributions;

    @Inject
    CaseExchange caseExchange;

    @Inject
    AuditLog auditLog;

    /** The escalated dispute, and whether this request recorded its case (false: recorded before). */
    public record Escalation(Dispute dispute, boolean opened) {}

    /**
     * The first step's outcome: escalated before (the answer), the case to open, or why the
     * dispute may not be escalated (unless case-exchange holds a case for it already).
     */
    private record Claim(Escalation before, CaseOpening opening, String problem) {}

    @Transactional(Transactional.TxType.NEVER)
    public Escalation escalate(BorderPrincipal caller, UUID id, String token) {
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(caller, id));
        if (claim.before() != null) {
            return claim.before();
        }
        if (claim.problem() != null) {
            // an escalation opened the case but the dispute never recorded it (review 26 S2)
            OpenedCase orphan = orphan(caller, id, token, claim.problem());
            return QuarkusTransaction.requiringNew().call(() -> record(caller, id, orphan));
        }
        OpenedCase opened;
        try {
            opened = caseExchange.open(token, claim.opening());
        } catch (FaultToleranceException e) {
            // too slow on every try, or the circuit is open after repeated failures
            throw new CaseExchangeUnavailable("case-exchange did not answer", e);
        }
        if (!id.equals(opened.linkedDispute())) {
            throw new CaseExchangeUnavailable(
                    "case-exchange opened case " + opened.number() + " without the link to the dispute", null);
        }
        return QuarkusTransaction.requiringNew().call(() -> record(caller, id, opened));
    }

    /** Step one: the rules, and the case as the dispute is now (the row locked only for this). */
    private Claim claim(BorderPrincipal caller, UUID id) {
        contributions.requireContributor(caller, "escalate disputes", ESCALATORS);
        Dispute d = disputes.ownForChange(caller, id);
        if (d.escalatedCase != null) {
            audit(caller, "dispute.escalation-repeated", d);
            return new Claim(new Escalation(d, false), null, null);
        }
        String problem = d.escalationProblem();
        if (problem != null) {
            return new Claim(null, null, problem);
        }
        return new Claim(null, opening(d), null);
    }

    /** The case case-exchange opened for the dispute earlier, or the dispute's {@code problem} as a 409. */
    private OpenedCase orphan(BorderPrincipal caller, UUID id, String token, String problem) {
        java.util.Optional<OpenedCase> found;
        try {
            found = caseExchange.linkedTo(token, id);
        } catch (FaultToleranceException e) {
            throw new CaseExchangeUnavailable("case-exchange did not answer", e);
        } catch (org.borderpolice.federation.problem.ForbiddenProblem e) {
            throw new ConflictProblem(problem + " (whether case-exchange holds a case opened for it earlier could "
                    + "not be checked with your roles: " + e.getMessage() + ")");
        }
        if (found.isEmpty() || !id.equals(found.get().linkedDispute())) {
            throw new ConflictProblem(problem);
        }
        return found.get();
    }

    /**
     * Step three: the dispute records the case opened (or found) at case-exchange. The rules are
     * not asked again: the case exists, whatever changed meanwhile, and the link is what keeps it
     * from being opened twice. Another request may have recorded it first: the same case.
     */
    private Escalation record(BorderPrincipal caller, UUID id, OpenedCase opened) {
        Dispute d = disputes.ownForChange(caller, id);
        if (d.escalatedCase != null) {
            if (!d.escalatedCase.equals(opened.id())) {
                // only a case-exchange that does not keep one case per dispute (before its V91) gets here
                throw new ConflictProblem("dispute " + id + " records case " + d.escalatedCaseNumber
                        + ", case-exchange answered " + opened.number());
            }
            audit(caller, "dispute.escalation-repeated", d);
            return new Escalation(d, false);
        }
        Set<String> before = sharing.holders(d);
        Instant now = Instant.now();
        d.escalatedCase = opened.id();
        d.escalatedCaseNumber = opened.number();
        d.escalatedAt = now;
        d.escalatedBy = caller.subject();
        d.updatedAt = now;
        d.version++;
        sharing.share(d, before);
        audit(caller, "dispute.escalated", d);
        return new Escalation(d, true);
    }

    /** The case, from the dispute alone (the same request every time: the idempotency key needs that). */
    static CaseOpening opening(Dispute d) {
        StringBuilder summary = new StringBuilder(d.description);
        if (!d.riskReasons.isEmpty()) {
            summary.append("\n民转刑风险: ").append(String.join("；", d.riskReasons));
        }
        return new CaseOpening(
                d.escalationCategory(),
                limit("民转刑风险纠纷：" + d.title, CASE_TITLE),
                limit(summary.toString(), CASE_SUMMARY),
                d.reportedAt,
                d.township,
                d.countyCode,
                d.parties.stream()
                        .filter(p -> p.idNumber != null)
                        .limit(CASE_SUBJECTS)
                        .map(p -> new CaseOpening.Person(p.idNumber, limit(p.name, CASE_LABEL)))
                        .toList(),
                d.id,
                idempotencyKey(d.id));
    }

    // case-exchange's limits (its CaseFields), as its OpenAPI document states them
    static final int CASE_TITLE = 200;
    static final int CASE_SUMMARY = 10_000;
    static final int CASE_SUBJECTS = 50;
    static final int CASE_LABEL = 100;

    private static String limit(String text, int codePoints) {
        return text.codePointCount(0, text.length()) <= codePoints
                ? text
                : text.substring(0, text.offsetByCodePoints(0, codePoints));
    }

    private void audit(BorderPrincipal caller, String action, Dispute d) {
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                action,
                DisputeService.DISPUTE_TYPE,
                d.recordId(),
                "version " + d.version + ", case " + d.escalatedCaseNumber + " (" + d.escalatedCase + ")"));
    }
}
