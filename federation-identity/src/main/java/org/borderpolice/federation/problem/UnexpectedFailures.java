package org.borderpolice.federation.problem;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The last resort of the REST API, and its only mapper for unexpected failures: an exception no
 * more specific mapper took becomes a problem+json with an error id and nothing of the exception
 * (its message may hold SQL), as {@link Failures#classify} judges it:
 * <ul>
 * <li>a value the database could not store (SQLSTATE 22): the caller's input, 400;
 * <li>a rule of the store (23): 409;
 * <li>overload (no connection within the pool's acquisition timeout) or a failure that passes
 * (database unreachable, deadlock, ...): 503 with Retry-After, never 500;
 * <li>anything else: ours, 500.
 * </ul>
 * The exception is logged under the error id.
 */
public class UnexpectedFailures {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailures.class);
    /** How long a client should wait before trying again after a 503 (seconds). */
    public static final String RETRY_AFTER_SECONDS = "2";

    @ServerExceptionMapper
    public Response unexpected(Throwable failure, UriInfo uri) {
        return answer(failure, uri.getPath());
    }

    /** The answer to an unexpected failure of a request for this path (also for HTTP failures outside JAX-RS). */
    public static Response answer(Throwable failure, String path) {
        IOException body = bodyReadFailure(failure);
        if (body != null) {
            // the caller's body: over the limit (counted as it arrives when sent chunked) or cut
            // off; the caller's doing, not ours, and no stack trace in the log for each one
            boolean tooLarge = "Request too large".equals(body.getMessage());
            LOG.debugf("%s: the request body could not be read: %s", path, body.getMessage());
            int status = tooLarge ? 413 : 400;
            return ProblemMappers.respond(new Problem(
                    Problem.type(tooLarge ? "payload-too-large" : "unreadable-body"),
                    ProblemTitles.of(status),
                    status,
                    tooLarge ? "the request body is larger than this path takes" : "the request body could not be read",
                    path,
                    List.of()));
        }
        String id = Failures.newErrorId();
        return switch (Failures.classify(failure)) {
            case UNSTORABLE_VALUE -> {
                LOG.warnf(failure, "%s: a value could not be stored (error id %s)", path, id);
                yield ProblemMappers.respond(new Problem(
                        Problem.type("unstorable-value"),
                        ProblemTitles.of(400),
                        400,
                        "a value of the request cannot be stored; error id " + id,
                        path,
                        List.of()));
            }
            case CONSTRAINT -> {
                LOG.warnf(failure, "%s: a rule of the store refused the request (error id %s)", path, id);
                yield ProblemMappers.respond(new Problem(
                        Problem.type("conflict"),
                        ProblemTitles.of(409),
                        409,
                        "the request conflicts with what is stored; error id " + id,
                        path,
                        List.of()));
            }
            case OVERLOADED -> {
                // one line per refused request would flood the log exactly when it matters least
                LOG.debugf("%s: overloaded (error id %s): %s", path, id, failure);
                yield unavailable(
                        Problem.type("overloaded"),
                        "the service is at capacity; try again in a moment; " + "error id " + id,
                        path);
            }
            case UNAVAILABLE -> {
                LOG.warnf(failure, "%s: the database is unavailable (error id %s)", path, id);
                yield unavailable(
                        Problem.type("unavailable"),
                        "temporarily unavailable; try again in a moment; " + "error id " + id,
                        path);
            }
            case INTERNAL -> {
                LOG.errorf(failure, "%s failed (error id %s)", path, id);
                yield ProblemMappers.respond(new Problem(
                        Problem.type("internal-error"),
                        ProblemTitles.of(500),
                        500,
                        "the request could not be completed; error id " + id,
                        path,
                        List.of()));
            }
        };
    }

    /** The failure to read the request's body from the connection, if that is what this is. */
    static IOException bodyReadFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io
                    && Arrays.stream(io.getStackTrace())
                            .limit(3)
                            .anyMatch(frame -> frame.getClassName().endsWith(".VertxInputStream"))) {
                return io;
            }
        }
        return null;
    }

    private static Response unavailable(java.net.URI type, String detail, String path) {
        return Response.fromResponse(
                        ProblemMappers.respond(new Problem(type, ProblemTitles.of(503), 503, detail, path, List.of())))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
