package org.borderpolice.mediation;

/** Filters of a list or search of disputes; null: any. */
public record DisputeFilter(
        DisputeStatus status,
        DisputeKind kind,
        MediationTier tier,
        RiskLevel riskLevel,
        String origin,
        String involved,
        String countyCode) {

    public static final DisputeFilter NONE = new DisputeFilter(null, null, null, null, null, null, null);
}
