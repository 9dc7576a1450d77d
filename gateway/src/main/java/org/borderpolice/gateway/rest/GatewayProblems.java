package org.borderpolice.gateway.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemTitles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The gateway's own refusals and upstream failures as RFC 9457 problem+json, outside JAX-RS. */
@ApplicationScoped
public class GatewayProblems {

    @Inject
    ObjectMapper json;

    /** The problem document's JSON. */
    public String body(int status, String slug, String detail, String path) {
        Problem problem = new Problem(
                Problem.type(slug),
                ProblemTitles.of(status),
                status,
                detail,
                path == null ? null : path.length() > 200 ? path.substring(0, 200) + "…" : path,
                List.of());
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            return "{\"status\":" + status + "}";
        }
    }

    /** Ends the exchange with a problem document. */
    public void respond(RoutingContext ctx, int status, String slug, String detail) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body(status, slug, detail, ctx.request().path()));
    }
}
