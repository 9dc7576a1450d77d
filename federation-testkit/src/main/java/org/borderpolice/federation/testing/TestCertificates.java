package org.borderpolice.federation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and certificates for TLS tests, written as PEM files the way an
 * operator would hand them to a service: a jurisdiction's CA, and certificates it issues for
 * "localhost" that serve both as server and as client certificate.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path directory;

    public TestCertificates() {
        try {
            this.directory = Files.createTempDirectory("border-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A self-signed certificate authority. */
    public Authority authority(String name) {
        try {
            KeyPair keys = rsa();
            X500Name subject = new X500Name("CN=" + name + " CA,O=border-test");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys);
            Path file = write(name + "-ca.crt", pem("CERTIFICATE", certificate.getEncoded()));
            return new Authority(name, keys, certificate, file, List.of());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public final class Authority {
        private final String name;
        private final KeyPair keys;
        private final X509Certificate certificate;
        private final Path certificateFile;
        /** Certificates a holder presents after its own: this authority's and those above it, below the root. */
        private final List<X509Certificate> chain;

        private Authority(
                String name,
                KeyPair keys,
                X509Certificate certificate,
                Path certificateFile,
                List<X509Certificate> chain) {
            this.name = name;
            this.keys = keys;
            this.certificate = certificate;
            this.certificateFile = certificateFile;
            this.chain = chain;
        }

        /** An intermediate CA issued by this one; its certificates carry it in their chain files. */
        public Authority intermediate(String intermediateName) {
            try {
                KeyPair intermediateKeys = rsa();
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = builder(
                                X500Name.getInstance(
                                        certificate.getSubjectX500Principal().getEncoded()),
                                new X500Name("CN=" + intermediateName + " CA,O=border-test"),
                                intermediateKeys)
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                        .addExtension(
                                Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                        .addExtension(
                                Extension.subjectKeyIdentifier,
                                false,
                                ext.createSubjectKeyIdentifier(intermediateKeys.getPublic()));
                X509Certificate issued = sign(builder, keys);
                Path file = write(intermediateName + "-ca.crt", pem("CERTIFICATE", issued.getEncoded()));
                List<X509Certificate> above = new ArrayList<>();
                above.add(issued);
                above.addAll(chain);
                return new Authority(intermediateName, intermediateKeys, issued, file, List.copyOf(above));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** PEM file of the CA certificate (what partners put in their trust list). */
        public Path certificateFile() {
            return certificateFile;
        }

        /** A trust store holding this CA, for HTTPS clients of the test. */
        public KeyStore trustStore() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry(name, certificate);
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A certificate for localhost, usable for TLS server and client authentication. */
        public Issued issue(String commonName) {
            try {
                KeyPair leafKeys = rsa();
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = builder(
                                X500Name.getInstance(
                                        certificate.getSubjectX500Principal().getEncoded()),
                                new X500Name("CN=" + commonName + ",O=border-test"),
                                leafKeys)
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(
                                Extension.keyUsage,
                                true,
                                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                        }))
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(
                                    GeneralName.iPAddress,
                                    InetAddress.getLoopbackAddress().getHostAddress())
                        }))
                        .addExtension(
                                Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                        .addExtension(
                                Extension.subjectKeyIdentifier,
                                false,
                                ext.createSubjectKeyIdentifier(leafKeys.getPublic()));
                X509Certificate leaf = sign(builder, keys);
                String base = commonName.replaceAll("[^A-Za-z0-9-]", "_");
                List<X509Certificate> presented = new ArrayList<>();
                presented.add(leaf);
                presented.addAll(chain);
                Path cert = write(base + ".crt", pems(presented));
                Path key = write(
                        base + ".key", pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()));
                return new Issued(leaf, List.copyOf(presented), cert, key);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * An issued certificate: the chain its holder presents (leaf first), the PEM file of that
     * chain and the PKCS#8 PEM key file.
     */
    public record Issued(X509Certificate certificate, List<X509Certificate> chain, Path certificateFile, Path keyFile) {

        /** The same certificate and key presented with these further certificates appended to its chain. */
        public Issued padded(X509Certificate... extra) {
            List<X509Certificate> longer = new ArrayList<>(chain);
            longer.addAll(List.of(extra));
            try {
                Path file = Files.writeString(
                        certificateFile.resolveSibling(SERIAL.incrementAndGet() + "-padded.crt"), pems(longer));
                return new Issued(certificate, List.copyOf(longer), file, keyFile);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * A key manager that presents exactly this chain, in this order (a JDK key store would
         * refuse a padded one).
         */
        public javax.net.ssl.X509ExtendedKeyManager keyManager() {
            java.security.PrivateKey key;
            try {
                String base64 = Files.readString(keyFile)
                        .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                        .replaceAll("\\s", "");
                key = java.security.KeyFactory.getInstance("RSA")
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                                Base64.getDecoder().decode(base64)));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            X509Certificate[] presented = chain.toArray(X509Certificate[]::new);
            return new javax.net.ssl.X509ExtendedKeyManager() {
                @Override
                public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                    return new String[] {"client"};
                }

                @Override
                public String chooseClientAlias(
                        String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                    return offered(issuers);
                }

                @Override
                public String chooseEngineClientAlias(
                        String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                    return offered(issuers);
                }

                /** Like the JDK's key manager: offered when a certificate of the chain names an issuer the server asks for. */
                private String offered(java.security.Principal[] issuers) {
                    if (issuers == null || issuers.length == 0) {
                        return "client";
                    }
                    java.util.Set<java.security.Principal> wanted = java.util.Set.of(issuers);
                    return java.util.Arrays.stream(presented).anyMatch(c -> wanted.contains(c.getIssuerX500Principal()))
                            ? "client"
                            : null;
                }

                @Override
                public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                    return null;
                }

                @Override
                public String chooseServerAlias(
                        String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                    return null;
                }

                @Override
                public X509Certificate[] getCertificateChain(String alias) {
                    return presented.clone();
                }

                @Override
                public java.security.PrivateKey getPrivateKey(String alias) {
                    return key;
                }
            };
        }

        /** The presented chain, as a TLS session reports it. */
        public java.security.cert.Certificate[] presented() {
            return chain.toArray(java.security.cert.Certificate[]::new);
        }
    }

    private static String pems(List<X509Certificate> certificates) throws GeneralSecurityException {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            out.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return out.toString();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Each file gets a name of its own: two authorities may share a name, not a file. */
    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(SERIAL.incrementAndGet() + "-" + name), content);
    }
}
