package org.borderpolice.intel.rest;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.intel.Sighting;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "见到/反馈 Report a sighting of an alert's subject, or feedback on the alert")
public record SightingRequest(
        @Schema(description = "类型 Sighting or feedback") @NotNull
        Sighting.Kind kind,

        @Schema(description = "发现时间 When (default: now)") @PastOrPresent @StorableTime
        OffsetDateTime observedAt,

        @Schema(description = "地点 Where", examples = "205国道廿八都检查站") @Size(max = 200) @SingleLine
        String place,

        @Schema(description = "情况 What was seen or done", examples = "目标车辆14时05分经过卡口，向浦城方向行驶。")
        @NotBlank
        @Size(max = 4000)
        String description) {}
