package org.borderpolice.intel.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.hitcheck.HitChecks;
import org.borderpolice.federation.validation.SubjectKind;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.service.AlertHitCheckable;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "比对结果 Hits, partners asked and partners that did not answer")
public record HitCheckResult(
        UUID checkId,
        int identifiers,
        List<HitView> hits,
        List<String> partnersAsked,
        Map<String, String> partnersUnavailable) {

    /** A hit: which identifier (by position), where, and nothing of the alert's content. */
    @Schema(description = "命中 A hit: the owner, the alert's reference and severity, nothing more")
    public record HitView(
            int identifier,
            SubjectKind kind,
            String value,
            String owner,
            String ownerName,
            String unit,
            UUID alertId,
            Severity severity,
            boolean local) {}

    /** The federation's check as alerts show it (every hit is an alert's: no other type takes part here). */
    static HitCheckResult of(HitChecks.Result result) {
        return new HitCheckResult(
                result.checkId(),
                result.identifiers(),
                result.hits().stream()
                        .map(h -> new HitView(
                                h.identifier(),
                                h.kind(),
                                h.value(),
                                h.owner(),
                                h.ownerName(),
                                h.unit(),
                                UUID.fromString(h.recordId()),
                                Severity.valueOf(h.summary().get(AlertHitCheckable.SEVERITY)),
                                h.local()))
                        .toList(),
                result.partnersAsked(),
                result.partnersUnavailable());
    }
}
