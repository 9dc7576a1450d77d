package org.borderpolice.federation.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partners' trust certificates (their CAs) and the question "under whose CA was this client
 * certificate issued?". The TLS handshake has already verified the chain against all of them;
 * this tells which partner(s) it belongs to, so a partner's token cannot ride on another
 * partner's certificate. Plain class: no container needed.
 */
public final class PartnerCertificates {

    private final Map<String, List<X509Certificate>> authorities;

    public PartnerCertificates(Map<String, List<X509Certificate>> authorities) {
        this.authorities = new LinkedHashMap<>(authorities);
    }

    /** Every partner's trust certificate file, read now; a partner without one is an error. */
    public static PartnerCertificates fromTrustList(TrustList trustList) {
        Map<String, List<X509Certificate>> authorities = new LinkedHashMap<>();
        trustList.partners().forEach((code, partner) -> {
            String file = partner.tls().trustCertificate().orElseThrow(() -> new IllegalStateException(
                    "mutual TLS needs border.federation.partners." + code + ".tls.trust-certificate"));
            authorities.put(code, read(Path.of(file)));
        });
        return new PartnerCertificates(authorities);
    }

    /** The certificates of a PEM file (one or a bundle). */
    public static List<X509Certificate> read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException(pem + " holds no certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read trust certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** All trust certificates, for the server's trust store. */
    public List<X509Certificate> all() {
        return authorities.values().stream().flatMap(List::stream).distinct().toList();
    }

    /**
     * Partners under whose trust certificate this chain (leaf first) was issued: one normally,
     * several where partners share a CA, none for a foreign chain.
     */
    public Set<String> partnersOf(Certificate[] chain) {
        Set<String> partners = new TreeSet<>();
        authorities.forEach((code, cas) -> {
            if (cas.stream().anyMatch(ca -> anchors(ca, chain))) {
                partners.add(code);
            }
        });
        return partners;
    }

    private static boolean anchors(X509Certificate ca, Certificate[] chain) {
        return Arrays.stream(chain).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast)
                .anyMatch(c -> c.equals(ca) || issuedBy(c, ca));
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
