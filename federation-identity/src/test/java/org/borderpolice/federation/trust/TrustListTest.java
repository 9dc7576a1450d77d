package org.borderpolice.federation.trust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

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
}
