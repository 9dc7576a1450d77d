package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a production start ({@code java -jar}: the prod profile) refuses unless explicitly allowed:
 * a plaintext partner link, peer tokens signed with the identity provider's key on the service,
 * the database owner's credentials in a serving process, a connection as the owner (or a member
 * of its role), an audit chain that would not be anchored. The process exits and its log says
 * why; an allowance that is set is logged at WARN.
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
        JurisdictionProcess process =
                federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), settings);
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

    /*
     * The settings ProductionSettings weighs are checked together and refused together: one start
     * per group names each refusal (ProductionSettingsTest holds each rule alone), so that a
     * refusal that stopped being wired into the start, or a message that lost its allowance's
     * name, fails here without a process start per rule.
     */

    @Test
    void eachInsecureSettingNotAllowedIsNamedInTheRefusal() {
        String log = refusedStart(Map.of(
                "border.federation.insecure.allow-plaintext-partners", "false",
                "border.federation.insecure.allow-signing-key-peer-tokens", "false",
                "border.federation.insecure.allow-partners-without-mutual-tls", "false",
                "border.federation.insecure.allow-migrate-at-start", "false",
                "border.federation.audit.anchor-every", "off"));
        String refusal = refusal(log);
        assertTrue(refusal.contains("refusing to start: partner link(s) to [" + PUCHENG + "] without TLS"), log);
        assertTrue(refusal.contains("border.federation.insecure.allow-plaintext-partners=true"), log);
        assertTrue(
                refusal.contains(
                        "border.federation.peer-token.mode=signing-key puts the identity provider's private key "
                                + "on this service"),
                log);
        assertTrue(refusal.contains("border.federation.insecure.allow-signing-key-peer-tokens=true"), log);
        assertTrue(refusal.contains("border.federation.mutual-tls.enabled=false"), log);
        assertTrue(refusal.contains("border.federation.insecure.allow-partners-without-mutual-tls=true"), log);
        assertTrue(refusal.contains("this service would hold the database owner's credentials"), log);
        assertTrue(refusal.contains("border.federation.insecure.allow-migrate-at-start=true"), log);
        assertTrue(
                refusal.contains("the audit chain would not be anchored with the partners "
                        + "(border.federation.audit.anchor-every=off)"),
                log);
        assertTrue(refusal.contains("border.federation.insecure.allow-unanchored-audit=true"), log);
    }

    @Test
    void aPartnerLinkIsTlsUnlessSaidOtherwiseAndKeysOnTheServiceOrNoneForTheAuditAreRefused() {
        // tls.enabled left to its default: on in production, so no plaintext link (and no refusal
        // for one), but no trust certificate either: any public CA would vouch for the partner.
        // Peer tokens by client credentials (oidc-client) leave the identity provider's key unused,
        // but it is on the service all the same. No audit signing key and no partner's audit key:
        // the chain would not be anchored
        String log = refusedStart(Map.of(
                "border.federation.insecure.allow-plaintext-partners",
                "false",
                "border.federation.partners." + PUCHENG + ".tls.enabled",
                "",
                "border.federation.peer-token.mode",
                "oidc-client",
                "border.federation.insecure.allow-signing-key-peer-tokens",
                "false",
                "border.federation.audit.signing-key",
                "",
                "border.federation.partners." + PUCHENG + ".audit-key",
                ""));
        String refusal = refusal(log);
        assertTrue(
                refusal.contains("refusing to start: partner link(s) to [" + PUCHENG
                        + "] use TLS without its tls.trust-certificate"),
                log);
        assertTrue(!refusal.contains("without TLS"), log);
        assertTrue(
                refusal.contains("border.federation.insecure.allow-partner-tls-without-trust-certificate=true"), log);
        assertTrue(refusal.contains("border.federation.peer-token.signing-key is set"), log);
        assertTrue(refusal.contains("border.federation.insecure.allow-signing-key-peer-tokens=true"), log);
        assertTrue(!refusal.contains("border.federation.peer-token.mode=signing-key"), log);
        assertTrue(
                refusal.contains("the audit chain would not be anchored with the partners (no "
                        + "border.federation.audit.signing-key; no audit-key for partner(s) [" + PUCHENG + "])"),
                log);
        assertTrue(refusal.contains("border.federation.insecure.allow-unanchored-audit=true"), log);
    }

    @Test
    void theOwnersCredentialsInAServingProcessAreRefusedEvenWithoutMigrating() {
        PostgresServer.Database db = federation.database(JIANGSHAN);
        Map<String, String> settings = new java.util.HashMap<>(db.productionServiceSettings());
        settings.put("quarkus.flyway.username", db.owner().user());
        settings.put("quarkus.flyway.password", db.owner().password());
        String log = refusedStart(settings);
        assertTrue(log.contains("refusing to start: this service would hold the database owner's credentials"), log);
        assertTrue(log.contains("quarkus.flyway.username/password set"), log);
    }

    @Test
    void aServiceThatConnectsAsTheOwnerRefusesToStart() {
        PostgresServer.Database db = federation.database(JIANGSHAN);
        String log = refusedStart(Map.of(
                "quarkus.datasource.username",
                db.owner().user(),
                "quarkus.datasource.password",
                db.owner().password()));
        assertTrue(
                log.contains("refusing to start: the role this service connects with could lift the audit log's "
                        + "protection"),
                log);
        assertTrue(log.contains("it owns (or is a member of the owner of) the database"), log);
        assertTrue(log.contains("border.federation.insecure.allow-owner-connection=true"), log);
    }

    @Test
    void aServiceWhoseRoleIsAMemberOfTheOwnersRefusesToStart() throws Exception {
        PostgresServer.Database db = federation.database(JIANGSHAN);
        // a first start migrates and grants, as the application role
        JurisdictionProcess first = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of());
        try {
            first.start().awaitReady(Probes.PATIENCE);
        } finally {
            first.stop();
        }
        try (Connection admin = db.connect();
                Statement s = admin.createStatement()) {
            s.execute("GRANT " + db.owner().user() + " TO " + db.application().user());
        }
        try {
            String log = refusedStart(db.productionServiceSettings());
            assertTrue(log.contains("the role this service connects with could lift the audit log's protection"), log);
            assertTrue(log.contains("table(s), e.g. federation.") || log.contains("schema federation"), log);
        } finally {
            try (Connection admin = db.connect();
                    Statement s = admin.createStatement()) {
                s.execute("REVOKE " + db.owner().user() + " FROM "
                        + db.application().user());
            }
        }
    }

    @Test
    void theAllowancesAreLoggedAtWarnOnEveryStart() {
        JurisdictionProcess process =
                federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of());
        int earlier = process.logText().length();
        try {
            process.start().awaitReady(Probes.PATIENCE);
            process.stop();
            process.start().awaitReady(Probes.PATIENCE);
            String log = process.logText().substring(earlier);
            assertTrue(count(log, "WARN", "border.federation.insecure.allow-plaintext-partners=true") >= 2, log);
            assertTrue(count(log, "WARN", "border.federation.insecure.allow-signing-key-peer-tokens=true") >= 2, log);
            assertTrue(
                    count(log, "WARN", "border.federation.insecure.allow-partners-without-mutual-tls=true") >= 2, log);
            // the tests' processes migrate at start, which a deployment leaves to a job of its own
            assertTrue(count(log, "WARN", "border.federation.insecure.allow-migrate-at-start=true") >= 2, log);
        } finally {
            process.stop();
        }
    }

    /**
     * The one line in which the start's settings check refuses it: every refusal must be in it
     * (the exception's trace repeats the message, so the log as a whole would not tell).
     */
    static String refusal(String log) {
        java.util.List<String> lines = log.lines()
                .filter(l ->
                        l.contains("ERROR") && l.contains("ProductionSettings]") && l.contains("refusing to start: "))
                .toList();
        assertEquals(1, lines.size(), log);
        return lines.get(0);
    }

    /** Lines holding both texts. */
    static long count(String log, String level, String text) {
        return log.lines().filter(l -> l.contains(level) && l.contains(text)).count();
    }
}
