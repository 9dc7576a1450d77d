package org.borderpolice.mediation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.mediation.MediationStatistics;
import org.borderpolice.mediation.service.MediationStatisticsService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 调解统计 The figures of the disputes reported in a period. */
@Path("/api/v1/mediation-statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statistics", description = "调解统计 Figures of joint mediation (联调): 化解率, 调解成功率, 防止民转刑")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class MediationStatisticsResource {

    @Inject
    MediationStatisticsService statistics;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "mediationStatistics",
            summary = "调解统计 Statistics of the disputes reported in a period",
            description = "Over the disputes reported in [from, to) that the caller's jurisdiction sees (its own and "
                    + "partners' it is involved in; never others'): 纠纷数 per status, kind, tier and bucket; 化解率 "
                    + "resolved / reported; 调解成功率 agreed / mediated; median days from report to the first session "
                    + "and to the agreement; resolved disputes per partner involved (边界纠纷化解); 分期履行 instalments "
                    + "paid and overdue; 防止民转刑 high-risk disputes resolved. Analysts and commanders; audited.")
    @APIResponse(
            responseCode = "200",
            description = "统计结果 The figures",
            content = @Content(schema = @Schema(implementation = MediationStatistics.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效的统计期间 Missing or bad from/to, from not before to, unknown bucket, period too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "未认证 No or untrusted token")
    @APIResponse(
            responseCode = "403",
            description = "无权限 Not an analyst or commander of this jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MediationStatistics statistics(
            @Parameter(description = "统计起始 First day, inclusive", required = true, example = "2026-01-01")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "统计截止 Day after the last, exclusive", required = true, example = "2026-07-01")
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
