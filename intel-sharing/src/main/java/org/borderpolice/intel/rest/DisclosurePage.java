package org.borderpolice.intel.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页披露申请 A page of disclosure requests, newest first")
public record DisclosurePage(
        List<DisclosureView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last page")
        String nextCursor) {}
