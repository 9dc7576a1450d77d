package org.borderpolice.mediation.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.RiskLevel;

/**
 * What an agreement does to its dispute (ours, locked by the caller): signed by every party, the
 * dispute is AGREED (达成协议); fulfilled, RESOLVED (已化解); an overdue instalment or a follow-up
 * that finds the dispute flared up raises its risk of 民转刑. A changed dispute goes out again.
 */
@ApplicationScoped
public class DisputeChanges {

    @Inject
    DisputeSharing sharing;

    /** Every party signed; {@code fulfilled}: nothing left to pay either. */
    public void agreed(Dispute d, boolean fulfilled) {
        boolean changed = false;
        if (d.status.mayBecome(DisputeStatus.AGREED)) {
            d.changeStatus(DisputeStatus.AGREED, AgreementService.now());
            changed = true;
        }
        if (fulfilled && d.status.mayBecome(DisputeStatus.RESOLVED)) {
            d.changeStatus(DisputeStatus.RESOLVED, AgreementService.now());
            changed = true;
        }
        if (changed) {
            republish(d);
        }
    }

    /** The last instalment paid. */
    public void fulfilled(Dispute d) {
        if (d.status.mayBecome(DisputeStatus.RESOLVED)) {
            d.changeStatus(DisputeStatus.RESOLVED, AgreementService.now());
            republish(d);
        }
    }

    public boolean raiseRisk(Dispute d, RiskLevel level, String reason) {
        return raiseRisk(d, level, List.of(reason));
    }

    /** The higher risk with its reasons; whether anything changed. */
    public boolean raiseRisk(Dispute d, RiskLevel level, List<String> reasons) {
        boolean changed = d.raiseRisk(level, null);
        for (String reason : reasons) {
            changed |= d.raiseRisk(null, reason);
        }
        if (changed) {
            republish(d);
        }
        return changed;
    }

    private void republish(Dispute d) {
        sharing.reshare(d);
    }
}
