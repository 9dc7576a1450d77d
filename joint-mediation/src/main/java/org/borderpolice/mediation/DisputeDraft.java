package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A dispute as intake (排查/受理) gives it, validated at the REST boundary. */
public record DisputeDraft(
        DisputeChannel channel,
        DisputeKind kind,
        String title,
        String description,
        Instant reportedAt,
        String place,
        String countyCode,
        String township,
        BigDecimal amountAtStake,
        RiskLevel riskLevel,
        List<String> riskReasons,
        boolean consent,
        List<PartyDraft> parties,
        boolean lawUnclear,
        boolean newType,
        boolean complex,
        String department,
        MediationTier failedTier) {}
