package org.borderpolice.federation.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partners' trust certificates (their CAs) and the question "under whose CA was this client
 * certificate issued?". The TLS handshake has already verified the chain against all of them;
 * this tells which partner(s) its leaf belongs to, so a partner's token cannot ride on another
 * partner's certificate, however the chain is padded. Plain class: no container needed.
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
            String file = partner.tls()
                    .trustCertificate()
                    .orElseThrow(() -> new IllegalStateException(
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
     * Partners whose trust certificates the presented chain's leaf (its first certificate) chains
     * to: one normally, several where partners share a CA, none for a foreign chain. For each
     * partner a certification path is built from the leaf with only that partner's certificates
     * as anchors and the rest of the presented chain as candidate intermediates; other
     * certificates appended to the chain (another partner's CA) prove nothing.
     */
    public Set<String> partnersOf(Certificate[] chain) {
        Set<String> partners = new TreeSet<>();
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return partners;
        }
        List<X509Certificate> intermediates = Arrays.stream(chain)
                .skip(1)
                .filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast)
                .toList();
        authorities.forEach((code, cas) -> {
            if (chainsTo(leaf, intermediates, cas)) {
                partners.add(code);
            }
        });
        return partners;
    }

    /** Does a valid certification path lead from this leaf to one of these anchors? */
    static boolean chainsTo(X509Certificate leaf, List<X509Certificate> intermediates, List<X509Certificate> anchors) {
        if (anchors.contains(leaf)) {
            // the trust list pins this very certificate
            return true;
        }
        try {
            Set<TrustAnchor> trustAnchors = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trustAnchors.add(new TrustAnchor(anchor, null));
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustAnchors, target);
            // revocation is not part of the trust list (no CRL or OCSP endpoints between jurisdictions)
            parameters.setRevocationEnabled(false);
            List<X509Certificate> candidates = new ArrayList<>(intermediates);
            candidates.add(leaf);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return true;
        } catch (CertPathBuilderException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot check a client certificate path: " + e.getMessage(), e);
        }
    }
}
