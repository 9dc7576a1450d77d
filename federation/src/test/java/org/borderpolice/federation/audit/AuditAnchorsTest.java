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
                "border.federation.audit.signing-key", Base64.getEncoder().encodeToString(OURS.getPrivate().getEncoded()),
                "border.federation.partners.350722.endpoints.intel-sharing", "localhost:1"));
        anchors = new AuditAnchors(null, new TrustList(config), config, null, new SimpleMeterRegistry(), null);
    }

    static SignedHead head(KeyPair key, String jurisdiction, long position, byte[] hash, Instant at, ChainHead.Kind kind) {
        byte[] statement = ChainHead.newBuilder().setJurisdiction(jurisdiction).setService("intel-sharing")
                .setPosition(position).setHash(ByteString.copyFrom(hash)).setSignedAtMillis(at.toEpochMilli())
                .setKind(kind).build().toByteArray();
        return SignedHead.newBuilder().setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(AuditKeys.sign(key.getPrivate(), statement))).build();
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
        assertFalse(anchors.own(head(SOMEONE_ELSES, "330881", 7, hash(1), Instant.now(), ChainHead.Kind.HEAD),
                ChainHead.Kind.HEAD).isPresent(), "another key");
        assertFalse(anchors.own(head(OURS, "350722", 7, hash(1), Instant.now(), ChainHead.Kind.HEAD),
                ChainHead.Kind.HEAD).isPresent(), "another jurisdiction");
        SignedHead tampered = signed.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        assertFalse(anchors.own(tampered, ChainHead.Kind.HEAD).isPresent());
    }

    @Test
    void aHeadThatIsNotOursMakesTheAnswerInvalidNotAMismatch() {
        AuditAnchors.PartnerView view = anchors.view("350722", HeldHeadsResponse.newBuilder()
                .setLatest(head(SOMEONE_ELSES, "330881", 1_000_000_000, hash(9), Instant.now(), ChainHead.Kind.HEAD))
                .setMismatches(1).build());
        assertNotNull(view.invalid());
        assertNull(view.latest());
        assertTrue(view.evidence().isEmpty());
    }

    @Test
    void aMismatchNeedsTwoOfOurStatementsThatContradictEachOther() {
        Instant earlier = Instant.now().minusSeconds(120);
        SignedHead held = head(OURS, "330881", 10, hash(1), earlier, ChainHead.Kind.HEAD);
        MismatchEvidence rewritten = MismatchEvidence.newBuilder().setHeld(held)
                .setStated(head(OURS, "330881", 10, hash(2), Instant.now(), ChainHead.Kind.HEAD)).setReason("rewritten").build();
        MismatchEvidence shrunk = MismatchEvidence.newBuilder().setHeld(held)
                .setStated(head(OURS, "330881", 4, hash(3), Instant.now(), ChainHead.Kind.HEAD)).setReason("removed").build();
        // no contradiction: the same hash; a lower head signed before the higher one; someone else's statement
        MismatchEvidence same = MismatchEvidence.newBuilder().setHeld(held)
                .setStated(head(OURS, "330881", 10, hash(1), Instant.now(), ChainHead.Kind.HEAD)).build();
        MismatchEvidence olderLower = MismatchEvidence.newBuilder().setHeld(held)
                .setStated(head(OURS, "330881", 4, hash(3), earlier.minusSeconds(60), ChainHead.Kind.HEAD)).build();
        MismatchEvidence forged = MismatchEvidence.newBuilder().setHeld(held)
                .setStated(head(SOMEONE_ELSES, "330881", 10, hash(2), Instant.now(), ChainHead.Kind.HEAD)).build();
        AuditAnchors.PartnerView view = anchors.view("350722", HeldHeadsResponse.newBuilder().setLatest(held)
                .setMismatches(5).addEvidence(rewritten).addEvidence(shrunk).addEvidence(same).addEvidence(olderLower)
                .addEvidence(forged).build());
        assertNull(view.invalid());
        assertEquals(2, view.evidence().size());
        assertEquals(3, view.unprovenMismatches());
        assertArrayEquals(hash(2), view.evidence().get(0).stated().hash());
        assertEquals(4, view.evidence().get(1).stated().position());
    }

    @Test
    void aCheckpointCountsOnlyIfOursAndOfItsKind() {
        AuditAnchors.PartnerView view = anchors.view("350722", HeldHeadsResponse.newBuilder()
                .setCheckpoint(head(OURS, "330881", 5, hash(1), Instant.now(), ChainHead.Kind.HEAD)).build());
        assertNull(view.checkpoint(), "a head is not a checkpoint");
        view = anchors.view("350722", HeldHeadsResponse.newBuilder()
                .setCheckpoint(head(OURS, "330881", 5, hash(1), Instant.now(), ChainHead.Kind.VERIFIED_THROUGH)).build());
        assertEquals(5, view.checkpoint().position());
    }
}
