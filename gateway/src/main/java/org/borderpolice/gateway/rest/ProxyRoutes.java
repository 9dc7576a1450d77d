package org.borderpolice.gateway.rest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.http.ConnectionClose;
import org.borderpolice.federation.http.HttpProblemPages;
import org.borderpolice.federation.http.RawUris;
import org.borderpolice.federation.identity.AccessRefusals;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.gateway.RequestIds;
import org.borderpolice.gateway.Routes;
import org.borderpolice.gateway.client.Upstreams;
import org.borderpolice.gateway.config.GatewayConfig;
import org.borderpolice.gateway.service.InFlightLimits;
import org.borderpolice.gateway.service.RateLimits;
import org.jboss.logging.Logger;

import io.netty.channel.ConnectTimeoutException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The gateway's routes to the services (vertx-http-proxy): a request whose path a service answers
 * ({@link Routes}) is authenticated here as every service authenticates it (a token of a trusted
 * issuer, made for us, unexpired; else 401 problem+json and the service never sees it), counted
 * against its client's and partner's rate (429 with Retry-After), and streamed to the service
 * with the caller's Authorization unchanged, hop-by-hop headers dropped, X-Forwarded-* and
 * X-Request-Id set; the answer streams back. The service decides what the caller may do: the
 * gateway grants nothing.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    /** After HttpProblemPages' checks, CORS and Quarkus's own handlers; before JAX-RS. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;

    /** Hop-by-hop headers (RFC 9110 7.6.1), never passed on in either direction. */
    static final List<String> HOP_BY_HOP = List.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    @Inject
    Upstreams upstreams;

    @Inject
    RateLimits rateLimits;

    @Inject
    InFlightLimits inFlight;

    @Inject
    GatewayConfig config;

    @Inject
    GatewayProblems problems;

    @Inject
    HttpProblemPages pages;

    @Inject
    IdentityProviderManager identities;

    @Inject
    AccessRefusals refusals;

    @Inject
    Vertx vertx;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Routes.Target target = upstreams.routes().match(request.path());
        if (target == null) {
            ctx.next();
            return;
        }
        String requestId = RequestIds.of(request.getHeader(RequestIds.HEADER));
        ctx.response().putHeader(RequestIds.HEADER, requestId);
        if (Routes.ambiguous(request.path())) {
            refuseEarly(ctx);
            problems.respond(
                    ctx,
                    400,
                    "bad-path",
                    "the path holds a dot segment, an empty segment or an encoded slash or backslash");
            return;
        }
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (encoding != null && !"chunked".equals(encoding)) {
            // the proxy takes exactly "chunked" (and would answer anything else with a bare 400)
            refuseEarly(ctx);
            problems.respond(ctx, 400, "bad-transfer-encoding", "Transfer-Encoding must be exactly chunked, or absent");
            return;
        }
        String query = request.query();
        String uri = RawUris.encoded(target.path() + (query == null ? "" : "?" + query));
        if (uri == null) {
            refuseEarly(ctx);
            problems.respond(
                    ctx,
                    400,
                    "bad-target",
                    "the path or query holds raw bytes that are not UTF-8 text, or spaces or control characters; "
                            + "percent-encode them (RFC 3986)");
            return;
        }
        // the body waits (unread, in the socket) until the caller is known
        request.pause();
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .subscribe()
                .with(
                        identity -> context.runOnContext(v -> authenticated(ctx, target, uri, requestId, identity)),
                        failure -> context.runOnContext(v -> unauthenticated(ctx, failure)));
    }

    private void authenticated(
            RoutingContext ctx, Routes.Target target, String uri, String requestId, SecurityIdentity identity) {
        BorderPrincipal caller = BorderPrincipal.of(identity).orElse(null);
        if (caller == null) {
            unauthenticated(ctx, null);
            return;
        }
        RateLimits.Admission admission = rateLimits.admit(caller);
        if (!admission.admitted()) {
            refuseEarly(ctx);
            long seconds = Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            problems.respond(
                    ctx,
                    429,
                    "rate-limited",
                    "too many requests from this " + admission.limit() + "; retry after " + seconds + " s");
            return;
        }
        InFlightLimits.Slot slot = inFlight.acquire(caller);
        if (slot == null) {
            refuseEarly(ctx);
            ctx.response().putHeader("Retry-After", "1");
            problems.respond(
                    ctx,
                    429,
                    "too-many-in-flight",
                    "too many requests of this caller (or of its jurisdiction's users) under way at once; "
                            + "send the next when one has been answered");
            return;
        }
        // given back when the answer ended or the connection closed, whichever comes; a
        // connection closed while the token was checked calls no end handler any more
        ctx.addEndHandler(ended -> slot.release());
        if (ctx.response().closed() || ctx.response().ended()) {
            slot.release();
            return;
        }
        new Exchange(ctx, target, uri, requestId).start();
    }

    private void unauthenticated(RoutingContext ctx, Throwable failure) {
        refuseEarly(ctx);
        HttpServerRequest request = ctx.request();
        String why = failure == null ? "no token" : "token refused";
        try {
            refusals.record(
                    "rest",
                    request.method() + " " + request.path() + " 401",
                    why,
                    null,
                    null,
                    request.getHeader(HttpHeaders.AUTHORIZATION),
                    request.remoteAddress() == null
                            ? null
                            : request.remoteAddress().toString());
        } catch (RuntimeException e) {
            LOG.debug("refusal not recorded", e);
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        problems.respond(
                ctx, 401, "unauthenticated", "a valid bearer token from a trusted identity provider is required");
    }

    /** A refusal before the body was read: the rest of it is dropped with the connection. */
    private static void refuseEarly(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ConnectionClose.afterAnswer(ctx);
            ctx.request().resume();
        }
    }

    /** One request through the proxy: its target, id, body meter and response timeout. */
    private final class Exchange implements ProxyInterceptor {

        private final RoutingContext ctx;
        private final Routes.Target target;
        /** The service's path and the query, raw bytes percent-encoded. */
        private final String uri;

        private final String requestId;
        private HttpClientRequest upstream;
        private MeteredBody body;
        private long timer = -1;
        private boolean timedOut;

        Exchange(RoutingContext ctx, Routes.Target target, String uri, String requestId) {
            this.ctx = ctx;
            this.target = target;
            this.uri = uri;
            this.requestId = requestId;
        }

        void start() {
            // no WebSocket branch: it would pass the request on without the interceptor below
            // (no routed path, no header rules, no body limit); no service answers a WebSocket
            HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), upstreams.client())
                    .origin(pc -> upstreams.request(target.service()).onSuccess(r -> {
                        upstream = r;
                        r.response().onComplete(ar -> cancelTimer());
                    }))
                    .addInterceptor(this)
                    .handle(ctx.request());
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext pc) {
            ProxyRequest request = pc.request();
            HttpServerRequest edge = ctx.request();
            request.setURI(uri);
            MultiMap headers = request.headers();
            dropHopByHop(headers);
            headers.set(RequestIds.HEADER, requestId);
            // cookies are the edge's (the console's session and login state): the services read
            // bearer tokens alone, and a sealed session passed on could be replayed from there
            headers.remove(HttpHeaders.COOKIE);
            // the gateway is the edge: what a caller claims about earlier hops is not passed on,
            // in any of the spellings a framework may read (X-Forwarded-Prefix, -Server, X-Real-IP, ...)
            headers.remove("Forwarded");
            headers.names().stream()
                    .filter(n -> n.regionMatches(true, 0, "X-Forwarded-", 0, 12) || n.equalsIgnoreCase("X-Real-IP"))
                    .toList()
                    .forEach(headers::remove);
            headers.set(
                    "X-Forwarded-For",
                    edge.remoteAddress() == null
                            ? "unknown"
                            : edge.remoteAddress().hostAddress());
            headers.set("X-Forwarded-Proto", edge.scheme() == null ? "http" : edge.scheme());
            if (edge.authority() != null) {
                headers.set("X-Forwarded-Host", edge.authority().toString());
                headers.set(
                        "X-Forwarded-Port",
                        Integer.toString(
                                edge.authority().port() > 0
                                        ? edge.authority().port()
                                        : "https".equals(edge.scheme()) ? 443 : 80));
            }
            Body original = request.getBody();
            if (original != null) {
                body = new MeteredBody(original.stream(), pages.bodyLimit(edge.path()), this::startTimer);
                request.setBody(Body.body(body, original.length()));
            }
            return pc.sendRequest().recover(failure -> Future.succeededFuture(failed(pc, failure)));
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext pc) {
            MultiMap headers = pc.response().headers();
            dropHopByHop(headers);
            headers.remove(RequestIds.HEADER); // the edge response has ours already
            return pc.sendResponse();
        }

        /** The request went out whole: the service has this long to start its answer. */
        private void startTimer() {
            Duration timeout = config.timeouts().response();
            timer = vertx.setTimer(timeout.toMillis(), id -> {
                timer = -1;
                if (upstream != null && !upstream.response().isComplete()) {
                    timedOut = true;
                    upstream.reset(0, new TimeoutException("no response within " + timeout));
                }
            });
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        private ProxyResponse failed(ProxyContext pc, Throwable failure) {
            cancelTimer();
            int status;
            String slug;
            String detail;
            if (body != null && body.exceeded()) {
                status = 413;
                slug = "payload-too-large";
                detail = "the body is larger than "
                        + pages.bodyLimit(ctx.request().path()) + " bytes";
            } else if (timedOut || failure instanceof ConnectTimeoutException || failure instanceof TimeoutException) {
                status = 504;
                slug = "upstream-timeout";
                detail = "the service " + target.service() + " did not answer in time (request id " + requestId + ")";
            } else {
                status = 502;
                slug = "upstream-unavailable";
                detail = "the service " + target.service() + " could not be reached (request id " + requestId + ")";
            }
            LOG.warnf(
                    "%s %s → %s: %d (%s, request id %s)",
                    ctx.request().method(),
                    ctx.request().path(),
                    target.service(),
                    status,
                    failure.toString(),
                    requestId);
            ProxyResponse response = pc.request()
                    .release()
                    .response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .setBody(Body.body(Buffer.buffer(
                            problems.body(status, slug, detail, ctx.request().path()))));
            if (status == 413 || !ctx.request().isEnded()) {
                // on the edge response itself: the proxy response's hop-by-hop headers are dropped
                ConnectionClose.afterAnswer(ctx);
            }
            return response;
        }
    }

    /** Drops hop-by-hop headers and those the Connection header names. */
    static void dropHopByHop(MultiMap headers) {
        for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String named : connection.split(",")) {
                String name = named.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }
}
