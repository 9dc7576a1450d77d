package org.borderpolice.federation.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys of audit statements: PEM or base64 DER in, signatures out. Plain, testable. */
public final class AuditKeys {

    private static final String ALGORITHM = "Ed25519";

    private AuditKeys() {}

    public static PrivateKey privateKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    public static PublicKey publicKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509): " + e.getMessage(), e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] statement) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(statement);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] statement, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(statement);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether {@code signatureBytes} is our own signature of {@code statement}, judged with our
     * private key alone: Ed25519 signing is deterministic (RFC 8032, 5.1.6), so the signature we
     * would make now is the only one we ever made of these bytes. Saves configuring our own public
     * key next to the private one.
     */
    public static boolean isOwn(PrivateKey key, byte[] statement, byte[] signatureBytes) {
        return signatureBytes != null && java.security.MessageDigest.isEqual(sign(key, statement), signatureBytes);
    }

    static byte[] der(String pemOrBase64) {
        String body = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
