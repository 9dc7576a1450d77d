package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestCertificates;
import org.borderpolice.federation.testing.TestCertificates.Authority;
import org.borderpolice.federation.testing.TestCertificates.Issued;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.builder.RequestSpecBuilder;

/**
 * Jiangshan (330881) and Pucheng (350722) as processes serving HTTPS with mutual TLS: each CA
 * is its own, each trusts the other's (and Guangfeng's) through the trust list. The relay
 * delivers over mutual TLS; partners' calls without the right certificate are refused, however
 * good their token. Pucheng's HTTPS port serves the federation's gRPC alone (the default with mutual
 * TLS); Jiangshan opts out, and its users' REST calls on that port need no certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsIT {

    final TestCertificates tls = new TestCertificates();
    final Map<String, Authority> authorities = new LinkedHashMap<>();
    final Map<String, Issued> certificates = new LinkedHashMap<>();
    final Map<String, Integer> httpsPorts = new LinkedHashMap<>();

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database puchengDb;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG);
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            Authority ca = tls.authority("jurisdiction-" + code);
            authorities.put(code, ca);
            certificates.put(code, ca.issue("testbed." + code));
            httpsPorts.put(code, TestFederation.freePort());
        }
        var app = JurisdictionProcess.packagedApplication();
        // Pucheng's HTTPS port serves gRPC only, by default with mutual TLS (review 27 M1, 28
        // S5): Jiangshan's relay reaches it there, its users come on the plain port
        pucheng = federation.process(PUCHENG, app, mutualTls(PUCHENG));
        // Jiangshan opts out explicitly: its users call the REST API over HTTPS too
        Map<String, String> restOverTls = mutualTls(JIANGSHAN);
        restOverTls.put("border.federation.mutual-tls.grpc-only", "false");
        jiangshan = federation.process(JIANGSHAN, app, restOverTls);
        JurisdictionProcess.startAll(Probes.PATIENCE, pucheng, jiangshan);
        jiangshanDb = federation.database(JIANGSHAN);
        puchengDb = federation.database(PUCHENG);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
    }

    /** What an operator sets: the service's certificate, mutual TLS on, each partner's CA and TLS endpoint. */
    Map<String, String> mutualTls(String code) {
        Map<String, String> p = new LinkedHashMap<>();
        Issued own = certificates.get(code);
        p.put("quarkus.http.ssl-port", String.valueOf(httpsPorts.get(code)));
        p.put("quarkus.tls.key-store.pem.service.cert", own.certificateFile().toString());
        p.put("quarkus.tls.key-store.pem.service.key", own.keyFile().toString());
        p.put("border.federation.mutual-tls.enabled", "true");
        p.put("border.federation.client-tls.certificate", own.certificateFile().toString());
        p.put("border.federation.client-tls.key", own.keyFile().toString());
        p.put("border.federation.relay.initial-backoff", "200ms");
        p.put("border.federation.relay.max-backoff", "2s");
        // every partner link is TLS: no allowance needed
        p.put("border.federation.insecure.allow-plaintext-partners", "false");
        authorities.forEach((partner, ca) -> {
            if (!partner.equals(code)) {
                String prefix = "border.federation.partners." + partner + ".";
                // left to its default, which is on in production (the processes run the prod profile)
                p.put(prefix + "tls.enabled", "");
                p.put(prefix + "tls.trust-certificate", ca.certificateFile().toString());
                p.put(prefix + "endpoints.testbed", "localhost:" + httpsPorts.get(partner));
            }
        });
        return p;
    }

    String peerToken(String from) {
        return federation.issuer(from).token(JIANGSHAN).roles("peer").sign();
    }

    /** The title of the probes the tests deliver as a partner's relay would. */
    static final String PLAYED = "双向认证";

    static ReplicationEvent probe(String origin) {
        return SecurityAndInboxIT.event(origin, UUID.randomUUID().toString(), 1, false, PLAYED);
    }

    /** A call to Jiangshan's HTTPS port as a partner would make it, with this client certificate. */
    <T> T overTls(Issued clientCertificate, Function<ReplicationClient, T> call) {
        try (ReplicationClient client = ReplicationClient.overTls(
                httpsPorts.get(JIANGSHAN), authorities.get(JIANGSHAN).certificateFile(), clientCertificate)) {
            return call.apply(client);
        }
    }

    Status.Code refusal(Issued clientCertificate, String token) {
        return assertThrows(
                        StatusRuntimeException.class,
                        () -> overTls(clientCertificate, c -> c.deliver(token, probe(PUCHENG))))
                .getStatus()
                .getCode();
    }

    /**
     * The probes of {@code origin} that the tests delivered and Jiangshan took. Not its others:
     * Pucheng's own relay delivers what Pucheng publishes (aGrpcOnlyPortAnswersNoRestCallAndStillTakesTheRelay
     * does not wait for its probe at Jiangshan), and one arriving amid a test's refusals is no refusal taken.
     */
    long probesFrom(String origin) {
        return jiangshanDb.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND title = ?", origin, PLAYED);
    }

    @Test
    void theRelayDeliversOverMutualTlsAndUsersNeedNoCertificate() {
        // a user of Jiangshan publishes over HTTPS without a client certificate
        String integrator = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator")
                .sign();
        Probes.publish(
                new RequestSpecBuilder()
                        .setBaseUri("https://localhost:" + httpsPorts.get(JIANGSHAN))
                        .setTrustStore(authorities.get(JIANGSHAN).trustStore())
                        .build(),
                integrator,
                3,
                "双向",
                List.of(PUCHENG));
        Probes.awaitDelivered(JIANGSHAN, jiangshanDb, PUCHENG, puchengDb, "双向", 3);
    }

    @Test
    void aGrpcOnlyPortAnswersNoRestCallAndStillTakesTheRelay() throws Exception {
        String integrator =
                federation.issuer(PUCHENG).token(PUCHENG).roles("integrator").sign();
        long before = puchengDb.count("SELECT count(*) FROM probe");
        // over TLS with a partner's certificate (the port requires one): no REST
        for (String contentType : List.of("application/json", "application/grpc")) {
            HttpResponse<byte[]> refused = overPuchengTls(
                    certificates.get(JIANGSHAN),
                    "POST",
                    "/api/v1/probes",
                    contentType,
                    integrator,
                    "{\"count\":1,\"title\":\"仅gRPC\",\"distribution\":[\"330881\"]}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(404, refused.statusCode(), contentType);
            assertEquals(
                    "application/problem+json",
                    refused.headers().firstValue("content-type").orElse(null),
                    contentType);
        }
        assertEquals(before, puchengDb.count("SELECT count(*) FROM probe"));
        // the plain port (the gateway's, in Kubernetes) still serves the REST API; what it
        // serves is not readable over TLS
        var plain = new RequestSpecBuilder().setBaseUri(pucheng.baseUrl()).build();
        String id =
                Probes.publish(plain, integrator, 1, "明文端口", List.of(JIANGSHAN)).get(0);
        given().spec(plain)
                .auth()
                .oauth2(integrator)
                .when()
                .get("/api/v1/probes/" + id)
                .then()
                .statusCode(200);
        assertEquals(
                404,
                overPuchengTls(certificates.get(JIANGSHAN), "GET", "/api/v1/probes/" + id, null, integrator, null)
                        .statusCode());
        // Jiangshan's relay delivers to Pucheng's gRPC-only port over mutual TLS
        String jiangshanIntegrator = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator")
                .sign();
        Probes.publish(
                new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build(),
                jiangshanIntegrator,
                2,
                "仅gRPC",
                List.of(PUCHENG));
        Probes.awaitDelivered(JIANGSHAN, jiangshanDb, PUCHENG, puchengDb, "仅gRPC", 2);
    }

    /**
     * A raw HTTP/2 call over TLS to Pucheng's gRPC-only port, as any partner could make it: this
     * content type, an empty gRPC message as body, Jiangshan's client certificate (the port
     * requires one, review 28 S3), no token.
     */
    HttpResponse<byte[]> rawOverTls(String path, String contentType) throws Exception {
        return overPuchengTls(certificates.get(JIANGSHAN), "POST", path, contentType, null, new byte[5]);
    }

    /** A call over HTTP/2 and TLS to Pucheng's HTTPS port with this client certificate (null: none). */
    HttpResponse<byte[]> overPuchengTls(
            Issued clientCertificate, String method, String path, String contentType, String token, byte[] body)
            throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(authorities.get(PUCHENG).trustStore());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(
                clientCertificate == null ? null : new KeyManager[] {clientCertificate.keyManager()},
                trust.getTrustManagers(),
                null);
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(ssl)
                .build()) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPorts.get(PUCHENG) + path));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.method(
                    method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(HttpClient.Version.HTTP_2, response.version(), path);
            return response;
        }
    }

    /**
     * Review 28 S3: with gRPC only in effect, the port requires a client certificate at the
     * handshake: a TLS client without one gets no answer at all, whatever it asks (REST, gRPC),
     * and a gRPC client without one cannot connect; one with a partner's certificate is answered.
     */
    @Test
    void aGrpcOnlyPortRequiresAClientCertificateAtTheHandshake() throws Exception {
        String deliver = "/" + ReplicationServiceGrpc.SERVICE_NAME + "/Deliver";
        String integrator =
                federation.issuer(PUCHENG).token(PUCHENG).roles("integrator").sign();
        assertThrows(
                java.io.IOException.class,
                () -> overPuchengTls(null, "POST", deliver, "application/grpc", null, new byte[5]));
        assertThrows(
                java.io.IOException.class, () -> overPuchengTls(null, "GET", "/api/v1/probes", null, integrator, null));
        try (ReplicationClient client = ReplicationClient.overTls(
                httpsPorts.get(PUCHENG), authorities.get(PUCHENG).certificateFile(), null)) {
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class, () -> client.deliver(peerToken(JIANGSHAN), probe(JIANGSHAN)));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        }
        // a partner's certificate: the handshake is done, and the port answers (here: no token)
        assertEquals(200, rawOverTls(deliver, "application/grpc").statusCode());
    }

    @Test
    void aGrpcOnlyPortAdmitsExactlyGrpcInProtobufToThePartnerFacingServices() throws Exception {
        String deliver = "/" + ReplicationServiceGrpc.SERVICE_NAME + "/Deliver";
        String check = "/" + HitCheckServiceGrpc.SERVICE_NAME + "/Check";
        // what a partner sends reaches gRPC, which refuses it for want of a token
        for (String path : List.of(deliver, check)) {
            for (String contentType : List.of("application/grpc", "application/grpc+proto")) {
                HttpResponse<byte[]> admitted = rawOverTls(path, contentType);
                assertEquals(200, admitted.statusCode(), path + " " + contentType);
                assertEquals(
                        String.valueOf(Status.Code.UNAUTHENTICATED.value()),
                        admitted.headers().firstValue("grpc-status").orElse(null),
                        path + " " + contentType);
            }
        }
        // other encodings of gRPC, and services partners are not meant to call (Quarkus's health
        // and reflection services, a service of the same name under another package), are refused
        // before any route sees them, as REST is
        for (String contentType : List.of(
                "application/grpc+json",
                "application/grpc-web",
                "application/grpc-web+proto",
                "application/grpc-web-text",
                "application/grpc+custom",
                "application/grpc; charset=utf-8",
                "application/grpcx")) {
            assertRefused(deliver, contentType);
        }
        for (String path : List.of(
                "/grpc.health.v1.Health/Check",
                "/grpc.health.v1.Health/Watch",
                "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
                "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                "/border.replication.v2.ReplicationService/Deliver")) {
            assertRefused(path, "application/grpc");
            assertRefused(path, "application/grpc+proto");
        }
    }

    void assertRefused(String path, String contentType) throws Exception {
        HttpResponse<byte[]> refused = rawOverTls(path, contentType);
        assertEquals(404, refused.statusCode(), path + " " + contentType);
        assertEquals(
                "application/problem+json",
                refused.headers().firstValue("content-type").orElse(null),
                path + " " + contentType);
        assertTrue(refused.headers().firstValue("grpc-status").isEmpty(), path + " " + contentType);
    }

    @Test
    void aPartnersCertificateAndPeerTokenAreAccepted() {
        var ack = overTls(certificates.get(PUCHENG), c -> c.deliver(peerToken(PUCHENG), probe(PUCHENG)));
        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
        var guangfeng = overTls(certificates.get(GUANGFENG), c -> c.deliver(peerToken(GUANGFENG), probe(GUANGFENG)));
        assertEquals(Outcome.APPLIED, guangfeng.getResults(0).getOutcome());
    }

    @Test
    void withoutAClientCertificateAPeerTokenIsNotEnough() {
        long before = probesFrom(PUCHENG);
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(null, peerToken(PUCHENG)));
        try (ReplicationClient plain = new ReplicationClient(jiangshan.httpPort())) {
            StatusRuntimeException e =
                    assertThrows(StatusRuntimeException.class, () -> plain.deliver(peerToken(PUCHENG), probe(PUCHENG)));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }
        assertEquals(before, probesFrom(PUCHENG));
    }

    @Test
    void anotherPartnersCertificateCannotCarryPuchengsToken() {
        long before = probesFrom(PUCHENG);
        // Guangfeng's certificate is trusted, but it is not Pucheng's
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(certificates.get(GUANGFENG), peerToken(PUCHENG)));
        // nor is Jiangshan's own
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(certificates.get(JIANGSHAN), peerToken(PUCHENG)));
        assertEquals(before, probesFrom(PUCHENG));
    }

    /**
     * A peer token Jiangshan verified once is remembered (VerifiedTokens), but what its certificate
     * says is checked on every call: the remembered token of Pucheng over Guangfeng's or Jiangshan's
     * certificate, or over Guangfeng's padded with Pucheng's CA, is refused as a fresh one is.
     */
    @Test
    void aRememberedPeerTokenStillNeedsItsPartnersCertificateOnEveryCall() {
        String token = peerToken(PUCHENG);
        var first = overTls(certificates.get(PUCHENG), c -> c.deliver(token, probe(PUCHENG)));
        assertEquals(Outcome.APPLIED, first.getResults(0).getOutcome());
        long before = probesFrom(PUCHENG);
        // no refusal verified the token again: Guangfeng's two came with the remembered token
        // (Jiangshan's own certificate stands for no partner: refused before the token is read)
        Probes.assertTokensRemembered(
                jiangshan,
                2,
                () -> {
                    assertEquals(Status.Code.UNAUTHENTICATED, refusal(certificates.get(GUANGFENG), token));
                    assertEquals(Status.Code.UNAUTHENTICATED, refusal(certificates.get(JIANGSHAN), token));
                    assertEquals(
                            Status.Code.UNAUTHENTICATED,
                            refusal(
                                    certificates
                                            .get(GUANGFENG)
                                            .padded(authorities.get(PUCHENG).certificate()),
                                    token));
                    assertEquals(before, probesFrom(PUCHENG));
                },
                "the refusals found Pucheng's token verified");
        // and with Pucheng's certificate it is still taken
        var again = overTls(certificates.get(PUCHENG), c -> c.deliver(token, probe(PUCHENG)));
        assertEquals(Outcome.APPLIED, again.getResults(0).getOutcome());
        assertEquals(before + 1, probesFrom(PUCHENG));
    }

    @Test
    void aChainPaddedWithPuchengsCaIsStillGuangfengs() {
        long before = probesFrom(PUCHENG);
        // Guangfeng's certificate with Pucheng's CA certificate (which every partner holds) appended
        Issued padded =
                certificates.get(GUANGFENG).padded(authorities.get(PUCHENG).certificate());
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(padded, peerToken(PUCHENG)));
        assertEquals(before, probesFrom(PUCHENG));
        // the padded chain still stands for Guangfeng itself
        var ack = overTls(padded, c -> c.deliver(peerToken(GUANGFENG), probe(GUANGFENG)));
        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
    }

    @Test
    void aCertificateFromACaOutsideTheTrustListFailsTheHandshake() {
        long before = probesFrom(PUCHENG);
        // same name as Pucheng's CA, other key
        Issued forged = tls.authority("jurisdiction-" + PUCHENG).issue("testbed." + PUCHENG);
        assertEquals(Status.Code.UNAVAILABLE, refusal(forged, peerToken(PUCHENG)));
        assertEquals(before, probesFrom(PUCHENG));
    }

    @Test
    void theRightCertificateDoesNotMakeAUserAPeer() {
        String analyst =
                federation.issuer(PUCHENG).token(JIANGSHAN).roles("analyst").sign();
        assertEquals(Status.Code.PERMISSION_DENIED, refusal(certificates.get(PUCHENG), analyst));
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(certificates.get(PUCHENG), null));
    }
}
