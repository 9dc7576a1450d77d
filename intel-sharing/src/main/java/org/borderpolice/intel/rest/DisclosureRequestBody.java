package org.borderpolice.intel.rest;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.DivisionCode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "披露申请 Ask the owner of a hit for the alert's content")
public record DisclosureRequestBody(
        @Schema(description = "预警所属辖区 Owner (from the hit)", examples = "330881") @NotNull @DivisionCode
        String owner,

        @Schema(description = "预警编号 Alert reference (from the hit)") @NotNull
        UUID alertId,

        @Schema(description = "申请理由 Why the content is needed", examples = "我局侦办盗窃案，嫌疑人与该线索身份证号一致。")
        @NotBlank
        @Size(max = 2000)
        String reason) {}
