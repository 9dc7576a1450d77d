package org.borderpolice.cases.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.cases.CaseStatistics;
import org.borderpolice.cases.service.CaseStatisticsService;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 统计 The figures of joint cases, assistance requests and transfers for a period. */
@Path("/api/v1/case-statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statistics", description = "统计 Figures of joint cases (联打): 破案率, 追赃率, 协助破获, 响应时间, 移交")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class CaseStatisticsResource {

    @Inject
    CaseStatisticsService statistics;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "caseStatistics",
            summary = "案件统计 Statistics of joint cases for a period",
            description = "For the period [from, to) and over the cases, assistance requests and transfers the "
                    + "caller's jurisdiction may see (its own, and partners' it takes part in; never others'): "
                    + "立案数 cases filed per status, category and bucket (month, quarter or year of the configured "
                    + "time zone); 破案率 solved / filed; 损失金额, 追回金额 and 追赃率 recovered / loss; 协助破获 "
                    + "cases solved in the period with each jurisdiction's assistance; 平均响应时间 and p50/p90 "
                    + "response times of assistance requests (协查) per addressee and priority; 超期 overdue "
                    + "requests now and in the period; 移交 transfers (先受理后移交) and their time to acceptance "
                    + "(受理时间). Amounts in yuan and rates in percent, both with 2 decimals; times in whole "
                    + "seconds. Analysts and commanders; audited.")
    @APIResponse(
            responseCode = "200",
            description = "统计结果 The figures",
            content = @Content(schema = @Schema(implementation = CaseStatistics.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效的统计期间 Missing or bad from/to, from not before to, unknown bucket, too many buckets",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "未认证 No or untrusted token")
    @APIResponse(
            responseCode = "403",
            description = "无权限 Not an analyst or commander of this jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseStatistics statistics(
            @Parameter(
                            description = "统计起始 Start, inclusive: a date (start of that day in the time zone) or "
                                    + "a date-time with offset",
                            required = true,
                            example = "2026-01-01")
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "统计截止 End, exclusive: a date or a date-time with offset",
                            required = true,
                            example = "2026-07-01")
                    @QueryParam("to")
                    String to,
            @Parameter(
                            description = "统计周期 Bucket: month (default), quarter or year",
                            schema =
                                    @Schema(
                                            enumeration = {"month", "quarter", "year"},
                                            defaultValue = "month"))
                    @QueryParam("bucket")
                    String bucket) {
        return statistics.compute(Requests.caller(identity), from, to, bucket);
    }
}
