package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void anIdIsVersionSevenWithItsMillisecondFirst() {
        long millis = 1_796_000_000_123L;
        UUID id = EventIds.at(millis);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterAsPostgresqlComparesThem() {
        // PostgreSQL orders uuid by its bytes, unsigned: as the strings compare
        for (long millis = 1_796_000_000_000L; millis < 1_796_000_000_050L; millis++) {
            String earlier = EventIds.at(millis).toString();
            String later = EventIds.at(millis + 1).toString();
            assertTrue(earlier.compareTo(later) < 0, earlier + " before " + later);
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventIds.at(1_796_000_000_000L));
        }
        assertEquals(10_000, ids.size());
        assertNotEquals(EventIds.next(), EventIds.next());
    }
}
