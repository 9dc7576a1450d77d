package org.borderpolice.federation.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The last resort of the REST API: an exception no other mapper took becomes a problem+json
 * with an error id and nothing of the exception (its message may hold SQL). A value the database
 * could not store is the caller's input (400); anything else is ours (500). More specific
 * mappers win over this one.
 */
public class UnexpectedFailures {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailures.class);

    @ServerExceptionMapper
    public Response unexpected(Throwable failure, UriInfo uri) {
        String id = Failures.newErrorId();
        if (Failures.classify(failure) == Failures.Kind.UNSTORABLE_VALUE) {
            LOG.warnf(failure, "%s: a value could not be stored (error id %s)", uri.getPath(), id);
            return ProblemMappers.respond(new Problem(Problem.type("unstorable-value"), "请求内容不合法 Invalid request",
                    400, "a value of the request cannot be stored; error id " + id, uri.getPath(), List.of()));
        }
        LOG.errorf(failure, "%s failed (error id %s)", uri.getPath(), id);
        return ProblemMappers.respond(new Problem(Problem.type("internal-error"), "服务器错误 Server error", 500,
                "the request could not be completed; error id " + id, uri.getPath(), List.of()));
    }
}
