package org.borderpolice.federation.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.problem.ConflictException;

import io.agroal.api.AgroalDataSource;

/**
 * Verifies the audit chain, a page at a time: from where the last intact verification got to (a
 * checkpoint in {@code federation.audit_verification}), at most a page of links per call, saying
 * where the next call continues. Checks that every link covers its entry and the link before it,
 * that the checkpoint's hash is still the chain's hash there, that no entry stays unlinked longer
 * than {@code unlinked-after}, and that the heads our partners hold of our chain are still in it
 * (a removed tail or a recomputed chain cannot hide from those). One verification at a time across
 * replicas (an advisory lock): a second caller meanwhile gets a conflict (409). Each call is itself
 * audited.
 */
@ApplicationScoped
public class AuditVerifier {

    /** Session advisory lock of a running verification: "BorVrfy". */
    static final long LOCK = 0x426f7256726679L;
    static final int LISTED_UNLINKED = 20;

    private final AgroalDataSource dataSource;
    private final AuditLog auditLog;
    private final Duration unlinkedAfter;
    private final Supplier<List<AuditAnchors.PartnerHold>> partnerHolds;
    private final String self;

    @Inject
    public AuditVerifier(AgroalDataSource dataSource, AuditLog auditLog, FederationConfig config, AuditAnchors anchors) {
        this(dataSource, auditLog, config.audit().unlinkedAfter(), anchors::partnersHoldingUs, config.jurisdiction().code());
    }

    public AuditVerifier(AgroalDataSource dataSource, AuditLog auditLog, Duration unlinkedAfter,
            Supplier<List<AuditAnchors.PartnerHold>> partnerHolds, String self) {
        this.dataSource = dataSource;
        this.auditLog = auditLog;
        this.unlinkedAfter = unlinkedAfter;
        this.partnerHolds = partnerHolds;
        this.self = self;
    }

    /** A partner's view of our chain, as checked. */
    public record AnchorCheck(String partner, String status, Long position, String detail) {
        public static final String MATCHES = "MATCHES";
        public static final String MISMATCH = "MISMATCH";
        public static final String NONE = "NONE";
        public static final String UNREACHABLE = "UNREACHABLE";
    }

    /**
     * Result of one call. {@code intact}: nothing wrong was found in what was checked (the links of
     * this page, the checkpoint, the partners' anchors, entries left unlinked). {@code complete}: the
     * page reached the head of the chain; otherwise call again (it continues after
     * {@code throughPosition}).
     */
    public record Verification(boolean intact, long rowsVerified, Long firstBrokenSeq, Long firstBrokenPosition,
            String reason, long fromPosition, long throughPosition, long headPosition, boolean complete,
            Long continueAfter, long unlinkedTooLong, List<Long> unlinkedSeqs, List<AnchorCheck> anchors) {
    }

    /**
     * @param by who asks (recorded)
     * @param restart start from the first link instead of the last checkpoint
     * @param limit at most this many links
     */
    public Verification verify(String by, boolean restart, int limit) {
        Verification result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!tryLock(c)) {
                throw new ConflictException("a verification of the audit chain is running; try again when it has finished");
            }
            try {
                result = verify(c, by, restart, limit);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log", e);
        }
        auditLog.append(new AuditEntry(by, self, "audit.verify", "audit.chain", null, describe(result)));
        return result;
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private Verification verify(Connection c, String by, boolean restart, int limit) throws SQLException {
        // where the last intact verification got to
        long checkpoint = 0;
        byte[] checkpointHash = AuditChain.GENESIS;
        long checkpointSeq = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT through_position, through_hash, seq_through FROM federation.audit_verification
                ORDER BY id DESC LIMIT 1""")) {
            if (rs.next()) {
                checkpoint = rs.getLong(1);
                checkpointHash = rs.getBytes(2);
                checkpointSeq = rs.getLong(3);
            }
        }
        long from = restart ? 0 : checkpoint;
        byte[] expected = restart ? AuditChain.GENESIS : checkpointHash;
        long seqFrom = restart ? 0 : checkpointSeq;
        long head = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(position), 0) FROM federation.audit_chain")) {
            rs.next();
            head = rs.getLong(1);
        }
        List<AnchorCheck> anchors = checkAnchors(c);
        String anchorProblem = anchors.stream().filter(a -> a.status().equals(AnchorCheck.MISMATCH))
                .map(a -> "partner " + a.partner() + ": " + a.detail()).findFirst().orElse(null);

        // the last checkpoint must still be the chain's state there, also when starting over (which
        // would otherwise bless a chain recomputed since)
        if (checkpoint > 0) {
            byte[] now = hashAt(c, checkpoint);
            String problem = now == null ? "the chain no longer reaches position " + checkpoint
                    + ", verified intact before: entries were removed"
                    : !Arrays.equals(now, checkpointHash) ? "the hash at position " + checkpoint
                            + " is not the one verified before: the chain was recomputed" : null;
            if (problem != null) {
                return new Verification(false, 0, null, checkpoint, problem, from, from, head, false, null, 0, List.of(),
                        anchors);
            }
        }

        long position = from;
        long verified = 0;
        Long brokenSeq = null;
        Long brokenPosition = null;
        String reason = null;
        try (PreparedStatement select = c.prepareStatement("""
                SELECT c.position, c.seq, c.prev_hash, c.hash, l.seq, l.at, l.actor, l.jurisdiction, l.action,
                    l.record_type, l.record_id, l.detail
                FROM federation.audit_chain c LEFT JOIN federation.audit_log l ON l.seq = c.seq
                WHERE c.position > ? ORDER BY c.position LIMIT ?""")) {
            select.setLong(1, from);
            select.setInt(2, limit);
            select.setFetchSize(1000);
            c.setAutoCommit(false); // a cursor needs a transaction
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getLong(1);
                    long seq = rs.getLong(2);
                    byte[] previous = rs.getBytes(3);
                    byte[] hash = rs.getBytes(4);
                    if (at != position + 1) {
                        reason = "positions " + (position + 1) + " to " + (at - 1) + " are missing: links were removed";
                    } else if (rs.getObject(5) == null) {
                        reason = "the entry of this link is missing: it was removed";
                    } else if (!Arrays.equals(previous, expected)) {
                        reason = "previous hash does not match the link before (a link was removed or changed)";
                    } else {
                        AuditEntry entry = new AuditEntry(rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), rs.getString(12));
                        if (!Arrays.equals(hash, AuditChain.hash(previous, rs.getTimestamp(6).toInstant(), entry))) {
                            reason = "content does not match its hash";
                        }
                    }
                    if (reason != null) {
                        brokenSeq = seq;
                        brokenPosition = at;
                        break;
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

        // entries left unlinked: a bounded walk over the entries after the last one known linked
        long seqThrough = seqFrom;
        long tooLong = 0;
        List<Long> listed = new ArrayList<>();
        Instant cutoff = Instant.now().minus(unlinkedAfter);
        boolean stopped = false;
        try (PreparedStatement select = c.prepareStatement("""
                SELECT l.seq, l.at, EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = l.seq)
                FROM federation.audit_log l WHERE l.seq > ? ORDER BY l.seq LIMIT ?""")) {
            select.setLong(1, seqFrom);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (rs.getBoolean(3)) {
                        if (!stopped) {
                            seqThrough = seq;
                        }
                        continue;
                    }
                    stopped = true; // the next call looks again from here
                    Timestamp at = rs.getTimestamp(2);
                    if (at.toInstant().isBefore(cutoff)) {
                        tooLong++;
                        if (listed.size() < LISTED_UNLINKED) {
                            listed.add(seq);
                        }
                    }
                }
            }
        }

        boolean chainIntact = reason == null;
        if (chainIntact && anchorProblem != null) {
            reason = anchorProblem;
        }
        if (reason == null && tooLong > 0) {
            reason = tooLong + " entries were left unlinked longer than " + unlinkedAfter + " (first seq " + listed.get(0) + ")";
        }
        boolean intact = reason == null;
        boolean complete = chainIntact && position >= head;
        if (chainIntact && (position > from || seqThrough > seqFrom)) {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO federation.audit_verification (verified_by, through_position, through_hash, seq_through)
                    VALUES (?, ?, ?, ?)""")) {
                insert.setString(1, by);
                insert.setLong(2, position);
                insert.setBytes(3, expected);
                insert.setLong(4, seqThrough);
                insert.executeUpdate();
            }
        }
        return new Verification(intact, verified, brokenSeq, brokenPosition, reason, from, position, head, complete,
                complete ? null : position, tooLong, listed, anchors);
    }

    private List<AnchorCheck> checkAnchors(Connection c) throws SQLException {
        List<AnchorCheck> checks = new ArrayList<>();
        for (AuditAnchors.PartnerHold hold : partnerHolds.get()) {
            if (hold.unreachable() != null) {
                checks.add(new AnchorCheck(hold.partner(), AnchorCheck.UNREACHABLE, null, hold.unreachable()));
                continue;
            }
            if (hold.mismatches() > 0) {
                checks.add(new AnchorCheck(hold.partner(), AnchorCheck.MISMATCH,
                        hold.latest() == null ? null : hold.latest().position(),
                        "recorded " + hold.mismatches() + " head(s) of ours that did not extend the one it held"));
                continue;
            }
            if (hold.latest() == null) {
                checks.add(new AnchorCheck(hold.partner(), AnchorCheck.NONE, null, "holds no head of ours yet"));
                continue;
            }
            long p = hold.latest().position();
            byte[] ours = hashAt(c, p);
            if (ours == null) {
                checks.add(new AnchorCheck(hold.partner(), AnchorCheck.MISMATCH, p,
                        "holds our head at position " + p + ", which our chain no longer reaches: entries were removed"));
            } else if (!Arrays.equals(ours, hold.latest().hash())) {
                checks.add(new AnchorCheck(hold.partner(), AnchorCheck.MISMATCH, p,
                        "holds another hash of ours at position " + p + ": the chain was recomputed"));
            } else {
                checks.add(new AnchorCheck(hold.partner(), AnchorCheck.MATCHES, p, null));
            }
        }
        return checks;
    }

    private static byte[] hashAt(Connection c, long position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT hash FROM federation.audit_chain WHERE position = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    static String describe(Verification v) {
        StringBuilder d = new StringBuilder();
        d.append(v.intact() ? "intact" : "NOT intact").append(": positions ").append(v.fromPosition() + 1).append('-')
                .append(v.throughPosition()).append(" of ").append(v.headPosition()).append(", ").append(v.rowsVerified())
                .append(" links checked");
        if (v.reason() != null) {
            d.append("; ").append(v.reason());
        }
        if (v.firstBrokenPosition() != null) {
            d.append(" (position ").append(v.firstBrokenPosition()).append(v.firstBrokenSeq() == null ? "" : ", seq "
                    + v.firstBrokenSeq()).append(')');
        }
        for (AnchorCheck a : v.anchors()) {
            d.append("; ").append(a.partner()).append(' ').append(a.status())
                    .append(a.position() == null ? "" : " @" + a.position());
        }
        return d.toString();
    }
}
