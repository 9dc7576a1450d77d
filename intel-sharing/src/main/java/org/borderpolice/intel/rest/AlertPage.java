package org.borderpolice.intel.rest;

import java.util.List;

import org.borderpolice.intel.AlertFacets;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页预警 A page of alerts, newest first")
public record AlertPage(
        List<AlertView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last page")
        String nextCursor,

        @Schema(
                description = "分面统计 Facet counts over all matches the caller may see (facets=true); "
                        + "estimated from a sample and marked approximate (约) above 10,000 matches")
        AlertFacets facets) {}
