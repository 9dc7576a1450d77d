package org.borderpolice.mediation.rest;

import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/** What the directory's, teams' and sessions' resources read alike from a request. */
final class TeamCalls {

    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns the record created first, with header Idempotent-Replayed: true";

    static final String MEDIATOR_ID = "调解员ID Mediator id (UUID)";
    static final String DISPUTE_ID = "纠纷ID Dispute id (UUID)";
    static final String SESSION_ID = "调解会ID Session id (UUID)";

    private TeamCalls() {}

    static BorderPrincipal caller(SecurityIdentity identity) {
        return BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
    }

    static Response.ResponseBuilder created(Response.ResponseBuilder response, IdempotencyKeys.Created<?> created) {
        return created.replayed() ? response.header(IdempotencyKeys.REPLAYED_HEADER, "true") : response;
    }
}
