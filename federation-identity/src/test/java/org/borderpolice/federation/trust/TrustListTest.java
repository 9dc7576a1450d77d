package org.borderpolice.federation.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.borderpolice.federation.config.IdentityConfig;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class TrustListTest {

    @Test
    void aCategoryGrantCoversItsRecordTypes() {
        assertTrue(TrustList.categoryAllows(Set.of("intel"), "intel.alert"));
        assertTrue(TrustList.categoryAllows(Set.of("cases.joint-case"), "cases.joint-case"));
    }

    @Test
    void nothingBeyondTheGrant() {
        assertFalse(TrustList.categoryAllows(Set.of("intel"), "intelligence.alert"));
        assertFalse(TrustList.categoryAllows(Set.of("intel.alert"), "intel.sighting"));
        assertFalse(TrustList.categoryAllows(Set.of(""), "intel.alert"));
        assertFalse(TrustList.categoryAllows(Set.of(), "intel.alert"));
    }

    /**
     * Adding a partner is configuration only: name, issuer and key. Without categories it is
     * trusted (its users and relay authenticate) and receives nothing until the agreement grants
     * it categories.
     */
    @Test
    void aPartnerWithoutCategoriesIsTrustedAndReceivesNothing() {
        TrustList trustList = new TrustList(config(Map.of(
                "border.federation.partners.361103.name", "上饶市广丰区公安局",
                "border.federation.partners.361103.issuer", "https://idp.361103.test/realms/border",
                "border.federation.partners.361103.jwks-url", "https://idp.361103.test/realms/border/certs",
                "border.federation.partners.361103.endpoints.intel-sharing", "localhost:9999")));
        assertEquals(Set.of(), trustList.partner("361103").orElseThrow().categories());
        assertEquals(Optional.of("361103"), trustList.jurisdictionOfIssuer("https://idp.361103.test/realms/border"));
        assertFalse(trustList.mayReceive("361103", "intel.alert"));
        assertEquals(
                List.of(),
                trustList.destinations("intel.alert", List.of("361103", "350722")).stream()
                        .filter("361103"::equals)
                        .toList());
        // the partner configured with categories is unaffected
        assertTrue(trustList.mayReceive("350722", "intel.alert"));
        // a deletion goes to it all the same (it may hold what it was given before), never to a
        // code that is no partner, nor to ourselves
        assertEquals(
                List.of("350722", "361103"),
                trustList.destinations("intel.alert", List.of("361103", "350722", "330881", "330822"), true));
        assertEquals(List.of("350722"), trustList.destinations("intel.alert", List.of("361103", "350722"), false));
    }

    @Test
    void categoriesAreReadAsAList() {
        TrustList trustList = new TrustList(
                config(Map.of("border.federation.partners.350722.categories", "intel, cases.joint-case")));
        assertTrue(trustList.mayReceive("350722", "intel.alert"));
        assertTrue(trustList.mayReceive("350722", "cases.joint-case"));
        assertFalse(trustList.mayReceive("350722", "mediation.dispute"));
    }

    /** Jiangshan's intel-sharing with Pucheng (granted intel) as a partner, plus these settings. */
    static IdentityConfig config(Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(Map.of(
                "border.federation.service", "intel-sharing",
                "border.federation.jurisdiction.code", "330881",
                "border.federation.jurisdiction.name", "江山市公安局",
                "border.federation.jurisdiction.issuer", "https://idp.330881.test/realms/border",
                "border.federation.partners.350722.name", "浦城县公安局",
                "border.federation.partners.350722.issuer", "https://idp.350722.test/realms/border",
                "border.federation.partners.350722.endpoints.intel-sharing", "localhost:9998",
                "border.federation.partners.350722.categories", "intel"));
        p.putAll(settings);
        return new SmallRyeConfigBuilder()
                .withMapping(IdentityConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(p, "test", 100))
                .build()
                .getConfigMapping(IdentityConfig.class);
    }
}
