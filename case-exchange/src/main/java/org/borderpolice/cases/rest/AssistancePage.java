package org.borderpolice.cases.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页协查请求 A page of assistance requests")
public record AssistancePage(
        List<AssistanceView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
        String next) {}
