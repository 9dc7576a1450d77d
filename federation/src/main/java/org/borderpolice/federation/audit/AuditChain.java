package org.borderpolice.federation.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/** The chain rule: hash = SHA-256(previous hash, then every field of the row). Plain, testable. */
public final class AuditChain {

    /** The previous hash of the first row. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte SEPARATOR = 0x1f;

    private AuditChain() {}

    public static byte[] hash(byte[] previous, Instant at, AuditEntry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            for (String field : new String[] {
                Long.toString(at.getEpochSecond()),
                Integer.toString(at.getNano()),
                e.actor(),
                e.jurisdiction(),
                e.action(),
                e.recordType(),
                e.recordId(),
                e.detail()
            }) {
                sha.update(SEPARATOR);
                if (field != null) {
                    sha.update(field.getBytes(StandardCharsets.UTF_8));
                } else {
                    sha.update((byte) 0);
                }
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
