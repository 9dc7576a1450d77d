package org.borderpolice.federation.identity;

/**
 * Where refused accesses go (REST 401/403 from the problem mappers, gRPC refusals): a service
 * with a database audits them (federation's {@code RefusedAccess}, the audit log); one without
 * (the gateway) logs them ({@link LoggedAccessRefusals}, the default bean).
 */
public interface AccessRefusals {

    /**
     * A refusal. {@code actor}/{@code jurisdiction}: the authenticated caller, or null when no
     * token was accepted. {@code authorization}: the request's Authorization header, whose claims
     * may name the caller (never relied on). {@code from}: the caller's address ("host:port").
     * Must not block: called on the event loop.
     */
    void record(
            String channel,
            String what,
            String why,
            String actor,
            String jurisdiction,
            String authorization,
            String from);
}
