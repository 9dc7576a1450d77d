package org.borderpolice.intel.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.borderpolice.federation.problem.NotFoundProblem;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.repository.AlertRepository;

import org.borderpolice.federation.problem.ForbiddenProblem;

/**
 * The rules for records a partner sends back about an alert (acknowledgements, sightings). Such a
 * record belongs to the partner that made it: only that partner changes or deletes it, and only
 * the alert's origin receives it. At the partner, only its investigators, analysts and
 * commanders contribute, to partners' alerts they may see; at the origin, the alert must be ours
 * and really shared with the sender (a HIT_ONLY alert only with partners an approved disclosure
 * request named), or the record is refused for good.
 */
@ApplicationScoped
public class PartnerContributions {

    @Inject
    TrustList trustList;

    @Inject
    AlertRepository alerts;

    /** The partner's alert a user of this jurisdiction contributes to ("what": for messages). */
    public Alert contributableAlert(BorderPrincipal caller, UUID alertId, String what) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " " + what + " here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem(what + " needs role investigator, analyst or commander");
        }
        Alert alert = alerts.findVisible(alertId, AlertService.viewer(caller))
                .orElseThrow(() -> new NotFoundProblem("no visible alert " + alertId));
        if (alert.origin.equals(trustList.selfCode())) {
            throw new ConflictProblem("only partners' alerts are the subject of: " + what);
        }
        return alert;
    }

    /** A partner's contribution must be about one of our alerts that is really shared with it. */
    public Alert requireOwnAlertSharedWith(String alertId, String partner) throws UnreadablePayloadException {
        Alert alert = requireOwnAlert(alertId);
        if (!alert.sharedWith().contains(partner)) {
            throw new UnreadablePayloadException("alert " + alert.id + " of " + trustList.selfCode()
                    + " is not shared with " + partner);
        }
        return alert;
    }

    /** The contributions this jurisdiction receives are about its own alerts only. */
    public Alert requireOwnAlert(String alertId) throws UnreadablePayloadException {
        Alert alert = alerts.findById(ReplicaProblems.uuid("alert_id", alertId));
        if (alert == null || !alert.origin.equals(trustList.selfCode())) {
            throw new UnreadablePayloadException("alert_id names no alert of " + trustList.selfCode());
        }
        return alert;
    }
}
