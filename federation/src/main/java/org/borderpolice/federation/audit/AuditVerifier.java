package org.borderpolice.federation.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.proto.audit.v1.ChainHead;
import org.borderpolice.federation.proto.audit.v1.SignedHead;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.agroal.api.AgroalDataSource;

/**
 * Verifies the audit chain, a page at a time, from a checkpoint out of the service's reach: the
 * latest checkpoint of ours a partner holds (signed by us, handed to it after each intact page),
 * else our own signed checkpoint, else the first link; at most a page of links per call, saying
 * where the next call continues. Checks that every link covers its entry and the link before it,
 * that the checkpoint's hash is still the chain's hash there, that no entry waits to be linked
 * longer than {@code unlinked-after} and none is neither linked nor waiting, and what the partners
 * hold of our chain (every statement checked for our own signature): their newest head must still
 * be in the chain, their evidence of a mismatch is believed only with two of our own statements
 * that contradict each other, and at least one partner must hold a head of ours younger than
 * {@code anchor-max-age} (otherwise entries after it are not anchored, and the chain is not called
 * intact). The partners are asked before a database connection is taken. One verification at a
 * time across replicas (an advisory lock): a second caller meanwhile gets a conflict (409). Each
 * call is itself audited, refused and failed ones too.
 */
@ApplicationScoped
public class AuditVerifier {

    private static final Logger LOG = Logger.getLogger(AuditVerifier.class);
    /** Session advisory lock of a running verification: "BorVrfy". */
    static final long LOCK = 0x426f7256726679L;

    static final int LISTED_UNLINKED = 20;

    /** What verification needs of anchoring (AuditAnchors; tests put in their own). */
    public interface Anchoring {
        /** What each partner holds of our chain, our signature checked; asked now. */
        List<AuditAnchors.PartnerView> partnerViews();

        /** Whether anchors are expected at all: partners on the trust list and anchoring on. */
        boolean expected();

        Optional<SignedHead> signCheckpoint(long position, byte[] hash);

        /** One of our own checkpoints, our signature checked. */
        Optional<AuditAnchors.Head> ownCheckpoint(SignedHead signed);

        /** Hand a checkpoint to the partners to keep (best effort). */
        void handCheckpoint(SignedHead checkpoint);
    }

    private final AgroalDataSource dataSource;
    private final AuditLog auditLog;
    private final Duration unlinkedAfter;
    private final Duration anchorMaxAge;
    private final Anchoring anchoring;
    private final String self;

    @Inject
    public AuditVerifier(
            AgroalDataSource dataSource,
            AuditLog auditLog,
            FederationConfig config,
            AuditAnchors anchors,
            TrustList trustList) {
        this(
                dataSource,
                auditLog,
                config.audit().unlinkedAfter(),
                config.audit().anchorMaxAge(),
                new Anchoring() {
                    @Override
                    public List<AuditAnchors.PartnerView> partnerViews() {
                        return anchors.partnersHoldingUs();
                    }

                    @Override
                    public boolean expected() {
                        return !trustList.deliveryPartners().isEmpty()
                                && PartnerHeads.anchorEvery(config).isPresent();
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
                        anchors.handCheckpoint(checkpoint);
                    }
                },
                config.jurisdiction().code());
    }

    public AuditVerifier(
            AgroalDataSource dataSource,
            AuditLog auditLog,
            Duration unlinkedAfter,
            Duration anchorMaxAge,
            Anchoring anchoring,
            String self) {
        this.dataSource = dataSource;
        this.auditLog = auditLog;
        this.unlinkedAfter = unlinkedAfter;
        this.anchorMaxAge = anchorMaxAge;
        this.anchoring = anchoring;
        this.self = self;
    }

    /** A partner's view of our chain, as checked; {@code ageSeconds}: how old its newest head of ours is. */
    public record AnchorCheck(String partner, String status, Long position, String detail, Long ageSeconds) {
        public static final String MATCHES = "MATCHES";
        /** Still in our chain, but older than anchor-max-age: anchoring has stopped at this partner. */
        public static final String STALE = "STALE";

        public static final String MISMATCH = "MISMATCH";
        public static final String NONE = "NONE";
        public static final String UNREACHABLE = "UNREACHABLE";
        /** It answered with statements that are not ours (or cannot be checked): not relied on. */
        public static final String INVALID_ANSWER = "INVALID_ANSWER";
    }

    /**
     * Result of one call. {@code intact}: nothing wrong was found in what was checked (the links of
     * this page, the checkpoint, the partners' anchors and their freshness, entries left
     * unlinked). {@code complete}: the page reached the head of the chain; otherwise call again (it
     * continues after {@code throughPosition}). {@code checkpointFrom}: where the page started.
     */
    public record Verification(
            boolean intact,
            long rowsVerified,
            Long firstBrokenSeq,
            Long firstBrokenPosition,
            String reason,
            long fromPosition,
            long throughPosition,
            long headPosition,
            boolean complete,
            Long continueAfter,
            long unlinkedTooLong,
            List<Long> unlinkedSeqs,
            List<AnchorCheck> anchors,
            String checkpointFrom) {}

    /**
     * @param by who asks (recorded)
     * @param restart start from the first link instead of the last checkpoint
     * @param limit at most this many links
     */
    public Verification verify(String by, boolean restart, int limit) {
        // the partners first: no connection is held while they are asked
        List<AuditAnchors.PartnerView> views = anchoring.partnerViews();
        Outcome outcome;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!tryLock(c)) {
                audit(by, "audit.verify.refused", "a verification of the audit chain was running already (409)");
                throw new ConflictProblem(
                        "a verification of the audit chain is running; try again when it has finished");
            }
            try {
                outcome = verify(c, by, restart, limit, views);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
                }
            }
        } catch (SQLException e) {
            audit(by, "audit.verify.failed", "the verification could not read the audit log: " + e.getSQLState());
            throw new IllegalStateException("could not read the audit log", e);
        } catch (RuntimeException e) {
            if (!(e instanceof ConflictProblem)) {
                audit(
                        by,
                        "audit.verify.failed",
                        "the verification failed: " + e.getClass().getSimpleName());
            }
            throw e;
        }
        Verification result = outcome.verification();
        auditLog.append(new AuditEntry(by, self, "audit.verify", "audit.chain", null, describe(result)));
        outcome.checkpoint().ifPresent(anchoring::handCheckpoint);
        return result;
    }

    /** A verification and the checkpoint to hand to the partners (none if nothing was verified intact). */
    private record Outcome(Verification verification, Optional<SignedHead> checkpoint) {}

    private void audit(String by, String action, String detail) {
        try {
            auditLog.append(new AuditEntry(by, self, action, "audit.chain", null, detail));
        } catch (RuntimeException e) {
            LOG.warnf("could not audit %s by %s: %s", action, by, e.getMessage());
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A checkpoint: verified intact through {@code position}, whose hash was {@code hash}; said by {@code from}. */
    private record Checkpoint(long position, byte[] hash, String from) {}

    private Outcome verify(Connection c, String by, boolean restart, int limit, List<AuditAnchors.PartnerView> views)
            throws SQLException {
        // where verified intact before: a partner's copy of our checkpoint, else our own signed one
        Checkpoint partnerHeld = views.stream()
                .filter(v -> v.checkpoint() != null)
                .max(Comparator.comparingLong(v -> v.checkpoint().position()))
                .map(v -> new Checkpoint(
                        v.checkpoint().position(), v.checkpoint().hash(), "checkpoint held by partner " + v.partner()))
                .orElse(null);
        Checkpoint local = null;
        long seqFrom = 0;
        long sweepFrom = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                SELECT seq_through, statement, signature, sweep_through FROM federation.audit_verification
                ORDER BY id DESC LIMIT 1""")) {
            if (rs.next()) {
                seqFrom = rs.getLong(1);
                sweepFrom = rs.getLong(4);
                if (rs.getBytes(2) != null && rs.getBytes(3) != null) {
                    Optional<AuditAnchors.Head> own = anchoring.ownCheckpoint(SignedHead.newBuilder()
                            .setStatement(ByteString.copyFrom(rs.getBytes(2)))
                            .setSignature(ByteString.copyFrom(rs.getBytes(3)))
                            .build());
                    if (own.isPresent()) {
                        local = new Checkpoint(
                                own.get().position(),
                                own.get().hash(),
                                "our own signed checkpoint (no partner holds one)");
                    }
                }
            }
        }
        Checkpoint known = partnerHeld != null ? partnerHeld : local;
        Checkpoint start = restart || known == null
                ? new Checkpoint(
                        0, AuditChain.GENESIS, restart ? "the first link (restart)" : "the first link (no checkpoint)")
                : known;
        if (restart) {
            seqFrom = 0;
        }
        long head;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(position), 0) FROM federation.audit_chain")) {
            rs.next();
            head = rs.getLong(1);
        }
        List<AnchorCheck> anchors = checkAnchors(c, views);

        // the checkpoint must still be the chain's state there, also when starting over (which
        // would otherwise bless a chain recomputed since)
        if (known != null && known.position() > 0) {
            byte[] now = hashAt(c, known.position());
            String problem = now == null
                    ? "the chain no longer reaches position " + known.position() + ", verified intact before ("
                            + known.from() + "): entries were removed"
                    : !Arrays.equals(now, known.hash())
                            ? "the hash at position " + known.position() + " is not the one verified before ("
                                    + known.from() + "): the chain was recomputed"
                            : null;
            if (problem != null) {
                return new Outcome(
                        new Verification(
                                false,
                                0,
                                null,
                                known.position(),
                                problem,
                                start.position(),
                                start.position(),
                                head,
                                false,
                                null,
                                0,
                                List.of(),
                                anchors,
                                start.from()),
                        Optional.empty());
            }
        }

        Walk page = walk(c, start.position(), start.hash(), Long.MAX_VALUE, limit);
        long position = page.position();
        byte[] expected = page.hash();
        long verified = page.verified();
        Long brokenSeq = page.brokenSeq();
        Long brokenPosition = page.brokenPosition();
        String reason = page.reason();

        // the rotating sweep: a page of links before the checkpoint, re-hashed from where the last
        // sweep stopped, so an entry edited there without recomputing (which leaves every hash, the
        // checkpoint's too, as it was) is found within (links / limit) calls (final review #7)
        long sweepThrough = sweepFrom;
        if (!restart && reason == null && start.position() > 0) {
            long from = sweepFrom < start.position() ? sweepFrom : 0;
            byte[] fromHash = hashAt(c, from);
            if (fromHash == null) {
                from = 0;
                fromHash = AuditChain.GENESIS;
            }
            Walk sweep = walk(c, from, fromHash, start.position(), limit);
            if (sweep.reason() != null) {
                brokenSeq = sweep.brokenSeq();
                brokenPosition = sweep.brokenPosition();
                reason = sweep.reason();
            } else {
                sweepThrough = sweep.position() >= start.position() ? 0 : sweep.position();
            }
        }

        Unlinked unlinked = unlinked(c, seqFrom, limit);

        boolean chainIntact = reason == null;
        if (chainIntact) {
            reason = anchors.stream()
                    .filter(a -> a.status().equals(AnchorCheck.MISMATCH))
                    .map(a -> "partner " + a.partner() + ": " + a.detail())
                    .findFirst()
                    .orElse(null);
        }
        if (reason == null
                && anchoring.expected()
                && head > 0
                && anchors.stream().noneMatch(a -> a.status().equals(AnchorCheck.MATCHES))) {
            reason = "no partner holds a head of ours younger than " + anchorMaxAge + " that our chain still holds: "
                    + "what came after the newest anchor is not anchored (anchoring has stopped, or the partners are "
                    + "unreachable or answer what is not ours)";
        }
        if (reason == null && unlinked.problem() != null) {
            reason = unlinked.problem();
        }
        boolean intact = reason == null;
        boolean complete = chainIntact && position >= head;
        Optional<SignedHead> checkpoint = Optional.empty();
        boolean advanced = position > start.position()
                || unlinked.seqThrough() > seqFrom
                || known == null
                || position != known.position();
        if (chainIntact && (advanced || sweepThrough != sweepFrom)) {
            Optional<SignedHead> signed =
                    position > 0 ? anchoring.signCheckpoint(position, expected) : Optional.empty();
            if (advanced) {
                checkpoint = signed; // handed to the partners only when it says more than the last one
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO federation.audit_verification (verified_by, through_position, through_hash, seq_through,
                        statement, signature, sweep_through) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, by);
                insert.setLong(2, position);
                insert.setBytes(3, expected);
                insert.setLong(4, unlinked.seqThrough());
                insert.setBytes(
                        5, signed.map(h -> h.getStatement().toByteArray()).orElse(null));
                insert.setBytes(
                        6, signed.map(h -> h.getSignature().toByteArray()).orElse(null));
                insert.setLong(7, sweepThrough);
                insert.executeUpdate();
            }
        }
        return new Outcome(
                new Verification(
                        intact,
                        verified,
                        brokenSeq,
                        brokenPosition,
                        reason,
                        start.position(),
                        position,
                        head,
                        complete,
                        complete ? null : position,
                        unlinked.count(),
                        unlinked.seqs(),
                        anchors,
                        start.from()),
                checkpoint);
    }

    /** Links walked: the last one found sound and its hash; the first broken one and why, if any. */
    private record Walk(
            long position, byte[] hash, long verified, Long brokenSeq, Long brokenPosition, String reason) {}

    /** Walk at most {@code limit} links after {@code from} (whose hash is {@code fromHash}), up to {@code through}. */
    private static Walk walk(Connection c, long from, byte[] fromHash, long through, int limit) throws SQLException {
        long position = from;
        byte[] expected = fromHash;
        long verified = 0;
        try (PreparedStatement select = c.prepareStatement("""
                SELECT c.position, c.seq, c.prev_hash, c.hash, l.seq, l.at, l.actor, l.jurisdiction, l.action,
                    l.record_type, l.record_id, l.detail
                FROM federation.audit_chain c LEFT JOIN federation.audit_log l ON l.seq = c.seq
                WHERE c.position > ? AND c.position <= ? ORDER BY c.position LIMIT ?""")) {
            select.setLong(1, from);
            select.setLong(2, through);
            select.setInt(3, limit);
            select.setFetchSize(1000);
            c.setAutoCommit(false); // a cursor needs a transaction
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getLong(1);
                    byte[] previous = rs.getBytes(3);
                    byte[] hash = rs.getBytes(4);
                    String reason = null;
                    if (at != position + 1) {
                        reason = "positions " + (position + 1) + " to " + (at - 1) + " are missing: links were removed";
                    } else if (rs.getObject(5) == null) {
                        reason = "the entry of this link is missing: it was removed";
                    } else if (!Arrays.equals(previous, expected)) {
                        reason = "previous hash does not match the link before (a link was removed or changed)";
                    } else {
                        AuditEntry entry = new AuditEntry(
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11),
                                rs.getString(12));
                        if (!Arrays.equals(
                                hash,
                                AuditChain.hash(previous, rs.getTimestamp(6).toInstant(), entry))) {
                            reason = "content does not match its hash";
                        }
                    }
                    if (reason != null) {
                        return new Walk(position, expected, verified, rs.getLong(2), at, reason);
                    }
                    expected = hash;
                    position = at;
                    verified++;
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return new Walk(position, expected, verified, null, null, null);
    }

    /** Entries not linked: waiting too long, or neither linked nor waiting (the queue or its trigger tampered with). */
    private record Unlinked(long count, List<Long> seqs, long seqThrough, String problem) {}

    private Unlinked unlinked(Connection c, long seqFrom, int limit) throws SQLException {
        long count = 0;
        List<Long> listed = new ArrayList<>();
        String problem = null;
        // waiting in the queue longer than they should
        try (PreparedStatement s = c.prepareStatement("""
                SELECT u.seq, count(*) OVER () FROM federation.audit_unlinked u JOIN federation.audit_log l ON l.seq = u.seq
                WHERE l.at < ? AND NOT EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = u.seq)
                ORDER BY u.seq LIMIT ?""")) {
            s.setTimestamp(1, java.sql.Timestamp.from(Instant.now().minus(unlinkedAfter)));
            s.setInt(2, LISTED_UNLINKED);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    listed.add(rs.getLong(1));
                    count = rs.getLong(2);
                }
            }
        }
        if (count > 0) {
            problem = count + " entries have waited to be linked longer than " + unlinkedAfter + " (first seq "
                    + listed.get(0) + "): the linker is not running";
        }
        // a bounded walk over the entries after the last one known linked: each must be linked or waiting
        long seqThrough = seqFrom;
        long neither = 0;
        try (PreparedStatement select = c.prepareStatement("""
                SELECT l.seq, EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = l.seq),
                    EXISTS (SELECT 1 FROM federation.audit_unlinked u WHERE u.seq = l.seq)
                FROM federation.audit_log l WHERE l.seq > ? ORDER BY l.seq LIMIT ?""")) {
            select.setLong(1, seqFrom);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                boolean stopped = false;
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    boolean linked = rs.getBoolean(2);
                    boolean waiting = rs.getBoolean(3);
                    if (!linked && !waiting) {
                        // it will never be linked: reported until it is (the next call looks again from here)
                        stopped = true;
                        neither++;
                        if (listed.size() < LISTED_UNLINKED) {
                            listed.add(seq);
                        }
                    } else if (!stopped && linked) {
                        seqThrough = seq;
                    } else {
                        stopped = true; // waiting: looked at again next time
                    }
                }
            }
        }
        if (neither > 0 && problem == null) {
            problem = neither + " entries are neither linked nor waiting to be linked (first seq " + listed.get(0)
                    + "): the linking queue or its trigger was tampered with";
        }
        return new Unlinked(count + neither, listed, seqThrough, problem);
    }

    private List<AnchorCheck> checkAnchors(Connection c, List<AuditAnchors.PartnerView> views) throws SQLException {
        List<AnchorCheck> checks = new ArrayList<>();
        Instant now = Instant.now();
        for (AuditAnchors.PartnerView view : views) {
            String claims = view.unprovenMismatches() > 0
                    ? "; it claims " + view.unprovenMismatches()
                            + " mismatch(es) without evidence signed by us (not relied on)"
                    : "";
            if (view.unreachable() != null) {
                checks.add(new AnchorCheck(view.partner(), AnchorCheck.UNREACHABLE, null, view.unreachable(), null));
                continue;
            }
            if (view.invalid() != null) {
                checks.add(new AnchorCheck(view.partner(), AnchorCheck.INVALID_ANSWER, null, view.invalid(), null));
                continue;
            }
            Long age = view.latest() == null || view.latest().signedAt() == null
                    ? null
                    : Duration.between(view.latest().signedAt(), now).toSeconds();
            Long held = view.latest() == null ? null : view.latest().position();
            // evidence counts only if our chain today does not hold one of its statements: a pair our
            // chain holds both of was stated honestly (e.g. a position asked for before it was reached)
            List<AuditAnchors.Evidence> believed = new ArrayList<>();
            for (AuditAnchors.Evidence e : view.evidence()) {
                if (!Arrays.equals(hashAt(c, e.held().position()), e.held().hash())
                        || !Arrays.equals(
                                hashAt(c, e.stated().position()), e.stated().hash())) {
                    believed.add(e);
                }
            }
            if (believed.size() < view.evidence().size()) {
                claims += "; " + (view.evidence().size() - believed.size()) + " pair(s) of our statements that our "
                        + "chain still holds both of (not relied on)";
            }
            if (!believed.isEmpty()) {
                AuditAnchors.Evidence e = believed.get(0);
                checks.add(new AnchorCheck(
                        view.partner(),
                        AnchorCheck.MISMATCH,
                        e.held().position(),
                        "holds two "
                                + "statements of ours that contradict each other (position "
                                + e.held().position() + ", then "
                                + e.stated().position() + "): " + e.reason(),
                        age));
                continue;
            }
            if (view.latest() == null) {
                checks.add(new AnchorCheck(
                        view.partner(), AnchorCheck.NONE, null, "holds no head of ours yet" + claims, null));
                continue;
            }
            long p = view.latest().position();
            byte[] ours = hashAt(c, p);
            if (ours == null) {
                checks.add(new AnchorCheck(
                        view.partner(),
                        AnchorCheck.MISMATCH,
                        p,
                        "holds our head at position " + p + ", which our chain no longer reaches: entries were removed",
                        age));
            } else if (!Arrays.equals(ours, view.latest().hash())) {
                checks.add(new AnchorCheck(
                        view.partner(),
                        AnchorCheck.MISMATCH,
                        p,
                        "holds another hash of ours at position " + p + ": the chain was recomputed",
                        age));
            } else if (age != null && age > anchorMaxAge.toSeconds()) {
                checks.add(new AnchorCheck(
                        view.partner(),
                        AnchorCheck.STALE,
                        held,
                        "its newest head of ours is " + age + " s old (at most " + anchorMaxAge.toSeconds()
                                + " s expected)" + claims,
                        age));
            } else {
                checks.add(new AnchorCheck(
                        view.partner(), AnchorCheck.MATCHES, p, claims.isEmpty() ? null : claims.substring(2), age));
            }
        }
        return checks;
    }

    private static byte[] hashAt(Connection c, long position) throws SQLException {
        if (position == 0) {
            return AuditChain.GENESIS;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT hash FROM federation.audit_chain WHERE position = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    static String describe(Verification v) {
        StringBuilder d = new StringBuilder();
        d.append(v.intact() ? "intact" : "NOT intact")
                .append(": positions ")
                .append(v.fromPosition() + 1)
                .append('-')
                .append(v.throughPosition())
                .append(" of ")
                .append(v.headPosition())
                .append(", ")
                .append(v.rowsVerified())
                .append(" links checked from ")
                .append(v.checkpointFrom());
        if (v.reason() != null) {
            d.append("; ").append(v.reason());
        }
        if (v.firstBrokenPosition() != null) {
            d.append(" (position ")
                    .append(v.firstBrokenPosition())
                    .append(v.firstBrokenSeq() == null ? "" : ", seq " + v.firstBrokenSeq())
                    .append(')');
        }
        for (AnchorCheck a : v.anchors()) {
            d.append("; ")
                    .append(a.partner())
                    .append(' ')
                    .append(a.status())
                    .append(a.position() == null ? "" : " @" + a.position())
                    .append(a.ageSeconds() == null ? "" : " (" + a.ageSeconds() + " s old)");
        }
        return d.toString();
    }
}
