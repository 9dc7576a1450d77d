package org.borderpolice.mediation.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页调解日程 A page of the sessions calendar")
public record ScheduledSessionPage(
        List<ScheduledSessionView> items,

        @Schema(description = "下一页游标 Cursor of the next page, null on the last")
        String next) {}
