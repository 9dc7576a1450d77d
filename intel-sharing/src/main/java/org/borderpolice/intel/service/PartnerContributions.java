package org.borderpolice.intel.service;

import java.util.Arrays;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import jakarta.ws.rs.NotFoundException;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.problem.ConflictException;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.repository.AlertRepository;

import io.quarkus.security.ForbiddenException;

/**
 * The rules for records a partner sends back about an alert (acknowledgements, sightings): at the
 * partner, only its investigators, analysts and commanders contribute, to partners' alerts they
 * may see; at the origin, the alert must be ours and distributed to the sender, or the record is
 * refused for good.
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
            throw new ForbiddenException("only users of " + trustList.selfCode() + " " + what + " here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenException(what + " needs role investigator, analyst or commander");
        }
        Alert alert = alerts.findVisible(alertId, AlertService.viewer(caller))
                .orElseThrow(() -> new NotFoundException("no visible alert " + alertId));
        if (alert.origin.equals(trustList.selfCode())) {
            throw new ConflictException("only partners' alerts are the subject of: " + what);
        }
        return alert;
    }

    public void requireOwnAlertDistributedTo(String alertId, String partner) throws UnreadablePayloadException {
        Alert alert;
        try {
            alert = Alert.findById(UUID.fromString(alertId));
        } catch (IllegalArgumentException e) {
            throw new UnreadablePayloadException("alert_id is not a UUID");
        }
        if (alert == null || !alert.origin.equals(trustList.selfCode())
                || !Arrays.asList(alert.distribution).contains(partner)) {
            throw new UnreadablePayloadException("not an alert of " + trustList.selfCode() + " distributed to " + partner);
        }
    }
}
