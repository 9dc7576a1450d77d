package org.borderpolice.intel.service;

import java.util.Arrays;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Alert;

/**
 * The rule for records partners send back about our alerts (acknowledgements, sightings): the
 * alert must be ours and distributed to the sender, or the record is refused for good.
 */
@ApplicationScoped
public class PartnerContributions {

    @Inject
    TrustList trustList;

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
