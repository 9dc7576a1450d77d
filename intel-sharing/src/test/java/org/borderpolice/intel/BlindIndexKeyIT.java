package org.borderpolice.intel;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.Test;

/**
 * intel-sharing refuses to start without a usable blind-index key, as a real process: a hit
 * check would otherwise fail later, and alerts published meanwhile would never hit.
 */
class BlindIndexKeyIT {

    final TestFederation federation = new TestFederation("intel-sharing", "intel", JIANGSHAN);

    /** Start Jiangshan with these settings; it must exit, saying why. */
    void refused(Map<String, String> settings, String because) {
        JurisdictionProcess process =
                federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), settings);
        try {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> process.start().awaitReady(Await.MACHINE),
                    "the service must not start");
            assertTrue(e.getMessage().contains("exited with"), e.getMessage());
            assertTrue(e.getMessage().contains(because), "the reason is given: " + because + "\n" + e.getMessage());
        } finally {
            process.stop();
        }
    }

    @Test
    void noKeyAtAll() {
        federation.useBlindIndexKeys(JIANGSHAN);
        refused(Map.of(), "border.federation.blind-index.keys");
    }

    @Test
    void aKeyShorterThan32Bytes() {
        federation.useBlindIndexKeys(JIANGSHAN);
        refused(
                Map.of(
                        "border.federation.blind-index.keys.1",
                        Base64.getEncoder().encodeToString(new byte[16])),
                "at least 32 bytes");
    }

    @Test
    void aKeyThatIsNotBase64() {
        federation.useBlindIndexKeys(JIANGSHAN);
        refused(Map.of("border.federation.blind-index.keys.1", "not base64 at all: " + "x".repeat(60)), "base64");
    }

    @Test
    void aVersionThatIsNoNumber() {
        federation.useBlindIndexKeys(JIANGSHAN);
        refused(Map.of("border.federation.blind-index.keys.latest", federation.blindIndexKey(1)), "version");
    }

    @Test
    void onlyTheUnversionedKeyOfEarlierReleases() {
        federation.useBlindIndexKeys(JIANGSHAN);
        refused(
                Map.of("border.federation.blind-index-key", federation.blindIndexKey(1)),
                "border.federation.blind-index.keys.1");
    }

    @Test
    void anotherKeyUnderAVersionTheDatabaseAlreadyHashedWith() {
        federation.useBlindIndexKeys(JIANGSHAN, 1);
        federation
                .process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of())
                .startAndAwait()
                .stop();
        // the same version number with a new key would leave every stored hash silently unmatchable
        federation.useBlindIndexKeys(JIANGSHAN);
        refused(Map.of("border.federation.blind-index.keys.1", federation.blindIndexKey(2)), "version 1");
    }
}
