package org.borderpolice.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;

import io.vertx.core.Vertx;

/**
 * The settings of the gateway under test (the packaged one, a process) as Jiangshan with Pucheng and Guangfeng
 * on its trust list, in front of three stand-in services ({@link Upstream}), one address where
 * nothing listens ("down", 502) and a response timeout of one second ("/api/v1/slow-test", 504).
 * Rate limits are small: 5 requests per client and 20 per partner an hour; tests that are not about
 * them use a subject of their own. Merged notification streams: at most 3 per partner, 10
 * connections per service for them with no wait queue, an idle timeout of 2 s.
 */
final class StandIns {

    static final String JIANGSHAN = TestFederation.JIANGSHAN;
    static final String PUCHENG = TestFederation.PUCHENG;
    static final String GUANGFENG = TestFederation.GUANGFENG;
    static final String CONSOLE = "https://console.330881.test";

    static final TestIssuer OWN = new TestIssuer(JIANGSHAN);
    static final TestIssuer PUCHENG_IDP = new TestIssuer(PUCHENG);
    static final TestIssuer GUANGFENG_IDP = new TestIssuer(GUANGFENG);

    static Vertx vertx;
    static Upstream cases;
    static Upstream intel;
    static Upstream mediation;

    private StandIns() {}

    /** Starts the stand-in services; the gateway's settings besides GatewayProcesses.settings. */
    static Map<String, String> start() {
        vertx = Vertx.vertx();
        cases = new Upstream(
                vertx, "case-exchange", List.of("/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/federation/transfers"));
        intel = new Upstream(vertx, "intel-sharing", List.of("/api/v1/alerts", "/api/v1/federation/transfers"));
        mediation = new Upstream(vertx, "joint-mediation", List.of("/api/v1/disputes", "/api/v1/mediators"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("border.federation.jurisdiction.code", JIANGSHAN);
        p.put("border.federation.jurisdiction.name", "江山市公安局");
        p.put("border.federation.jurisdiction.issuer", OWN.issuer());
        p.put("border.federation.jurisdiction.public-key", OWN.publicKeyPem());
        partner(p, PUCHENG, "浦城县公安局", PUCHENG_IDP);
        partner(p, GUANGFENG, "上饶市广丰区公安局", GUANGFENG_IDP);
        service(
                p,
                "case-exchange",
                cases,
                "/api/v1/cases,/api/v1/assistance-requests,/api/v1/case-reports,/api/v1/case-statistics,/api/v1/slow-test");
        service(p, "intel-sharing", intel, "/api/v1/alerts");
        service(p, "joint-mediation", mediation, "/api/v1/disputes,/api/v1/mediators,/api/v1/mediation-statistics");
        p.put("border.gateway.services.down.url", "http://127.0.0.1:" + closedPort());
        p.put("border.gateway.services.down.prefixes", "/api/v1/down-test");
        p.put("border.gateway.timeouts.response", "1s");
        p.put("border.gateway.rate-limit.client-requests", "5");
        p.put("border.gateway.rate-limit.client-period", "1h");
        p.put("border.gateway.rate-limit.partner-requests", "20");
        p.put("border.gateway.rate-limit.partner-period", "1h");
        p.put("border.gateway.rate-limit.client-in-flight", "2");
        p.put("border.gateway.openapi.server", "https://gateway.330881.test");
        // merged notification streams: 3 open per partner, a stand-in silent 3 s is opened again
        // (the others send a keep-alive every second), 10 connections per service for streams and
        // no waiting for one
        p.put("border.gateway.notifications.max-streams-per-partner", "3");
        p.put("border.gateway.notifications.idle-timeout", "3s");
        p.put("border.gateway.notifications.max-connections", "10");
        p.put("border.gateway.notifications.max-wait-queue", "0");
        p.put("quarkus.http.cors.origins", CONSOLE);
        // a body of 30 MB on an upload path (more than the heap-friendly default) streams through
        p.put("quarkus.http.limits.max-body-size", "40M");
        return p;
    }

    private static void partner(Map<String, String> p, String code, String name, TestIssuer issuer) {
        String prefix = "border.federation.partners." + code + ".";
        p.put(prefix + "name", name);
        p.put(prefix + "issuer", issuer.issuer());
        p.put(prefix + "public-key", issuer.publicKeyPem());
        p.put(prefix + "categories", "intel");
    }

    private static void service(Map<String, String> p, String name, Upstream upstream, String prefixes) {
        p.put("border.gateway.services." + name + ".url", upstream.url());
        p.put("border.gateway.services." + name + ".management-url", upstream.url());
        p.put("border.gateway.services." + name + ".prefixes", prefixes);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
