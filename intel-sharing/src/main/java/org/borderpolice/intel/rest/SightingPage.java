package org.borderpolice.intel.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页见到/反馈 A page of reports on an alert, newest observation first")
public record SightingPage(
        List<SightingView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last page")
        String nextCursor) {}
