package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.KeycloakServer;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.builder.RequestSpecBuilder;

/**
 * The deployment's identity path with a real Keycloak: each jurisdiction's realm issues its
 * tokens, the services verify them against the realm's JWKS (no inline key), and the relay gets
 * one peer token per partner by client credentials from its own realm (peer-token mode
 * oidc-client, the default), asking for the partner's audience scope. Jiangshan (330881)
 * publishes, Guangfeng (361103) receives; Pucheng's endpoint, as Jiangshan's trust list gives it,
 * is a hostile Pucheng that keeps the tokens it is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakPeerTokenIT {

    static final String OUTSIDER = "330822";
    /** Short-lived relay tokens at Jiangshan: streams are renewed several times during a test. */
    static final Duration JIANGSHAN_TOKEN_LIFESPAN = Duration.ofSeconds(10);

    KeycloakServer keycloak;
    final Map<String, KeycloakServer.Realm> realms = new LinkedHashMap<>();
    TestFederation federation;
    TokenRecorder hostilePucheng;
    JurisdictionProcess jiangshan;
    JurisdictionProcess guangfeng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database guangfengDb;

    static String secret(String clientId) {
        return "secret-of-" + clientId;
    }

    static String relay(String code) {
        return "testbed-" + code;
    }

    @BeforeAll
    void start() {
        var home = KeycloakServer.installed();
        Assumptions.assumeTrue(home.isPresent(), "no Keycloak distribution (built with -DskipKeycloak?)");
        keycloak = new KeycloakServer(home.get());
        realms.put(
                JIANGSHAN,
                keycloak.realm(JIANGSHAN)
                        .relayClient(
                                relay(JIANGSHAN),
                                secret(relay(JIANGSHAN)),
                                Set.of("border-" + PUCHENG, "border-" + GUANGFENG),
                                JIANGSHAN_TOKEN_LIFESPAN)
                        .serviceClient(
                                "integration-" + JIANGSHAN,
                                secret("integration-" + JIANGSHAN),
                                Set.of("integrator"),
                                Set.of("border-" + JIANGSHAN)));
        realms.put(
                PUCHENG,
                keycloak.realm(PUCHENG)
                        .relayClient(
                                relay(PUCHENG),
                                secret(relay(PUCHENG)),
                                Set.of("border-" + JIANGSHAN, "border-" + GUANGFENG),
                                null)
                        .serviceClient(
                                "analysis-" + PUCHENG,
                                secret("analysis-" + PUCHENG),
                                Set.of("analyst"),
                                Set.of("border-" + GUANGFENG))
                        // a client of Pucheng's realm that was given the peer role, but is not Pucheng's relay
                        .serviceClient(
                                "reporting-" + PUCHENG,
                                secret("reporting-" + PUCHENG),
                                Set.of("peer"),
                                Set.of("border-" + GUANGFENG)));
        realms.put(
                GUANGFENG,
                keycloak.realm(GUANGFENG)
                        .relayClient(
                                relay(GUANGFENG),
                                secret(relay(GUANGFENG)),
                                Set.of("border-" + JIANGSHAN, "border-" + PUCHENG),
                                null)
                        .serviceClient(
                                "integration-" + GUANGFENG,
                                secret("integration-" + GUANGFENG),
                                Set.of("integrator"),
                                Set.of("border-" + GUANGFENG)));
        // an identity provider that is on no trust list
        realms.put(
                OUTSIDER,
                keycloak.realm(OUTSIDER)
                        .relayClient(relay(OUTSIDER), secret(relay(OUTSIDER)), Set.of("border-" + GUANGFENG), null));
        // its first start builds the distribution (two minutes on a machine that builds another module meanwhile)
        keycloak.start(Duration.ofMinutes(6));

        hostilePucheng = new TokenRecorder();
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG);
        var app = JurisdictionProcess.packagedApplication();
        Map<String, String> jiangshanSettings = keycloakIdentity(JIANGSHAN);
        jiangshanSettings.put(
                "border.federation.partners." + PUCHENG + ".endpoints.testbed", hostilePucheng.endpoint());
        guangfeng = federation.process(GUANGFENG, app, keycloakIdentity(GUANGFENG));
        jiangshan = federation.process(JIANGSHAN, app, jiangshanSettings);
        JurisdictionProcess.startAll(Probes.PATIENCE, guangfeng, jiangshan);
        jiangshanDb = federation.database(JIANGSHAN);
        guangfengDb = federation.database(GUANGFENG);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, guangfeng);
        if (hostilePucheng != null) {
            hostilePucheng.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    /**
     * Issuers verified by JWKS instead of inline keys, each jurisdiction's relay client named on
     * the trust list, peer tokens from our own realm.
     */
    Map<String, String> keycloakIdentity(String self) {
        Map<String, String> p = new LinkedHashMap<>();
        KeycloakServer.Realm own = realms.get(self);
        p.put("border.federation.jurisdiction.issuer", own.issuer());
        p.put("border.federation.jurisdiction.public-key", "");
        p.put("border.federation.jurisdiction.jwks-url", own.jwksUrl());
        p.put("border.federation.jurisdiction.peer-client-id", relay(self));
        for (String partner : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            if (!partner.equals(self)) {
                String prefix = "border.federation.partners." + partner + ".";
                p.put(prefix + "issuer", realms.get(partner).issuer());
                p.put(prefix + "public-key", "");
                p.put(prefix + "jwks-url", realms.get(partner).jwksUrl());
                p.put(prefix + "peer-client-id", relay(partner));
            }
        }
        p.put("border.federation.peer-token.mode", "oidc-client");
        p.put("border.federation.peer-token.signing-key", "");
        p.put("border.federation.insecure.allow-signing-key-peer-tokens", "false");
        p.put("quarkus.oidc-client.auth-server-url", own.issuer());
        p.put("quarkus.oidc-client.client-id", relay(self));
        p.put("quarkus.oidc-client.credentials.secret", secret(relay(self)));
        p.put("border.federation.relay.initial-backoff", "200ms");
        p.put("border.federation.relay.max-backoff", "2s");
        return p;
    }

    String token(String realm, String clientId, String... scopes) {
        return realms.get(realm).clientToken(clientId, secret(clientId), scopes);
    }

    static ReplicationEvent probe(String origin, String recordId) {
        return SecurityAndInboxIT.event(origin, recordId, 1, false, "令牌").toBuilder()
                .clearDistribution()
                .addDistribution(GUANGFENG)
                .addDistribution(origin)
                .build();
    }

    /** How Guangfeng answers a delivery of one probe of this origin with this token. */
    Status.Code atGuangfeng(String token, String origin) {
        try (ReplicationClient grpc = new ReplicationClient(guangfeng.httpPort())) {
            return assertThrows(
                            StatusRuntimeException.class,
                            () -> grpc.deliver(
                                    token, probe(origin, UUID.randomUUID().toString())))
                    .getStatus()
                    .getCode();
        }
    }

    long replicasAtGuangfeng(String origin) {
        return guangfengDb.count("SELECT count(*) FROM probe_replica WHERE origin = ?", origin);
    }

    @Test
    void theRelayPresentsAClientCredentialsTokenOfItsOwnRealm() {
        Probes.publish(
                new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build(),
                token(JIANGSHAN, "integration-" + JIANGSHAN),
                4,
                "令牌",
                List.of(GUANGFENG));
        Probes.awaitDelivered(JIANGSHAN, jiangshanDb, GUANGFENG, guangfengDb, "令牌", 4);
    }

    @Test
    void aTokenCapturedAtPuchengIsRefusedAtGuangfeng() {
        Probes.publish(
                new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build(),
                token(JIANGSHAN, "integration-" + JIANGSHAN),
                1,
                "截获",
                List.of(PUCHENG));
        Await.until(
                Probes.PATIENCE, () -> !hostilePucheng.tokens().isEmpty(), () -> "Jiangshan's relay called Pucheng");
        String captured = hostilePucheng.tokens().get(0);
        String claims = TokenRecorder.claims(captured);
        assertTrue(
                claims.contains("\"aud\":\"border-" + PUCHENG + "\"")
                        || claims.contains("\"aud\":[\"border-" + PUCHENG + "\"]"),
                "a token for Pucheng alone: " + claims);

        long before = replicasAtGuangfeng(JIANGSHAN);
        // Pucheng replays Jiangshan's token at Guangfeng, delivering "Jiangshan's" records
        assertEquals(Status.Code.UNAUTHENTICATED, atGuangfeng(captured, JIANGSHAN));
        assertEquals(before, replicasAtGuangfeng(JIANGSHAN));
    }

    @Test
    void aPartnersPeerTokenFromItsRelayClientIsAccepted() {
        try (ReplicationClient grpc = new ReplicationClient(guangfeng.httpPort())) {
            var ack = grpc.deliver(
                    token(PUCHENG, relay(PUCHENG), "border-" + GUANGFENG),
                    probe(PUCHENG, UUID.randomUUID().toString()));
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
        }
    }

    @Test
    void keycloakTokensAreRefusedForTheSameReasonsAsAnyOther() {
        long before = replicasAtGuangfeng(PUCHENG);
        // a partner's client without the peer role
        assertEquals(Status.Code.PERMISSION_DENIED, atGuangfeng(token(PUCHENG, "analysis-" + PUCHENG), PUCHENG));
        // a realm on no trust list, however well signed
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                atGuangfeng(token(OUTSIDER, relay(OUTSIDER), "border-" + GUANGFENG), OUTSIDER));
        // Pucheng's relay token without a partner's scope has no audience at all
        assertEquals(Status.Code.UNAUTHENTICATED, atGuangfeng(token(PUCHENG, relay(PUCHENG)), PUCHENG));
        assertEquals(before, replicasAtGuangfeng(PUCHENG));
    }

    @Test
    void aPeerTokenForTwoPartnersIsRefused() {
        long before = replicasAtGuangfeng(PUCHENG);
        String both = token(PUCHENG, relay(PUCHENG), "border-" + GUANGFENG, "border-" + JIANGSHAN);
        assertTrue(TokenRecorder.claims(both).contains("border-" + JIANGSHAN), TokenRecorder.claims(both));
        assertEquals(Status.Code.UNAUTHENTICATED, atGuangfeng(both, PUCHENG));
        assertEquals(before, replicasAtGuangfeng(PUCHENG));
    }

    @Test
    void thePeerRoleOnAnotherClientOfThePartnersRealmIsRefused() {
        long before = replicasAtGuangfeng(PUCHENG);
        String reporting = token(PUCHENG, "reporting-" + PUCHENG);
        assertTrue(TokenRecorder.claims(reporting).contains("\"peer\""), TokenRecorder.claims(reporting));
        assertEquals(Status.Code.UNAUTHENTICATED, atGuangfeng(reporting, PUCHENG));
        assertEquals(before, replicasAtGuangfeng(PUCHENG));
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void theRelayDeliversAcrossItsTokensExpiry() {
        // publications spread over three token lifetimes: the relay renews its stream and token as it goes
        var spec = new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build();
        String integrator = token(JIANGSHAN, "integration-" + JIANGSHAN);
        Instant until = Instant.now().plus(JIANGSHAN_TOKEN_LIFESPAN.multipliedBy(3));
        int published = 0;
        while (Instant.now().isBefore(until)) {
            Probes.publish(spec, integrator, 2, "续期", List.of(GUANGFENG));
            published += 2;
            sleep(Duration.ofMillis(400));
        }
        Probes.awaitDelivered(JIANGSHAN, jiangshanDb, GUANGFENG, guangfengDb, "续期", published);
        assertEquals(
                0,
                jiangshanDb.count(
                        "SELECT count(*) FROM federation.partner_delivery WHERE partner = ? "
                                + "AND last_failure_at IS NOT NULL",
                        GUANGFENG),
                "no delivery to Guangfeng ever failed");
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
