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
        assertArrayEquals(
                AuditChain.hash(AuditChain.GENESIS, at, entry), AuditChain.hash(AuditChain.GENESIS, at, entry));
        assertEquals(32, AuditChain.hash(AuditChain.GENESIS, at, entry).length);
    }

    @Test
    void anyChangeOfContentOrPredecessorChangesTheHash() {
        byte[] original = AuditChain.hash(AuditChain.GENESIS, at, entry);
        byte[] otherPrevious = new byte[32];
        otherPrevious[0] = 1;
        assertFalse(Arrays.equals(original, AuditChain.hash(otherPrevious, at, entry)));
        assertFalse(Arrays.equals(original, AuditChain.hash(AuditChain.GENESIS, at.plusNanos(1000), entry)));
        assertFalse(Arrays.equals(
                original,
                AuditChain.hash(
                        AuditChain.GENESIS,
                        at,
                        new AuditEntry("officer-2", "330881", "alert.read", "intel.alert", "a1", null))));
        assertFalse(Arrays.equals(
                original,
                AuditChain.hash(
                        AuditChain.GENESIS,
                        at,
                        new AuditEntry("officer-1", "330881", "alert.read", "intel.alert", "a1", ""))));
        // moving text between fields is a change too
        assertFalse(Arrays.equals(
                AuditChain.hash(AuditChain.GENESIS, at, new AuditEntry("ab", "c", "x", null, null, null)),
                AuditChain.hash(AuditChain.GENESIS, at, new AuditEntry("a", "bc", "x", null, null, null))));
    }

    @Test
    void signedHeadsVerifyWithTheSignersKeyOnly() throws Exception {
        var signer = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder()
                        .encodeToString(signer.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
        String publicBase64 =
                java.util.Base64.getEncoder().encodeToString(signer.getPublic().getEncoded());
        byte[] statement = "330881 intel-sharing 42".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = AuditKeys.sign(AuditKeys.privateKey(privatePem), statement);
        org.junit.jupiter.api.Assertions.assertTrue(
                AuditKeys.verify(AuditKeys.publicKey(publicBase64), statement, signature));
        assertFalse(AuditKeys.verify(other.getPublic(), statement, signature));
        byte[] changed = statement.clone();
        changed[changed.length - 1] = '3';
        assertFalse(AuditKeys.verify(AuditKeys.publicKey(publicBase64), changed, signature));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> AuditKeys.publicKey("bm90IGEga2V5"));
    }
}
