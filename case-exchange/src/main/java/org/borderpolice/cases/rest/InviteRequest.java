package org.borderpolice.cases.rest;

import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.federation.validation.ListSizes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "邀请参与辖区 Invite partner jurisdictions to the case")
public record InviteRequest(
        @Schema(description = "辖区代码 Partner codes", examples = "[\"350722\", \"361103\"]")
        @NotEmpty
        @Size(max = CaseFields.PARTICIPANTS, groups = ListSizes.class)
        Set<@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be a GB/T 2260 code") String> jurisdictions) {}
