package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.AssistanceFields;
import org.borderpolice.federation.validation.SingleLine;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "受理协查并指定民警 Accept a request and name the officer who handles it")
public record AcceptanceInput(
        @Schema(description = "承办民警姓名 Officer's name", examples = "王建国")
        @NotBlank
        @Size(max = AssistanceFields.OFFICER_NAME)
        @SingleLine
        String officerName,

        @Schema(description = "警号 Officer's badge number (optional)", examples = "350722012")
        @Size(max = AssistanceFields.OFFICER_ID)
        @SingleLine
        String officerId,

        @Schema(
                description = "承办民警的系统账号 The officer's account here (their token's subject, optional): "
                        + "they get a live notification 协查请求已指派给您. Never sent to the requester.",
                examples = "pucheng-investigator-2")
        @Size(max = 200)
        @SingleLine
        String officerAccount) {

    public AcceptanceInput(String officerName, String officerId) {
        this(officerName, officerId, null);
    }
}
