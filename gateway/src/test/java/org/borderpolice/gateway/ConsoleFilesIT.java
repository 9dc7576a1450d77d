package org.borderpolice.gateway;

import static io.restassured.RestAssured.given;
import static org.borderpolice.gateway.StandIns.JIANGSHAN;
import static org.borderpolice.gateway.StandIns.OWN;
import static org.borderpolice.gateway.StandIns.PUCHENG_IDP;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * The web console's files as the packaged gateway serves them (docs/console.md): every module the
 * console loads, its own and Lit's through the import map, is there with a JavaScript content
 * type; the console's files are revalidated on each load and carry a CSP that names the inline
 * import map; Lit's versioned files are cached for good. Without a session or token the API
 * answers 401 problem+json, never a redirect; the login is off (404 problem+json) where our issuer
 * is trusted by an inline key. The login itself, the session and CSRF refusals: e2e ConsoleIT
 * (Keycloak).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFilesIT {

    static final Pattern JS = Pattern.compile("(text|application)/javascript.*");
    static final Pattern IMPORT = Pattern.compile("(?:from\\s*|import\\s*\\(?\\s*)[\"']([^\"']+)[\"']");
    /** What a module specifier looks like (the pattern above also finds strings after a word "from" in code). */
    static final Pattern SPECIFIER = Pattern.compile("(\\.{1,2}/|/|@?[a-z][a-z0-9.-]*(/|$))[\\w./@-]*");

    JurisdictionProcess gateway;
    String base;

    @BeforeAll
    void start() {
        Map<String, String> settings = GatewayProcesses.settings(OWN, PUCHENG_IDP);
        settings.putAll(StandIns.start());
        gateway = GatewayProcesses.process("gateway-console", settings);
        gateway.startAndAwait();
        base = gateway.baseUrl();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        StandIns.stop();
    }

    @Test
    void theShellIsServedRevalidatedWithACspNamingItsImportMap() throws Exception {
        Response index = given().baseUri(base).redirects().follow(false).get("/console/");
        assertEquals(200, index.statusCode());
        assertTrue(index.contentType().startsWith("text/html"), index.contentType());
        assertEquals("no-cache", index.header("Cache-Control"));
        assertEquals("nosniff", index.header("X-Content-Type-Options"));
        String csp = index.header("Content-Security-Policy");
        String map = importMap(index.asString());
        String hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(map.getBytes(StandardCharsets.UTF_8)));
        assertTrue(csp.contains("script-src 'self' 'sha256-" + hash + "'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);

        given().baseUri(base)
                .redirects()
                .follow(false)
                .get("/console")
                .then()
                .statusCode(301)
                .header("Location", "/console/");
        given().baseUri(base)
                .get("/console/css/console.css")
                .then()
                .statusCode(200)
                .contentType(containsString("text/css"))
                .header("Cache-Control", "no-cache");
    }

    @Test
    void everyModuleTheConsoleLoadsIsServedAsJavaScript() throws Exception {
        String html = given().baseUri(base).get("/console/").asString();
        JsonNode imports = new ObjectMapper().readTree(importMap(html)).get("imports");
        Deque<URI> todo = new ArrayDeque<>();
        URI console = URI.create(base + "/console/");
        todo.add(console.resolve("js/app.js"));
        for (String page : new String[] {"alerts"}) {
            todo.add(console.resolve("js/pages/" + page + ".js"));
        }
        Set<URI> seen = new HashSet<>();
        int lit = 0;
        while (!todo.isEmpty()) {
            URI module = todo.poll();
            if (!seen.add(module)) {
                continue;
            }
            Response r = given().get(module);
            assertEquals(200, r.statusCode(), module.toString());
            assertTrue(JS.matcher(r.contentType()).matches(), module + ": " + r.contentType());
            if (module.getPath().startsWith("/_static/")) {
                lit++;
                assertEquals("public, max-age=31536000, immutable", r.header("Cache-Control"), module.toString());
            } else {
                assertEquals("no-cache", r.header("Cache-Control"), module.toString());
            }
            Matcher m = IMPORT.matcher(r.asString());
            while (m.find()) {
                String specifier = m.group(1);
                if (!SPECIFIER.matcher(specifier).matches()) {
                    continue;
                }
                if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/")) {
                    if (!specifier.contains("${")) {
                        todo.add(module.resolve(specifier));
                    }
                } else {
                    todo.add(console.resolve(resolveBare(imports, specifier)));
                }
            }
        }
        assertTrue(lit >= 4, "Lit's modules loaded through the import map: " + lit);
    }

    @Test
    void withoutASessionTheApiAnswers401ProblemNeverARedirect() {
        // a cookie of the console's name but no login configured here: as no credential at all
        given().baseUri(base)
                .redirects()
                .follow(false)
                .cookie("q_session_console", "not-a-session")
                .get("/api/v1/alerts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().baseUri(base)
                .redirects()
                .follow(false)
                .get("/console/login")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().baseUri(base)
                .redirects()
                .follow(false)
                .get("/console/logout")
                .then()
                .statusCode(303)
                .header("Location", "/console/");
    }

    @Test
    void theSessionNamesTheJurisdictionAndTheCallerIfAny() {
        given().baseUri(base)
                .get("/console/session")
                .then()
                .statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body("jurisdiction.code", equalTo(JIANGSHAN))
                .body("jurisdiction.name", equalTo("江山市公安局"))
                .body("user", nullValue());
        given().baseUri(base)
                .auth()
                .oauth2(OWN.token(JIANGSHAN)
                        .subject("console-reader")
                        .roles("analyst")
                        .unit("坛石派出所")
                        .sign())
                .get("/console/session")
                .then()
                .statusCode(200)
                .body("user.username", equalTo("console-reader"))
                .body("user.jurisdiction", equalTo(JIANGSHAN))
                .body("user.unit", equalTo("坛石派出所"))
                .body("user.roles", equalTo(java.util.List.of("analyst")));
        // a name claim that is no text (a number): no name, not a 500
        given().baseUri(base)
                .auth()
                .oauth2(OWN.token(JIANGSHAN)
                        .subject("console-odd-claims")
                        .roles("analyst")
                        .unit("坛石派出所")
                        .claim("name", 42)
                        .sign())
                .get("/console/session")
                .then()
                .statusCode(200)
                .body("user.username", equalTo("console-odd-claims"))
                .body("user.name", nullValue());
    }

    static String importMap(String html) {
        Matcher m = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "console/index.html has an import map");
        return m.group(1);
    }

    /** A bare specifier through the import map: exact entry, else the longest prefix entry. */
    static String resolveBare(JsonNode imports, String specifier) {
        if (imports.has(specifier)) {
            return imports.get(specifier).asText();
        }
        String best = null;
        for (var it = imports.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.endsWith("/") && specifier.startsWith(key) && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        if (best == null) {
            throw new AssertionError("the import map does not resolve " + specifier);
        }
        return imports.get(best).asText() + specifier.substring(best.length());
    }
}
