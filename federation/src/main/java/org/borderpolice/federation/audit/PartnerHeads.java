package org.borderpolice.federation.audit;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.outbox.PartnerChannels;
import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.MismatchEvidence;
import org.borderpolice.federation.proto.audit.v1.ProveRequest;
import org.borderpolice.federation.proto.audit.v1.ProveResponse;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The partners' side of anchoring (border.audit.v1, see audit.proto): keeps the heads partners hand
 * us ({@code federation.audit_partner_head}) after asking the partner to prove, signed, that its
 * chain still holds the head we held; records the evidence when it does not
 * ({@code audit_anchor_mismatch}); keeps the partners' verification checkpoints; tells a partner
 * what we hold of its chain; and watches, on its own schedule, that every partner's chain still
 * holds what we hold and that its anchors keep coming.
 *
 * <p>What a hostile or broken partner can cost us: at most one head looked at per
 * {@code anchor-every}/2, whatever came of it (others are answered TOO_SOON before any other work),
 * one proof in flight at a time with a deadline of {@code prove-timeout} (none of our threads waits
 * for it), at most one recorded mismatch per {@code anchor-every}, {@link #CHECKPOINTS_PER_HOUR}
 * checkpoints an hour (counted in the database), and rows of a few hundred bytes: a statement over
 * 256 bytes, with unknown fields or with a signature not of 64 bytes is refused before anything
 * else. The half interval and the proof in flight are counted per replica.
 */
@ApplicationScoped
public class PartnerHeads {

    private static final Logger LOG = Logger.getLogger(PartnerHeads.class);
    /** A statement dated further ahead than this is refused (a partner's clock may run a little fast). */
    static final Duration FUTURE = Duration.ofMinutes(5);
    /**
     * Checkpoints a partner may hand us per hour, counted in the database (all replicas): a
     * verification hands one per page, and a partner's hourly run needs a few (final review #2).
     */
    static final int CHECKPOINTS_PER_HOUR = 60;

    /** Pieces of mismatch evidence per HeldHeads answer; older ones on the next page (more_evidence_before). */
    static final int EVIDENCE_LISTED = 10;

    /** Asks a partner to prove its hash at a position (the gRPC call; tests put in their own). */
    @FunctionalInterface
    public interface Prover {
        CompletionStage<ProveResponse> prove(String partner, long position);
    }

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final AuditLog auditLog;
    private final MeterRegistry meters;
    private final AuditLinker linker;
    private final Prover prover;
    private final Executor blocking;
    private final Duration minInterval;
    private final Duration mismatchEvery;
    private final Duration maxAge;

    /** When a head of the partner last got past TOO_SOON, whatever came of it (kept, STALE, REFUSED, ...). */
    private final Map<String, Instant> lastTried = new ConcurrentHashMap<>();

    private final Map<String, Instant> lastMismatch = new ConcurrentHashMap<>();
    /** The held head the last recorded mismatch was about: one record per held head is enough. */
    private final Map<String, Long> mismatchRecordedFor = new ConcurrentHashMap<>();

    private final Map<String, Semaphore> checking = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> anchorAge = new ConcurrentHashMap<>();
    private final Map<String, Boolean> staleAlarm = new ConcurrentHashMap<>();
    /** A partner's anchors are judged stale only once we have been up long enough to have received some. */
    private final Instant startedAt = Instant.now();

    @Inject
    public PartnerHeads(
            @DataSource("background") AgroalDataSource dataSource,
            TrustList trustList,
            FederationConfig config,
            PartnerChannels channels,
            AuditLog auditLog,
            MeterRegistry meters,
            AuditLinker linker) {
        this(
                dataSource,
                trustList,
                config,
                auditLog,
                meters,
                linker,
                grpcProver(channels, config.audit().proveTimeout()),
                Infrastructure.getDefaultWorkerPool());
    }

    public PartnerHeads(
            AgroalDataSource dataSource,
            TrustList trustList,
            FederationConfig config,
            AuditLog auditLog,
            MeterRegistry meters,
            AuditLinker linker,
            Prover prover,
            Executor blocking) {
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.auditLog = auditLog;
        this.meters = meters;
        this.linker = linker;
        this.prover = prover;
        this.blocking = blocking;
        Duration every = anchorEvery(config).orElse(Duration.ofMinutes(1));
        this.minInterval = every.dividedBy(2);
        this.mismatchEvery = every;
        this.maxAge = config.audit().anchorMaxAge();
    }

    static Optional<Duration> anchorEvery(FederationConfig config) {
        String every = config.audit().anchorEvery().trim();
        return "off".equalsIgnoreCase(every) ? Optional.empty() : Optional.of(DurationConverter.parseDuration(every));
    }

    static Prover grpcProver(PartnerChannels channels, Duration deadline) {
        return (partner, position) -> {
            CompletableFuture<ProveResponse> answer = new CompletableFuture<>();
            ListenableFuture<ProveResponse> call = channels.futureStub(
                            partner, AuditAnchorServiceGrpc::newFutureStub, deadline)
                    .prove(ProveRequest.newBuilder().setPosition(position).build());
            Futures.addCallback(
                    call,
                    new FutureCallback<>() {
                        @Override
                        public void onSuccess(ProveResponse result) {
                            answer.complete(result);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            answer.completeExceptionally(t);
                        }
                    },
                    MoreExecutors.directExecutor());
            return answer;
        };
    }

    /** A head of ours we hold of a partner. */
    record Held(long id, long position, byte[] hash, byte[] statement, byte[] signature, Instant receivedAt) {}

    /** A partner's statement, its signature and content checked; or why it is refused. */
    record Checked(ChainHead head, String refused) {}

    // ---- Exchange

    /** A partner (the authenticated peer) hands us its signed head; never blocks the calling thread. */
    public CompletionStage<ExchangeResult> receive(String peer, SignedHead signed) {
        Semaphore permit = checking.computeIfAbsent(peer, p -> new Semaphore(1));
        if (!permit.tryAcquire()) {
            return CompletableFuture.completedFuture(
                    outcome(ExchangeResult.Outcome.TOO_SOON, "an earlier head of yours is being checked", 0));
        }
        Instant last = lastTried.get(peer);
        if (last != null && Instant.now().isBefore(last.plus(minInterval))) {
            permit.release();
            return CompletableFuture.completedFuture(
                    outcome(ExchangeResult.Outcome.TOO_SOON, "one head per " + minInterval + " is looked at", 0));
        }
        // whatever comes of it (kept, STALE, REFUSED, failed), the next is looked at only after the
        // half interval: each costs a signature check, a read and a Prove (final review #4)
        lastTried.put(peer, Instant.now());
        Checked checked = check(peer, signed, ChainHead.Kind.HEAD);
        if (checked.refused() != null) {
            permit.release();
            return CompletableFuture.completedFuture(outcome(ExchangeResult.Outcome.REFUSED, checked.refused(), 0));
        }
        CompletionStage<ExchangeResult> result;
        try {
            result = CompletableFuture.supplyAsync(() -> latestHeld(peer), blocking)
                    .thenCompose(held -> decide(peer, signed, checked.head(), held.orElse(null)));
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        return result.whenComplete((r, e) -> permit.release());
    }

    private CompletionStage<ExchangeResult> decide(String peer, SignedHead signed, ChainHead head, Held held) {
        if (held == null) {
            return async(() -> {
                keep(peer, head, signed);
                return outcome(ExchangeResult.Outcome.ACCEPTED, "", 0);
            });
        }
        if (head.getPosition() == held.position()) {
            if (Arrays.equals(head.getHash().toByteArray(), held.hash())) {
                return async(() -> {
                    keep(peer, head, signed); // the same head again: the anchors still come
                    return outcome(ExchangeResult.Outcome.ACCEPTED, "", held.position());
                });
            }
            // two hashes for one position, both signed by the partner: the evidence is in hand
            return async(() -> mismatch(
                    peer,
                    held,
                    signed,
                    "another hash at position " + held.position() + " than the one we hold: the chain was rewritten",
                    head,
                    signed));
        }
        return proof(peer, held).thenCompose(proof -> {
            if (proof.refused() != null) {
                return CompletableFuture.completedFuture(
                        outcome(ExchangeResult.Outcome.REFUSED, proof.refused(), held.position()));
            }
            if (proof.mismatch() != null) {
                return async(() -> mismatch(peer, held, proof.statement(), proof.mismatch(), head, signed));
            }
            if (head.getPosition() < held.position()) {
                // an older head, and the chain still holds the newer one we have: nothing to record
                return CompletableFuture.completedFuture(outcome(
                        ExchangeResult.Outcome.STALE,
                        "older than the head we hold (position " + held.position() + "), which your chain still holds",
                        held.position()));
            }
            return async(() -> {
                keep(peer, head, signed);
                return outcome(ExchangeResult.Outcome.ACCEPTED, "", held.position());
            });
        });
    }

    /** What the partner's proof of a held head says: it holds it, a mismatch with its evidence, or refused. */
    record Proof(String refused, String mismatch, SignedHead statement) {}

    private CompletionStage<Proof> proof(String peer, Held held) {
        CompletionStage<ProveResponse> asked;
        try {
            asked = prover.prove(peer, held.position());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Proof(
                    "could not ask you to prove position " + held.position() + ": " + e.getMessage(), null, null));
        }
        return asked.handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                return new Proof("could not ask you to prove position " + held.position() + ": " + cause, null, null);
            }
            // AT_POSITION / NOT_FOUND_AT; HEAD from a partner that does not know them yet
            Checked stated = answer.getFound()
                    ? check(peer, answer.getHead(), ChainHead.Kind.AT_POSITION, ChainHead.Kind.HEAD)
                    : check(peer, answer.getHead(), ChainHead.Kind.NOT_FOUND_AT, ChainHead.Kind.HEAD);
            if (stated.refused() != null) {
                return new Proof(
                        "your proof of position " + held.position() + " is not a signed statement of yours ("
                                + stated.refused() + ")",
                        null,
                        null);
            }
            ChainHead proven = stated.head();
            if (answer.getFound()) {
                if (proven.getPosition() != held.position()) {
                    return new Proof(
                            "your proof of position " + held.position() + " states position " + proven.getPosition(),
                            null,
                            null);
                }
                if (!Arrays.equals(proven.getHash().toByteArray(), held.hash())) {
                    return new Proof(
                            null,
                            "another hash at position " + held.position()
                                    + " than the one we hold: the chain was rewritten",
                            answer.getHead());
                }
                return new Proof(null, null, answer.getHead());
            }
            if (proven.getKind() == ChainHead.Kind.NOT_FOUND_AT && proven.getAskedPosition() != held.position()) {
                return new Proof(
                        "asked for position " + held.position() + ", you state none found at "
                                + proven.getAskedPosition(),
                        null,
                        null);
            }
            if (proven.getPosition() >= held.position()) {
                if (proven.getKind() == ChainHead.Kind.HEAD) {
                    // a partner without NOT_FOUND_AT: its head may have been read after the lookup
                    return new Proof(
                            "you found no entry at position " + held.position() + " but state a head at "
                                    + proven.getPosition(),
                            null,
                            null);
                }
                // signed in one snapshot (AuditAnchors.prove): the chain has a hole where our head was
                return new Proof(
                        null,
                        "no entry at position " + held.position() + " though your chain's head is at "
                                + proven.getPosition() + ": entries were removed",
                        answer.getHead());
            }
            return new Proof(
                    null,
                    "no entry at position " + held.position() + " any more (your chain's head is at "
                            + proven.getPosition() + "): entries were removed",
                    answer.getHead());
        });
    }

    /**
     * Record a mismatch with both of the partner's statements (at most one per partner per anchor
     * interval) and keep the new head, if any, so that later heads are compared with the chain as
     * it is now; the evidence stays until a re-baseline.
     */
    private ExchangeResult mismatch(
            String peer, Held held, SignedHead stated, String reason, ChainHead newHead, SignedHead newSigned) {
        meters.counter("border.federation.audit.partner.mismatches", "partner", peer)
                .increment();
        Instant now = Instant.now();
        Instant last = lastMismatch.get(peer);
        if ((last != null && now.isBefore(last.plus(mismatchEvery)))
                || Long.valueOf(held.id()).equals(mismatchRecordedFor.get(peer))) {
            LOG.debugf("another mismatch of partner %s within %s, not recorded: %s", peer, mismatchEvery, reason);
            // going on from the new head keeps one mismatch from repeating forever, but only once the
            // database holds the record about this held head: the evidence must not get lost (final review #6)
            if (newHead != null && recorded(peer, held)) {
                keep(peer, newHead, newSigned);
            }
            return outcome(
                    ExchangeResult.Outcome.MISMATCH,
                    reason + " (not recorded again within " + mismatchEvery + ")",
                    held.position());
        }
        LOG.errorf(
                "the audit chain of partner %s does not hold the head we hold (position %d): %s",
                peer, held.position(), reason);
        ChainHead statedHead = parse(stated);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lockPartner(c, peer);
            if (held.id() <= baseline(c, peer).head()) {
                // re-baselined while its proof was asked for: the head we compared with no longer counts
                c.rollback();
                if (newHead != null) {
                    keep(peer, newHead, newSigned);
                }
                LOG.infof("partner %s was re-baselined while its head was checked: taken as the first", peer);
                return outcome(ExchangeResult.Outcome.ACCEPTED, "", 0);
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO federation.audit_anchor_mismatch (partner, held_position, held_hash, stated_position,
                        stated_hash, reason, statement, signature, held_statement, held_signature)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                s.setString(1, peer);
                s.setLong(2, held.position());
                s.setBytes(3, held.hash());
                s.setLong(4, statedHead.getPosition());
                s.setBytes(5, statedHead.getHash().toByteArray());
                s.setString(6, reason);
                s.setBytes(7, stated.getStatement().toByteArray());
                s.setBytes(8, stated.getSignature().toByteArray());
                s.setBytes(9, held.statement());
                s.setBytes(10, held.signature());
                s.executeUpdate();
            }
            auditLog.appendAll(
                    c,
                    java.util.List.of(new AuditEntry(
                            "audit-anchors",
                            peer,
                            "audit.anchor.mismatch",
                            "audit.chain",
                            peer,
                            "held position " + held.position() + " hash "
                                    + HexFormat.of().formatHex(held.hash()) + ": " + reason)));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a mismatch of partner " + peer, e);
        }
        // only now, with the row and its audit entry committed, is it recorded
        lastMismatch.put(peer, now);
        mismatchRecordedFor.put(peer, held.id());
        if (newHead != null) {
            keep(peer, newHead, newSigned);
        }
        return outcome(ExchangeResult.Outcome.MISMATCH, reason, held.position());
    }

    // ---- checkpoints, what we hold

    /** A partner hands us a checkpoint of its own verification to keep. */
    public ExchangeResult holdCheckpoint(String peer, SignedHead signed) throws SQLException {
        Checked checked = check(peer, signed, ChainHead.Kind.VERIFIED_THROUGH);
        if (checked.refused() != null) {
            return outcome(ExchangeResult.Outcome.REFUSED, checked.refused(), 0);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM federation.audit_partner_checkpoint
                WHERE partner = ? AND received_at > now() - interval '1 hour'""")) {
            s.setString(1, peer);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= CHECKPOINTS_PER_HOUR) {
                    return outcome(
                            ExchangeResult.Outcome.TOO_SOON,
                            "at most " + CHECKPOINTS_PER_HOUR + " checkpoints an hour",
                            0);
                }
            }
        }
        ChainHead head = checked.head();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                INSERT INTO federation.audit_partner_checkpoint (partner, position, hash, signed_at, statement, signature)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, peer);
            s.setLong(2, head.getPosition());
            s.setBytes(3, head.getHash().toByteArray());
            s.setTimestamp(4, Timestamp.from(Instant.ofEpochMilli(head.getSignedAtMillis())));
            s.setBytes(5, signed.getStatement().toByteArray());
            s.setBytes(6, signed.getSignature().toByteArray());
            s.executeUpdate();
        }
        return outcome(ExchangeResult.Outcome.ACCEPTED, "", 0);
    }

    /** What we hold of this partner's chain since its last re-baseline: for its own verification. */
    public HeldHeadsResponse held(String peer) throws SQLException {
        return held(peer, 0);
    }

    /**
     * What we hold of this partner's chain since its last re-baseline, with the page of evidence
     * recorded before {@code evidenceBefore} (0: the newest); {@code more_evidence_before} says
     * where the next page starts. Every page costs one bounded read, whoever asks how often.
     */
    public HeldHeadsResponse held(String peer, long evidenceBefore) throws SQLException {
        HeldHeadsResponse.Builder answer = HeldHeadsResponse.newBuilder();
        try (Connection c = dataSource.getConnection()) {
            Baseline base = baseline(c, peer);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT statement, signature FROM federation.audit_partner_head WHERE partner = ? AND id > ?
                    ORDER BY id DESC LIMIT 1""")) {
                s.setString(1, peer);
                s.setLong(2, base.head());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        answer.setLatest(signed(rs.getBytes(1), rs.getBytes(2)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT statement, signature FROM federation.audit_partner_checkpoint WHERE partner = ? AND id > ?
                    ORDER BY id DESC LIMIT 1""")) {
                s.setString(1, peer);
                s.setLong(2, base.checkpoint());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        answer.setCheckpoint(signed(rs.getBytes(1), rs.getBytes(2)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM federation.audit_anchor_mismatch WHERE partner = ? AND id > ?")) {
                s.setString(1, peer);
                s.setLong(2, base.mismatch());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    answer.setMismatches(rs.getLong(1));
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT id, held_statement, held_signature, statement, signature, reason
                    FROM federation.audit_anchor_mismatch WHERE partner = ? AND id > ? AND id < ?
                    ORDER BY id DESC LIMIT ?""")) {
                s.setString(1, peer);
                s.setLong(2, base.mismatch());
                s.setLong(3, evidenceBefore > 0 ? evidenceBefore : Long.MAX_VALUE);
                s.setInt(4, EVIDENCE_LISTED + 1);
                try (ResultSet rs = s.executeQuery()) {
                    long last = 0;
                    for (int listed = 0; rs.next(); listed++) {
                        if (listed == EVIDENCE_LISTED) {
                            answer.setMoreEvidenceBefore(last); // one more than a page: older ones exist
                            break;
                        }
                        last = rs.getLong(1);
                        if (rs.getBytes(2) != null && rs.getBytes(4) != null) {
                            answer.addEvidence(MismatchEvidence.newBuilder()
                                    .setHeld(signed(rs.getBytes(2), rs.getBytes(3)))
                                    .setStated(signed(rs.getBytes(4), rs.getBytes(5)))
                                    .setReason(rs.getString(6)));
                        }
                    }
                }
            }
        }
        return answer.build();
    }

    // ---- re-baseline

    /** What a re-baseline recorded. */
    public record Rebaseline(
            String partner, Instant at, String by, String reason, long headsBefore, long mismatchesBefore) {}

    /**
     * Forget what we hold of a partner's chain (its heads, checkpoints, recorded mismatches: all
     * kept, no longer counted), after it restored its audit log from a backup and said so; its
     * next head is taken as the first. Audited.
     */
    public Rebaseline rebaseline(String partner, String by, String reason) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lockPartner(c, partner);
            Rebaseline done;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO federation.audit_partner_rebaseline (partner, by_whom, reason, through_head_id,
                        through_mismatch_id, through_checkpoint_id)
                    SELECT ?, ?, ?,
                        coalesce((SELECT max(id) FROM federation.audit_partner_head WHERE partner = ?), 0),
                        coalesce((SELECT max(id) FROM federation.audit_anchor_mismatch WHERE partner = ?), 0),
                        coalesce((SELECT max(id) FROM federation.audit_partner_checkpoint WHERE partner = ?), 0)
                    RETURNING at,
                        (SELECT count(*) FROM federation.audit_partner_head WHERE partner = ?),
                        (SELECT count(*) FROM federation.audit_anchor_mismatch WHERE partner = ?)""")) {
                for (int i = 1; i <= 8; i++) {
                    s.setString(i, i == 2 ? by : i == 3 ? reason : partner);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    done = new Rebaseline(
                            partner, rs.getTimestamp(1).toInstant(), by, reason, rs.getLong(2), rs.getLong(3));
                }
            }
            auditLog.appendAll(
                    c,
                    java.util.List.of(new AuditEntry(
                            by,
                            trustList.selfCode(),
                            "audit.anchor.rebaseline",
                            "audit.chain",
                            partner,
                            "what we held of " + partner + "'s audit chain no longer counts (" + done.headsBefore()
                                    + " heads, " + done.mismatchesBefore() + " mismatches kept): " + reason)));
            c.commit();
            lastTried.remove(partner);
            lastMismatch.remove(partner);
            mismatchRecordedFor.remove(partner);
            staleAlarm.remove(partner);
            LOG.warnf("re-baselined partner %s's audit chain (by %s): %s", partner, by, reason);
            return done;
        } catch (SQLException e) {
            throw new IllegalStateException("could not re-baseline partner " + partner, e);
        }
    }

    // ---- watching on our own schedule

    /**
     * Every anchor interval, in the linking process: each partner's anchors must keep coming (an
     * alarm when the newest is older than {@code anchor-max-age}), and its chain must still hold
     * the newest head we hold of it (asked by Prove; a mismatch is recorded as on Exchange).
     */
    @Scheduled(
            identity = "watch-partner-anchors",
            every = "${border.federation.audit.anchor-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void watchOnSchedule() {
        if (linker.isLinker()) {
            watch();
        }
    }

    /** One round of watching; returns when every partner was looked at (proofs are waited for, with their deadline). */
    public void watch() {
        for (String partner : trustList.deliveryPartners()) {
            if (partnerKey(partner).isEmpty()) {
                continue;
            }
            Optional<Held> held;
            try {
                held = latestHeldOrFail(partner);
            } catch (SQLException e) {
                LOG.warnf("could not read the heads we hold of partner %s: %s", partner, e.getMessage());
                continue;
            }
            if (held.isEmpty()) {
                continue;
            }
            watchAge(partner, held.get());
            Semaphore permit = checking.computeIfAbsent(partner, p -> new Semaphore(1));
            if (!permit.tryAcquire()) {
                continue;
            }
            try {
                Proof proof = proof(partner, held.get()).toCompletableFuture().get();
                if (proof.mismatch() != null) {
                    mismatch(partner, held.get(), proof.statement(), proof.mismatch(), null, null);
                } else if (proof.refused() != null) {
                    LOG.debugf("partner %s: %s", partner, proof.refused());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("could not check partner %s's audit chain: %s", partner, e.toString());
            } finally {
                permit.release();
            }
        }
    }

    private void watchAge(String partner, Held held) {
        Duration age = Duration.between(held.receivedAt(), Instant.now());
        anchorAge
                .computeIfAbsent(partner, p -> {
                    AtomicLong seconds = new AtomicLong();
                    Gauge.builder("border.federation.audit.partner.anchor.age.seconds", seconds, AtomicLong::get)
                            .tag("partner", p)
                            .register(meters);
                    return seconds;
                })
                .set(age.toSeconds());
        boolean stale = age.compareTo(maxAge) > 0
                && Duration.between(startedAt, Instant.now()).compareTo(maxAge) > 0;
        Boolean alarmed = staleAlarm.put(partner, stale);
        if (stale && !Boolean.TRUE.equals(alarmed)) {
            String what = "partner " + partner + "'s newest audit anchor came " + age.toSeconds() + " s ago (at most "
                    + maxAge.toSeconds() + " s expected): its audit chain is not anchored since position "
                    + held.position();
            LOG.warn(what);
            try {
                auditLog.appendAll(java.util.List.of(
                        new AuditEntry("audit-anchors", partner, "audit.anchor.stale", "audit.chain", partner, what)));
            } catch (RuntimeException e) {
                LOG.warnf("could not audit the stale anchors of partner %s: %s", partner, e.getMessage());
            }
        } else if (!stale && Boolean.TRUE.equals(alarmed)) {
            LOG.infof("partner %s's audit anchors come again", partner);
        }
    }

    // ---- helpers

    /**
     * The partner's statement of one of these kinds: its size and form (before anything else),
     * signature, jurisdiction, service, position and hash checked.
     */
    Checked check(String peer, SignedHead signed, ChainHead.Kind... kinds) {
        Optional<PublicKey> key = partnerKey(peer);
        if (key.isEmpty()) {
            return new Checked(null, "no audit key for jurisdiction " + peer + " on our trust list");
        }
        ChainHead head = AuditAnchors.wellFormed(signed);
        if (head == null) {
            return new Checked(
                    null,
                    "not a statement: a ChainHead of at most " + AuditAnchors.MAX_STATEMENT
                            + " bytes without unknown fields, with a signature of " + AuditAnchors.SIGNATURE_LENGTH
                            + " bytes");
        }
        if (!AuditKeys.verify(
                key.get(),
                signed.getStatement().toByteArray(),
                signed.getSignature().toByteArray())) {
            return new Checked(null, "the signature does not verify with " + peer + "'s audit key");
        }
        if (!peer.equals(head.getJurisdiction()) || !trustList.service().equals(head.getService())) {
            return new Checked(
                    null,
                    "a statement of " + clip(head.getJurisdiction()) + "/" + clip(head.getService()) + " from " + peer
                            + " at " + trustList.service());
        }
        if (!Arrays.asList(kinds).contains(head.getKind())) {
            return new Checked(
                    null, "a statement of kind " + head.getKind() + " where " + Arrays.toString(kinds) + " belongs");
        }
        if (head.getPosition() < (head.getKind() == ChainHead.Kind.HEAD ? 1 : 0)
                || head.getHash().size() != 32) {
            return new Checked(null, "position out of range or a hash that is not 32 bytes");
        }
        if (Instant.ofEpochMilli(head.getSignedAtMillis()).isAfter(Instant.now().plus(FUTURE))) {
            return new Checked(null, "signed more than " + FUTURE + " ahead of our clock");
        }
        return new Checked(head, null);
    }

    private static ChainHead parse(SignedHead signed) {
        try {
            return ChainHead.parseFrom(signed.getStatement());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }

    private Optional<PublicKey> partnerKey(String peer) {
        return trustList
                .partner(peer)
                .flatMap(FederationConfig.Partner::auditKey)
                .filter(k -> !k.isBlank())
                .map(AuditKeys::publicKey);
    }

    record Baseline(long head, long mismatch, long checkpoint) {}

    /**
     * A re-baseline and the recording of a mismatch about one partner take turns: a mismatch found
     * against a head read before a re-baseline must not be committed after it as fresh evidence.
     */
    private static void lockPartner(Connection c, String partner) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('federation.audit_partner:' || ?))")) {
            s.setString(1, partner);
            s.execute();
        }
    }

    private static Baseline baseline(Connection c, String partner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT through_head_id, through_mismatch_id, through_checkpoint_id FROM federation.audit_partner_rebaseline
                WHERE partner = ? ORDER BY id DESC LIMIT 1""")) {
            s.setString(1, partner);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Baseline(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : new Baseline(0, 0, 0);
            }
        }
    }

    private Optional<Held> latestHeld(String peer) {
        try {
            return latestHeldOrFail(peer);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    Optional<Held> latestHeldOrFail(String peer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Baseline base = baseline(c, peer);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT id, position, hash, statement, signature, received_at FROM federation.audit_partner_head
                    WHERE partner = ? AND id > ? ORDER BY id DESC LIMIT 1""")) {
                s.setString(1, peer);
                s.setLong(2, base.head());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Held(
                                    rs.getLong(1),
                                    rs.getLong(2),
                                    rs.getBytes(3),
                                    rs.getBytes(4),
                                    rs.getBytes(5),
                                    rs.getTimestamp(6).toInstant()))
                            : Optional.empty();
                }
            }
        }
    }

    private void keep(String peer, ChainHead head, SignedHead signed) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                INSERT INTO federation.audit_partner_head (partner, position, hash, signed_at, statement, signature)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, peer);
            s.setLong(2, head.getPosition());
            s.setBytes(3, head.getHash().toByteArray());
            s.setTimestamp(4, Timestamp.from(Instant.ofEpochMilli(head.getSignedAtMillis())));
            s.setBytes(5, signed.getStatement().toByteArray());
            s.setBytes(6, signed.getSignature().toByteArray());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not keep a head of partner " + peer, e);
        }
    }

    /** Whether the database holds a mismatch record about this held head (since the last re-baseline). */
    private boolean recorded(String peer, Held held) {
        try (Connection c = dataSource.getConnection()) {
            Baseline base = baseline(c, peer);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT 1 FROM federation.audit_anchor_mismatch WHERE partner = ? AND id > ? AND held_position = ?
                    AND held_hash = ?""")) {
                s.setString(1, peer);
                s.setLong(2, base.mismatch());
                s.setLong(3, held.position());
                s.setBytes(4, held.hash());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the mismatches of partner " + peer, e);
        }
    }

    private CompletionStage<ExchangeResult> async(java.util.function.Supplier<ExchangeResult> work) {
        return CompletableFuture.supplyAsync(work, blocking);
    }

    private static SignedHead signed(byte[] statement, byte[] signature) {
        return SignedHead.newBuilder()
                .setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(signature))
                .build();
    }

    private static ExchangeResult outcome(ExchangeResult.Outcome outcome, String reason, long heldPosition) {
        return ExchangeResult.newBuilder()
                .setOutcome(outcome)
                .setReason(reason)
                .setHeldPosition(heldPosition)
                .build();
    }
}
