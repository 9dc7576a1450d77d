package org.borderpolice.gateway.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.http.ConnectionClose;
import org.borderpolice.federation.identity.AccessRefusals;
import org.borderpolice.gateway.service.ConsoleTenant;
import org.jboss.logging.Logger;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The web console at the edge (docs/console.md): its login and logout, the session standing in
 * for a bearer token on the API, and the headers of its files.
 *
 * <p>A request to {@code /api/...} (or {@code /console/session}) with the console's session
 * cookie and no Authorization header is authenticated by the session (ConsoleTenant; refreshed
 * by quarkus-oidc when due) and goes on with the session's access token as its bearer token:
 * the services verify it as any other, nothing else changes. Without a valid session the answer
 * is 401 problem+json, never a redirect to the login page. A state-changing call must also carry
 * {@code X-Border-Console} (CSRF: the cookie is SameSite=Strict, and another origin cannot set a
 * custom header without a CORS preflight the gateway does not grant), else 403 problem+json.
 * Bearer callers are not touched.
 */
@ApplicationScoped
public class ConsoleRoutes {

    private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class);

    /** Before ProxyRoutes and JAX-RS, after HttpProblemPages' checks and CORS. */
    static final int ORDER = ProxyRoutes.ORDER - 1;

    public static final String CSRF_HEADER = "X-Border-Console";
    static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String INDEX = "META-INF/resources/console/index.html";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    ConsoleTenant tenant;

    @Inject
    IdentityProviderManager identities;

    @Inject
    HttpAuthenticator authenticator;

    @Inject
    GatewayProblems problems;

    @Inject
    AccessRefusals refusals;

    private String contentSecurityPolicy;

    void install(@Observes Router router) {
        contentSecurityPolicy = contentSecurityPolicy(importMapHash());
        // "/console" alone (a route of "/console" would match "/console/" too)
        router.routeWithRegex("^/console$").order(ORDER).handler(ctx -> redirect(ctx, 301, "/console/"));
        router.get(ConsoleTenant.LOGIN_PATH).order(ORDER).handler(this::login);
        router.get(ConsoleTenant.LOGOUT_PATH).order(ORDER).handler(this::logout);
        router.route("/console/*").order(ORDER).handler(this::consoleHeaders);
        // the mvnpm jars' files are under their version: never change
        router.route("/_static/*").order(ORDER).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200) {
                    ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
                }
            });
            ctx.next();
        });
        router.route().order(ORDER).handler(this::session);
    }

    /** Headers of the console's own files: revalidated on each load (an upgrade shows at once), CSP, no framing. */
    private void consoleHeaders(RoutingContext ctx) {
        boolean session = "/console/session".equals(ctx.request().path());
        ctx.addHeadersEndHandler(v -> {
            var headers = ctx.response().headers();
            if (!session) {
                // over the static handler's own caching headers
                headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "same-origin");
            headers.set("Content-Security-Policy", contentSecurityPolicy);
        });
        ctx.next();
    }

    /**
     * GET /console/login: with a session (or on the identity provider's redirect back, the code
     * exchanged here) a page that loads the console; without one, the redirect to the identity
     * provider's login page (PKCE, state cookie).
     */
    private void login(RoutingContext ctx) {
        if (!tenant.active()) {
            problems.respond(ctx, 404, "console-login-off", "the console's login is not configured at this gateway");
            return;
        }
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .subscribe()
                .with(
                        identity -> context.runOnContext(v -> {
                            if (identity != null && !identity.isAnonymous()) {
                                loggedIn(ctx);
                            } else {
                                challenge(ctx);
                            }
                        }),
                        failure -> context.runOnContext(v -> {
                            if (failure instanceof AuthenticationRedirectException redirect) {
                                redirect(ctx, redirect.getCode(), redirect.getRedirectUri());
                            } else {
                                // a stale state cookie, a refused code: start again
                                LOG.debugf(failure, "console login failed");
                                challenge(ctx);
                            }
                        }));
    }

    /** The code flow's redirect to the identity provider (quarkus-oidc sets status, Location and the state cookie). */
    private void challenge(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        authenticator
                .sendChallenge(ctx)
                .subscribe()
                .with(
                        sent -> context.runOnContext(v -> {
                            if (ctx.response().ended()) {
                                return;
                            }
                            if (Boolean.TRUE.equals(sent)) {
                                ctx.response()
                                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                                        .end();
                            } else {
                                problems.respond(
                                        ctx, 503, "login-unavailable", "the identity provider cannot be reached");
                            }
                        }),
                        failure -> context.runOnContext(v -> {
                            LOG.warn("console login: no redirect to the identity provider", failure);
                            if (!ctx.response().ended()) {
                                problems.respond(
                                        ctx, 503, "login-unavailable", "the identity provider cannot be reached");
                            }
                        }));
    }

    /**
     * The console after the login: loaded by this same-origin page rather than by a redirect,
     * since a redirect chain started at another site would not carry the SameSite=Strict cookie.
     */
    private static void loggedIn(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("Referrer-Policy", "no-referrer")
                .end("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                        + "<meta http-equiv=\"refresh\" content=\"0;url=/console/\"><title>跨界四联</title></head>"
                        + "<body><p><a href=\"/console/\">已登录，进入控制台 Logged in: open the console</a></p></body></html>");
    }

    /** GET /console/logout: quarkus-oidc ends the session and sends the user to the identity provider's logout. */
    private void logout(RoutingContext ctx) {
        if (!tenant.active() || !tenant.hasSession(ctx)) {
            redirect(ctx, 303, "/console/");
            return;
        }
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .subscribe()
                .with(
                        identity -> context.runOnContext(v -> redirect(ctx, 303, "/console/")),
                        failure -> context.runOnContext(v -> {
                            if (failure instanceof AuthenticationRedirectException redirect) {
                                redirect(ctx, redirect.getCode(), redirect.getRedirectUri());
                            } else {
                                redirect(ctx, 303, "/console/");
                            }
                        }));
    }

    /** A call of the console with its session: the session's access token becomes the bearer token. */
    private void session(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        if (!tenant.active()
                || !(path.startsWith("/api/") || "/console/session".equals(path))
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || !tenant.hasSession(ctx)) {
            ctx.next();
            return;
        }
        boolean proxied = path.startsWith("/api/v1/") && request.method() != HttpMethod.GET;
        if (proxied) {
            request.pause(); // the body waits, unread, until the caller is known (ProxyRoutes reads it)
        }
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .subscribe()
                .with(
                        identity -> context.runOnContext(v -> withSession(ctx, identity)),
                        failure -> context.runOnContext(v -> refuse(
                                ctx,
                                401,
                                "session-ended",
                                "the console's session has " + "ended or is not valid; log in again")));
    }

    private void withSession(RoutingContext ctx, SecurityIdentity identity) {
        AccessTokenCredential token =
                identity == null || identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        if (token == null || token.getToken() == null) {
            refuse(ctx, 401, "session-ended", "the console's session has ended or is not valid; log in again");
            return;
        }
        HttpServerRequest request = ctx.request();
        if (!SAFE.contains(request.method()) && !"1".equals(request.getHeader(CSRF_HEADER))) {
            refuse(
                    ctx,
                    403,
                    "csrf",
                    "a change made with the console's session needs the header " + CSRF_HEADER + ": 1");
            return;
        }
        request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken());
        // the session's cookies stay at the edge: the services get the bearer token alone
        request.headers().remove(HttpHeaders.COOKIE);
        ctx.next();
    }

    private void refuse(RoutingContext ctx, int status, String slug, String detail) {
        HttpServerRequest request = ctx.request();
        try {
            refusals.record(
                    "rest",
                    request.method() + " " + request.path() + " " + status,
                    slug,
                    null,
                    null,
                    null,
                    request.remoteAddress() == null
                            ? null
                            : request.remoteAddress().toString());
        } catch (RuntimeException e) {
            LOG.debug("refusal not recorded", e);
        }
        if (!request.isEnded()) {
            ConnectionClose.afterAnswer(ctx);
            request.resume();
        }
        problems.respond(ctx, status, slug, detail);
    }

    private static void redirect(RoutingContext ctx, int status, String location) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.LOCATION, location)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end();
    }

    /** The console's CSP: its own files, the import map by its hash, calls to the gateway only. */
    static String contentSecurityPolicy(String importMapHash) {
        return "default-src 'self'; script-src 'self'"
                + (importMapHash == null ? "" : " 'sha256-" + importMapHash + "'")
                + "; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /** SHA-256 (base64) of the import map inlined in console/index.html, which CSP must name. */
    static String importMapHash() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                return null;
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL)
                    .matcher(html);
            if (!m.find()) {
                return null;
            }
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("console/index.html unreadable", e);
        }
    }
}
