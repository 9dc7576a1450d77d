package org.borderpolice.federation.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.testing.TestCertificates;
import org.borderpolice.federation.testing.TestConfigs;
import org.junit.jupiter.api.Test;

class PartnerCertificatesTest {

    static final TestCertificates TLS = new TestCertificates();
    static final TestCertificates.Authority PUCHENG_CA = TLS.authority("pucheng");
    static final TestCertificates.Authority GUANGFENG_CA = TLS.authority("guangfeng");

    final PartnerCertificates partners = new PartnerCertificates(Map.of(
            "350722", PartnerCertificates.read(PUCHENG_CA.certificateFile()),
            "361103", PartnerCertificates.read(GUANGFENG_CA.certificateFile())));

    static Certificate[] chain(TestCertificates.Issued issued) {
        return new Certificate[] {issued.certificate()};
    }

    @Test
    void aCertificateStandsForThePartnerWhoseCaIssuedIt() {
        assertEquals(Set.of("350722"), partners.partnersOf(chain(PUCHENG_CA.issue("intel-sharing.350722"))));
        assertEquals(Set.of("361103"), partners.partnersOf(chain(GUANGFENG_CA.issue("intel-sharing.361103"))));
    }

    @Test
    void aChainThatCarriesTheCaItselfIsRecognised() {
        Certificate[] chain = {PUCHENG_CA.issue("relay.350722").certificate(), PUCHENG_CA.certificate()};
        assertEquals(Set.of("350722"), partners.partnersOf(chain));
    }

    @Test
    void aLeafOfGuangfengWithPuchengsCaAppendedIsNotPucheng() {
        // Guangfeng pads its chain with Pucheng's CA certificate (public: every partner holds it)
        TestCertificates.Issued padded = GUANGFENG_CA.issue("relay.361103").padded(PUCHENG_CA.certificate());
        assertEquals(Set.of("361103"), partners.partnersOf(padded.presented()));
        // wherever in the chain it goes
        assertEquals(Set.of("361103"), partners.partnersOf(new Certificate[] {
            GUANGFENG_CA.issue("relay.361103").certificate(), PUCHENG_CA.certificate(), GUANGFENG_CA.certificate()
        }));
        // and a foreign leaf padded with Pucheng's CA stands for no one
        TestCertificates.Issued foreign =
                TLS.authority("outsider").issue("relay.330822").padded(PUCHENG_CA.certificate());
        assertEquals(Set.of(), partners.partnersOf(foreign.presented()));
    }

    @Test
    void aPinnedCertificateStandsForItsPartner() {
        TestCertificates.Issued pinned = PUCHENG_CA.issue("relay.350722");
        PartnerCertificates pinning = new PartnerCertificates(Map.of("350722", List.of(pinned.certificate())));
        assertEquals(Set.of("350722"), pinning.partnersOf(chain(pinned)));
        assertEquals(Set.of(), pinning.partnersOf(chain(PUCHENG_CA.issue("relay.350722"))));
    }

    @Test
    void anotherPartnersIntermediateCannotCarryALeafToPucheng() {
        // an intermediate CA under Guangfeng's root, presented together with Pucheng's root
        TestCertificates.Authority guangfengIssuing = GUANGFENG_CA.intermediate("guangfeng-issuing");
        TestCertificates.Issued padded = guangfengIssuing.issue("relay.361103").padded(PUCHENG_CA.certificate());
        assertEquals(Set.of("361103"), partners.partnersOf(padded.presented()));
    }

    @Test
    void aLeafUnderAPartnersIntermediateNeedsTheIntermediateInItsChain() {
        TestCertificates.Authority puchengIssuing = PUCHENG_CA.intermediate("pucheng-issuing");
        TestCertificates.Issued issued = puchengIssuing.issue("relay.350722");
        assertEquals(Set.of("350722"), partners.partnersOf(issued.presented()));
        assertEquals(Set.of(), partners.partnersOf(chain(issued)), "the leaf alone does not reach Pucheng's root");
    }

    @Test
    void aNameAloneProvesNothing() {
        // a foreign CA with the same name as Pucheng's: same issuer name, other key
        TestCertificates.Authority impostor = TLS.authority("pucheng");
        assertEquals(Set.of(), partners.partnersOf(chain(impostor.issue("intel-sharing.350722"))));
    }

    @Test
    void partnersSharingOneCaAreBothNamed() {
        PartnerCertificates shared = new PartnerCertificates(
                Map.of("350722", List.of(PUCHENG_CA.certificate()), "330822", List.of(PUCHENG_CA.certificate())));
        assertEquals(Set.of("330822", "350722"), shared.partnersOf(chain(PUCHENG_CA.issue("x"))));
        assertEquals(1, shared.all().size());
    }

    static TrustList trustList(Map<String, String> settings) {
        return new TrustList(TestConfigs.jiangshan(settings));
    }

    @Test
    void theTrustListGivesEachPartnersCertificates() {
        PartnerCertificates fromConfig = PartnerCertificates.fromTrustList(trustList(Map.of(
                "border.federation.partners.350722.tls.trust-certificate",
                PUCHENG_CA.certificateFile().toString())));
        assertEquals(Set.of("350722"), fromConfig.partnersOf(chain(PUCHENG_CA.issue("relay.350722"))));
    }

    @Test
    void aPartnerWithoutAReadableTrustCertificateStopsTheStartUp() {
        var missing =
                assertThrows(IllegalStateException.class, () -> PartnerCertificates.fromTrustList(trustList(Map.of())));
        assertEquals("mutual TLS needs border.federation.partners.350722.tls.trust-certificate", missing.getMessage());
        var unreadable = assertThrows(
                IllegalStateException.class,
                () -> PartnerCertificates.fromTrustList(trustList(Map.of(
                        "border.federation.partners.350722.tls.trust-certificate", "/nonexistent/350722-ca.pem"))));
        assertTrue(unreadable.getMessage().startsWith("cannot read trust certificate /nonexistent/350722-ca.pem"));
    }

    @Test
    void aBundleFileGivesEveryCertificate() throws Exception {
        var bundle = Files.createTempFile("bundle", ".pem");
        Files.writeString(
                bundle,
                Files.readString(PUCHENG_CA.certificateFile()) + Files.readString(GUANGFENG_CA.certificateFile()));
        assertEquals(2, PartnerCertificates.read(bundle).size());
        var empty = Files.createTempFile("empty", ".pem");
        assertThrows(IllegalStateException.class, () -> PartnerCertificates.read(empty));
    }
}
