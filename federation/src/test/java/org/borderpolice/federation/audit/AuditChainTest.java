package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AuditChainTest {

    final Instant at = Instant.parse("2026-11-23T08:00:00.123456Z");
    final AuditEntry entry = new AuditEntry("officer-1", "330881", "alert.read", "intel.alert", "a1", null);

    @Test
    void theSameRowAndPredecessorGiveTheSameHash() {
        assertArrayEquals(AuditChain.hash(AuditChain.GENESIS, at, entry), AuditChain.hash(AuditChain.GENESIS, at, entry));
        assertEquals(32, AuditChain.hash(AuditChain.GENESIS, at, entry).length);
    }

    @Test
    void anyChangeOfContentOrPredecessorChangesTheHash() {
        byte[] original = AuditChain.hash(AuditChain.GENESIS, at, entry);
        byte[] otherPrevious = new byte[32];
        otherPrevious[0] = 1;
        assertFalse(Arrays.equals(original, AuditChain.hash(otherPrevious, at, entry)));
        assertFalse(Arrays.equals(original, AuditChain.hash(AuditChain.GENESIS, at.plusNanos(1000), entry)));
        assertFalse(Arrays.equals(original, AuditChain.hash(AuditChain.GENESIS, at,
                new AuditEntry("officer-2", "330881", "alert.read", "intel.alert", "a1", null))));
        assertFalse(Arrays.equals(original, AuditChain.hash(AuditChain.GENESIS, at,
                new AuditEntry("officer-1", "330881", "alert.read", "intel.alert", "a1", ""))));
        // moving text between fields is a change too
        assertFalse(Arrays.equals(AuditChain.hash(AuditChain.GENESIS, at, new AuditEntry("ab", "c", "x", null, null, null)),
                AuditChain.hash(AuditChain.GENESIS, at, new AuditEntry("a", "bc", "x", null, null, null))));
    }
}
