package org.borderpolice.intel.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.statistics.PeriodParams;
import org.borderpolice.intel.AlertStatistics;
import org.borderpolice.intel.service.AlertStatisticsService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 预警统计 The alerts published in a period, per severity (the weekly bulletin's first figures). */
@Path("/api/v1/alerts/statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts", description = "预警 Alerts and early warnings shared with partners (联防)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class AlertStatisticsResource {

    @Inject
    AlertStatisticsService statistics;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "alertStatistics",
            summary = "预警统计 Alerts published in a period",
            description = "新发预警 The alerts published in [from, to) (dates in intel.statistics.time-zone) that the "
                    + "caller may see, by the rule of every alert read (its jurisdiction is the origin or in the "
                    + "distribution, its roles open the handling code; revoked alerts for the origin's users "
                    + "only): per severity (红橙黄蓝) and per origin. Analysts and commanders; audited.")
    @APIResponse(
            responseCode = "200",
            description = "统计结果 The figures",
            content = @Content(schema = @Schema(implementation = AlertStatistics.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效的统计期间 Missing or bad from/to, from not before to, period too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            description = "未认证 No or untrusted token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "无权限 Not an analyst or commander",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertStatistics statistics(@BeanParam PeriodParams period) {
        return statistics.compute(Requests.caller(identity), period);
    }
}
