package org.borderpolice.cases.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页加入案件申请 A page of requests to join a case")
public record JoinRequestPage(
        List<JoinRequestView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
        String next) {}
