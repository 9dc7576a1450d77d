package org.borderpolice.federation.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    /** Jiangshan; Pucheng shares "intel", Guangfeng only alerts, Yushan only cases. */
    static Distributions distributions() {
        Distributions d = new Distributions();
        d.trustList = new TrustList(TestConfigs.jiangshan(Map.of(
                "border.federation.partners.361123.name", "广丰区公安分局",
                "border.federation.partners.361123.issuer", "https://idp.361123.test/realms/border",
                "border.federation.partners.361123.categories", "intel.alert",
                "border.federation.partners.361127.name", "玉山县公安局",
                "border.federation.partners.361127.issuer", "https://idp.361127.test/realms/border",
                "border.federation.partners.361127.categories", "case")));
        return d;
    }

    @Test
    void allIsEveryPartnerTheAgreementLetsReceiveTheType() {
        Distributions d = distributions();
        assertEquals(Set.of("350722", "361123"), d.resolve("intel.alert", "alerts", List.of("ALL")));
        assertEquals(Set.of("350722"), d.resolve("intel.sighting", "sightings", List.of("ALL")));
        assertEquals(Set.of("361127"), d.resolve("case.transfer", "cases", List.of("ALL")));
    }

    @Test
    void namedPartnersAndOurselves() {
        Distributions d = distributions();
        assertEquals(Set.of("361123"), d.resolve("intel.alert", "alerts", List.of("361123", "330881")));
        assertEquals(Set.of(), d.resolve("intel.alert", "alerts", List.of()));
        assertTrue(d.mayHold("350722", "intel.alert"));
        assertFalse(d.mayHold("361127", "intel.alert"));
        assertFalse(d.mayHold("330881", "intel.alert"), "we are no partner of ours");
    }

    @Test
    void codesThatMayNotReceiveAreRefusedTogether() {
        Distributions d = distributions();
        InvalidDistributionException e = assertThrows(
                InvalidDistributionException.class,
                () -> d.resolve("intel.alert", "alerts", List.of("ALL", "361127", "999999", "350722")));
        assertEquals(Set.of("361127", "999999"), e.codes);
        assertEquals("not partners that may receive alerts: 361127, 999999", e.getMessage());
    }
}
