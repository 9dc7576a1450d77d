package org.borderpolice.federation.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * An identity provider of a jurisdiction, for tests: an issuer URL and an RSA key pair that
 * signs real JWTs. Its public key goes into the trust list of the services under test.
 */
public final class TestIssuer {

    private final String jurisdiction;
    private final String issuer;
    private final KeyPair keys;

    public TestIssuer(String jurisdiction) {
        this(jurisdiction, "https://idp." + jurisdiction + ".test/realms/border");
    }

    public TestIssuer(String jurisdiction, String issuer) {
        this.jurisdiction = jurisdiction;
        this.issuer = issuer;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestIssuer(String jurisdiction, String issuer, KeyPair keys) {
        this.jurisdiction = jurisdiction;
        this.issuer = issuer;
        this.keys = keys;
    }

    /**
     * The issuer whose keys are these ({@link #privateKeyPem()} and {@link #publicKeyPem()} of
     * another instance): how a {@code @QuarkusTest} signs with the keys its test resource made.
     */
    public static TestIssuer withKeys(String jurisdiction, String issuer, String privateKeyPem, String publicKeyPem) {
        try {
            java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
            byte[] privateDer = Base64.getMimeDecoder().decode(privateKeyPem.replaceAll("-----[A-Z ]+-----", ""));
            byte[] publicDer = Base64.getMimeDecoder().decode(publicKeyPem);
            return new TestIssuer(
                    jurisdiction,
                    issuer,
                    new KeyPair(
                            rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(publicDer)),
                            rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(privateDer))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA key pair", e);
        }
    }

    public String jurisdiction() {
        return jurisdiction;
    }

    public String issuer() {
        return issuer;
    }

    public String publicKeyPem() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The id of this issuer's key ("kid"), as its JWKS names it. */
    public String keyId() {
        return "test-" + jurisdiction + "-"
                + Integer.toHexString(keys.getPublic().hashCode());
    }

    /** The JSON Web Key Set an identity provider publishes for this issuer: its public key under {@link #keyId()}. */
    public String jwks() {
        java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) keys.getPublic();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + keyId()
                + "\",\"n\":\"" + url.encodeToString(unsigned(key.getModulus()))
                + "\",\"e\":\"" + url.encodeToString(unsigned(key.getPublicExponent())) + "\"}]}";
    }

    private static byte[] unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** A token for a user of this jurisdiction, audience border-&lt;audienceJurisdiction&gt;. */
    public TokenBuilder token(String audienceJurisdiction) {
        return new TokenBuilder(audienceJurisdiction);
    }

    public final class TokenBuilder {
        private final Set<String> roles = new LinkedHashSet<>();
        private final Set<String> audiences = new LinkedHashSet<>();
        private String client;
        private boolean clientSet;
        private final java.util.Map<String, Object> extraClaims = new java.util.LinkedHashMap<>();
        private String subject = "officer-" + jurisdiction;
        private String unit;
        private String jurisdictionClaim = jurisdiction;
        private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10));
        private String issuerClaim = issuer;
        private boolean withKeyId;

        private TokenBuilder(String audienceJurisdiction) {
            this.audiences.add("border-" + audienceJurisdiction);
        }

        /** Name the signing key in the header ("kid"), as identity providers publishing a JWKS do. */
        public TokenBuilder keyId() {
            withKeyId = true;
            return this;
        }

        public TokenBuilder roles(String... names) {
            roles.addAll(Set.of(names));
            return this;
        }

        public TokenBuilder unit(String value) {
            unit = value;
            return this;
        }

        public TokenBuilder subject(String value) {
            subject = value;
            return this;
        }

        public TokenBuilder audience(String value) {
            audiences.clear();
            audiences.add(value);
            return this;
        }

        /** Several audiences ("aud" as an array). */
        public TokenBuilder audiences(String... values) {
            audiences.clear();
            audiences.addAll(java.util.List.of(values));
            return this;
        }

        /**
         * The authorised party ("azp"): the client the token was issued to. Default: the
         * jurisdiction's relay client (border-relay) for a token with role peer, a portal client
         * for others; null leaves it out.
         */
        public TokenBuilder client(String value) {
            client = value;
            clientSet = true;
            return this;
        }

        /** Any further claim. */
        public TokenBuilder claim(String name, String value) {
            extraClaims.put(name, value);
            return this;
        }

        /** Any further claim of another JSON type (a number, a list: what a careless issuer may send). */
        public TokenBuilder claim(String name, Object value) {
            extraClaims.put(name, value);
            return this;
        }

        /** Claim another jurisdiction than the issuer's (a forgery the services must refuse). */
        public TokenBuilder jurisdictionClaim(String value) {
            jurisdictionClaim = value;
            return this;
        }

        public TokenBuilder issuerClaim(String value) {
            issuerClaim = value;
            return this;
        }

        public TokenBuilder expiresIn(Duration lifetime) {
            expiresAt = Instant.now().plus(lifetime);
            return this;
        }

        public TokenBuilder expiredSince(Duration ago) {
            expiresAt = Instant.now().minus(ago);
            return this;
        }

        private JwtClaimsBuilder claims() {
            JwtClaimsBuilder claims = Jwt.issuer(issuerClaim)
                    .subject(subject)
                    .audience(audiences)
                    .groups(roles)
                    .issuedAt(Instant.now().minus(Duration.ofMinutes(20)))
                    .expiresAt(expiresAt);
            String azp = clientSet ? client : roles.contains("peer") ? "border-relay" : "border-portal";
            if (azp != null) {
                claims.claim("azp", azp);
            }
            extraClaims.forEach(claims::claim);
            if (jurisdictionClaim != null) {
                claims.claim("jurisdiction", jurisdictionClaim);
            }
            if (unit != null) {
                claims.claim("unit", unit);
            }
            return claims;
        }

        public String sign() {
            var jws = claims().jws();
            if (withKeyId) {
                jws.keyId(TestIssuer.this.keyId());
            }
            return jws.sign(keys.getPrivate());
        }

        /** Signed with a key that is not this issuer's. */
        public String signWithForeignKey() {
            return claims().jws().sign(new TestIssuer(jurisdiction, issuer).keys.getPrivate());
        }

        /** The same claims with "alg": "none" and no signature. */
        public String unsigned() {
            String signed = sign();
            String payload = signed.split("\\.")[1];
            String header = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            return header + "." + payload + ".";
        }
    }
}
