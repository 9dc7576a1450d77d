package org.borderpolice.mediation.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页纠纷 A page of disputes")
public record DisputePage(
        List<DisputeView> items,

        @Schema(description = "下一页游标 Cursor of the next page, null on the last")
        String next) {}
