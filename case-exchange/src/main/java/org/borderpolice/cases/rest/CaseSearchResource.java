package org.borderpolice.cases.rest;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseQuery;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.service.CaseSearch;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * 案件检索 Case search: the list of {@code GET /api/v1/cases} with words and facets. The plain list
 * stays there; this is the same visibility rule and filters plus full text, date ranges and counts.
 */
@Path("/api/v1/cases/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cases", description = "联合案件 Joint cases investigated together by neighbouring jurisdictions (联打)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class CaseSearchResource {

    @Inject
    CaseSearch search;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "searchCases",
            summary = "案件检索 Search joint cases",
            description = "全文检索: Chinese words (分词) in the title, summary and timeline (changes and notes) of the "
                    + "cases the caller's jurisdiction owns or takes part in; every term must occur (a term's words "
                    + "as a phrase). Filters by status, category, origin, participant and date ranges (filed, "
                    + "happened; from inclusive, to exclusive); newest filed first, cursor paging; 分面统计 facet "
                    + "counts per status, category and origin over all matches, under the same visibility rule. "
                    + "Audited with the query and what it returned.")
    @APIResponse(
            responseCode = "200",
            description = "检索结果 A page of matches",
            content = @Content(schema = @Schema(implementation = CaseSearchPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效的检索条件 Bad filter, range or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseSearchPage search(
            @Parameter(description = "检索词 Words, whitespace-separated terms, all required", example = "电信诈骗 浦城")
                    @QueryParam("q")
                    @Size(max = 200)
                    String q,
            @Parameter(description = "案件状态 Status") @QueryParam("status") CaseStatus status,
            @Parameter(description = "案件类别 Category") @QueryParam("category") CaseCategory category,
            @Parameter(description = "立案辖区 Origin") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}") String origin,
            @Parameter(description = "参与辖区 A participant (invited or accepted)")
                    @QueryParam("participant")
                    @Pattern(regexp = "[0-9]{6}")
                    String participant,
            @Parameter(description = "立案时间起 Filed at or after") @QueryParam("filedFrom") @StorableTime
                    OffsetDateTime filedFrom,
            @Parameter(description = "立案时间止 Filed before") @QueryParam("filedTo") @StorableTime OffsetDateTime filedTo,
            @Parameter(description = "案发时间起 Happened at or after") @QueryParam("occurredFrom") @StorableTime
                    OffsetDateTime occurredFrom,
            @Parameter(description = "案发时间止 Happened before") @QueryParam("occurredTo") @StorableTime
                    OffsetDateTime occurredTo,
            @Parameter(
                            description =
                                    "有超期协查 true: cases with an overdue assistance request (超期) we sent or received; "
                                            + "false: cases with none")
                    @QueryParam("overdue")
                    Boolean overdue,
            @Parameter(
                            description =
                                    "分面统计 Include facet counts: exact up to 2,000 matches (a partner jurisdiction's user: 1,000), "
                                            + "above estimated from a sample and flagged facets.approximate = true")
                    @QueryParam("facets")
                    @DefaultValue("true")
                    boolean facets,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        CaseQuery query = new CaseQuery(
                q,
                status,
                category,
                origin,
                participant,
                filedFrom == null ? null : filedFrom.toInstant(),
                filedTo == null ? null : filedTo.toInstant(),
                occurredFrom == null ? null : occurredFrom.toInstant(),
                occurredTo == null ? null : occurredTo.toInstant(),
                overdue);
        CaseSearch.Result result =
                search.search(Requests.caller(identity), query, KeysetCursor.parse(cursor), limit, facets);
        return new CaseSearchPage(result.page().map(CaseView::of), result.page().next(), result.facets());
    }
}
