package org.borderpolice.federation.files;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemTitles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused file as problem+json with its own status (413, 415, 400) and the field "file". */
public class FileProblemMapper {

    @ServerExceptionMapper
    public Response refused(FileRefused e, UriInfo uri) {
        String slug = switch (e.status()) {
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        Problem problem = new Problem(
                Problem.type(slug),
                ProblemTitles.of(e.status()),
                e.status(),
                e.getMessage(),
                uri.getPath(),
                List.of(new Problem.FieldError("file", e.getMessage())));
        return Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
