package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.Outcome;
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
 * its peer token by client credentials from its own realm (peer-token mode oidc-client, the
 * default). Jiangshan (330881) publishes, Pucheng (350722) receives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakPeerTokenIT {

    static final String OUTSIDER = "361103";

    KeycloakServer keycloak;
    final Map<String, KeycloakServer.Realm> realms = new LinkedHashMap<>();
    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database puchengDb;

    static String secret(String clientId) {
        return "secret-of-" + clientId;
    }

    @BeforeAll
    void start() {
        var home = KeycloakServer.installed();
        Assumptions.assumeTrue(home.isPresent(), "no Keycloak distribution (built with -DskipKeycloak?)");
        keycloak = new KeycloakServer(home.get());
        realms.put(JIANGSHAN, keycloak.realm(JIANGSHAN)
                .serviceClient("testbed-" + JIANGSHAN, secret("testbed-" + JIANGSHAN), Set.of("peer"),
                        Set.of("border-" + PUCHENG))
                .serviceClient("integration-" + JIANGSHAN, secret("integration-" + JIANGSHAN), Set.of("integrator"),
                        Set.of("border-" + JIANGSHAN)));
        realms.put(PUCHENG, keycloak.realm(PUCHENG)
                .serviceClient("testbed-" + PUCHENG, secret("testbed-" + PUCHENG), Set.of("peer"),
                        Set.of("border-" + JIANGSHAN))
                .serviceClient("analysis-" + PUCHENG, secret("analysis-" + PUCHENG), Set.of("analyst"),
                        Set.of("border-" + JIANGSHAN)));
        // an identity provider that is not on either trust list
        realms.put(OUTSIDER, keycloak.realm(OUTSIDER)
                .serviceClient("testbed-" + OUTSIDER, secret("testbed-" + OUTSIDER), Set.of("peer"),
                        Set.of("border-" + JIANGSHAN)));
        keycloak.start(Duration.ofMinutes(3));

        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        pucheng = federation.process(PUCHENG, app, keycloakIdentity(PUCHENG, JIANGSHAN));
        jiangshan = federation.process(JIANGSHAN, app, keycloakIdentity(JIANGSHAN, PUCHENG));
        JurisdictionProcess.startAll(Probes.PATIENCE, pucheng, jiangshan);
        jiangshanDb = federation.database(JIANGSHAN);
        puchengDb = federation.database(PUCHENG);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
        if (keycloak != null) {
            keycloak.close();
        }
    }

    /** Issuers verified by JWKS instead of inline keys, peer tokens from our own realm. */
    Map<String, String> keycloakIdentity(String self, String partner) {
        Map<String, String> p = new LinkedHashMap<>();
        KeycloakServer.Realm own = realms.get(self);
        p.put("border.federation.jurisdiction.issuer", own.issuer());
        p.put("border.federation.jurisdiction.public-key", "");
        p.put("border.federation.jurisdiction.jwks-url", own.jwksUrl());
        String prefix = "border.federation.partners." + partner + ".";
        p.put(prefix + "issuer", realms.get(partner).issuer());
        p.put(prefix + "public-key", "");
        p.put(prefix + "jwks-url", realms.get(partner).jwksUrl());
        p.put("border.federation.peer-token.mode", "oidc-client");
        p.put("border.federation.peer-token.signing-key", "");
        p.put("quarkus.oidc-client.auth-server-url", own.issuer());
        p.put("quarkus.oidc-client.client-id", "testbed-" + self);
        p.put("quarkus.oidc-client.credentials.secret", secret("testbed-" + self));
        p.put("border.federation.relay.initial-backoff", "200ms");
        p.put("border.federation.relay.max-backoff", "2s");
        return p;
    }

    String token(String realm, String clientId) {
        return realms.get(realm).clientToken(clientId, secret(clientId));
    }

    Status.Code refusal(String token) {
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            return assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token,
                    SecurityAndInboxIT.event(PUCHENG, UUID.randomUUID().toString(), 1, false, "令牌")))
                    .getStatus().getCode();
        }
    }

    @Test
    void theRelayPresentsAClientCredentialsTokenOfItsOwnRealm() {
        Probes.publish(new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build(),
                token(JIANGSHAN, "integration-" + JIANGSHAN), 4, "令牌", List.of(PUCHENG));
        Probes.awaitDelivered(JIANGSHAN, jiangshanDb, PUCHENG, puchengDb, "令牌", 4);
    }

    @Test
    void aPartnersPeerTokenFromItsRealmIsAccepted() {
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            var ack = grpc.deliver(token(PUCHENG, "testbed-" + PUCHENG),
                    SecurityAndInboxIT.event(PUCHENG, UUID.randomUUID().toString(), 1, false, "令牌"));
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
        }
    }

    @Test
    void keycloakTokensAreRefusedForTheSameReasonsAsAnyOther() {
        long before = jiangshanDb.count("SELECT count(*) FROM probe_replica WHERE origin = ?", PUCHENG);
        // a partner's client without the peer role
        assertEquals(Status.Code.PERMISSION_DENIED, refusal(token(PUCHENG, "analysis-" + PUCHENG)));
        // a realm on no trust list, however well signed
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(token(OUTSIDER, "testbed-" + OUTSIDER)));
        // Jiangshan's own peer token is for Pucheng (audience border-350722), not for itself
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(token(JIANGSHAN, "testbed-" + JIANGSHAN)));
        assertEquals(before, jiangshanDb.count("SELECT count(*) FROM probe_replica WHERE origin = ?", PUCHENG));
    }
}
