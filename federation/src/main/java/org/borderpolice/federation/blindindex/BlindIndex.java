package org.borderpolice.federation.blindindex;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of identifiers (blind index) for hit/no-hit checks: HMAC-SHA256 over
 * "&lt;KIND&gt;:&lt;normalised value&gt;" with a key the agreement's partners share. Equal
 * identifiers give equal hashes at every partner; without the key, a hash reveals nothing.
 */
public final class BlindIndex {

    private final SecretKeySpec key;

    /** @param base64Key at least 32 random bytes, base64 */
    public BlindIndex(String base64Key) {
        byte[] bytes = Base64.getDecoder().decode(base64Key.trim());
        if (bytes.length < 32) {
            throw new IllegalArgumentException("the blind-index key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The keyed hash of an identifier already in normal form. */
    public byte[] hash(String kind, String normalisedValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((kind + ":" + normalisedValue).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
