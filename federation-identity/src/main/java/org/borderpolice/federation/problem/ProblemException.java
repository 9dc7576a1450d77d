package org.borderpolice.federation.problem;

/**
 * A refusal that service code raises without knowing who asked over which channel: the REST API
 * answers it as problem+json ({@link ProblemMappers}), gRPC as a status ({@code SanitizedGrpcErrors}),
 * both from {@link #kind()} and the message, which is said to the caller as it is (so it names
 * nothing the caller may not know). One family rather than unrelated exceptions: both mappers
 * take every kind in one place, and a caller that must note any refusal (the hit-check audit)
 * catches one type.
 */
public abstract class ProblemException extends RuntimeException {

    /** What kind of refusal; the one table both channels map from. */
    public enum Kind {
        /** The request is malformed or names something that cannot be (HTTP 400, gRPC INVALID_ARGUMENT). */
        INVALID,
        /** The caller may not do this (403, PERMISSION_DENIED). */
        FORBIDDEN,
        /** Nothing the caller may see under that name (404, NOT_FOUND). */
        NOT_FOUND,
        /** The request contradicts the current state (409, FAILED_PRECONDITION). */
        CONFLICT,
        /** A quota or limit of the caller is used up (429, RESOURCE_EXHAUSTED). */
        LIMIT_REACHED
    }

    private final Kind kind;

    protected ProblemException(Kind kind, String message) {
        // no stack trace: a refusal is an answer, not a fault, and some come by the thousand
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
