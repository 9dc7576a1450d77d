package org.borderpolice.cases.rest;

import java.time.OffsetDateTime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.ConvertGroup;

import org.borderpolice.federation.transfer.OfferRules;
import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "接报 A report taken here for a matter in a partner's area, to offer to the competent jurisdiction")
public record ReportRequest(
        @Schema(
                description = "案情 The matter as a case: category, title, summary, time, place (countyCode required: "
                        + "GB/T 2260), subjects (the reporter as a VICTIM or WITNESS with name and phone or ID)")
        @Valid
        @ConvertGroup(to = ListSizes.First.class)
        @NotNull
        CaseRequest matter,

        @Schema(description = "接报时间 When the report was taken") @NotNull @StorableTime
        OffsetDateTime reportedAt,

        @Schema(description = "管辖辖区 The competent jurisdiction proposed (GB/T 2260)", examples = "350722")
        @NotNull
        @DivisionCode
        String competent,

        @Schema(description = "移交理由 Why it is the competent one", examples = "案发地属浦城县管辖")
        @NotBlank
        @Size(max = OfferRules.MAX_REASON)
        String reason) {}
