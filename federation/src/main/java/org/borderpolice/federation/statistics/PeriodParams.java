package org.borderpolice.federation.statistics;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** A statistics request's period, {@code ?from=2026-11-23&to=2026-11-30} (a {@code @BeanParam}). */
public class PeriodParams {

    @Parameter(description = "统计起始 First day, inclusive", required = true, example = "2026-11-23")
    @QueryParam("from")
    public String from;

    @Parameter(description = "统计截止 Day after the last, exclusive", required = true, example = "2026-11-30")
    @QueryParam("to")
    public String to;
}
