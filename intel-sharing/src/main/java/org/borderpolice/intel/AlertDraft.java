package org.borderpolice.intel;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * What a user asks an alert to say, as the service takes it to publish or update one: checked
 * by the API that received it, not yet normalised (subjects' values as given) nor resolved
 * (distribution may say ALL). Its components are named as the REST body's, so that an
 * idempotency fingerprint of a draft is the fingerprint of the request it came from.
 */
public record AlertDraft(
        AlertCategory category,
        Severity severity,
        String title,
        String body,
        List<Subject> subjects,
        OffsetDateTime validFrom,
        OffsetDateTime validUntil,
        Set<String> distribution,
        HandlingCode handling,
        String sourceReliability,
        Integer informationCredibility,
        String issuingUnit) {

    /** As the REST body has it (and so its fingerprint). */
    public boolean isValidPeriod() {
        return validUntil == null || validFrom == null || validUntil.isAfter(validFrom);
    }
}
