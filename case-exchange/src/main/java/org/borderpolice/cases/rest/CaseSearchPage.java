package org.borderpolice.cases.rest;

import java.util.List;

import org.borderpolice.cases.CaseFacets;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "检索结果 A page of matching cases, newest filed first, with facet counts over all matches")
public record CaseSearchPage(
        List<CaseView> items,

        @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
        String next,

        @Schema(
                description = "分面统计 Counts over all matches the caller may see (when asked for); "
                        + "estimated from a sample and marked approximate (约) above 10,000 matches")
        CaseFacets facets) {}
