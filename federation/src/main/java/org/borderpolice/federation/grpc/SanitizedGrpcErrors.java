package org.borderpolice.federation.grpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.problem.Failures;
import org.borderpolice.federation.problem.ProblemException;
import org.jboss.logging.Logger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;

/**
 * What a partner learns when one of our gRPC services fails: a status and, for anything we did
 * not raise as a status ourselves, a fixed description with an error id. Quarkus's default puts
 * the exception's class and message in the description, and a message of the database names the
 * statement, table and values. The exception itself is logged here under the id.
 *
 * <ul>
 * <li>a refusal raised by service code ({@link ProblemException}): the status of its kind
 * ({@link #codeOf}) with its message;
 * <li>a {@link Status} raised on purpose (UNAUTHENTICATED, INVALID_ARGUMENT, RESOURCE_EXHAUSTED,
 * ...) goes out as it is, without its cause;
 * <li>authentication and authorization failures as Quarkus maps them (UNAUTHENTICATED,
 * PERMISSION_DENIED);
 * <li>a value the database could not store: INVALID_ARGUMENT;
 * <li>a rule of the store: FAILED_PRECONDITION;
 * <li>overload (no pooled connection within the acquisition timeout), the database unreachable,
 * or another failure that passes: UNAVAILABLE (the caller retries);
 * <li>anything else: INTERNAL.
 * </ul>
 * The kinds are {@link Failures#classify}'s, as for REST and the inbox.
 */
@ApplicationScoped
public class SanitizedGrpcErrors implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(SanitizedGrpcErrors.class);

    private final AuthExceptionHandlerProvider auth;

    @Inject
    public SanitizedGrpcErrors(Instance<AuthExceptionHandlerProvider> auth) {
        this.auth = auth != null && auth.isResolvable() ? auth.get() : null;
    }

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
            ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusException status =
                        toStatus(failure, serverCall.getMethodDescriptor().getFullMethodName());
                try {
                    serverCall.close(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : headers);
                } catch (IllegalStateException alreadyClosed) {
                    // the call was closed (cancelled, or answered) before the failure surfaced
                }
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure, "gRPC call");
    }

    /** The gRPC status code of a kind of refusal. */
    public static Status.Code codeOf(ProblemException.Kind kind) {
        return switch (kind) {
            case INVALID -> Status.Code.INVALID_ARGUMENT;
            case FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case CONFLICT -> Status.Code.FAILED_PRECONDITION;
            case LIMIT_REACHED -> Status.Code.RESOURCE_EXHAUSTED;
        };
    }

    StatusException toStatus(Throwable failure, String method) {
        if (failure instanceof StatusException || failure instanceof StatusRuntimeException) {
            Status status = Status.fromThrowable(failure);
            Metadata trailers = Status.trailersFromThrowable(failure);
            // the status we chose, without the cause (a cause is never sent, but keep it off the object too)
            return new StatusException(
                    Status.fromCode(status.getCode()).withDescription(status.getDescription()), trailers);
        }
        if (failure instanceof ProblemException problem) {
            // a refusal raised by service code: its kind's status, its message as the description
            return Status.fromCode(codeOf(problem.kind()))
                    .withDescription(problem.getMessage())
                    .asException();
        }
        if (auth != null && auth.handlesException(failure)) {
            return auth.transformToStatusException(failure);
        }
        String id = Failures.newErrorId();
        return switch (Failures.classify(failure)) {
            case UNSTORABLE_VALUE -> {
                LOG.warnf(failure, "%s: a value could not be stored (error id %s)", method, id);
                yield Status.INVALID_ARGUMENT
                        .withDescription("a value of the request cannot be stored; error id " + id)
                        .asException();
            }
            case CONSTRAINT -> {
                LOG.warnf(failure, "%s: a rule of the store refused the call (error id %s)", method, id);
                yield Status.FAILED_PRECONDITION
                        .withDescription("the call conflicts with what is stored; error id " + id)
                        .asException();
            }
            case OVERLOADED -> {
                LOG.debugf("%s: overloaded (error id %s): %s", method, id, failure);
                yield Status.UNAVAILABLE
                        .withDescription("at capacity, retry later; error id " + id)
                        .asException();
            }
            case UNAVAILABLE -> {
                LOG.warnf(failure, "%s: database unavailable (error id %s)", method, id);
                yield Status.UNAVAILABLE
                        .withDescription("temporarily unavailable, retry later; error id " + id)
                        .asException();
            }
            case INTERNAL -> {
                LOG.errorf(failure, "%s failed (error id %s)", method, id);
                yield Status.INTERNAL
                        .withDescription("the call could not be completed; error id " + id)
                        .asException();
            }
        };
    }
}
