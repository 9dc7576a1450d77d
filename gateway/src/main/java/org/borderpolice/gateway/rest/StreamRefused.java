package org.borderpolice.gateway.rest;

/**
 * A merged notification stream not opened by the gateway's own limits (429, 503): answered as
 * problem+json with Retry-After ({@link StreamRefusedMapper}).
 */
public final class StreamRefused extends RuntimeException {

    final int status;
    final String slug;
    final long retryAfterSeconds;

    StreamRefused(int status, String slug, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
