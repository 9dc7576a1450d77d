package org.borderpolice.intel.rest;

import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/** What every resource of the API reads alike from a request: the caller, idempotency. */
final class Requests {

    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns what the first created, with header Idempotent-Replayed: true";

    private Requests() {}

    static BorderPrincipal caller(SecurityIdentity identity) {
        return BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
    }

    /** A created record's response, saying whether it was created by an earlier request with the same key. */
    static Response.ResponseBuilder created(Response.ResponseBuilder response, IdempotencyKeys.Created<?> created) {
        return created.replayed() ? response.header(IdempotencyKeys.REPLAYED_HEADER, "true") : response;
    }
}
