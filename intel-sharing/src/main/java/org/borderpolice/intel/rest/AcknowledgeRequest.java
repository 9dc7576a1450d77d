package org.borderpolice.intel.rest;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "签收 Acknowledge a partner's alert")
public record AcknowledgeRequest(
        @Schema(description = "备注 Remark, e.g. measures taken", examples = "已部署卡口查控") @Size(max = 1000)
        String note) {}
