package org.borderpolice.cases.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "一页联合案件 A page of joint cases, newest filed first")
public record CasePage(
        List<CaseView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
        String next) {}
