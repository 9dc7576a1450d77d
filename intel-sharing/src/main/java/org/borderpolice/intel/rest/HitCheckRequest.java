package org.borderpolice.intel.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.ListSizes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "比对请求 Identifiers to check against our and partners' alerts")
public record HitCheckRequest(
        @Schema(description = "待比对对象 Identifiers (ID numbers, plates, phones, accounts); labels are ignored")
        @NotEmpty
        @Size(max = 100, groups = ListSizes.class)
        List<@Valid @NotNull SubjectInput> identifiers) {}
