package org.borderpolice.mediation.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeChannel;
import org.borderpolice.mediation.DisputeKind;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.RiskLevel;
import org.borderpolice.mediation.TriageDecision;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "矛盾纠纷 A dispute")
public record DisputeView(
        UUID id,

        @Schema(
                description = "纠纷编号 Number <origin>-<year>-<6 digits>, gapless per origin and year; null on a"
                        + " partner's dispute taken in before numbers",
                examples = "330881-2026-000042")
        String number,

        @Schema(description = "受理辖区 Origin") String origin,
        DisputeChannel channel,
        DisputeKind kind,
        @Schema(description = "纠纷状态 Status") DisputeStatus status,
        String title,
        String description,
        Instant reportedAt,
        String place,
        String countyCode,
        String township,
        @Schema(description = "争议金额(元) Amount at stake") BigDecimal amountAtStake,
        @Schema(description = "民转刑风险 Risk level") RiskLevel riskLevel,
        List<String> riskReasons,
        boolean consent,
        List<PartyView> parties,

        @Schema(description = "涉及辖区 Jurisdictions involved (hold and see the dispute)")
        Set<String> involved,

        @Schema(description = "跨界纠纷 Parties in more than one jurisdiction")
        boolean crossBorder,

        boolean lawUnclear,
        boolean newType,
        boolean complex,
        String department,
        MediationTier failedTier,
        @Schema(description = "调解层级 Tier (三调对接)") MediationTier tier,

        @Schema(description = "决定规则 The triage rule that chose the tier (null once overridden)")
        String tierRule,

        @Schema(description = "人工调整理由 Why a mediator overrode the rules")
        String tierOverrideReason,

        String tierOverrideBy,

        @Schema(description = "本次分流 The triage decision this request made, if it made one")
        TriageView triage,

        long version,
        Instant createdAt,
        String createdUnit,
        Instant updatedAt,
        Instant statusChangedAt,

        @Schema(
                description =
                        "升级案件 The joint case (联合案件) at case-exchange its escalation (民转刑) opened; null until then")
        UUID escalatedCase,

        @Schema(description = "升级案件编号 That case's number", examples = "330881-2026-000123")
        String escalatedCaseNumber,

        @Schema(description = "升级时间 When it was escalated") Instant escalatedAt) {

    static DisputeView of(Dispute d) {
        return of(d, null);
    }

    static DisputeView of(Dispute d, TriageDecision decision) {
        return new DisputeView(
                d.id,
                d.number,
                d.origin,
                d.channel,
                d.kind,
                d.status,
                d.title,
                d.description,
                d.reportedAt,
                d.place,
                d.countyCode,
                d.township,
                d.amountAtStake,
                d.riskLevel,
                List.copyOf(d.riskReasons),
                d.consent,
                d.parties.stream().map(PartyView::of).toList(),
                new java.util.TreeSet<>(d.involved),
                d.crossBorder(),
                d.lawUnclear,
                d.newType,
                d.complex,
                d.department,
                d.failedTier,
                d.tier,
                d.tierRule,
                d.tierOverrideReason,
                d.tierOverrideBy,
                TriageView.of(decision),
                d.version,
                d.createdAt,
                d.createdUnit,
                d.updatedAt,
                d.statusChangedAt,
                d.escalatedCase,
                d.escalatedCaseNumber,
                d.escalatedAt);
    }
}
