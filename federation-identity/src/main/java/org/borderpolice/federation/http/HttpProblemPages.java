package org.borderpolice.federation.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.problem.Failures;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemTitles;
import org.borderpolice.federation.problem.UnexpectedFailures;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * The HTTP server's own answers as RFC 9457 problem+json, on the public port and on the
 * management interface: every request is checked before any route sees it (request target
 * length, header size, announced body size, JSON charset, control characters and broken
 * escapes in the path and query), and failures no route answered (no route, wrong method, a body
 * over the limit, an exception outside JAX-RS) get a problem document instead of Quarkus's empty
 * or text/plain page. JAX-RS's own errors go through {@code ProblemMappers}.
 *
 * <p>The request target is checked here too: one with raw bytes beyond ASCII is routed again
 * percent-encoded when they are UTF-8 ({@code ?q=烟花} sent unencoded means 烟花), refused (400
 * problem+json) when they are not or are control characters; one {@code java.net.URI} does not
 * take ({@code {}}, {@code %zz}) is refused (400 problem+json). Quarkus's root handler made that
 * last check with a bare 400 before any route: {@link RequestTargetCheck} hands it to us.
 *
 * <p>One answer comes before any of this: a request whose line or headers exceed even the codec's
 * limit (64 KiB, see the federation's microprofile-config.properties) is answered by Vert.x itself,
 * without a body, and the connection closed.
 */
@ApplicationScoped
public class HttpProblemPages {

    private static final Logger LOG = Logger.getLogger(HttpProblemPages.class);
    /** Before Quarkus's body handler (MIN_VALUE + 1) and every other route. */
    static final int ORDER = Integer.MIN_VALUE;

    private static final List<Integer> PAGES = List.of(400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503);

    private final ObjectMapper json;
    private final HttpInputConfig limits;
    private final long maxBodySize;
    /** The limit of every path but the upload paths (at most maxBodySize). */
    private final long otherBodySize;

    private final List<java.util.regex.Pattern> uploadPaths;
    /** Quarkus's body limit for a body without Content-Length, read as the request is (VertxHttpRecorder). */
    static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";
    /** After Quarkus's own upload limit (-2), which puts its limit for bodies without Content-Length. */
    static final int AFTER_QUARKUS_LIMIT = -1;

    @Inject
    public HttpProblemPages(
            ObjectMapper json,
            HttpInputConfig limits,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.json = json;
        this.limits = limits;
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.otherBodySize = Math.min(this.maxBodySize, limits.maxBodySize().asLongValue());
        this.uploadPaths = limits.uploadPaths().orElse(List.of()).stream()
                .map(java.util.regex.Pattern::compile)
                .toList();
    }

    /** The largest body a request to this path may have (the gateway counts streamed bodies against it). */
    public long bodyLimit(String path) {
        if (path != null) {
            for (java.util.regex.Pattern upload : uploadPaths) {
                if (upload.matcher(path).matches()) {
                    return maxBodySize;
                }
            }
        }
        return otherBodySize;
    }

    /** A body without Content-Length is counted against its path's limit as it is read. */
    void chunkedLimit(RoutingContext ctx) {
        long limit = bodyLimit(ctx.request().path());
        if (limit < maxBodySize && ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.put(MAX_REQUEST_SIZE_KEY, limit);
        }
        ctx.next();
    }

    void publicPort(@Observes Router router) {
        install(router);
    }

    void managementInterface(@Observes ManagementInterface management) {
        install(management.router());
    }

    private void install(Router router) {
        router.route().order(ORDER).handler(this::check).failureHandler(this::failure);
        router.route().order(AFTER_QUARKUS_LIMIT).handler(this::chunkedLimit);
        for (int status : PAGES) {
            // what the router answers itself: no route (404), a route for another method (405)
            router.errorHandler(status, this::failure);
        }
    }

    /** Refuses what no route should see; everything else goes on unchanged. */
    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String target = request.uri();
        if (target.length() > limits.maxUriLength()) {
            respond(
                    ctx,
                    414,
                    "uri-too-long",
                    ProblemTitles.of(414),
                    "the request target is longer than " + limits.maxUriLength() + " characters");
            return;
        }
        if (RawUris.hasRawBytes(target)) {
            // raw UTF-8 (curl ?q=烟花 unencoded): routed again as the client should have sent it
            String encoded = RawUris.encoded(target);
            if (encoded == null || !encoded.startsWith("/")) {
                respond(
                        ctx,
                        400,
                        "bad-target",
                        "参数不合法 Invalid parameter",
                        "the path or query holds raw bytes that are not UTF-8 text, or spaces or control"
                                + " characters; percent-encode them (RFC 3986)");
                return;
            }
            ctx.reroute(request.method(), encoded);
            return;
        }
        if (!isUri(target)) {
            // what Quarkus's root handler refused with a bare 400 (RequestTargetCheck turns that off)
            respond(
                    ctx,
                    400,
                    "bad-target",
                    "参数不合法 Invalid parameter",
                    "the request target is not a URI (RFC 3986): percent-encode characters such as"
                            + " { } [ ] | \\ ^ ` \" < > and escape % as %25");
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > limits.maxHeaderSize()) {
            respond(
                    ctx,
                    431,
                    "headers-too-large",
                    ProblemTitles.of(431),
                    "the request's headers exceed " + limits.maxHeaderSize() + " bytes");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long bodyLimit = bodyLimit(request.path());
        if (length != null && exceeds(length, bodyLimit)) {
            ConnectionClose.afterAnswer(ctx);
            respond(
                    ctx,
                    413,
                    "payload-too-large",
                    ProblemTitles.of(413),
                    "the body is larger than " + bodyLimit + " bytes");
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !JsonBodies.isAcceptableCharset(contentType)) {
            respond(
                    ctx,
                    415,
                    "unsupported-media-type",
                    ProblemTitles.of(415),
                    "JSON bodies are UTF-8: " + JsonBodies.CHARSET_RULE);
            return;
        }
        String refused = refusedInPath(request.path());
        if (refused == null && request.query() != null) {
            refused = refusedInQuery(request.query());
        }
        if (refused != null) {
            respond(ctx, 400, "bad-parameter", "参数不合法 Invalid parameter", refused);
            return;
        }
        ctx.next();
    }

    /** A failure no handler answered: the status it carries, or 500 for an exception. */
    void failure(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationRedirectException redirect) {
            // not a failure: a login or logout (the gateway's console) sends the browser to the identity provider
            response.setStatusCode(redirect.getCode())
                    .putHeader(HttpHeaders.LOCATION, redirect.getRedirectUri())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end();
            return;
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            response.putHeader("WWW-Authenticate", "Bearer");
            respond(
                    ctx,
                    401,
                    "unauthenticated",
                    ProblemTitles.of(401),
                    "a valid bearer token from a trusted identity provider is required");
            return;
        }
        if (failure instanceof ForbiddenException) {
            respond(ctx, 403, "forbidden", ProblemTitles.of(403), "the caller may not do this");
            return;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        if (failure != null && !(failure instanceof HttpException)) {
            // an exception outside JAX-RS: judged as the JAX-RS fallback judges it (overload is a 503, ...)
            respondWith(
                    ctx,
                    UnexpectedFailures.answer(
                            failure,
                            ctx.request().method() + " " + ctx.request().path()));
            return;
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        if (status >= 500) {
            String id = Failures.newErrorId();
            LOG.errorf(
                    failure,
                    "HTTP %s %s failed (error id %s)",
                    ctx.request().method(),
                    ctx.request().path(),
                    id);
            respond(
                    ctx,
                    status,
                    status == 500 ? "internal-error" : "http-" + status,
                    ProblemTitles.of(status),
                    "the request could not be completed; error id " + id);
            return;
        }
        respond(ctx, status, slug(status), ProblemTitles.of(status), ProblemTitles.of(status));
    }

    /** A JAX-RS answer (a problem document) sent through Vert.x. */
    private void respondWith(RoutingContext ctx, jakarta.ws.rs.core.Response answer) {
        Problem problem = (Problem) answer.getEntity();
        String retryAfter = answer.getHeaderString("Retry-After");
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", retryAfter);
        }
        respond(
                ctx,
                problem.status(),
                problem.type().toString().substring(problem.type().toString().lastIndexOf('/') + 1),
                problem.title(),
                problem.detail());
    }

    private void respond(RoutingContext ctx, int status, String slug, String title, String detail) {
        String path = ctx.request().path();
        Problem problem = new Problem(
                Problem.type(slug),
                title,
                status,
                detail,
                path == null ? null : path.length() > 200 ? path.substring(0, 200) + "…" : path,
                List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }

    static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> "http-" + status;
        };
    }

    private static boolean exceeds(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the codec refuses a malformed Content-Length itself
        }
    }

    /** Whether java.net.URI takes the target, the test Quarkus's root handler made before any route. */
    static boolean isUri(String target) {
        try {
            new java.net.URI(target);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Why the raw (percent-encoded) path is refused, or null. */
    static String refusedInPath(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        String path = decode(rawPath, false);
        if (path == null) {
            return "the path has a broken percent-escape or is not UTF-8";
        }
        int bad = Text.firstForbidden(path, false);
        return bad < 0 ? null : "the path holds a " + Text.describe(path, bad);
    }

    /** Why the raw query string is refused, or null. */
    static String refusedInQuery(String rawQuery) {
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            if (name == null || value == null) {
                return "a query parameter has a broken percent-escape or is not UTF-8";
            }
            int bad = Text.firstForbidden(name, false);
            if (bad >= 0) {
                return "a query parameter's name holds a " + Text.describe(name, bad);
            }
            bad = Text.firstForbidden(value, false);
            if (bad >= 0) {
                return "query parameter '" + (Text.isClean(name, false) ? name : "?") + "' holds a "
                        + Text.describe(value, bad);
            }
        }
        return null;
    }

    /**
     * Percent-decoding into strict UTF-8 ('+' is a space in a query); null if broken. The codec
     * hands over the raw bytes of the request line as ISO-8859-1 characters.
     */
    static String decode(String raw, boolean query) {
        boolean plain = true;
        for (int i = 0; i < raw.length() && plain; i++) {
            char c = raw.charAt(i);
            plain = c < 0x80 && c != '%' && !(query && c == '+');
        }
        if (plain) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (query && c == '+') {
                bytes.put((byte) ' ');
            } else if (c < 0x100) {
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
