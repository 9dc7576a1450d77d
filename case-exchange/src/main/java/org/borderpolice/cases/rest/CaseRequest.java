package org.borderpolice.cases.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseDraft;
import org.borderpolice.cases.CaseFields;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "立案或修改联合案件 File a joint case or replace its content")
public record CaseRequest(
        @Schema(
                description = "案件类别 Category: FRAUD 诈骗, TELECOM_FRAUD 电信网络诈骗, SMUGGLING 走私, THEFT 盗窃, "
                        + "DRUGS 毒品, VIOLENCE 暴力犯罪, MISSING_PERSON 失踪人员, OTHER 其他")
        @NotNull
        CaseCategory category,

        @Schema(description = "案件名称 Title", examples = "浙闽交界系列电信诈骗案")
        @NotBlank
        @Size(max = CaseFields.TITLE)
        @SingleLine
        String title,

        @Schema(description = "简要案情 Summary", examples = "2026年3月以来，犯罪嫌疑人冒充客服在江山、浦城两地实施诈骗。")
        @NotBlank
        @Size(max = CaseFields.SUMMARY)
        String summary,

        @Schema(description = "案发时间 When it happened") @StorableTime
        OffsetDateTime occurredAt,

        @Schema(description = "案发乡镇(街道) Township", examples = "廿八都镇") @Size(max = CaseFields.TOWNSHIP) @SingleLine
        String township,

        @Schema(description = "案发地县级行政区划代码 County GB/T 2260 code", examples = "330881") @DivisionCode
        String countyCode,

        @Schema(description = "主办单位 Lead unit (default: the caller's unit)", examples = "江山市公安局刑侦大队")
        @Size(max = CaseFields.UNIT)
        @SingleLine
        String leadUnit,

        @Schema(description = "损失金额(元) Loss in yuan, exact, at most 2 decimals", examples = "125000.50")
        @DecimalMin("0")
        @Digits(integer = Amounts.INTEGER_DIGITS, fraction = Amounts.FRACTION_DIGITS)
        BigDecimal lossAmount,

        @Schema(description = "追赃挽损金额(元) Recovered in yuan, exact, at most 2 decimals", examples = "30000")
        @DecimalMin("0")
        @Digits(integer = Amounts.INTEGER_DIGITS, fraction = Amounts.FRACTION_DIGITS)
        BigDecimal recoveredAmount,

        @Schema(description = "涉案对象 Subjects") @Size(max = CaseFields.SUBJECTS, groups = ListSizes.class)
        List<@Valid @NotNull SubjectInput> subjects,

        @Schema(
                description = "邀请参与辖区 Partners to invite when filing (ignored when editing: see the participants "
                        + "operations)",
                examples = "[\"350722\"]")
        @Size(max = CaseFields.PARTICIPANTS, groups = ListSizes.class)
        Set<@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be a GB/T 2260 code") String> participants,

        @Schema(
                description = "关联纠纷 The id of this jurisdiction's joint-mediation dispute whose escalation (民转刑) "
                        + "opens this case (only when filing; ignored when editing)")
        UUID linkedDispute) {

    CaseDraft toDraft() {
        return new CaseDraft(
                category,
                title,
                summary,
                occurredAt == null ? null : occurredAt.toInstant(),
                township,
                countyCode,
                leadUnit,
                lossAmount,
                recoveredAmount,
                subjects == null
                        ? List.of()
                        : subjects.stream().map(SubjectInput::toSubject).toList(),
                participants,
                linkedDispute);
    }
}
