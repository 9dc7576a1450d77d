package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "时间线备注 A note on the case's timeline")
public record NoteRequest(
        @Schema(description = "备注 Note", examples = "已调取浦城县城关镇监控，嫌疑车辆于14时经过。") @NotBlank @Size(max = CaseFields.NOTE)
        String text) {}
