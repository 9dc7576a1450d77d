package org.borderpolice.gateway.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers of every answer under {@code /api} (review 28 S2): the API is served on the console's
 * origin, so an HTML answer there (the bulletin's printable page, or whatever a service might
 * send) must not run script with the console's session: a Content-Security-Policy stricter than
 * the console's (no script, no connection, no form, no framing; only the bulletin page's own
 * style block, by its hash) and nosniff, on JSON and problem answers alike.
 */
@ApplicationScoped
public class ApiHeaders {

    /** Before ConsoleRoutes, ProxyRoutes and JAX-RS: their answers, refusals included, get the headers. */
    static final int ORDER = ConsoleRoutes.ORDER - 1;

    static final String PAGE = "bulletin/bulletin.html";

    private String contentSecurityPolicy;

    void install(@Observes Router router) {
        contentSecurityPolicy = contentSecurityPolicy(styleHash());
        router.route("/api/*").order(ORDER).handler(this::headers);
    }

    private void headers(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", contentSecurityPolicy);
        });
        ctx.next();
    }

    /** Nothing but the page's own style: a static printable page has no script, image or form. */
    static String contentSecurityPolicy(String styleHash) {
        return "default-src 'none'; style-src 'sha256-" + styleHash + "'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    /** SHA-256 (base64) of the bulletin page's style block, which the CSP names. */
    static String styleHash() {
        try (InputStream in = ApiHeaders.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
            if (!m.find()) {
                throw new IllegalStateException(PAGE + " has no style block");
            }
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(PAGE + " unreadable", e);
        }
    }
}
