package org.borderpolice.intel.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.AlertDraft;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.Subject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "发布或修改预警 Publish or update an alert")
public record AlertRequest(
        @Schema(description = "预警类别 Category") @NotNull AlertCategory category,
        @Schema(description = "预警级别 Severity") @NotNull Severity severity,

        @Schema(description = "标题 Title", examples = "走私烟草车辆预警") @NotBlank @Size(max = 200) @SingleLine
        String title,

        @Schema(description = "内容 Body", examples = "一辆浙H牌照货车疑似运输走私烟，可能经205国道进入浦城。") @NotBlank @Size(max = 10_000)
        String body,

        @Schema(description = "涉及对象 Subjects") @Size(max = 50, groups = ListSizes.class)
        List<@Valid @NotNull SubjectInput> subjects,

        @Schema(description = "生效时间 Valid from (default: now)") @StorableTime
        OffsetDateTime validFrom,

        @Schema(description = "失效时间 Valid until (default: until revoked)") @StorableTime
        OffsetDateTime validUntil,

        @Schema(
                description = "分发范围 Partner codes, or ALL for every partner of the agreement",
                examples = "[\"350722\"]")
        @NotEmpty
        @Size(max = 20, groups = ListSizes.class)
        Set<@NotBlank @Pattern(regexp = "ALL|[0-9]{6}", message = "must be a GB/T 2260 code or ALL") String>
                distribution,

        @Schema(description = "处置代码 Handling code") @NotNull HandlingCode handling,

        @Schema(description = "来源可靠性 Source reliability A-D")
        @NotNull
        @Pattern(regexp = "[A-D]", message = "must be A, B, C or D")
        String sourceReliability,

        @Schema(description = "信息可信度 Information credibility 1-4") @NotNull @Min(1) @Max(4)
        Integer informationCredibility,

        @Schema(description = "发布单位 Issuing unit (default: the caller's unit)") @Size(max = 100) @SingleLine
        String issuingUnit) {

    @AssertTrue(message = "validUntil must be after validFrom")
    @Schema(hidden = true)
    public boolean isValidPeriod() {
        return validUntil == null || validFrom == null || validUntil.isAfter(validFrom);
    }

    /** What the service takes: the same content, subjects as given. */
    AlertDraft toDraft() {
        return new AlertDraft(
                category,
                severity,
                title,
                body,
                subjects == null
                        ? null
                        : subjects.stream()
                                .map(s -> new Subject(s.kind(), s.value(), s.label()))
                                .toList(),
                validFrom,
                validUntil,
                distribution,
                handling,
                sourceReliability,
                informationCredibility,
                issuingUnit);
    }
}
