package org.borderpolice.intel.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Acknowledgement", description = "签收记录 A partner's receipt of an alert")
public record AcknowledgementView(
        UUID alertId,
        @Schema(description = "预警发布辖区 Alert origin") String alertOrigin,

        @Schema(description = "签收辖区 Acknowledging jurisdiction")
        String partner,

        @Schema(description = "签收单位 Unit") String unit,
        @Schema(description = "签收人 Officer") String acknowledgedBy,
        @Schema(description = "签收时间 When") OffsetDateTime acknowledgedAt,
        @Schema(description = "备注 Remark") String note) {}
