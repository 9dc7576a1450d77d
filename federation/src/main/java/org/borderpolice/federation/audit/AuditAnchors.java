package org.borderpolice.federation.audit;

import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.outbox.PartnerChannels;
import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsRequest;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.MismatchEvidence;
import org.borderpolice.federation.proto.audit.v1.ProveResponse;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Our side of anchoring (border.audit.v1, see audit.proto): signs our chain head with our Ed25519
 * key and hands it to each partner's same service every {@code anchor-every}; states, signed, our
 * hash at a position when a partner asks (Prove); asks the partners what they hold of our chain for
 * our own verification, checking our own signature on every statement they return; signs our
 * verification checkpoints and hands them to the partners to keep. The partners' side (keeping
 * their heads) is {@link PartnerHeads}.
 *
 * <p>Only the process that links the chain sends anchors: one sender per jurisdiction and service,
 * whose head never goes back (partners answer a head older than the one they hold STALE anyway).
 */
@ApplicationScoped
public class AuditAnchors {

    private static final Logger LOG = Logger.getLogger(AuditAnchors.class);

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final FederationConfig config;
    private final PartnerChannels channels;
    private final MeterRegistry meters;
    private final AuditLinker linker;
    private final Optional<PrivateKey> signingKey;
    private volatile boolean warnedNoKey;

    @Inject
    public AuditAnchors(
            @DataSource("background") AgroalDataSource dataSource,
            TrustList trustList,
            FederationConfig config,
            PartnerChannels channels,
            MeterRegistry meters,
            AuditLinker linker) {
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.config = config;
        this.channels = channels;
        this.meters = meters;
        this.linker = linker;
        this.signingKey = config.audit().signingKey().filter(k -> !k.isBlank()).map(AuditKeys::privateKey);
    }

    /** A position of a chain and its hash; {@code signedAt} when read from a signed statement. */
    public record Head(long position, byte[] hash, Instant signedAt) {
        public Head(long position, byte[] hash) {
            this(position, hash, null);
        }
    }

    /** Two of our statements a partner recorded as contradicting each other. */
    public record Evidence(Head held, Head stated, String reason) {}

    /**
     * What a partner holds of our chain, as its HeldHeads answered, with our own signature checked
     * on every statement: {@code unreachable} if it did not answer, {@code invalid} if what it sent
     * is not ours (then nothing else is set); {@code evidence}: recorded mismatches whose two
     * statements are ours; {@code unprovenMismatches}: mismatches it claims without such evidence.
     */
    public record PartnerView(
            String partner,
            String unreachable,
            String invalid,
            Head latest,
            Head checkpoint,
            List<Evidence> evidence,
            long unprovenMismatches) {}

    // ---- anchors

    @Scheduled(
            identity = "anchor-audit-chain",
            every = "${border.federation.audit.anchor-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void anchorOnSchedule() {
        if (linker.isLinker()) {
            anchorNow();
        }
    }

    /** Hand our signed head to every partner; returns each partner's outcome (for tests and logs). */
    public Map<String, ExchangeResult> anchorNow() {
        Map<String, ExchangeResult> outcomes = new LinkedHashMap<>();
        if (signingKey.isEmpty()) {
            if (!warnedNoKey) {
                LOG.warn(
                        "border.federation.audit.signing-key is not set: the audit chain is not anchored with partners");
                warnedNoKey = true;
            }
            return outcomes;
        }
        Head head;
        try {
            head = head().orElse(null);
        } catch (SQLException e) {
            LOG.warnf("could not read the audit chain head to anchor it: %s", e.getMessage());
            meters.counter("border.federation.audit.anchors", "partner", "-", "outcome", "FAILED")
                    .increment();
            return outcomes;
        }
        if (head == null) {
            return outcomes; // nothing chained yet
        }
        SignedHead signed = sign(head, ChainHead.Kind.HEAD);
        for (String partner : trustList.deliveryPartners()) {
            try {
                ExchangeResult result = channels.futureStub(
                                partner,
                                AuditAnchorServiceGrpc::newFutureStub,
                                config.audit().anchorTimeout())
                        .exchange(signed)
                        .get(config.audit().anchorTimeout().toMillis(), TimeUnit.MILLISECONDS);
                outcomes.put(partner, result);
                meters.counter(
                                "border.federation.audit.anchors",
                                "partner",
                                partner,
                                "outcome",
                                result.getOutcome().name())
                        .increment();
                switch (result.getOutcome()) {
                    case ACCEPTED, STALE, TOO_SOON -> {
                        // kept, or a later one will be
                    }
                    case MISMATCH ->
                        LOG.errorf(
                                "partner %s finds our audit chain does not hold the head it held "
                                        + "(position %d): %s",
                                partner, result.getHeldPosition(), result.getReason());
                    default ->
                        LOG.warnf("partner %s did not keep our audit chain head: %s", partner, result.getReason());
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // a stop of anchoring must not go unnoticed: it widens the window for undetected rewriting
                meters.counter("border.federation.audit.anchors", "partner", partner, "outcome", "FAILED")
                        .increment();
                LOG.warnf(
                        "could not anchor the audit chain at %s: %s",
                        partner, e instanceof ExecutionException ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcomes;
            }
        }
        return outcomes;
    }

    /**
     * Our signed statement of our chain at a position (a partner's Prove), of its own kind
     * (AT_POSITION: it says nothing about our head); when the chain does not reach it, NOT_FOUND_AT
     * that position, with our signed current head (lower) as the partner's evidence.
     */
    public ProveResponse prove(long position) throws SQLException {
        if (signingKey.isEmpty()) {
            return ProveResponse.newBuilder().setFound(false).build();
        }
        Head[] atAndHead = headAtAndHead(position);
        if (atAndHead[0] != null) {
            return ProveResponse.newBuilder()
                    .setFound(true)
                    .setHead(sign(atAndHead[0], ChainHead.Kind.AT_POSITION))
                    .build();
        }
        Head current = atAndHead[1];
        return ProveResponse.newBuilder()
                .setFound(false)
                .setHead(sign(
                        signingKey.get(),
                        trustList.selfCode(),
                        trustList.service(),
                        current,
                        ChainHead.Kind.NOT_FOUND_AT,
                        position))
                .build();
    }

    // ---- what partners hold of ours (verification)

    /**
     * Ask every partner what it holds of our chain: each partner's pages read on a thread of their
     * own, all of them within twice the anchor deadline (a partner that answers slowly page after
     * page cannot delay the others' answers nor hold a verification longer); holds no connection.
     */
    public List<PartnerView> partnersHoldingUs() {
        Map<String, Future<PartnerView>> asked = new LinkedHashMap<>();
        List<PartnerView> views = new ArrayList<>();
        long pageDeadline = config.audit().anchorTimeout().toMillis();
        long end = System.nanoTime() + 2 * config.audit().anchorTimeout().toNanos();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String partner : trustList.deliveryPartners()) {
                asked.put(partner, readers.submit(() -> {
                    Pages pages = before -> channels.futureStub(
                                    partner,
                                    AuditAnchorServiceGrpc::newFutureStub,
                                    config.audit().anchorTimeout())
                            .heldHeads(HeldHeadsRequest.newBuilder()
                                    .setEvidenceBefore(before)
                                    .build())
                            .get(pageDeadline, TimeUnit.MILLISECONDS);
                    try {
                        HeldHeadsResponse first = channels.futureStub(
                                        partner,
                                        AuditAnchorServiceGrpc::newFutureStub,
                                        config.audit().anchorTimeout())
                                .heldHeads(HeldHeadsRequest.getDefaultInstance())
                                .get(pageDeadline, TimeUnit.MILLISECONDS);
                        return view(partner, allPages(first, pages));
                    } catch (InvalidAnswer e) {
                        return new PartnerView(partner, null, e.getMessage(), null, null, List.of(), 0);
                    } catch (ExecutionException e) {
                        return unreachable(partner, String.valueOf(e.getCause()));
                    } catch (TimeoutException e) {
                        return unreachable(
                                partner, "no answer within " + config.audit().anchorTimeout());
                    } catch (RuntimeException e) {
                        return unreachable(partner, e.toString());
                    }
                }));
            }
            asked.forEach((partner, answer) -> {
                try {
                    views.add(answer.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    views.add(unreachable(partner, String.valueOf(e.getCause())));
                } catch (TimeoutException e) {
                    answer.cancel(true);
                    views.add(unreachable(
                            partner,
                            "not every page within "
                                    + config.audit().anchorTimeout().multipliedBy(2)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer.cancel(true);
                    views.add(unreachable(partner, "interrupted"));
                }
            });
        }
        return views;
    }

    /** A partner's answer that breaks the protocol's bounds: not relied on, without being a mismatch. */
    static final class InvalidAnswer extends Exception {
        InvalidAnswer(String why) {
            super(why, null, false, false);
        }
    }

    /** The next page of a partner's HeldHeads answer: evidence recorded before {@code before}. */
    @FunctionalInterface
    interface Pages {
        HeldHeadsResponse before(long before) throws ExecutionException, TimeoutException, InterruptedException;
    }

    /**
     * Pages of evidence read per partner and verification at most (10 pieces each): a partner
     * records at most one mismatch of ours per anchor interval, so only a flood of mismatches
     * (tampering, over and over) goes past them, and then the answer is not relied on.
     */
    static final int EVIDENCE_PAGES = 100;

    /**
     * A partner's answer with the evidence of every page after the first (an insider's newer
     * mismatches, whose statements the chain holds again, must not push older evidence out of
     * sight); {@code more_evidence_before} stays set if pages were left unread.
     */
    static HeldHeadsResponse allPages(HeldHeadsResponse first, Pages pages)
            throws ExecutionException, TimeoutException, InterruptedException, InvalidAnswer {
        within(first);
        HeldHeadsResponse.Builder all = first.toBuilder();
        long before = first.getMoreEvidenceBefore();
        for (int page = 1; before > 0 && page < EVIDENCE_PAGES; page++) {
            HeldHeadsResponse next = pages.before(before);
            within(next);
            all.addAllEvidence(next.getEvidenceList());
            long more = next.getMoreEvidenceBefore();
            if (more >= before) {
                break; // a cursor that does not go back: left set, so the answer is not relied on
            }
            before = more;
        }
        return all.setMoreEvidenceBefore(before).build();
    }

    /**
     * The bytes of one page at most: ten pieces of evidence (two signed statements and a reason
     * each) take a few KB; bounded, the 100 pages read take a few MB at most, however a partner fills them.
     */
    static final int PAGE_BYTES = 128 * 1024;

    /** A page as the protocol bounds it: at most ten pieces, {@link #PAGE_BYTES} in all. */
    private static void within(HeldHeadsResponse page) throws InvalidAnswer {
        if (page.getEvidenceCount() > PartnerHeads.EVIDENCE_LISTED) {
            throw new InvalidAnswer("a page lists " + page.getEvidenceCount() + " pieces of evidence, at most "
                    + PartnerHeads.EVIDENCE_LISTED + " are sent at once: not checked");
        }
        if (page.getSerializedSize() > PAGE_BYTES) {
            throw new InvalidAnswer(
                    "a page of " + page.getSerializedSize() + " bytes, at most " + PAGE_BYTES + ": not checked");
        }
    }

    private static PartnerView unreachable(String partner, String why) {
        return new PartnerView(partner, why, null, null, null, List.of(), 0);
    }

    /** A partner's answer, our signature checked on each statement in it. */
    PartnerView view(String partner, HeldHeadsResponse held) {
        if (signingKey.isEmpty()) {
            return new PartnerView(
                    partner, null, "without our signing key its answer cannot be checked", null, null, List.of(), 0);
        }
        if (held.getMoreEvidenceBefore() > 0) {
            return new PartnerView(
                    partner,
                    null,
                    "it lists more mismatch evidence than the " + EVIDENCE_PAGES * PartnerHeads.EVIDENCE_LISTED
                            + " pieces we read: not checked",
                    null,
                    null,
                    List.of(),
                    0);
        }
        Head latest = null;
        if (held.hasLatest()) {
            Optional<Head> own = own(held.getLatest(), ChainHead.Kind.HEAD);
            if (own.isEmpty()) {
                return new PartnerView(
                        partner, null, "the head it says it holds is not signed by us", null, null, List.of(), 0);
            }
            latest = own.get();
        }
        Head checkpoint = held.hasCheckpoint()
                ? own(held.getCheckpoint(), ChainHead.Kind.VERIFIED_THROUGH).orElse(null)
                : null;
        List<Evidence> evidence = new ArrayList<>();
        for (MismatchEvidence e : held.getEvidenceList()) {
            Optional<ChainHead> before =
                    signingKey.flatMap(key -> statement(key, trustList.selfCode(), trustList.service(), e.getHeld()));
            Optional<ChainHead> after =
                    signingKey.flatMap(key -> statement(key, trustList.selfCode(), trustList.service(), e.getStated()));
            if (before.isPresent() && after.isPresent() && contradict(before.get(), after.get())) {
                evidence.add(new Evidence(head(before.get()), head(after.get()), e.getReason()));
            }
        }
        return new PartnerView(
                partner, null, null, latest, checkpoint, evidence, Math.max(0, held.getMismatches() - evidence.size()));
    }

    /**
     * Whether two of our statements can contradict each other: another hash for the position of a
     * held HEAD or AT_POSITION, or NOT_FOUND_AT that very position. Nothing else: a lower position
     * stated later is what anyone gets by asking for it (final review #1), and signing times prove
     * nothing across replicas. Even such a pair proves something only if our chain today does not
     * hold one of the two statements (AuditVerifier): a position asked for before the chain reached
     * it is answered NOT_FOUND_AT honestly.
     */
    static boolean contradict(ChainHead held, ChainHead stated) {
        if (held.getKind() != ChainHead.Kind.HEAD && held.getKind() != ChainHead.Kind.AT_POSITION) {
            return false;
        }
        return switch (stated.getKind()) {
            case HEAD, AT_POSITION ->
                held.getPosition() == stated.getPosition() && !held.getHash().equals(stated.getHash());
            // below the held position: removed; at or past it: a hole (a chain's positions have none)
            case NOT_FOUND_AT -> stated.getAskedPosition() == held.getPosition();
            default -> false;
        };
    }

    private static Head head(ChainHead statement) {
        return new Head(
                statement.getPosition(),
                statement.getHash().toByteArray(),
                Instant.ofEpochMilli(statement.getSignedAtMillis()));
    }

    // ---- checkpoints of our verification

    /** Our signed checkpoint: verification found the chain intact through this position. */
    public Optional<SignedHead> signCheckpoint(long position, byte[] hash) {
        return signingKey.map(k -> sign(new Head(position, hash), ChainHead.Kind.VERIFIED_THROUGH));
    }

    /** Hand a checkpoint to every partner to keep; best effort, in parallel, holding no connection. */
    public Map<String, String> handCheckpoint(SignedHead checkpoint) {
        Map<String, Future<ExchangeResult>> asked = new LinkedHashMap<>();
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String partner : trustList.deliveryPartners()) {
            try {
                asked.put(
                        partner,
                        channels.futureStub(
                                        partner,
                                        AuditAnchorServiceGrpc::newFutureStub,
                                        config.audit().anchorTimeout())
                                .holdCheckpoint(checkpoint));
            } catch (RuntimeException e) {
                outcomes.put(partner, e.toString());
            }
        }
        asked.forEach((partner, answer) -> {
            try {
                outcomes.put(
                        partner,
                        answer.get(config.audit().anchorTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                .getOutcome()
                                .name());
            } catch (ExecutionException | TimeoutException e) {
                outcomes.put(partner, e instanceof ExecutionException ? String.valueOf(e.getCause()) : "no answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.put(partner, "interrupted");
            }
        });
        outcomes.forEach((partner, outcome) -> {
            if (!"ACCEPTED".equals(outcome)) {
                LOG.warnf("partner %s did not keep our verification checkpoint: %s", partner, outcome);
            }
        });
        return outcomes;
    }

    /** One of our own statements of this kind, our signature checked; empty if it is not. */
    public Optional<Head> own(SignedHead signed, ChainHead.Kind kind) {
        return signingKey.flatMap(key -> own(key, trustList.selfCode(), trustList.service(), signed, kind));
    }

    /** A statement of jurisdiction {@code self}'s {@code service} of this kind, signed with {@code key}. */
    public static Optional<Head> own(
            PrivateKey key, String self, String service, SignedHead signed, ChainHead.Kind kind) {
        return statement(key, self, service, signed)
                .filter(s -> s.getKind() == kind)
                .map(AuditAnchors::head);
    }

    /** A well-formed statement of {@code self}'s {@code service} (any kind), signed with {@code key}. */
    static Optional<ChainHead> statement(PrivateKey key, String self, String service, SignedHead signed) {
        ChainHead statement = wellFormed(signed);
        if (statement == null
                || !AuditKeys.isOwn(
                        key,
                        signed.getStatement().toByteArray(),
                        signed.getSignature().toByteArray())
                || !self.equals(statement.getJurisdiction())
                || !service.equals(statement.getService())
                || statement.getHash().size() != 32) {
            return Optional.empty();
        }
        return Optional.of(statement);
    }

    /** Our statements are under 100 bytes; anything larger is padding someone wants us to store. */
    static final int MAX_STATEMENT = 256;
    /** An Ed25519 signature is exactly this long. */
    static final int SIGNATURE_LENGTH = 64;

    /**
     * The ChainHead of a signed statement if its size and form are what a statement's are (at most
     * {@link #MAX_STATEMENT} bytes, no fields unknown to us, a signature of exactly
     * {@link #SIGNATURE_LENGTH} bytes); else null. Checked before any signature is verified or
     * anything stored (final review #2).
     */
    static ChainHead wellFormed(SignedHead signed) {
        if (signed.getStatement().size() > MAX_STATEMENT
                || signed.getSignature().size() != SIGNATURE_LENGTH
                || !signed.getUnknownFields().asMap().isEmpty()) {
            return null;
        }
        try {
            ChainHead statement = ChainHead.parseFrom(signed.getStatement());
            return statement.getUnknownFields().asMap().isEmpty() ? statement : null;
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    SignedHead sign(Head head, ChainHead.Kind kind) {
        return sign(signingKey.orElseThrow(), trustList.selfCode(), trustList.service(), head, kind);
    }

    /** Sign a statement of {@code self}'s {@code service}: the serialised ChainHead and its Ed25519 signature. */
    public static SignedHead sign(PrivateKey key, String self, String service, Head head, ChainHead.Kind kind) {
        return sign(key, self, service, head, kind, 0);
    }

    static SignedHead sign(PrivateKey key, String self, String service, Head head, ChainHead.Kind kind, long asked) {
        byte[] statement = ChainHead.newBuilder()
                .setJurisdiction(self)
                .setService(service)
                .setPosition(head.position())
                .setHash(ByteString.copyFrom(head.hash()))
                .setSignedAtMillis(System.currentTimeMillis())
                .setKind(kind)
                .setAskedPosition(asked)
                .build()
                .toByteArray();
        return SignedHead.newBuilder()
                .setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(AuditKeys.sign(key, statement)))
                .build();
    }

    Optional<Head> head() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT position, hash FROM federation.audit_chain ORDER BY position DESC LIMIT 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
        }
    }

    /**
     * The chain at a position (or null) and its head (genesis when empty), read in one statement:
     * one snapshot, so that "not found at p" is never signed with a head at or past p by an honest
     * chain that grew between two reads. Such a statement is evidence of a hole (PartnerHeads).
     */
    Head[] headAtAndHead(long position) throws SQLException {
        if (position == 0) {
            return new Head[] {new Head(0, AuditChain.GENESIS), head().orElse(new Head(0, AuditChain.GENESIS))};
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT (SELECT hash FROM federation.audit_chain WHERE position = ?), h.position, h.hash
                        FROM (SELECT 1) one
                        LEFT JOIN (SELECT position, hash FROM federation.audit_chain ORDER BY position DESC LIMIT 1) h
                            ON true""")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                byte[] at = rs.getBytes(1);
                byte[] headHash = rs.getBytes(3);
                return new Head[] {
                    at == null ? null : new Head(position, at),
                    headHash == null ? new Head(0, AuditChain.GENESIS) : new Head(rs.getLong(2), headHash)
                };
            }
        }
    }
}
