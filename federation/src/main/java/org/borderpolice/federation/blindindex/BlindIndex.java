package org.borderpolice.federation.blindindex;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of identifiers (blind index) for hit/no-hit checks: HMAC-SHA256 over
 * "&lt;KIND&gt;:&lt;normalised value&gt;" with a key the agreement's partners share. Equal
 * identifiers give equal hashes at every partner. Without the key a hash reveals nothing; with
 * it, anyone can hash guesses (README, "Blind-index key": every partner holds the key).
 */
public final class BlindIndex {

    /** Shortest key accepted: 256 bits, the size of the HMAC's output. */
    public static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    /**
     * @param base64Key at least 32 random bytes, base64
     * @throws IllegalArgumentException if it is not base64 or too short (the message says which)
     */
    public BlindIndex(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the blind-index key is not base64");
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the blind-index key must have at least " + MIN_KEY_BYTES + " bytes (has " + bytes.length + ")");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The keyed hash of an identifier already in normal form. */
    public byte[] hash(String kind, String normalisedValue) {
        return mac((kind + ":" + normalisedValue).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Tells keys apart without revealing them: hex of the HMAC of a fixed label. A database
     * remembers it per key version, so that a version number reused with another key is noticed.
     */
    public String fingerprint() {
        return HexFormat.of()
                .formatHex(mac("border-blind-index-key-fingerprint".getBytes(StandardCharsets.US_ASCII)), 0, 16);
    }

    private byte[] mac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
