package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.hitcheck.HitCheckable;
import org.borderpolice.federation.hitcheck.HitChecks;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.repository.AlertHitRepository;
import org.borderpolice.intel.repository.AlertRepository;

/**
 * Alerts in hit/no-hit checks (federation's hitcheck): an active alert may hit when the checking
 * user's roles may hit its handling code ({@link #hittableBy}), at home ours and those shared with
 * us, for a partner's user our own only; a hit tells the alert's reference, owner, issuing unit
 * and severity ("severity" in the summary), the most severe first.
 */
@ApplicationScoped
public class AlertHitCheckable implements HitCheckable {

    /** The summary entry of a hit on an alert. */
    public static final String SEVERITY = "severity";

    @Inject
    AlertHitRepository alerts;

    @Inject
    TrustList trustList;

    @Inject
    FederationConfig federation;

    @Override
    public String recordType() {
        return AlertService.RECORD_TYPE;
    }

    /**
     * The handling codes a check by a user with these roles may hit: those the roles may read
     * (a hit tells less than reading), and HIT_ONLY, which exists to be hit, for every role that
     * may check at all. None for a user that may not check.
     */
    public static Set<HandlingCode> hittableBy(Set<String> roles) {
        if (!HitChecks.mayCheck(roles)) {
            return Set.of();
        }
        Set<HandlingCode> codes = EnumSet.noneOf(HandlingCode.class);
        codes.addAll(HandlingCode.visibleTo(roles));
        codes.add(HandlingCode.HIT_ONLY);
        return codes;
    }

    @Override
    public List<RecordHit> hits(Asker asker, Collection<String> recordIds) {
        List<UUID> ids = HitCheckable.uuids(recordIds);
        // a partner's user is answered for our own alerts: the viewer is then this jurisdiction
        AlertRepository.Viewer viewer = new AlertRepository.Viewer(
                asker.local() ? asker.jurisdiction() : trustList.selfCode(),
                hittableBy(asker.roles()),
                trustList.selfCode());
        return alerts.hittable(viewer, !asker.local(), ids, Instant.now()).stream()
                .map(a -> new RecordHit(
                        a.alertId().toString(),
                        a.origin(),
                        a.unit(),
                        Map.of(SEVERITY, a.severity().name())))
                .toList();
    }

    @Override
    public Map<String, String> readSummary(String owner, String recordId, Map<String, String> summary) {
        UUID id = HitCheckable.requireUuid(recordId);
        // the follow-up (a disclosure request) goes to the answering partner about this id: a
        // partner answering with another jurisdiction's alert would name that one in it. Alerts
        // older than these ids (random, naming no creator) only while the upgrade window is open.
        String refusal = RecordIds.refusal(id, owner, federation.recordIds().legacyAcceptedUntil(), Instant.now());
        if (refusal != null) {
            throw new IllegalArgumentException("alert " + refusal + " (the answering partner)");
        }
        return Map.of(
                SEVERITY, HitCheckable.entry(summary, SEVERITY, Severity.class).name());
    }

    /** Every subject of an alert (the jsonb array of its subjects). */
    private static final SubjectsQuery SUBJECTS = new SubjectsQuery(
            "alert",
            "a",
            "a.id",
            "uuid",
            "(SELECT array_agg((s ->> 'kind') || ':' || (s ->> 'value')) FROM jsonb_array_elements(a.subjects) s)",
            "jsonb_array_length(a.subjects) > 0");

    @Override
    public SubjectsQuery subjectsQuery() {
        return SUBJECTS;
    }
}
