package org.borderpolice.mediation.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.mediation.DisputeChannel;
import org.borderpolice.mediation.DisputeDraft;
import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.DisputeKind;
import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.RiskLevel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "纠纷受理 Take in a dispute (排查/受理)")
public record DisputeRequest(
        @Schema(
                description = "受理渠道 Channel: CALL_110 110报警, HOTLINE_12345 12345热线, MINSHENG_HOTLINE 民声热线, "
                        + "WALK_IN 来访, PATROL 巡逻排查, PARTNER_REFERRAL 协作辖区移送")
        @NotNull
        DisputeChannel channel,

        @Schema(
                description = "纠纷类型 Kind: LAND_BOUNDARY 山林土地边界, LABOUR_WAGES 劳资(工资), COMMERCIAL_TRADE 商贸(含涉外), "
                        + "NEIGHBOUR 邻里, FAMILY 婚姻家庭, TRAFFIC_ACCIDENT 交通事故, OTHER 其他")
        @NotNull
        DisputeKind kind,

        @Schema(description = "纠纷名称 Title", examples = "江山浦城两村山林边界纠纷")
        @NotBlank
        @Size(max = DisputeFields.TITLE)
        @SingleLine
        String title,

        @Schema(description = "纠纷简要情况 Description (Chinese)", examples = "两村村民因山林边界界桩位置发生争执。")
        @NotBlank
        @Size(max = DisputeFields.DESCRIPTION)
        String description,

        @Schema(description = "发现/受理时间 When reported (default: now)") @StorableTime
        OffsetDateTime reportedAt,

        @Schema(description = "地点 Place", examples = "三山边界社会治理中心") @Size(max = DisputeFields.PLACE) @SingleLine
        String place,

        @Schema(description = "县级行政区划代码 County GB/T 2260 code", examples = "330881") @DivisionCode
        String countyCode,

        @Schema(description = "乡镇(街道) Township", examples = "廿八都镇") @Size(max = DisputeFields.TOWNSHIP) @SingleLine
        String township,

        @Schema(description = "争议金额(元) Amount at stake in yuan, exact, at most 2 decimals", examples = "86000.00")
        @DecimalMin("0")
        @Digits(integer = Amounts.INTEGER_DIGITS, fraction = Amounts.FRACTION_DIGITS)
        BigDecimal amountAtStake,

        @Schema(description = "民转刑风险等级 Risk of turning criminal: LOW, MEDIUM, HIGH (default LOW)")
        RiskLevel riskLevel,

        @Schema(description = "风险理由 Reasons of the risk (required above LOW)", examples = "[\"双方多次发生肢体冲突\"]")
        @Size(max = DisputeFields.RISK_REASONS, groups = ListSizes.class)
        List<@NotBlank @Size(max = DisputeFields.RISK_REASON) @SingleLine String> riskReasons,

        @Schema(description = "当事人同意调解 The parties consent to mediation")
        Boolean consent,

        @Schema(description = "当事人 Parties (at least one)")
        @NotEmpty
        @Size(max = DisputeFields.PARTIES_HELD, groups = ListSizes.class)
        List<@Valid @NotNull PartyInput> parties,

        @Schema(description = "法律界限不清 The law is unclear (→ 法院调解员)")
        Boolean lawUnclear,

        @Schema(description = "新类型纠纷 A new type of dispute (→ 法院调解员)")
        Boolean newType,

        @Schema(description = "疑难复杂 Complex (→ 市综治中心)") Boolean complex,

        @Schema(description = "主管部门 The competent department of an administrative matter (→ 行政调解)", examples = "林业局")
        @Size(max = DisputeFields.DEPARTMENT)
        @SingleLine
        String department,

        @Schema(description = "已调解不成的层级 The tier where mediation already failed (handed up: 上提一级)")
        MediationTier failedTier) {

    DisputeDraft toDraft() {
        return new DisputeDraft(
                channel,
                kind,
                title,
                description,
                reportedAt == null ? null : reportedAt.toInstant(),
                place,
                countyCode,
                township,
                amountAtStake,
                riskLevel,
                riskReasons,
                Boolean.TRUE.equals(consent),
                parties.stream().map(PartyInput::toDraft).toList(),
                Boolean.TRUE.equals(lawUnclear),
                Boolean.TRUE.equals(newType),
                Boolean.TRUE.equals(complex),
                department,
                failedTier);
    }
}
