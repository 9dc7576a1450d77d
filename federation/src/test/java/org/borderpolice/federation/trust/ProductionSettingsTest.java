package org.borderpolice.federation.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.testing.TestConfigs;
import org.junit.jupiter.api.Test;

/** Which settings a production start refuses, and which allowances lift that. */
class ProductionSettingsTest {

    static List<String> refusals(boolean production, Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(settings);
        p.put("border.federation.partners.350722.endpoints.intel-sharing", "intel-sharing.350722.example:8443");
        FederationConfig config = TestConfigs.jiangshan(p);
        return ProductionSettings.refusals(config, new TrustList(config), production);
    }

    @Test
    void tlsAndOidcClientTokensStartAnywhere() {
        assertEquals(List.of(), refusals(true, Map.of()));
        assertEquals(List.of(), refusals(true, Map.of("border.federation.partners.350722.tls.enabled", "true")));
    }

    @Test
    void aPlaintextPartnerLinkIsRefusedInProductionUnlessAllowed() {
        Map<String, String> plaintext = Map.of("border.federation.partners.350722.tls.enabled", "false");
        List<String> refused = refusals(true, plaintext);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).startsWith("partner link(s) to [350722] without TLS"), refused.get(0));
        assertEquals(List.of(), refusals(false, plaintext), "dev and test profiles");
        Map<String, String> allowed = new HashMap<>(plaintext);
        allowed.put("border.federation.insecure.allow-plaintext-partners", "true");
        assertEquals(List.of(), refusals(true, allowed));
    }

    @Test
    void signingKeyPeerTokensAreRefusedInProductionUnlessAllowed() {
        Map<String, String> signing = Map.of("border.federation.peer-token.mode", "signing-key");
        List<String> refused = refusals(true, signing);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).contains("peer-token.mode=signing-key"), refused.get(0));
        Map<String, String> allowed = new HashMap<>(signing);
        allowed.put("border.federation.insecure.allow-signing-key-peer-tokens", "true");
        assertEquals(List.of(), refusals(true, allowed));
    }

    // ---- the database and the audit log

    static final Map<String, String> ANCHORED = anchored();

    static Map<String, String> anchored() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("Ed25519");
            String ours = java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            String theirs = java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
            return Map.of("border.federation.audit.signing-key", ours,
                    "border.federation.partners.350722.audit-key", theirs);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> auditRefusals(boolean production, boolean ownerCredentials, Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(settings);
        p.put("border.federation.partners.350722.endpoints.intel-sharing", "intel-sharing.350722.example:8443");
        FederationConfig config = TestConfigs.jiangshan(p);
        return ProductionSettings.auditRefusals(config, new TrustList(config), production, ownerCredentials);
    }

    @Test
    void aServingProcessWithTheOwnersCredentialsIsRefusedInProductionUnlessAllowed() {
        assertEquals(List.of(), auditRefusals(true, false, ANCHORED));
        Map<String, String> migrating = new HashMap<>(ANCHORED);
        migrating.put("border.federation.database.migrate", "true");
        List<String> refused = auditRefusals(true, false, migrating);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("this service would hold the database owner's credentials"), refused.get(0));
        assertEquals(1, auditRefusals(true, true, ANCHORED).size(), "the owner's credentials alone");
        assertEquals(List.of(), auditRefusals(false, true, migrating), "dev and test profiles");
        migrating.put("border.federation.insecure.allow-migrate-at-start", "true");
        assertEquals(List.of(), auditRefusals(true, true, migrating));
    }

    @Test
    void anUnanchoredAuditChainIsRefusedInProductionUnlessAllowed() {
        List<String> refused = auditRefusals(true, false, Map.of());
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("no border.federation.audit.signing-key; no audit-key for partner(s) [350722]"),
                refused.get(0));
        Map<String, String> off = new HashMap<>(ANCHORED);
        off.put("border.federation.audit.anchor-every", "off");
        assertTrue(auditRefusals(true, false, off).get(0).contains("anchor-every=off"));
        assertEquals(List.of(), auditRefusals(false, false, Map.of()), "dev and test profiles");
        assertEquals(List.of(), auditRefusals(true, false,
                Map.of("border.federation.insecure.allow-unanchored-audit", "true")));
    }
}
