package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a production start ({@code java -jar}: the prod profile) refuses unless explicitly allowed:
 * a plaintext partner link, and peer tokens signed with the identity provider's key on the
 * service. The process exits and its log says why; an allowance that is set is logged at WARN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionStartIT {

    TestFederation federation;

    @BeforeAll
    void federation() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
    }

    /** Start Jiangshan with these settings on top of the test federation's and wait for it to exit by itself. */
    String refusedStart(Map<String, String> settings) {
        JurisdictionProcess process = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), settings);
        int earlier = process.logText().length();
        try {
            process.start();
            int exit = process.awaitExit(Probes.PATIENCE);
            assertNotEquals(-1, exit, "still running:\n" + process.logTail());
            assertNotEquals(0, exit, process.logTail());
            return process.logText().substring(earlier);
        } finally {
            process.stop();
        }
    }

    @Test
    void aPlaintextPartnerLinkRefusesToStart() {
        String log = refusedStart(Map.of("border.federation.insecure.allow-plaintext-partners", "false"));
        assertTrue(log.contains("refusing to start: partner link(s) to [" + PUCHENG + "] without TLS"), log);
        assertTrue(log.contains("border.federation.insecure.allow-plaintext-partners=true"), log);
    }

    @Test
    void aPartnerLinkIsTlsUnlessSaidOtherwise() {
        // tls.enabled left to its default: on in production, so no plaintext link and no refusal for it
        String log = refusedStart(Map.of("border.federation.insecure.allow-plaintext-partners", "false",
                "border.federation.partners." + PUCHENG + ".tls.enabled", "",
                "border.federation.insecure.allow-signing-key-peer-tokens", "false"));
        assertTrue(log.contains("refusing to start: border.federation.peer-token.mode=signing-key"), log);
        assertTrue(!log.contains("without TLS"), log);
    }

    @Test
    void signingKeyPeerTokensRefuseToStart() {
        String log = refusedStart(Map.of("border.federation.insecure.allow-signing-key-peer-tokens", "false"));
        assertTrue(log.contains("refusing to start: border.federation.peer-token.mode=signing-key puts the identity "
                + "provider's private key on this service"), log);
        assertTrue(log.contains("border.federation.insecure.allow-signing-key-peer-tokens=true"), log);
    }

    @Test
    void aPartnerLinkTrustingTheJvmsPublicCasRefusesToStart() {
        String log = refusedStart(Map.of("border.federation.partners." + PUCHENG + ".tls.enabled", "true"));
        assertTrue(log.contains("refusing to start"), log);
        assertTrue(log.contains("without its tls.trust-certificate"), log);
        assertTrue(log.contains("border.federation.insecure.allow-partner-tls-without-trust-certificate=true"), log);
    }

    @Test
    void theIdentityProvidersKeyBesideOidcClientTokensRefusesToStart() {
        // mode oidc-client does not use the key, but it is on the service all the same
        String log = refusedStart(Map.of("border.federation.peer-token.mode", "oidc-client",
                "border.federation.insecure.allow-signing-key-peer-tokens", "false"));
        assertTrue(log.contains("refusing to start"), log);
        assertTrue(log.contains("border.federation.peer-token.signing-key is set"), log);
    }

    @Test
    void partnersWithoutMutualTlsRefuseToStart() {
        String log = refusedStart(Map.of("border.federation.insecure.allow-partners-without-mutual-tls", "false"));
        assertTrue(log.contains("refusing to start"), log);
        assertTrue(log.contains("border.federation.mutual-tls.enabled=false"), log);
        assertTrue(log.contains("border.federation.insecure.allow-partners-without-mutual-tls=true"), log);
    }

    @Test
    void theAllowancesAreLoggedAtWarnOnEveryStart() {
        JurisdictionProcess process = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of());
        int earlier = process.logText().length();
        try {
            process.start().awaitReady(Probes.PATIENCE);
            process.stop();
            process.start().awaitReady(Probes.PATIENCE);
            String log = process.logText().substring(earlier);
            assertTrue(count(log, "WARN", "border.federation.insecure.allow-plaintext-partners=true") >= 2, log);
            assertTrue(count(log, "WARN", "border.federation.insecure.allow-signing-key-peer-tokens=true") >= 2, log);
            assertTrue(count(log, "WARN", "border.federation.insecure.allow-partners-without-mutual-tls=true") >= 2, log);
        } finally {
            process.stop();
        }
    }

    /** Lines holding both texts. */
    static long count(String log, String level, String text) {
        return log.lines().filter(l -> l.contains(level) && l.contains(text)).count();
    }
}
