package org.borderpolice.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@link StreamRefused} as problem+json with Retry-After. */
public class StreamRefusedMapper {

    @Inject
    GatewayProblems problems;

    @ServerExceptionMapper
    public Response refused(StreamRefused e, UriInfo uri) {
        return Response.status(e.status)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", Long.toString(Math.max(1, e.retryAfterSeconds)))
                .entity(problems.body(
                        e.status, e.slug, e.getMessage(), "/" + uri.getPath().replaceFirst("^/", "")))
                .build();
    }
}
