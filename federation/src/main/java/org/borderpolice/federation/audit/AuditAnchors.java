package org.borderpolice.federation.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.outbox.PartnerChannels;
import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsRequest;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.ProveRequest;
import org.borderpolice.federation.proto.audit.v1.ProveResponse;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Anchors our audit chain with the partners (border.audit.v1, see audit.proto): signs our chain
 * head with our Ed25519 key and hands it to each partner's same service at a regular interval;
 * keeps the heads partners hand us, checking each new one against the one we hold by asking the
 * partner to state its hash at that position; answers such questions about our own chain.
 *
 * <p>Every replica sends anchors: two replicas sending the same head at once do no harm.
 */
@ApplicationScoped
public class AuditAnchors {

    private static final Logger LOG = Logger.getLogger(AuditAnchors.class);

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final FederationConfig config;
    private final PartnerChannels channels;
    private final AuditLog auditLog;
    private final MeterRegistry meters;
    private final Optional<PrivateKey> signingKey;
    private volatile boolean warnedNoKey;

    @Inject
    public AuditAnchors(AgroalDataSource dataSource, TrustList trustList, FederationConfig config,
            PartnerChannels channels, AuditLog auditLog, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.config = config;
        this.channels = channels;
        this.auditLog = auditLog;
        this.meters = meters;
        this.signingKey = config.audit().signingKey().filter(k -> !k.isBlank()).map(AuditKeys::privateKey);
    }

    /** A position of a chain and its hash. */
    public record Head(long position, byte[] hash) {
    }

    /** What a partner holds of our chain, as its HeldHeads answered; for verification. */
    public record PartnerHold(String partner, Head latest, long mismatches, String unreachable) {
    }

    // ---- our side: sending anchors, proving, asking what partners hold

    @Scheduled(identity = "anchor-audit-chain", every = "${border.federation.audit.anchor-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "5s")
    void anchorOnSchedule() {
        anchorNow();
    }

    /** Hand our signed head to every partner; returns each partner's outcome (for tests and logs). */
    public Map<String, ExchangeResult> anchorNow() {
        Map<String, ExchangeResult> outcomes = new LinkedHashMap<>();
        if (signingKey.isEmpty()) {
            if (!warnedNoKey) {
                LOG.warn("border.federation.audit.signing-key is not set: the audit chain is not anchored with partners");
                warnedNoKey = true;
            }
            return outcomes;
        }
        Head head;
        try {
            head = head().orElse(null);
        } catch (SQLException e) {
            LOG.warnf("could not read the audit chain head to anchor it: %s", e.getMessage());
            return outcomes;
        }
        if (head == null) {
            return outcomes; // nothing chained yet
        }
        SignedHead signed = sign(head);
        for (String partner : trustList.deliveryPartners()) {
            try {
                ExchangeResult result = channels.futureStub(partner, AuditAnchorServiceGrpc::newFutureStub,
                        config.audit().anchorTimeout()).exchange(signed)
                        .get(config.audit().anchorTimeout().toMillis(), TimeUnit.MILLISECONDS);
                outcomes.put(partner, result);
                meters.counter("border.federation.audit.anchors", "partner", partner, "outcome",
                        result.getOutcome().name()).increment();
                if (result.getOutcome() == ExchangeResult.Outcome.MISMATCH) {
                    LOG.errorf("partner %s finds our audit chain does not extend the head it holds (position %d): %s",
                            partner, result.getHeldPosition(), result.getReason());
                } else if (result.getOutcome() != ExchangeResult.Outcome.ACCEPTED) {
                    LOG.warnf("partner %s did not keep our audit chain head: %s", partner, result.getReason());
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debugf("could not anchor the audit chain at %s: %s", partner, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcomes;
            }
        }
        return outcomes;
    }

    /** Our signed statement of our chain at a position (for a partner's Prove). */
    public ProveResponse prove(long position) throws SQLException {
        Optional<Head> at = headAt(position);
        if (at.isEmpty() || signingKey.isEmpty()) {
            return ProveResponse.newBuilder().setFound(false).build();
        }
        return ProveResponse.newBuilder().setFound(true).setHead(sign(at.get())).build();
    }

    /** Ask every partner which head of ours it holds (for verification); in parallel, with the anchor deadline. */
    public List<PartnerHold> partnersHoldingUs() {
        Map<String, Future<HeldHeadsResponse>> asked = new LinkedHashMap<>();
        List<PartnerHold> holds = new ArrayList<>();
        for (String partner : trustList.deliveryPartners()) {
            try {
                asked.put(partner, channels.futureStub(partner, AuditAnchorServiceGrpc::newFutureStub,
                        config.audit().anchorTimeout()).heldHeads(HeldHeadsRequest.getDefaultInstance()));
            } catch (RuntimeException e) {
                holds.add(new PartnerHold(partner, null, 0, e.getMessage()));
            }
        }
        asked.forEach((partner, answer) -> {
            try {
                HeldHeadsResponse held = answer.get(config.audit().anchorTimeout().toMillis(), TimeUnit.MILLISECONDS);
                Head latest = null;
                if (held.hasLatest()) {
                    ChainHead statement = ChainHead.parseFrom(held.getLatest().getStatement());
                    latest = new Head(statement.getPosition(), statement.getHash().toByteArray());
                }
                holds.add(new PartnerHold(partner, latest, held.getMismatches(), null));
            } catch (ExecutionException | TimeoutException | InvalidProtocolBufferException e) {
                holds.add(new PartnerHold(partner, null, 0, e.getCause() != null ? e.getCause().toString() : e.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                holds.add(new PartnerHold(partner, null, 0, "interrupted"));
            }
        });
        return holds;
    }

    SignedHead sign(Head head) {
        byte[] statement = ChainHead.newBuilder()
                .setJurisdiction(trustList.selfCode())
                .setService(trustList.service())
                .setPosition(head.position())
                .setHash(ByteString.copyFrom(head.hash()))
                .setSignedAtMillis(System.currentTimeMillis())
                .build().toByteArray();
        return SignedHead.newBuilder().setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(AuditKeys.sign(signingKey.orElseThrow(), statement))).build();
    }

    Optional<Head> head() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT position, hash FROM federation.audit_chain ORDER BY position DESC LIMIT 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
        }
    }

    Optional<Head> headAt(long position) throws SQLException {
        if (position == 0) {
            return Optional.of(new Head(0, AuditChain.GENESIS));
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT hash FROM federation.audit_chain WHERE position = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Head(position, rs.getBytes(1))) : Optional.empty();
            }
        }
    }

    // ---- the partner's side: keeping their heads

    /** A partner (the authenticated peer) hands us its signed head. */
    public ExchangeResult receive(String peer, SignedHead signed) throws SQLException {
        Optional<PublicKey> key = partnerKey(peer);
        if (key.isEmpty()) {
            return refused("no audit key for jurisdiction " + peer + " on our trust list");
        }
        ChainHead head;
        try {
            head = ChainHead.parseFrom(signed.getStatement());
        } catch (InvalidProtocolBufferException e) {
            return refused("the statement is not a ChainHead");
        }
        if (!AuditKeys.verify(key.get(), signed.getStatement().toByteArray(), signed.getSignature().toByteArray())) {
            return refused("the signature does not verify with " + peer + "'s audit key");
        }
        if (!peer.equals(head.getJurisdiction()) || !trustList.service().equals(head.getService())) {
            return refused("a head of " + head.getJurisdiction() + "/" + head.getService() + " from " + peer
                    + " at " + trustList.service());
        }
        if (head.getPosition() < 1 || head.getHash().size() != 32) {
            return refused("position must be at least 1 and the hash 32 bytes");
        }
        Optional<Held> held = latestHeld(peer);
        if (held.isEmpty()) {
            keep(peer, head, signed);
            return accepted(0);
        }
        Held h = held.get();
        String mismatch = null;
        byte[] stated = null;
        Long statedPosition = null;
        SignedHead evidence = signed;
        if (head.getPosition() < h.position()) {
            mismatch = "the chain is shorter (position " + head.getPosition() + ") than the head we hold (position "
                    + h.position() + "): entries were removed";
            stated = head.getHash().toByteArray();
            statedPosition = head.getPosition();
        } else if (head.getPosition() == h.position()) {
            if (!Arrays.equals(head.getHash().toByteArray(), h.hash())) {
                mismatch = "another hash at position " + h.position() + " than the one we hold: the chain was rewritten";
                stated = head.getHash().toByteArray();
                statedPosition = head.getPosition();
            }
        } else {
            // newer: does the chain still hold what we were given? the partner states its hash there, signed
            ProveResponse proof;
            try {
                proof = channels.futureStub(peer, AuditAnchorServiceGrpc::newFutureStub, config.audit().anchorTimeout())
                        .prove(ProveRequest.newBuilder().setPosition(h.position()).build())
                        .get(config.audit().anchorTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                return refused("could not ask " + peer + " to prove position " + h.position() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refused("interrupted");
            }
            if (!proof.getFound()) {
                mismatch = "no entry at position " + h.position() + " any more, though the chain is longer: rewritten";
                statedPosition = h.position();
            } else {
                ChainHead proven;
                try {
                    proven = ChainHead.parseFrom(proof.getHead().getStatement());
                } catch (InvalidProtocolBufferException e) {
                    return refused("the proof is not a ChainHead");
                }
                if (!AuditKeys.verify(key.get(), proof.getHead().getStatement().toByteArray(),
                        proof.getHead().getSignature().toByteArray()) || !peer.equals(proven.getJurisdiction())
                        || proven.getPosition() != h.position()) {
                    return refused("the proof of position " + h.position() + " is not a signed statement of it");
                }
                if (!Arrays.equals(proven.getHash().toByteArray(), h.hash())) {
                    mismatch = "another hash at position " + h.position() + " than the one we hold: the chain was rewritten";
                    stated = proven.getHash().toByteArray();
                    statedPosition = h.position();
                    evidence = proof.getHead();
                }
            }
        }
        if (mismatch != null) {
            recordMismatch(peer, h, statedPosition, stated, mismatch, evidence);
            return ExchangeResult.newBuilder().setOutcome(ExchangeResult.Outcome.MISMATCH).setReason(mismatch)
                    .setHeldPosition(h.position()).build();
        }
        keep(peer, head, signed);
        return accepted(h.position());
    }

    /** The latest head of this partner we hold, and how many mismatches we recorded about it. */
    public HeldHeadsResponse held(String peer) throws SQLException {
        HeldHeadsResponse.Builder answer = HeldHeadsResponse.newBuilder();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT statement, signature FROM federation.audit_partner_head WHERE partner = ?
                    ORDER BY position DESC LIMIT 1""")) {
                s.setString(1, peer);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        answer.setLatest(SignedHead.newBuilder().setStatement(ByteString.copyFrom(rs.getBytes(1)))
                                .setSignature(ByteString.copyFrom(rs.getBytes(2))));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM federation.audit_anchor_mismatch WHERE partner = ?")) {
                s.setString(1, peer);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    answer.setMismatches(rs.getLong(1));
                }
            }
        }
        return answer.build();
    }

    private record Held(long position, byte[] hash) {
    }

    private Optional<Held> latestHeld(String peer) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT position, hash FROM federation.audit_partner_head WHERE partner = ? ORDER BY position DESC LIMIT 1")) {
            s.setString(1, peer);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Held(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
            }
        }
    }

    private void keep(String peer, ChainHead head, SignedHead signed) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO federation.audit_partner_head (partner, position, hash, signed_at, statement, signature)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (partner, position) DO NOTHING""")) {
            s.setString(1, peer);
            s.setLong(2, head.getPosition());
            s.setBytes(3, head.getHash().toByteArray());
            s.setTimestamp(4, Timestamp.from(Instant.ofEpochMilli(head.getSignedAtMillis())));
            s.setBytes(5, signed.getStatement().toByteArray());
            s.setBytes(6, signed.getSignature().toByteArray());
            s.executeUpdate();
        }
    }

    private void recordMismatch(String peer, Held held, Long statedPosition, byte[] stated, String reason,
            SignedHead evidence) throws SQLException {
        LOG.errorf("the audit chain of partner %s does not extend the head we hold (position %d): %s", peer,
                held.position(), reason);
        meters.counter("border.federation.audit.partner.mismatches", "partner", peer).increment();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO federation.audit_anchor_mismatch (partner, held_position, held_hash, stated_position,
                    stated_hash, reason, statement, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, peer);
            s.setLong(2, held.position());
            s.setBytes(3, held.hash());
            s.setObject(4, statedPosition);
            s.setBytes(5, stated);
            s.setString(6, reason);
            s.setBytes(7, evidence.getStatement().toByteArray());
            s.setBytes(8, evidence.getSignature().toByteArray());
            s.executeUpdate();
        }
        auditLog.append(new AuditEntry("audit-anchors", peer, "audit.anchor.mismatch", "audit.chain", peer,
                "held position " + held.position() + " hash " + HexFormat.of().formatHex(held.hash()) + ": " + reason));
    }

    private Optional<PublicKey> partnerKey(String peer) {
        return trustList.partner(peer).flatMap(p -> p.auditKey()).filter(k -> !k.isBlank()).map(AuditKeys::publicKey);
    }

    private static ExchangeResult refused(String reason) {
        return ExchangeResult.newBuilder().setOutcome(ExchangeResult.Outcome.REFUSED).setReason(reason).build();
    }

    private static ExchangeResult accepted(long heldPosition) {
        return ExchangeResult.newBuilder().setOutcome(ExchangeResult.Outcome.ACCEPTED).setHeldPosition(heldPosition).build();
    }

    static Duration deadline(FederationConfig config) {
        return config.audit().anchorTimeout();
    }
}
