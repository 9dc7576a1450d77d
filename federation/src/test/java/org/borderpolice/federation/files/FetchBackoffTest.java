package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FetchBackoffTest {

    static final Duration INITIAL = Duration.ofSeconds(5);
    static final Duration MAX = Duration.ofMinutes(10);

    @Test
    void theWaitDoublesPerAttemptFromTheInitialOne() {
        assertEquals(Duration.ofSeconds(5), FileFetcher.backoff(1, INITIAL, MAX));
        assertEquals(Duration.ofSeconds(10), FileFetcher.backoff(2, INITIAL, MAX));
        assertEquals(Duration.ofSeconds(40), FileFetcher.backoff(4, INITIAL, MAX));
    }

    @Test
    void theWaitStopsAtTheMaximumHoweverManyAttempts() {
        assertEquals(MAX, FileFetcher.backoff(8, INITIAL, MAX));
        assertEquals(MAX, FileFetcher.backoff(60, INITIAL, MAX));
        assertEquals(MAX, FileFetcher.backoff(Integer.MAX_VALUE, INITIAL, MAX));
    }

    @Test
    void aClaimNotYetCountedWaitsTheInitialOne() {
        assertEquals(INITIAL, FileFetcher.backoff(0, INITIAL, MAX));
        assertEquals(INITIAL, FileFetcher.backoff(-3, INITIAL, MAX));
    }

    static final long MIN_PROGRESS = 1024 * 1024;

    @Test
    void aCallThatMovedTheFileOnByTheFloorIsTriedAgainSoon() {
        // the 9th attempt of a 25 MB file over a link that breaks every few megabytes
        assertEquals(INITIAL, FileFetcher.retryWait(9, 3 * MIN_PROGRESS, MIN_PROGRESS, INITIAL, MAX));
        assertEquals(INITIAL, FileFetcher.retryWait(9, MIN_PROGRESS, MIN_PROGRESS, INITIAL, MAX));
    }

    @Test
    void aCallThatBroughtLessThanTheFloorWaitsLongerAndLonger() {
        // an owner that sends a little and stalls, or nothing at all
        assertEquals(Duration.ofSeconds(40), FileFetcher.retryWait(4, MIN_PROGRESS - 1, MIN_PROGRESS, INITIAL, MAX));
        assertEquals(Duration.ofSeconds(40), FileFetcher.retryWait(4, 0, MIN_PROGRESS, INITIAL, MAX));
        assertEquals(MAX, FileFetcher.retryWait(30, 1000, MIN_PROGRESS, INITIAL, MAX));
    }
}
