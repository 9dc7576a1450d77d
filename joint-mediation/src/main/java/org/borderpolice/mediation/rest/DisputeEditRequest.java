package org.borderpolice.mediation.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.mediation.DisputeChannel;
import org.borderpolice.mediation.DisputeEdit;
import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.DisputeKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        description = "事实更正 Correct a dispute's facts as taken in: a field left out stays as it is; a blank place, "
                + "township or department clears it. Parties by position; who they are stays.")
public record DisputeEditRequest(
        @Schema(description = "受理渠道 Channel") DisputeChannel channel,
        @Schema(description = "纠纷类型 Kind") DisputeKind kind,

        @Schema(description = "纠纷名称 Title")
        @Size(min = 1, max = DisputeFields.TITLE)
        @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
        @SingleLine
        String title,

        @Schema(description = "纠纷简要情况 Description")
        @Size(min = 1, max = DisputeFields.DESCRIPTION)
        @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
        String description,

        @Schema(description = "发现/受理时间 When reported") @StorableTime
        OffsetDateTime reportedAt,

        @Schema(description = "地点 Place (blank clears)", examples = "三山边界社会治理中心")
        @Size(max = DisputeFields.PLACE)
        @SingleLine
        String place,

        @Schema(description = "县级行政区划代码 County GB/T 2260 code") @DivisionCode
        String countyCode,

        @Schema(description = "乡镇(街道) Township (blank clears)") @Size(max = DisputeFields.TOWNSHIP) @SingleLine
        String township,

        @Schema(description = "争议金额(元) Amount at stake in yuan, exact")
        @DecimalMin("0")
        @Digits(integer = Amounts.INTEGER_DIGITS, fraction = Amounts.FRACTION_DIGITS)
        BigDecimal amountAtStake,

        @Schema(description = "法律界限不清 The law is unclear") Boolean lawUnclear,
        @Schema(description = "新类型纠纷 A new type of dispute") Boolean newType,
        @Schema(description = "疑难复杂 Complex") Boolean complex,

        @Schema(description = "主管部门 Competent department (blank clears)")
        @Size(max = DisputeFields.DEPARTMENT)
        @SingleLine
        String department,

        @Schema(description = "当事人更正 Parties' details, by position")
        @Size(max = DisputeFields.PARTIES_HELD, groups = ListSizes.class)
        List<@Valid @NotNull PartyEditInput> parties) {

    /** 当事人信息更正 A party's details, by its position in the dispute. */
    @Schema(description = "当事人信息更正 A party's details corrected (left out: unchanged; blank contact or ID: cleared)")
    public record PartyEditInput(
            @Schema(description = "位置 The party's position in the dispute (from 0)") @NotNull @Min(0) @Max(999)
            Integer position,

            @Schema(description = "姓名或名称 Name")
            @Size(min = 1, max = DisputeFields.NAME)
            @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
            @SingleLine
            String name,

            @Schema(description = "联系电话 Mobile number (blank clears)") @Size(max = 40)
            String contact,

            @Schema(description = "首选语言 Preferred language (BCP 47)") @Size(min = 1, max = 35)
            String preferredLanguage,

            @Schema(description = "公民身份号码 Resident ID number (blank clears)") @Size(max = 40)
            String idNumber) {

        DisputeEdit.PartyEdit toEdit() {
            return new DisputeEdit.PartyEdit(position, name, contact, preferredLanguage, idNumber);
        }
    }

    DisputeEdit toEdit() {
        return new DisputeEdit(
                channel,
                kind,
                title,
                description,
                reportedAt == null ? null : reportedAt.toInstant(),
                place,
                countyCode,
                township,
                amountAtStake,
                lawUnclear,
                newType,
                complex,
                department,
                parties == null
                        ? null
                        : parties.stream().map(PartyEditInput::toEdit).toList());
    }
}
