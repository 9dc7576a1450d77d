package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.AssistanceFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The findings; files (协查函, photos) are attached through the evidence-file endpoints, not here. */
@Schema(description = "反馈协查结果 Answer a request with the findings")
public record FindingsInput(
        @Schema(description = "协查结果 Findings", examples = "经核查，张某于3月5日入住浦城县城关镇某宾馆，同行一人。")
        @NotBlank
        @Size(max = AssistanceFields.FINDINGS)
        String findings) {}
