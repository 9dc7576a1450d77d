package org.borderpolice.federation.grpc;

import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.trust.PartnerCertificates;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Server side of mutual TLS (border.federation.mutual-tls.enabled). With gRPC only on the HTTPS
 * port (mutual-tls.grpc-only, on by default) the server requires a client certificate at the
 * handshake (review 28 S3: only partners call that port, and a client without one learns nothing,
 * not even a 404); with the opt-out it asks for one (REQUEST: users' REST calls on the same port
 * have none). It trusts exactly the partners' trust certificates from the trust list, so there is no
 * second list of CAs to keep in step. Which partner a verified certificate stands for is
 * worked out once per TLS session.
 */
@ApplicationScoped
public class MutualTlsServer implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(MutualTlsServer.class);
    private static final String SESSION_PARTNERS = "border.certified-partners";

    private final boolean enabled;
    private final boolean grpcOnly;
    private final TrustList trustList;
    /** Read when the HTTP server starts: a partner without a trust certificate stops the start-up. */
    private final PartnerCertificates certificates;

    @Inject
    public MutualTlsServer(TrustList trustList) {
        this.enabled = trustList.config().mutualTls().enabled();
        this.grpcOnly = trustList.config().mutualTls().grpcOnlyInEffect();
        this.trustList = trustList;
        this.certificates = enabled ? PartnerCertificates.fromTrustList(trustList) : null;
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if (!enabled) {
            return;
        }
        PemTrustOptions trust = new PemTrustOptions();
        for (X509Certificate ca : certificates.all()) {
            trust.addCertValue(Buffer.buffer(pem(ca)));
        }
        options.setClientAuth(grpcOnly ? ClientAuth.REQUIRED : ClientAuth.REQUEST)
                .setTrustOptions(trust);
        LOG.infof(
                "mutual TLS: HTTPS %s client certificates issued under the trust certificates of partners %s",
                grpcOnly ? "requires" : "asks for", trustList.partners().keySet());
        if (!grpcOnly) {
            // the documented opt-out: say so where operators look (review 28, COULD)
            LOG.warn("mutual TLS with border.federation.mutual-tls.grpc-only=false: the HTTPS port partners reach "
                    + "also serves the REST API and admits clients without a certificate");
        }
    }

    /** Partners a TLS session's verified client certificate stands for; empty without one. */
    Set<String> partnersOf(SSLSession session) {
        if (session == null) {
            return Set.of();
        }
        if (session.getValue(SESSION_PARTNERS) instanceof Set<?> known) {
            @SuppressWarnings("unchecked")
            Set<String> partners = (Set<String>) known;
            return partners;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Set.of();
        }
        Set<String> partners = Set.copyOf(certificates.partnersOf(chain));
        session.putValue(SESSION_PARTNERS, partners);
        return partners;
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
