package org.borderpolice.federation.problem;

import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.idempotency.IdempotencyKeyReusedException;
import org.borderpolice.federation.identity.AccessRefusals;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** Every error leaves the REST API as application/problem+json (RFC 9457). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The audit log in a service with a database, the log in one without (AccessRefusals). */
    @Inject
    AccessRefusals refused;

    @Inject
    CurrentVertxRequest vertxRequest;

    /** At most this many field errors are listed: a request with thousands of bad items gets a short answer. */
    public static final int MAX_FIELD_ERRORS = 20;

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() + " field(s) failed validation";
        if (errors.size() > MAX_FIELD_ERRORS) {
            detail += "; the first " + MAX_FIELD_ERRORS + " are listed";
            errors = errors.subList(0, MAX_FIELD_ERRORS);
        }
        return respond(
                new Problem(Problem.type("validation"), "请求内容不合法 Invalid request", 400, detail, uri.getPath(), errors));
    }

    // listed one by one: quarkus-rest-jackson's own mapper for MismatchedInputException would win
    @ServerExceptionMapper({
        JsonProcessingException.class,
        MismatchedInputException.class,
        InvalidFormatException.class,
        JsonParseException.class
    })
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            field = mismatch.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse(null);
        }
        String detail = JsonProblems.describe(e);
        List<Problem.FieldError> errors = field == null ? List.of() : List.of(new Problem.FieldError(field, detail));
        return respond(new Problem(
                Problem.type("malformed-body"), "请求体无法解析 Malformed request body", 400, detail, uri.getPath(), errors));
    }

    /**
     * A refusal raised by service code ({@link ProblemException}): its kind decides status and
     * type, its message is the detail. A forbidden one is audited like any refused access.
     */
    @ServerExceptionMapper
    public Response problem(ProblemException e, ContainerRequestContext request) {
        if (e.kind() == ProblemException.Kind.FORBIDDEN) {
            return forbidden(e.getMessage(), request);
        }
        int status = statusOf(e.kind());
        String slug = switch (e.kind()) {
            case INVALID -> "bad-request";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            // as a 429 raised through JAX-RS was typed before these exceptions existed
            case LIMIT_REACHED -> "http-429";
            case FORBIDDEN -> "forbidden";
        };
        return respond(new Problem(
                Problem.type(slug),
                ProblemTitles.of(status),
                status,
                e.getMessage(),
                request.getUriInfo().getPath(),
                List.of()));
    }

    /** The HTTP status of a kind of refusal. */
    public static int statusOf(ProblemException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case LIMIT_REACHED -> 429;
        };
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReused(IdempotencyKeyReusedException e, UriInfo uri) {
        return respond(new Problem(
                Problem.type("idempotency-key-reused"),
                "幂等键已被另一请求使用 Idempotency key reused",
                422,
                e.getMessage(),
                uri.getPath(),
                List.of()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, ContainerRequestContext request) {
        String detail = "a valid bearer token from a trusted identity provider is required";
        audit(request, 401, detail);
        return Response.fromResponse(respond(new Problem(
                        Problem.type("unauthenticated"),
                        ProblemTitles.of(401),
                        401,
                        detail,
                        request.getUriInfo().getPath(),
                        List.of())))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return forbidden(e.getMessage(), request);
    }

    private Response forbidden(String message, ContainerRequestContext request) {
        String detail = message == null || message.isBlank() ? "the caller may not do this" : message;
        audit(request, 403, detail);
        return respond(new Problem(
                Problem.type("forbidden"),
                ProblemTitles.of(403),
                403,
                detail,
                request.getUriInfo().getPath(),
                List.of()));
    }

    /** Every refused access goes to the audit log: who (as far as known), what, why. */
    private void audit(ContainerRequestContext request, int status, String why) {
        try {
            // the identity as far as it was established (never waiting for it: this may run on the event loop)
            RoutingContext context = vertxRequest.getCurrent();
            SecurityIdentity identity = context != null && context.user() instanceof QuarkusHttpUser user
                    ? user.getSecurityIdentity()
                    : null;
            BorderPrincipal principal = BorderPrincipal.of(identity).orElse(null);
            String actor = principal != null
                    ? (principal.subject() != null
                            ? principal.subject()
                            : identity.getPrincipal().getName())
                    : null;
            String from = context != null && context.request().remoteAddress() != null
                    ? context.request().remoteAddress().toString()
                    : null;
            refused.record(
                    "rest",
                    request.getMethod() + " " + request.getUriInfo().getPath() + " " + status,
                    why,
                    actor,
                    principal != null ? principal.jurisdiction() : null,
                    request.getHeaderString(HttpHeaders.AUTHORIZATION),
                    from);
        } catch (RuntimeException ex) {
            // the refusal stands; failing to record it must not turn it into a 500
            LOG.warnf("could not queue a refused access for the audit log: %s", ex.toString());
        }
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // quarkus-rest wraps body parse errors in a 400
            return unreadableJson(json, uri);
        }
        if (e instanceof jakarta.ws.rs.NotFoundException && e.getCause() != null) {
            // a query or path parameter that does not convert (JAX-RS says 404): the caller's input
            return respond(new Problem(
                    Problem.type("bad-parameter"),
                    "参数不合法 Invalid parameter",
                    400,
                    "a query or path parameter does not have the expected form (number, enum constant, ISO-8601 "
                            + "timestamp with offset, UUID)",
                    uri.getPath(),
                    List.of()));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            // a 5xx raised on purpose: its status, with an error id and nothing of the exception
            String id = Failures.newErrorId();
            LOG.errorf(e, "%s answered %d (error id %s)", uri.getPath(), status, id);
            Response answer = respond(new Problem(
                    Problem.type(status == 503 ? "unavailable" : "http-" + status),
                    ProblemTitles.of(status),
                    status,
                    "the request could not be completed; error id " + id,
                    uri.getPath(),
                    List.of()));
            return status == 503
                    ? Response.fromResponse(answer)
                            .header("Retry-After", UnexpectedFailures.RETRY_AFTER_SECONDS)
                            .build()
                    : answer;
        }
        String slug = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        String title = ProblemTitles.of(status);
        String detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP ") ? e.getMessage() : title;
        return respond(new Problem(Problem.type(slug), title, status, detail, uri.getPath(), List.of()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** Field path without the method and body-parameter names: "subjects[0].idNumber". */
    static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int skip = 0;
        int nodes = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            nodes++;
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                skip = 1;
            }
        }
        // method.parameter.property...: keep the parameter name only when nothing follows it
        if (skip == 1 && nodes > 2) {
            skip = 2;
        }
        for (int i = 0; i < skip && path.indexOf('.') >= 0; i++) {
            path = path.substring(path.indexOf('.') + 1);
        }
        return path;
    }
}
