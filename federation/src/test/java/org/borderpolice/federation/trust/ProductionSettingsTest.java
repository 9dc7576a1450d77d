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
}
