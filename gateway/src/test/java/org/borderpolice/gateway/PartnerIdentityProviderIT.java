package org.borderpolice.gateway;

import static io.restassured.RestAssured.given;
import static org.borderpolice.gateway.GatewayProcesses.GUANGFENG;
import static org.borderpolice.gateway.GatewayProcesses.JIANGSHAN;
import static org.borderpolice.gateway.GatewayProcesses.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Adding a partner is configuration only: an entry with its issuer and JWKS URL, no categories,
 * whose identity provider is down while we start. The start completes without it; its users' tokens
 * are refused (401) while it is down and taken once it answers; a key it rotates to is fetched when
 * a token first names it.
 */
class PartnerIdentityProviderIT {

    private static final String JWKS_PATH = "/realms/border/protocol/openid-connect/certs";

    @Test
    void aPartnerWhoseIdentityProviderIsDownDelaysNothingAndIsTakenOnceItAnswers() throws IOException {
        TestIssuer jiangshan = new TestIssuer(JIANGSHAN);
        TestIssuer pucheng = new TestIssuer(PUCHENG);
        TestIssuer guangfeng = new TestIssuer(GUANGFENG);
        int idpPort = TestFederation.freePort();
        assertFalse(listening(idpPort), "nothing may listen on the partner's identity provider port yet");

        Map<String, String> settings = GatewayProcesses.settings(jiangshan, pucheng);
        String prefix = "border.federation.partners." + GUANGFENG + ".";
        settings.put(prefix + "name", "上饶市广丰区公安局");
        settings.put(prefix + "issuer", guangfeng.issuer());
        settings.put(prefix + "jwks-url", "http://localhost:" + idpPort + JWKS_PATH);
        // no categories: trusted, granted nothing (yet)
        // a fourth partner whose identity provider takes connections and never answers (one starting
        // up, a proxy holding requests): before, each such entry held the start for the OIDC
        // connection timeout (10 s, "OIDC server is not available after a 10 seconds timeout")
        ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        TestIssuer changshan = new TestIssuer("330822");
        String silentPrefix = "border.federation.partners.330822.";
        settings.put(silentPrefix + "name", "常山县公安局");
        settings.put(silentPrefix + "issuer", changshan.issuer());
        settings.put(silentPrefix + "jwks-url", "http://127.0.0.1:" + silent.getLocalPort() + JWKS_PATH);

        JurisdictionProcess gateway = GatewayProcesses.process("gateway-idp-down", settings);
        int logStart = gateway.logText().length();
        HttpServer idp = null;
        try (silent) {
            gateway.startAndAwait();
            assertFalse(listening(idpPort), "the partner's identity provider was down throughout the start");
            String log = gateway.logText().substring(logStart);
            assertFalse(log.contains("OIDC server is not available"), log);
            // our own users and the other partner are served meanwhile
            given().baseUri(gateway.baseUrl())
                    .auth()
                    .oauth2(jiangshan.token(JIANGSHAN).roles("analyst").sign())
                    .when()
                    .get("/api/v1/gateway/caller")
                    .then()
                    .statusCode(200);

            String token =
                    guangfeng.token(JIANGSHAN).roles("investigator").keyId().sign();
            given().baseUri(gateway.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/gateway/caller")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");

            AtomicReference<String> published = new AtomicReference<>(guangfeng.jwks());
            idp = HttpServer.create(new InetSocketAddress("localhost", idpPort), 0);
            idp.createContext(JWKS_PATH, exchange -> {
                byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            idp.start();

            given().baseUri(gateway.baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/gateway/caller")
                    .then()
                    .statusCode(200)
                    .body("jurisdiction", equalTo(GUANGFENG));
            // trusted, but the agreement grants it nothing: the trust list shows it without categories
            given().baseUri(gateway.baseUrl())
                    .auth()
                    .oauth2(jiangshan.token(JIANGSHAN).roles("analyst").sign())
                    .when()
                    .get("/api/v1/federation/partners")
                    .then()
                    .statusCode(200)
                    .body("partners.find { it.code == '" + GUANGFENG + "' }.categories.size()", equalTo(0));

            // the partner rotates its key: a token naming the new key makes us fetch the set again
            TestIssuer rotated = new TestIssuer(GUANGFENG, guangfeng.issuer());
            published.set(rotated.jwks());
            given().baseUri(gateway.baseUrl())
                    .auth()
                    .oauth2(rotated.token(JIANGSHAN)
                            .roles("investigator")
                            .keyId()
                            .sign())
                    .when()
                    .get("/api/v1/gateway/caller")
                    .then()
                    .statusCode(200)
                    .body("jurisdiction", equalTo(GUANGFENG));
            // a key the partner's set does not hold is still refused
            given().baseUri(gateway.baseUrl())
                    .auth()
                    .oauth2(new TestIssuer(GUANGFENG, guangfeng.issuer())
                            .token(JIANGSHAN)
                            .keyId()
                            .sign())
                    .when()
                    .get("/api/v1/gateway/caller")
                    .then()
                    .statusCode(401);
        } finally {
            if (idp != null) {
                idp.stop(0);
            }
            gateway.stop();
        }
        assertTrue(gateway.logText().length() > logStart);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
