package org.borderpolice.cases.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.JointCase;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;

/**
 * A partner's answer or note changes our case, so it obeys the transfer freeze as our own users
 * do: while the case is offered the addressee must continue exactly the offered version, and once
 * it was handed over the contribution belongs on the successor (the partner sends it there).
 */
@ApplicationScoped
public class FrozenCases {

    @Inject
    Transfers transfers;

    @Inject
    TrustList trustList;

    /**
     * For a change our users make beside the case's own edit path (a note, an answer, an
     * assistance request): 409 when our case is offered or handed over, and when a partner's case
     * was handed over (the work goes on, and the contribution belongs, on its successor).
     */
    public void requireOpen(JointCase c) {
        if (c.origin.equals(trustList.selfCode())) {
            transfers.requireChangeable(CaseSharing.CASE_TYPE, c.recordId());
            return;
        }
        transfers.successor(CaseSharing.CASE_TYPE, c.origin, c.recordId()).ifPresent(next -> {
            throw new ConflictProblem("case " + c.number + " was handed to " + next.getOrigin()
                    + ", which continues it as " + next.getRecordId() + ": it is read-only here");
        });
    }

    public void requireOpenToContributions(JointCase c) throws UnreadablePayloadException {
        try {
            transfers.requireChangeable(CaseSharing.CASE_TYPE, c.recordId());
        } catch (ConflictProblem e) {
            throw new UnreadablePayloadException("case " + c.id + ": " + e.getMessage());
        }
    }
}
