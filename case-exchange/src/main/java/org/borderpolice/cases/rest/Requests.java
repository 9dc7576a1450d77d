package org.borderpolice.cases.rest;

import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/** What every resource reads alike from a request: the caller, idempotency. */
final class Requests {

    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns the case filed first, with header Idempotent-Replayed: true";

    static final String UPLOAD_KEY = "幂等键 Idempotency key: a repeat with the same key, name and bytes (same caller, "
            + "within 24 h) returns the file attached first, with header Idempotent-Replayed: true; another file is 422";

    static final String CASE_ID = "案件ID Case id (UUID)";

    private Requests() {}

    static BorderPrincipal caller(SecurityIdentity identity) {
        return BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
    }

    static Response.ResponseBuilder created(Response.ResponseBuilder response, IdempotencyKeys.Created<?> created) {
        return created.replayed() ? response.header(IdempotencyKeys.REPLAYED_HEADER, "true") : response;
    }
}
