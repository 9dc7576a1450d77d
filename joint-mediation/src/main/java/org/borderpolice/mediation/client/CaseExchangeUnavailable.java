package org.borderpolice.mediation.client;

/**
 * case-exchange did not answer (down, unreachable, too slow, failing with 5xx, or its circuit
 * open): nothing was stored here, and the caller may try again later (503 with Retry-After).
 */
public class CaseExchangeUnavailable extends RuntimeException {

    public CaseExchangeUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
