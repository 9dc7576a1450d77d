package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.MismatchEvidence;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.testing.AuditTampering;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The evidence of a removed tail stays in sight of our verification, whatever the insider who
 * removed it does next: Pucheng's chain (ours) on one database, anchored at Jiangshan (its
 * PartnerHeads, on another database, asking our AuditAnchors to prove), both real. The insider
 * removes an anchored tail (Jiangshan records the mismatch), then hides and restores the newest
 * link again and again so that Jiangshan records newer mismatches whose statements our chain holds
 * both of (believed by nobody), more than one page of them.
 */
class EvidenceOfARemovedTailTest {

    static final String PUCHENG = "350722";
    static final String JIANGSHAN = "330881";
    static final KeyPair OURS = AuditAnchorsTest.keyPair();
    /** Jiangshan's anchor interval: a head looked at per half of it, one mismatch recorded per it. */
    static final Duration EVERY = Duration.ofMillis(100);

    final ExecutorService blocking = Executors.newCachedThreadPool();
    PostgresServer.Database ours;
    PostgresServer.Database theirs;
    AgroalDataSource ourData;
    AgroalDataSource theirData;
    AuditLog log;
    AuditLinker linker;
    AuditAnchors anchors;
    PartnerHeads jiangshan;

    static AgroalDataSource dataSource(PostgresServer.Database db) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(6)
                            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                    .principal(
                                            new NamePrincipal(db.application().user()))
                                    .credential(
                                            new SimplePassword(db.application().password())))));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        ours = PostgresServer.get().createDatabase("evidence");
        ours.migrateFederation();
        theirs = PostgresServer.get().createDatabase("evidence");
        theirs.migrateFederation();
        ourData = dataSource(ours);
        theirData = dataSource(theirs);
        log = new AuditLog(ourData);
        linker = new AuditLinker(ourData);
        FederationConfig pucheng = TestConfigs.pucheng(Map.of(
                "border.federation.audit.signing-key",
                Base64.getEncoder().encodeToString(OURS.getPrivate().getEncoded()),
                "border.federation.partners.330881.endpoints.intel-sharing",
                "localhost:1"));
        anchors = new AuditAnchors(ourData, new TrustList(pucheng), pucheng, null, new SimpleMeterRegistry(), linker);
        FederationConfig config = TestConfigs.jiangshan(Map.of(
                "border.federation.partners.350722.endpoints.intel-sharing",
                "localhost:1",
                "border.federation.partners.350722.audit-key",
                Base64.getEncoder().encodeToString(OURS.getPublic().getEncoded()),
                "border.federation.audit.anchor-every",
                EVERY.toMillis() + "ms"));
        jiangshan = new PartnerHeads(
                theirData,
                new TrustList(config),
                config,
                new AuditLog(theirData),
                new SimpleMeterRegistry(),
                new AuditLinker(theirData),
                (partner, position) -> {
                    try {
                        return CompletableFuture.completedFuture(anchors.prove(position));
                    } catch (SQLException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                },
                blocking);
    }

    @AfterEach
    void stop() {
        linker.release();
        blocking.shutdownNow();
        ourData.close();
        theirData.close();
    }

    void appendAndLink(String id) throws SQLException {
        log.append(new AuditEntry("tester", PUCHENG, "test.entry", "test", id, "an entry"));
        linker.link();
    }

    /** Our next anchor, handed to Jiangshan past its half interval (and its mismatch interval). */
    ExchangeResult anchor() throws Exception {
        Thread.sleep(EVERY.toMillis() + 50);
        SignedHead head = anchors.sign(anchors.head().orElseThrow(), ChainHead.Kind.HEAD);
        return jiangshan.receive(PUCHENG, head).toCompletableFuture().get();
    }

    /** As the owner, with the triggers lifted: the link at one position moved to another. */
    void move(long from, long to) throws SQLException {
        try (Connection owner = ours.connectAs(ours.owner());
                Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE federation.audit_chain DISABLE TRIGGER USER");
            s.executeUpdate("UPDATE federation.audit_chain SET position = " + to + " WHERE position = " + from);
            s.execute("ALTER TABLE federation.audit_chain ENABLE TRIGGER USER");
        }
    }

    /** Our verification, asking Jiangshan (every page of what it holds, as AuditAnchors does over gRPC). */
    AuditVerifier.Verification verify() {
        AuditVerifier.Anchoring anchoring = new AuditVerifier.Anchoring() {
            @Override
            public List<AuditAnchors.PartnerView> partnerViews() {
                try {
                    HeldHeadsResponse held =
                            AuditAnchors.allPages(jiangshan.held(PUCHENG), before -> heldOrFail(before));
                    return List.of(anchors.view(JIANGSHAN, held));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean expected() {
                return true;
            }

            @Override
            public Optional<SignedHead> signCheckpoint(long position, byte[] hash) {
                return anchors.signCheckpoint(position, hash);
            }

            @Override
            public Optional<AuditAnchors.Head> ownCheckpoint(SignedHead signed) {
                return anchors.own(signed, ChainHead.Kind.VERIFIED_THROUGH);
            }

            @Override
            public void handCheckpoint(SignedHead checkpoint) {
                // not needed: the tail is removed before any verification
            }
        };
        return new AuditVerifier(ourData, log, Duration.ofMinutes(1), Duration.ofMinutes(5), anchoring, PUCHENG)
                .verify("tester", true, 1000);
    }

    HeldHeadsResponse heldOrFail(long before) {
        try {
            return jiangshan.held(PUCHENG, before);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void newerMismatchesOurChainHoldsBothStatementsOfDoNotHideARemovedTail() throws Exception {
        for (int i = 0; i < 10; i++) {
            appendAndLink("e" + i);
        }
        assertEquals(ExchangeResult.Outcome.ACCEPTED, anchor().getOutcome());

        // the insider removes the anchored tail; Jiangshan finds it at our next anchor
        try (Connection owner = ours.connectAs(ours.owner())) {
            AuditTampering.removeAfter(owner, 7);
        }
        assertEquals(ExchangeResult.Outcome.MISMATCH, anchor().getOutcome());
        AuditVerifier.Verification found = verify();
        assertFalse(found.intact(), found.reason());
        assertEquals("MISMATCH", found.anchors().get(0).status());

        // then hides the newest link from each next anchor and puts it back: each time Jiangshan
        // records a mismatch (no entry at the head it held) whose two statements our chain holds
        int decoys = PartnerHeads.EVIDENCE_LISTED + 1;
        for (int i = 0; i < decoys; i++) {
            appendAndLink("d" + i);
            assertEquals(ExchangeResult.Outcome.ACCEPTED, anchor().getOutcome(), "decoy " + i);
            long head = anchors.head().orElseThrow().position();
            move(head, -head);
            assertEquals(ExchangeResult.Outcome.MISMATCH, anchor().getOutcome(), "decoy " + i);
            move(-head, head);
        }
        HeldHeadsResponse newest = jiangshan.held(PUCHENG);
        assertEquals(decoys + 1, newest.getMismatches());
        assertEquals(PartnerHeads.EVIDENCE_LISTED, newest.getEvidenceCount(), "one page");
        assertTrue(newest.getMoreEvidenceBefore() > 0, "older evidence on the next page");
        List<MismatchEvidence> older =
                jiangshan.held(PUCHENG, newest.getMoreEvidenceBefore()).getEvidenceList();
        MismatchEvidence removal = older.get(older.size() - 1); // the oldest: the removal
        assertTrue(removal.getReason().contains("no entry at position 10"), removal.getReason());

        // the first page alone holds nothing our chain contradicts; the removal is still found
        AuditVerifier.Verification after = verify();
        assertFalse(after.intact(), after.reason());
        AuditVerifier.AnchorCheck check = after.anchors().get(0);
        assertEquals("MISMATCH", check.status(), check.detail());
        assertEquals(10, check.position(), check.detail());
    }
}
