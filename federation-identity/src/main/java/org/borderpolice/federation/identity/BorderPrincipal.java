package org.borderpolice.federation.identity;

import java.util.Optional;
import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the suite understands it: a user or service account of a jurisdiction on
 * the trust list. The jurisdiction is the one whose identity provider issued the token.
 */
public record BorderPrincipal(String jurisdiction, String unit, Set<String> roles, String subject) {

    public static final String ATTRIBUTE = "border.principal";

    public static final String INVESTIGATOR = "investigator";
    public static final String ANALYST = "analyst";
    public static final String MEDIATOR = "mediator";
    public static final String COMMANDER = "commander";
    public static final String INTEGRATOR = "integrator";
    public static final String PEER = "peer";

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The caller, who must be a user of this jurisdiction.
     *
     * @throws io.quarkus.security.ForbiddenException otherwise
     */
    public static BorderPrincipal requireOf(SecurityIdentity identity, String jurisdiction) {
        BorderPrincipal principal = of(identity)
                .orElseThrow(() -> new io.quarkus.security.ForbiddenException("no jurisdiction in the token"));
        if (!principal.jurisdiction().equals(jurisdiction)) {
            throw new io.quarkus.security.ForbiddenException("only users of " + jurisdiction + " may do this");
        }
        return principal;
    }

    /** The token claim of a user's login name (Keycloak's username). */
    public static final String USERNAME_CLAIM = "preferred_username";

    /**
     * The caller's login name ({@code preferred_username}: unique in the realm, not editable by
     * the user, set by the jurisdiction's own identity provider), if the token has one of 1 to 200
     * characters. What people type where they name a user (a mediator's directory account, an
     * officer assigned): Keycloak's subject is an opaque UUID.
     */
    public static Optional<String> username(SecurityIdentity identity) {
        if (identity == null
                || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt)) {
            return Optional.empty();
        }
        Object name = jwt.getClaim(USERNAME_CLAIM);
        String text = name == null ? null : name.toString();
        return text == null || text.isBlank() || text.length() > 200 ? Optional.empty() : Optional.of(text);
    }

    /** The principal of an authenticated identity, if it came through the trust list. */
    public static Optional<BorderPrincipal> of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        return Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
    }
}
