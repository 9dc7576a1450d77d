package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.builder.RequestSpecBuilder;

/**
 * Jiangshan's (330881) own identity provider takes the relay's token request and never answers
 * (a hung Keycloak): the relay gives up after its fetch timeout and records the failure, and while
 * it waits it holds no outbox row, no transaction and no connection that others need.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerTokenFetchIT {

    TestFederation federation;
    SilentServer identityProvider;
    JurisdictionProcess jiangshan;
    PostgresServer.Database db;

    @BeforeAll
    void start() {
        identityProvider = new SilentServer();
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
        jiangshan = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        Map.ofEntries(
                                Map.entry("border.federation.peer-token.mode", "oidc-client"),
                                Map.entry("border.federation.peer-token.signing-key", ""),
                                Map.entry("border.federation.insecure.allow-signing-key-peer-tokens", "false"),
                                Map.entry("border.federation.peer-token.fetch-timeout", "10s"),
                                Map.entry(
                                        "quarkus.oidc-client.auth-server-url",
                                        "http://localhost:" + identityProvider.port() + "/realms/border"),
                                Map.entry("quarkus.oidc-client.discovery-enabled", "false"),
                                Map.entry("quarkus.oidc-client.token-path", "/protocol/openid-connect/token"),
                                Map.entry("quarkus.oidc-client.client-id", "border-relay"),
                                Map.entry("quarkus.oidc-client.credentials.secret", "secret"),
                                Map.entry("border.federation.relay.initial-backoff", "200ms"),
                                Map.entry("border.federation.relay.max-backoff", "2s")))
                .startAndAwait();
        db = federation.database(JIANGSHAN);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan);
        if (identityProvider != null) {
            identityProvider.close();
        }
    }

    @Test
    void aTokenThatNeverComesHoldsNothingAndFailsTheAttempt() throws SQLException {
        String integrator = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator")
                .sign();
        Probes.publish(
                new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build(),
                integrator,
                1,
                "无令牌",
                List.of(PUCHENG));
        Await.until(Probes.PATIENCE, () -> identityProvider.requests() > 0, () -> "the relay asked for a peer token");

        // while the relay waits for its token, the row it is to send is not locked
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock =
                    c.prepareStatement("SELECT id FROM federation.outbox WHERE destination = ? FOR UPDATE NOWAIT")) {
                lock.setString(1, PUCHENG);
                int rows = 0;
                try (ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                assertEquals(1, rows);
            } finally {
                c.rollback();
            }
        }

        // the fetch gives up: a failed attempt, with a reason, and the next one later
        Await.until(
                Probes.PATIENCE,
                () -> db.count(
                                "SELECT count(*) FROM federation.partner_delivery WHERE partner = ? "
                                        + "AND consecutive_failures > 0 AND last_error LIKE '%peer token%'",
                                PUCHENG)
                        == 1,
                () -> "the relay's attempt failed for want of a peer token");
        Await.until(Probes.PATIENCE, () -> identityProvider.requests() > 1, () -> "the relay asked again");
    }

    /** Accepts connections and reads what comes, never answering. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();

        SilentServer() {
            try {
                server = new ServerSocket(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofPlatform().daemon().name("silent-idp").start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        held.add(socket);
                        Thread.ofPlatform().daemon().start(() -> drain(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void drain(Socket socket) {
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    // a request line in each read is plenty for a test: the relay sends small requests
                    if (new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("POST ")) {
                        requests.incrementAndGet();
                    }
                }
            } catch (IOException ignored) {
                // closed
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            });
        }
    }
}
