package org.borderpolice.federation.blindindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

/** The agreement's key versions as configured: what is accepted, and what a refusal says. */
class AgreementBlindIndexTest {

    static final String KEY_1 =
            Base64.getEncoder().encodeToString("k".repeat(32).getBytes());
    static final String KEY_2 =
            Base64.getEncoder().encodeToString("l".repeat(40).getBytes());

    static String refusal(Map<String, String> keys, boolean unversionedKeySet) {
        return assertThrows(
                        AgreementBlindIndex.InvalidBlindIndexKeyException.class,
                        () -> AgreementBlindIndex.parse(keys, unversionedKeySet))
                .getMessage();
    }

    @Test
    void versionsAreNumbersAndKeysBase64OfAtLeast32Bytes() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("2", KEY_2);
        keys.put("1", KEY_1);
        SortedMap<Integer, BlindIndex> parsed = AgreementBlindIndex.parse(keys, false);
        assertEquals(List.of(1, 2), List.copyOf(parsed.keySet()));
        assertNotEquals(parsed.get(1).fingerprint(), parsed.get(2).fingerprint());
        assertEquals(new BlindIndex(KEY_1).fingerprint(), parsed.get(1).fingerprint());
        assertEquals(32, parsed.get(1).fingerprint().length());

        assertTrue(refusal(Map.of(), false).contains("border.federation.blind-index.keys.1"));
        assertTrue(refusal(Map.of(), true).contains("border.federation.blind-index-key is no longer read"));
        assertTrue(refusal(Map.of("latest", KEY_1), false).contains("keys.latest: the key version must be a number"));
        assertTrue(refusal(Map.of("0", KEY_1), false).contains("keys.0"));
        assertTrue(refusal(Map.of("32768", KEY_1), false).contains("keys.32768"));
        assertTrue(refusal(Map.of("1", Base64.getEncoder().encodeToString(new byte[31])), false)
                .contains("keys.1: the blind-index key must have at least 32 bytes (has 31)"));
        assertTrue(refusal(Map.of("1", "!!" + KEY_1), false).contains("keys.1: the blind-index key is not base64"));
    }

    @Test
    void hashesDependOnTheKeyAndTheKindAndTheValue() {
        BlindIndex one = new BlindIndex(KEY_1);
        BlindIndex two = new BlindIndex(KEY_2);
        assertEquals(32, one.hash("PHONE", "13800138000").length);
        assertTrue(java.util.Arrays.equals(
                one.hash("PHONE", "13800138000"), new BlindIndex(KEY_1).hash("PHONE", "13800138000")));
        assertTrue(!java.util.Arrays.equals(one.hash("PHONE", "13800138000"), two.hash("PHONE", "13800138000")));
        assertTrue(!java.util.Arrays.equals(one.hash("PHONE", "13800138000"), one.hash("BANK_ACCOUNT", "13800138000")));
    }
}
