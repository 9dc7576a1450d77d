package org.borderpolice.intel.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.repository.AlertRepository;

/**
 * The alerts partners contribute records to (acknowledgements, sightings), under federation's
 * {@link PartnerContributions} rules. At the partner, only its investigators, analysts and
 * commanders contribute, to partners' alerts they may see; at the origin, the alert must be ours
 * and really shared with the sender (a HIT_ONLY alert only with partners an approved disclosure
 * request named), or the record is refused for good.
 */
@ApplicationScoped
public class AlertContributions {

    @Inject
    PartnerContributions contributions;

    @Inject
    AlertRepository alerts;

    /** The partner's alert a user of this jurisdiction contributes to ("what": for messages). */
    public Alert contributableAlert(BorderPrincipal caller, UUID alertId, String what) {
        contributions.requireContributor(
                caller, what, BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);
        Alert alert = alerts.findVisible(alertId, alerts.viewer(caller.jurisdiction(), caller.roles()))
                .orElseThrow(() -> new NotFoundProblem("no visible alert " + alertId));
        return contributions.requireTheirs(alert, "alerts", what);
    }

    /** A partner's contribution must be about one of our alerts that is really shared with it. */
    public Alert requireOwnAlertSharedWith(String alertId, String partner) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("alert_id", alertId);
        return contributions.requireOursSharedWith(alerts.findById(id), "alert_id", "alert", id, partner);
    }

    /** The contributions this jurisdiction receives are about its own alerts only. */
    public Alert requireOwnAlert(String alertId) throws UnreadablePayloadException {
        return contributions.requireOurs(
                alerts.findById(PayloadProblems.uuid("alert_id", alertId)), "alert_id", "alert");
    }

    /** Send our contribution to the alert's origin. */
    public void send(String recordType, String recordId, Alert alert, com.google.protobuf.Message payload) {
        // contributions are not changed once made: always version 1
        contributions.send(recordType, recordId, 1, alert, payload);
    }
}
