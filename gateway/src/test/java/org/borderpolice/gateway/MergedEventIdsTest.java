package org.borderpolice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MergedEventIdsTest {

    static final Set<String> SERVICES = Set.of("case-exchange", "intel-sharing", "joint-mediation");

    @Test
    void aMergedIdNamesEachServicesLastIdAndIsSplitBack() {
        String merged = MergedEventIds.format(Map.of("intel-sharing", 12L, "case-exchange", 7L, "joint-mediation", 3L));
        assertEquals("case-exchange:7.intel-sharing:12.joint-mediation:3", merged);
        assertEquals(
                Map.of("case-exchange", 7L, "intel-sharing", 12L, "joint-mediation", 3L),
                MergedEventIds.parse(merged, SERVICES));
    }

    @Test
    void servicesNotNamedStartNewAndUnknownOnesAreIgnored() {
        assertEquals(Map.of(), MergedEventIds.parse(null, SERVICES));
        assertEquals(Map.of(), MergedEventIds.parse(" ", SERVICES));
        assertEquals(Map.of("intel-sharing", 5L), MergedEventIds.parse("intel-sharing:5.retired-service:9", SERVICES));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {
            "12",
            "intel-sharing:",
            "intel-sharing:-1",
            "intel-sharing:1..case-exchange:2",
            "Intel:1",
            "a:1;b:2",
            "intel-sharing:1234567890123456789",
            "x:1.".repeat(300)
        }) {
            assertThrows(IllegalArgumentException.class, () -> MergedEventIds.parse(bad, SERVICES), bad);
        }
    }
}
