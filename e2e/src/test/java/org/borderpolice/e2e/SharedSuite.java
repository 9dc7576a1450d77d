package org.borderpolice.e2e;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.borderpolice.federation.testing.KeycloakServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one suite of the e2e tests in a failsafe JVM: Keycloak with the demo realms, the gateway
 * and the three services of each jurisdiction, started on the first {@link #get()} (about three
 * minutes) and shared by every class after it; stopped when the JUnit run ends (this extension,
 * registered for every class by junit-platform.properties, closes it with the run's root store),
 * or by the suite's shutdown hook.
 *
 * <p>Its settings, which every class gets: Guangfeng's gateway allows partners 40 requests an
 * hour (FederationScenariosIT's 429 scenario counts that bucket: no other class calls Guangfeng's
 * gateway with a partner's token), Jiangshan's gateway 5,000 requests a minute per client (the
 * 1,000 alerts of one analyst), Jiangshan's intel-sharing relay waits at most 5 s between
 * attempts (an outage's catch-up is not a wait for a 2-minute backoff), Jiangshan's gateway sends a merged
 * stream's keep-alive after 5 s without an event (20 s by default: a test waiting for one to show that
 * nothing came waits less). Guangfeng's integrator is
 * KeycloakRealmsIT's to lock (brute-force protection): no other class logs it in.
 */
public final class SharedSuite implements BeforeAllCallback {

    public static final int PARTNER_REQUESTS_AT_GUANGFENG = 40;
    /** The demo user KeycloakRealmsIT locks with wrong passwords (its last test). */
    public static final String LOCKED_ROLE_AT_GUANGFENG = "integrator";

    private static Suite suite;
    private static RuntimeException failed;

    /** The shared suite, started now if it is not yet; skips the caller without a Keycloak distribution. */
    public static synchronized Suite get() {
        var home = KeycloakServer.installed();
        Assumptions.assumeTrue(home.isPresent(), "no Keycloak distribution (built without -Pe2e, or -DskipKeycloak?)");
        if (failed != null) {
            throw new IllegalStateException("the shared suite did not start", failed);
        }
        if (suite == null) {
            Instant begin = Instant.now();
            Suite starting = new Suite(repo(), home.get(), Suite.ALL_SERVICES, null)
                    .settings(
                            GUANGFENG,
                            "gateway",
                            Map.of(
                                    "border.gateway.rate-limit.partner-requests",
                                    String.valueOf(PARTNER_REQUESTS_AT_GUANGFENG),
                                    "border.gateway.rate-limit.partner-period",
                                    "1h"))
                    .settings(
                            JIANGSHAN,
                            "gateway",
                            Map.of(
                                    "border.gateway.rate-limit.client-requests",
                                    "5000",
                                    "border.gateway.notifications.keep-alive",
                                    "5s"))
                    .settings(JIANGSHAN, Suite.INTEL.name(), Map.of("border.federation.relay.max-backoff", "5s"));
            try {
                suite = starting.start(Duration.ofMinutes(8));
            } catch (RuntimeException e) {
                failed = e;
                starting.close();
                throw e;
            }
            System.out.printf(
                    "SharedSuite: started in %.1f s%n",
                    Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        }
        return suite;
    }

    public static Path repo() {
        return Path.of(System.getProperty("border.repo", "..")).toAbsolutePath().normalize();
    }

    private static synchronized void stop() {
        if (suite != null) {
            Instant begin = Instant.now();
            suite.close();
            suite = null;
            System.out.printf(
                    "SharedSuite: stopped in %.1f s%n",
                    Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        }
    }

    /** Once per run: the root store closes its values when the whole run ends, stopping the suite if a class started it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SharedSuite.class.getName(), k -> new Closer(), Closer.class);
    }

    /** A store's AutoCloseable value is closed when its context ends (JUnit 6). */
    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            stop();
        }
    }
}
