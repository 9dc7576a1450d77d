package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The stall rule of a fetch counts bytes, not messages (review finding F-C1). */
class FetchProgressTest {

    static final long S = 1_000_000_000L;
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final long MIN = 1024 * 1024;

    @Test
    void messagesWithoutBytesDoNotKeepACallAlive() {
        FetchProgress progress = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        for (long t = 0; t <= 60 * S; t += S / 10) {
            progress.received(0, t);
        }
        assertFalse(progress.stalled(60 * S), "the window is not over yet");
        progress.received(0, 60 * S + 1);
        assertTrue(progress.stalled(60 * S + 1));
    }

    @Test
    void aTrickleBelowTheMinimumIsCutAfterOneWindow() {
        FetchProgress progress = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        long t = 0;
        // 100 bytes every 100 ms: 60,000 bytes a window, where 1 MiB is due
        for (; t <= 61 * S; t += S / 10) {
            progress.received(100, t);
        }
        assertTrue(progress.stalled(t));
    }

    @Test
    void enoughBytesPerWindowKeepItAliveWindowAfterWindow() {
        FetchProgress progress = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        // just over 1 MiB a minute, in 1 KiB messages, for ten minutes
        long perMessage = 1024;
        long every = 55 * S / (MIN / perMessage);
        for (long t = 0; t <= 600 * S; t += every) {
            progress.received(perMessage, t);
            assertFalse(progress.stalled(t), "stalled at " + t / S + " s");
        }
    }

    @Test
    void theLastWindowNeedsOnlyTheBytesLeftAndAStreamLeftOpenAfterThemIsCut() {
        // a resumed fetch: 1,000 bytes left, fewer than the minimum
        FetchProgress progress = new FetchProgress(25 * MIN - 1000, 25 * MIN, MIN, WINDOW, 0);
        progress.received(1000, 30 * S);
        assertFalse(progress.stalled(89 * S), "the rest arrived: a new window began at 30 s");
        // nothing more is due, and nothing more may keep the call: the owner must end it
        progress.received(0, 80 * S);
        assertTrue(progress.stalled(91 * S));
    }

    @Test
    void bytesBeyondAWindowsDueCountForTheNext() {
        FetchProgress progress = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        // 1.5 MiB at 10 s: the first window's 1 MiB and half of the next one's
        progress.received(MIN + MIN / 2, 10 * S);
        // 0.6 MiB at 65 s completes the second window (0.5 + 0.6): a third begins at 65 s
        progress.received(MIN * 6 / 10, 65 * S);
        assertFalse(progress.stalled(100 * S), "the second window had its due at 65 s");
        assertTrue(progress.stalled(126 * S), "the third window, from 65 s, brought nothing");
    }

    @Test
    void aSmallMinimumIsTheOldRuleOfAnyByte() {
        FetchProgress progress = new FetchProgress(0, 10, 1, WINDOW, 0);
        progress.received(1, 59 * S);
        assertFalse(progress.stalled(118 * S));
        assertTrue(progress.stalled(120 * S));
    }

    @Test
    void aGreatManyTinyMessagesAreCutWhateverTheirPace() {
        FetchProgress progress = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        // 1 MiB in 16-byte messages, fast enough for the byte floor: cut long before its end
        long messages = 0;
        while (!progress.fragmented() && messages < MIN / 16) {
            progress.received(16, messages);
            messages++;
        }
        assertTrue(progress.fragmented(), "65,536 messages of 16 bytes");
        assertTrue(messages <= 2 * FetchProgress.MESSAGE_SLACK, "cut after " + messages + " messages");
        assertFalse(progress.stalled(messages), "the byte floor alone would not have cut it");
    }

    @Test
    void wholeMessagesAndAShortLastOneAreNotFragmented() {
        FetchProgress progress = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        // the reference owner: 255 KiB messages, then the rest
        for (int i = 0; i < 100; i++) {
            progress.received(255 * 1024, i);
        }
        progress.received(10, 101);
        assertFalse(progress.fragmented());
        // another owner's empty first message, then 1 KiB ones
        FetchProgress small = new FetchProgress(0, 25 * MIN, MIN, WINDOW, 0);
        small.received(0, 0);
        for (int i = 0; i < 10_000; i++) {
            small.received(FetchProgress.MIN_AVERAGE_MESSAGE, i);
        }
        assertFalse(small.fragmented());
    }
}
