package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.MismatchEvidence;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What we make of a partner's answer about our chain (HeldHeads): only statements signed by us,
 * of our jurisdiction and service, count; a mismatch only with two of them that contradict each
 * other; a bare count proves nothing (review of issue 21, audit #3).
 */
class AuditAnchorsTest {

    static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final KeyPair OURS = keyPair();
    static final KeyPair SOMEONE_ELSES = keyPair();

    final AuditAnchors anchors;

    AuditAnchorsTest() {
        FederationConfig config = TestConfigs.jiangshan(Map.of(
                "border.federation.audit.signing-key",
                Base64.getEncoder().encodeToString(OURS.getPrivate().getEncoded()),
                "border.federation.partners.350722.endpoints.intel-sharing",
                "localhost:1"));
        anchors = new AuditAnchors(null, new TrustList(config), config, null, new SimpleMeterRegistry(), null);
    }

    static SignedHead head(
            KeyPair key, String jurisdiction, long position, byte[] hash, Instant at, ChainHead.Kind kind) {
        byte[] statement = ChainHead.newBuilder()
                .setJurisdiction(jurisdiction)
                .setService("intel-sharing")
                .setPosition(position)
                .setHash(ByteString.copyFrom(hash))
                .setSignedAtMillis(at.toEpochMilli())
                .setKind(kind)
                .build()
                .toByteArray();
        return SignedHead.newBuilder()
                .setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(AuditKeys.sign(key.getPrivate(), statement)))
                .build();
    }

    static byte[] hash(int b) {
        byte[] h = new byte[32];
        h[0] = (byte) b;
        return h;
    }

    @Test
    void ourSignatureIsRecognisedWithOurPrivateKeyAlone() {
        SignedHead signed = head(OURS, "330881", 7, hash(1), Instant.now(), ChainHead.Kind.HEAD);
        assertTrue(anchors.own(signed, ChainHead.Kind.HEAD).isPresent());
        assertFalse(anchors.own(signed, ChainHead.Kind.VERIFIED_THROUGH).isPresent(), "another kind");
        assertFalse(
                anchors.own(
                                head(SOMEONE_ELSES, "330881", 7, hash(1), Instant.now(), ChainHead.Kind.HEAD),
                                ChainHead.Kind.HEAD)
                        .isPresent(),
                "another key");
        assertFalse(
                anchors.own(head(OURS, "350722", 7, hash(1), Instant.now(), ChainHead.Kind.HEAD), ChainHead.Kind.HEAD)
                        .isPresent(),
                "another jurisdiction");
        SignedHead tampered = signed.toBuilder()
                .setSignature(ByteString.copyFrom(new byte[64]))
                .build();
        assertFalse(anchors.own(tampered, ChainHead.Kind.HEAD).isPresent());
    }

    @Test
    void aHeadThatIsNotOursMakesTheAnswerInvalidNotAMismatch() {
        AuditAnchors.PartnerView view = anchors.view(
                "350722",
                HeldHeadsResponse.newBuilder()
                        .setLatest(head(
                                SOMEONE_ELSES, "330881", 1_000_000_000, hash(9), Instant.now(), ChainHead.Kind.HEAD))
                        .setMismatches(1)
                        .build());
        assertNotNull(view.invalid());
        assertNull(view.latest());
        assertTrue(view.evidence().isEmpty());
    }

    @Test
    void aMismatchNeedsTwoOfOurStatementsThatContradictEachOther() {
        Instant earlier = Instant.now().minusSeconds(120);
        SignedHead held = head(OURS, "330881", 10, hash(1), earlier, ChainHead.Kind.HEAD);
        MismatchEvidence rewritten = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(head(OURS, "330881", 10, hash(2), Instant.now(), ChainHead.Kind.HEAD))
                .setReason("rewritten")
                .build();
        MismatchEvidence shrunk = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(AuditAnchors.sign(
                        OURS.getPrivate(),
                        "330881",
                        "intel-sharing",
                        new AuditAnchors.Head(4, hash(3)),
                        ChainHead.Kind.NOT_FOUND_AT,
                        10))
                .setReason("removed")
                .build();
        MismatchEvidence hole = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(AuditAnchors.sign(
                        OURS.getPrivate(),
                        "330881",
                        "intel-sharing",
                        new AuditAnchors.Head(12, hash(4)),
                        ChainHead.Kind.NOT_FOUND_AT,
                        10))
                .setReason("a hole")
                .build();
        // no contradiction: the same hash; a lower head (also one signed later: anyone gets it by
        // asking, final review #1); not found at another position; someone else's statement
        MismatchEvidence same = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(head(OURS, "330881", 10, hash(1), Instant.now(), ChainHead.Kind.HEAD))
                .build();
        MismatchEvidence olderLower = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(head(OURS, "330881", 4, hash(3), Instant.now(), ChainHead.Kind.HEAD))
                .build();
        MismatchEvidence notFoundElsewhere = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(AuditAnchors.sign(
                        OURS.getPrivate(),
                        "330881",
                        "intel-sharing",
                        new AuditAnchors.Head(4, hash(3)),
                        ChainHead.Kind.NOT_FOUND_AT,
                        11))
                .build();
        MismatchEvidence forged = MismatchEvidence.newBuilder()
                .setHeld(held)
                .setStated(head(SOMEONE_ELSES, "330881", 10, hash(2), Instant.now(), ChainHead.Kind.HEAD))
                .build();
        AuditAnchors.PartnerView view = anchors.view(
                "350722",
                HeldHeadsResponse.newBuilder()
                        .setLatest(held)
                        .setMismatches(7)
                        .addEvidence(rewritten)
                        .addEvidence(shrunk)
                        .addEvidence(hole)
                        .addEvidence(same)
                        .addEvidence(olderLower)
                        .addEvidence(notFoundElsewhere)
                        .addEvidence(forged)
                        .build());
        assertNull(view.invalid());
        assertEquals(3, view.evidence().size());
        assertEquals(4, view.unprovenMismatches());
        assertArrayEquals(hash(2), view.evidence().get(0).stated().hash());
        assertEquals(4, view.evidence().get(1).stated().position());
    }

    /**
     * Final review #1: an anchor of ours and a later answer of ours to Prove at a lower position
     * are both real statements, and together prove nothing: the partner asked for the lower one.
     */
    @Test
    void anAnchorAndALaterProofOfALowerPositionAreNoEvidence() throws Exception {
        org.borderpolice.federation.testing.PostgresServer.Database db =
                org.borderpolice.federation.testing.PostgresServer.get().createDatabase("prove");
        db.migrateFederation();
        try (io.agroal.api.AgroalDataSource dataSource = io.agroal.api.AgroalDataSource.from(
                new io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool -> pool.maxSize(2)
                                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                        .principal(new io.agroal.api.security.NamePrincipal(
                                                db.application().user()))
                                        .credential(new io.agroal.api.security.SimplePassword(
                                                db.application().password())))))) {
            AuditLog log = new AuditLog(dataSource);
            AuditLinker linker = new AuditLinker(dataSource);
            try {
                for (int i = 0; i < 10; i++) {
                    log.append(new AuditEntry("officer", "330881", "test.read", "test", "r" + i, "detail " + i));
                }
                while (linker.link() > 0) {
                    // until all are linked
                }
                FederationConfig config = TestConfigs.jiangshan(Map.of(
                        "border.federation.audit.signing-key",
                        Base64.getEncoder().encodeToString(OURS.getPrivate().getEncoded()),
                        "border.federation.partners.350722.endpoints.intel-sharing",
                        "localhost:1"));
                AuditAnchors real = new AuditAnchors(
                        dataSource, new TrustList(config), config, null, new SimpleMeterRegistry(), linker);
                SignedHead anchor = real.sign(real.head().orElseThrow(), ChainHead.Kind.HEAD);
                Thread.sleep(5); // the proof is signed later than the anchor
                SignedHead provenLower = real.prove(4).getHead();
                SignedHead notFoundHigher = real.prove(1_000).getHead();
                AuditAnchors.PartnerView view = real.view(
                        "350722",
                        HeldHeadsResponse.newBuilder()
                                .setLatest(anchor)
                                .setMismatches(2)
                                .addEvidence(MismatchEvidence.newBuilder()
                                        .setHeld(anchor)
                                        .setStated(provenLower)
                                        .setReason("forged"))
                                .addEvidence(MismatchEvidence.newBuilder()
                                        .setHeld(anchor)
                                        .setStated(notFoundHigher)
                                        .setReason("forged"))
                                .build());
                assertNull(view.invalid(), view.invalid());
                assertTrue(view.evidence().isEmpty(), "real statements paired by the partner: " + view.evidence());
                assertEquals(2, view.unprovenMismatches());
            } finally {
                linker.release();
            }
        }
    }

    @Test
    void aCheckpointCountsOnlyIfOursAndOfItsKind() {
        AuditAnchors.PartnerView view = anchors.view(
                "350722",
                HeldHeadsResponse.newBuilder()
                        .setCheckpoint(head(OURS, "330881", 5, hash(1), Instant.now(), ChainHead.Kind.HEAD))
                        .build());
        assertNull(view.checkpoint(), "a head is not a checkpoint");
        view = anchors.view(
                "350722",
                HeldHeadsResponse.newBuilder()
                        .setCheckpoint(head(OURS, "330881", 5, hash(1), Instant.now(), ChainHead.Kind.VERIFIED_THROUGH))
                        .build());
        assertEquals(5, view.checkpoint().position());
    }

    static HeldHeadsResponse more(long before) {
        return HeldHeadsResponse.newBuilder().setMoreEvidenceBefore(before).build();
    }

    /**
     * Evidence comes a page at a time: every page is read while the cursor goes back, up to
     * {@link AuditAnchors#EVIDENCE_PAGES}; an answer with pages left unread, or whose cursor does
     * not go back, is not relied on (never MATCHES), without being a mismatch either.
     */
    @Test
    void evidenceIsReadPageByPageAndAnAnswerWithPagesLeftIsNotReliedOn() throws Exception {
        MismatchEvidence piece = MismatchEvidence.newBuilder()
                .setHeld(head(OURS, "330881", 5, hash(1), Instant.now(), ChainHead.Kind.HEAD))
                .setStated(head(OURS, "330881", 5, hash(2), Instant.now(), ChainHead.Kind.AT_POSITION))
                .setReason("another hash")
                .build();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        HeldHeadsResponse ends = AuditAnchors.allPages(more(3), before -> {
            asked.incrementAndGet();
            return more(before - 1).toBuilder().addEvidence(piece).build();
        });
        assertEquals(3, asked.get(), "pages before 3, 2 and 1");
        assertEquals(3, ends.getEvidenceCount());
        AuditAnchors.PartnerView all = anchors.view("350722", ends);
        assertNull(all.invalid());
        assertEquals(3, all.evidence().size());

        HeldHeadsResponse stuck = AuditAnchors.allPages(more(7), AuditAnchorsTest::more);
        assertNotNull(anchors.view("350722", stuck).invalid(), "a cursor that does not go back");

        asked.set(0);
        HeldHeadsResponse endless = AuditAnchors.allPages(more(Long.MAX_VALUE), before -> {
            asked.incrementAndGet();
            return more(before - 1);
        });
        assertEquals(AuditAnchors.EVIDENCE_PAGES - 1, asked.get());
        AuditAnchors.PartnerView flooded = anchors.view("350722", endless);
        assertTrue(flooded.invalid().contains("more mismatch evidence than"), flooded.invalid());
    }

    /** A hostile partner's pages: more pieces than a page holds, or a page padded past its bytes, are not read on. */
    @Test
    void aPageBeyondTheProtocolsBoundsIsNotReliedOn() throws Exception {
        MismatchEvidence piece = MismatchEvidence.newBuilder()
                .setHeld(head(OURS, "330881", 5, hash(1), Instant.now(), ChainHead.Kind.HEAD))
                .setStated(head(OURS, "330881", 5, hash(2), Instant.now(), ChainHead.Kind.AT_POSITION))
                .setReason("another hash")
                .build();
        HeldHeadsResponse.Builder eleven = HeldHeadsResponse.newBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.addEvidence(piece);
        }
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        AuditAnchors.InvalidAnswer later = org.junit.jupiter.api.Assertions.assertThrows(
                AuditAnchors.InvalidAnswer.class,
                () -> AuditAnchors.allPages(more(Long.MAX_VALUE), before -> {
                    asked.incrementAndGet();
                    return eleven.setMoreEvidenceBefore(before - 1).build();
                }));
        assertEquals(1, asked.get(), "no page asked for after the oversized one");
        assertTrue(later.getMessage().contains("11 pieces"), later.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
                AuditAnchors.InvalidAnswer.class,
                () -> AuditAnchors.allPages(eleven.build(), before -> {
                    throw new AssertionError("no page after an oversized first one");
                }));
        HeldHeadsResponse padded = HeldHeadsResponse.newBuilder()
                .addEvidence(piece.toBuilder().setReason("x".repeat(AuditAnchors.PAGE_BYTES)))
                .build();
        AuditAnchors.InvalidAnswer big = org.junit.jupiter.api.Assertions.assertThrows(
                AuditAnchors.InvalidAnswer.class, () -> AuditAnchors.allPages(more(5), before -> padded));
        assertTrue(big.getMessage().contains("bytes"), big.getMessage());
    }
}
