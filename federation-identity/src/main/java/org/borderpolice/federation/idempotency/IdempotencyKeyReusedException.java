package org.borderpolice.federation.idempotency;

/** An Idempotency-Key already used with a different request (422). */
public class IdempotencyKeyReusedException extends RuntimeException {

    /** The request header that names a write for replay (IETF draft-ietf-httpapi-idempotency-key-header). */
    public static final String HEADER = "Idempotency-Key";

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
