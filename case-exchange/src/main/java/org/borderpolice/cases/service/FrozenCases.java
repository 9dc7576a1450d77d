package org.borderpolice.cases.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.JointCase;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.transfer.Transfers;

/**
 * A partner's answer or note changes our case, so it obeys the transfer freeze as our own users
 * do: while the case is offered the addressee must continue exactly the offered version, and once
 * it was handed over the contribution belongs on the successor (the partner sends it there).
 */
@ApplicationScoped
public class FrozenCases {

    @Inject
    Transfers transfers;

    public void requireOpenToContributions(JointCase c) throws UnreadablePayloadException {
        try {
            transfers.requireChangeable(CaseSharing.CASE_TYPE, c.recordId());
        } catch (ConflictProblem e) {
            throw new UnreadablePayloadException("case " + c.id + ": " + e.getMessage());
        }
    }
}
