package org.borderpolice.federation.replication;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The refusals of the replication building blocks as application/problem+json, for every service. */
public class ReplicationProblemMappers {

    @ServerExceptionMapper
    public Response invalidDistribution(InvalidDistributionException e, UriInfo uri) {
        return Response.status(400)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(
                        Problem.type("validation"),
                        "请求内容不合法 Invalid request",
                        400,
                        e.getMessage(),
                        uri.getPath(),
                        e.codes.stream()
                                .sorted()
                                .map(code -> new Problem.FieldError(
                                        "distribution", code + " is not a partner that may receive " + e.records))
                                .toList()))
                .build();
    }
}
