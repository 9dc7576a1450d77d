package org.borderpolice.federation.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.Test;

/** Peer tokens are made per partner, for that partner alone, and renewed before they expire. */
class PeerTokensTest {

    static final TestIssuer JIANGSHAN = new TestIssuer("330881");

    static PeerTokens signing(Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(settings);
        p.put("border.federation.peer-token.mode", "signing-key");
        p.put("border.federation.peer-token.signing-key", JIANGSHAN.privateKeyPem());
        p.put("border.federation.partners.361103.name", "上饶市广丰区公安局");
        p.put("border.federation.partners.361103.issuer", "https://idp.361103.test/realms/border");
        p.put("border.federation.partners.361103.categories", "intel");
        FederationConfig config = TestConfigs.jiangshan(p);
        return new PeerTokens(config, new TrustList(config), null);
    }

    static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void eachPartnerGetsATokenForItselfAloneFromOurRelayClient() {
        PeerTokens tokens = signing(Map.of("border.federation.jurisdiction.peer-client-id", "relay-330881"));
        String pucheng = tokens.tokenFor("350722");
        String guangfeng = tokens.tokenFor("361103");
        assertNotEquals(pucheng, guangfeng);
        assertEquals(Set.of("border-350722"), PeerTokens.audiences(pucheng));
        assertEquals(Set.of("border-361103"), PeerTokens.audiences(guangfeng));
        assertTrue(claims(pucheng).contains("\"azp\":\"relay-330881\""), claims(pucheng));
        assertEquals(pucheng, tokens.tokenFor("350722"), "cached per partner");
    }

    @Test
    void aTokenIsRenewedAQuarterOfItsLifetimeBeforeItExpiresAtMostTheMargin() {
        Instant issued = Instant.parse("2026-12-01T08:00:00Z");
        Duration margin = Duration.ofSeconds(60);
        PeerTokens.PeerToken fiveMinutes =
                PeerTokens.PeerToken.of("t", issued, issued.plus(Duration.ofMinutes(5)), margin);
        assertEquals(issued.plus(Duration.ofSeconds(240)), fiveMinutes.renewAt());
        PeerTokens.PeerToken tenSeconds = PeerTokens.PeerToken.of("t", issued, issued.plusSeconds(10), margin);
        assertEquals(issued.plusMillis(7_500), tenSeconds.renewAt());
        assertEquals(issued.plusSeconds(10), tenSeconds.expiresAt());
    }

    @Test
    void theRenewalMarginIsASettingForClocksThatDiffer() {
        // a receiver whose clock runs 80 s ahead closes streams 80 s before the token's expiry by ours
        PeerTokens tokens = signing(Map.of(
                "border.federation.peer-token.lifetime", "10m", "border.federation.peer-token.renew-before", "90s"));
        PeerTokens.PeerToken token = tokens.token("350722");
        assertEquals(token.expiresAt().minusSeconds(90), token.renewAt());
    }

    @Test
    void audiencesAreReadAsStringOrArray() {
        String single = JIANGSHAN.token("350722").sign();
        assertEquals(Set.of("border-350722"), PeerTokens.audiences(single));
        String several = JIANGSHAN
                .token("350722")
                .audiences("border-350722", "border-361103")
                .sign();
        assertEquals(Set.of("border-350722", "border-361103"), PeerTokens.audiences(several));
    }
}
