package org.borderpolice.gateway.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.Authentication.CookieSameSite;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's login (docs/console.md): an OIDC tenant of type web-app at our own identity
 * provider for the public client border-console, authorization code flow with PKCE (S256). The
 * tokens stay in the gateway: the browser holds an encrypted session cookie (HttpOnly,
 * SameSite=Strict, Secure over https), and quarkus-oidc refreshes the tokens. Chosen for the
 * login and logout paths and for a request that carries the session cookie and no Authorization
 * header; every other request is resolved by its bearer token's issuer, as before.
 */
@ApplicationScoped
public class ConsoleTenant implements TenantResolver {

    private static final Logger LOG = Logger.getLogger(ConsoleTenant.class);

    public static final String LOGIN_PATH = "/console/login";
    public static final String LOGOUT_PATH = "/console/logout";

    /**
     * The tenant, named after our jurisdiction: quarkus-oidc names its cookies after the tenant,
     * and cookies do not tell ports apart, so two jurisdictions' consoles on one host (the local
     * federation: localhost:8084, :9084) keep separate sessions.
     */
    private volatile String id = "console";

    @Inject
    GatewayConfig config;

    private volatile boolean active;

    void register(@Observes Oidc oidc, TrustList trustList) {
        GatewayConfig.Console console = config.console();
        IdentityConfig.Jurisdiction self = trustList.config().jurisdiction();
        if (!console.enabled()) {
            LOG.info("console login disabled (border.gateway.console.enabled=false)");
            return;
        }
        if (self.jwksUrl().isEmpty()) {
            LOG.infof(
                    "console login off: the issuer %s is trusted by an inline key, not a real identity provider",
                    self.issuer());
            return;
        }
        String secret = console.sessionSecret().orElseGet(ConsoleTenant::madeSecret);
        if (secret.length() < 32) {
            throw new IllegalStateException("border.gateway.console.session-secret needs at least 32 characters");
        }
        id = "console" + self.code();
        oidc.create(
                tenant(id, self.issuer(), console.clientId(), trustList.selfAudience(), secret, console.sessionIdle()));
        active = true;
        LOG.infof("console login at %s (client %s)", self.issuer(), console.clientId());
    }

    static OidcTenantConfig tenant(
            String id, String issuer, String clientId, String audience, String secret, Duration idle) {
        return OidcTenantConfig.builder()
                .tenantId(id)
                .applicationType(ApplicationType.WEB_APP)
                .authServerUrl(issuer)
                .clientId(clientId)
                .authentication()
                .pkceRequired(true)
                .stateSecret(secret)
                // the audience of the access token the services take
                .scopes(audience)
                .redirectPath(LOGIN_PATH)
                // the login path answers the callback itself (a same-site page then loads the console)
                .removeRedirectParameters(false)
                .restorePathAfterRedirect(false)
                .cookiePath("/")
                .cookieSameSite(CookieSameSite.STRICT)
                // the identity provider's redirect back is a cross-site navigation when it is on another site
                .stateCookieSameSite(CookieSameSite.LAX)
                .sessionAgeExtension(idle)
                .javaScriptAutoRedirect(false)
                .userInfoRequired(false)
                .end()
                .tokenStateManager()
                .encryptionRequired(true)
                .encryptionSecret(secret)
                .end()
                .token()
                .refreshExpired(true)
                // an access token passed on has at least a minute left
                .refreshTokenTimeSkew(Duration.ofMinutes(1))
                .end()
                .logout()
                .path(LOGOUT_PATH)
                .postLogoutPath("/console/")
                .end()
                .build();
    }

    private static String madeSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        LOG.warn("border.gateway.console.session-secret unset: a key made now; console sessions end when the gateway "
                + "restarts and are not shared between replicas");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the console's login is configured here. */
    public boolean active() {
        return active;
    }

    @Override
    public String resolve(RoutingContext ctx) {
        if (!active) {
            return null;
        }
        String path = ctx.request().path();
        if (LOGIN_PATH.equals(path) || LOGOUT_PATH.equals(path)) {
            return id;
        }
        if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null && hasSession(ctx)) {
            return id;
        }
        return null;
    }

    /** Whether the request carries our console's session cookie (split into _chunk_N cookies when large). */
    public boolean hasSession(RoutingContext ctx) {
        if (!active) {
            return false;
        }
        String name = "q_session_" + id;
        for (Cookie cookie : ctx.request().cookies()) {
            if (cookie.getName().equals(name) || cookie.getName().startsWith(name + "_chunk_")) {
                return true;
            }
        }
        return false;
    }
}
