package org.borderpolice.cases.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页时间线 A page of a case's timeline, newest first")
public record TimelinePage(
        List<TimelineEntryView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
        String next) {}
