package org.borderpolice.federation.paging;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemTitles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A bad cursor as application/problem+json, for every service. */
public class CursorProblemMapper {

    @ServerExceptionMapper
    public Response invalidCursor(InvalidCursorException e, UriInfo uri) {
        return Response.status(400)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(
                        Problem.type("bad-request"),
                        ProblemTitles.of(400),
                        400,
                        e.getMessage(),
                        uri.getPath(),
                        List.of()))
                .build();
    }
}
