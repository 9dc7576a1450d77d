package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class OutboxVacuumShareTest {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aLongVacuumDefersTheNextSoThatVacuumsTakeAtMostTheirShare() {
        long started = 5_000 * MS;
        long ended = started + 100 * MS;
        long next = OutboxVacuum.nextAfter(started, ended);
        assertEquals(1_900 * MS, next - ended);
        // one VACUUM per (duration + wait): 100 ms in every 2,000
        assertEquals(OutboxVacuum.MAX_SHARE_PERCENT, 100 * (ended - started) / (next - started));
    }

    @Test
    void aShortVacuumLetsTheNextRunAtTheNextSecond() {
        long started = 5_000 * MS;
        long ended = started + 3 * MS;
        assertEquals(57 * MS, OutboxVacuum.nextAfter(started, ended) - ended);
    }
}
