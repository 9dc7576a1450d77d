package org.borderpolice.mediation.rest;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;

import io.quarkus.security.identity.SecurityIdentity;

/** What every resource reads alike from a request: the caller, idempotency. */
public final class Requests {

    public static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the "
            + "same key (same caller, within 24 h) returns the record created first, with header "
            + "Idempotent-Replayed: true";

    public static final String DISPUTE_ID = "纠纷ID Dispute id (UUID)";

    private Requests() {}

    public static BorderPrincipal caller(SecurityIdentity identity) {
        return BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
    }

    public static Response.ResponseBuilder created(
            Response.ResponseBuilder response, IdempotencyKeys.Created<?> created) {
        return created.replayed() ? response.header(IdempotencyKeys.REPLAYED_HEADER, "true") : response;
    }
}
