package org.borderpolice.federation.idempotency;

/** An Idempotency-Key already used with a different request (422). */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
