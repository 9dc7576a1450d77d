package org.borderpolice.cases;

/**
 * The rules of requests to join a case (申请加入案件), without a container.
 *
 * <p>At the owner, a request is taken and left to a commander only for a case that may be joined:
 * one of ours, shared (no draft), not closed, not offered or handed over, that the requester does
 * not hold already, and that a hit check of the requester hit here (a request follows a hit; the
 * service checks this after {@link #refusal}). Every other request is denied at once by the service with {@link #NOT_JOINABLE}
 * (a requester that already holds the case gets {@link #ALREADY_PARTICIPANT}, which tells it
 * nothing it does not know). The requester sees the same answer for a number that does not exist
 * as for a draft, a closed case or one being handed over: it learns nothing of a case it may not
 * see beyond what the hit told it.
 */
public final class JoinRules {

    /** What the requester sees of a request the service refused at receipt. */
    public static final String NOT_JOINABLE = "无可加入的案件 No case under this number can be joined";

    public static final String ALREADY_PARTICIPANT = "已是参与方 Already a participant of this case";

    /** Only a requester that ignores its own pending request gets this (ours refuse to file a second). */
    public static final String ALREADY_PENDING = "已有待审批的申请 A request of yours for this case is pending";
    /** The answer to a request beyond the requester's quota of pending requests at the owner (names no case). */
    public static final String TOO_MANY_PENDING =
            "待审批申请过多 Too many of your requests are pending here: wait for decisions or withdraw some";

    /**
     * The reason of a request refused at the owner's inbox, not stored (names no case): beyond
     * {@link #dailyCap} requests of the requester in a day.
     */
    public static final String TOO_MANY_TODAY =
            "今日申请过多 Too many of your requests to join cases arrived here in the last 24 hours: try again later";

    /** How many times the quota of pending requests one requester's requests may number in 24 hours. */
    public static final int DAILY_CAP_FACTOR = 10;

    /**
     * How many requests of one requester the owner stores in 24 hours, whatever became of them:
     * the quota of pending requests bounds the commanders' queue, this bounds storage (withdrawals
     * and refusals at receipt would otherwise let a partner store any number of rows).
     */
    public static int dailyCap(int maxPending) {
        return DAILY_CAP_FACTOR * maxPending;
    }

    /** Why the owner refuses a request at once (kept at the owner, never sent). */
    public enum Refusal {
        NO_CASE("no case of ours has this number"),
        DRAFT("the case is a draft"),
        CLOSED("the case is closed"),
        TRANSFER("the case is offered to or was handed over to another jurisdiction"),
        PARTICIPANT("the requester already holds the case"),
        NO_HIT("no check of the requester hit the case here"),
        PENDING("the requester has a request for this case pending"),
        LIMIT("the requester has as many requests pending here as border.cases.join-requests.max-pending allows");

        public final String why;

        Refusal(String why) {
            this.why = why;
        }

        /** What the requester is told. */
        public String answer() {
            return switch (this) {
                case PARTICIPANT -> ALREADY_PARTICIPANT;
                case PENDING -> ALREADY_PENDING;
                case LIMIT -> TOO_MANY_PENDING;
                default -> NOT_JOINABLE;
            };
        }
    }

    private JoinRules() {}

    /**
     * Why a case may not be joined by {@code requester} now, or null if a commander may approve.
     *
     * @param c the case of ours the number names, null if none
     * @param transferring whether the case is offered or handed over (先受理后移交)
     */
    public static Refusal refusal(JointCase c, String requester, boolean transferring) {
        if (c == null) {
            return Refusal.NO_CASE;
        }
        if (!c.status.shared()) {
            return Refusal.DRAFT;
        }
        if (!c.status.changeable()) {
            return Refusal.CLOSED;
        }
        if (transferring) {
            return Refusal.TRANSFER;
        }
        CaseParticipant p = c.participant(requester);
        if (p != null && p.state.active()) {
            return Refusal.PARTICIPANT;
        }
        return null;
    }

    /**
     * The requester of {@code r} joins: a new participant ACCEPTED, or one that had declined or was removed
     * ACCEPTED again (its answer version kept, so that its next answer counts on from it).
     *
     * @return the participant row, new (to persist) or changed
     * @throws IllegalStateException if the requester already holds the case
     */
    public static CaseParticipant join(JointCase c, CaseJoinRequest r, String approvedBy, java.time.Instant now) {
        String requester = r.requester;
        CaseParticipant p = c.participant(requester);
        if (p != null && p.state.active()) {
            throw new IllegalStateException(requester + " already holds case " + c.number);
        }
        if (p == null) {
            p = new CaseParticipant();
            p.caseId = c.id;
            p.jurisdiction = requester;
            c.participants.add(p);
            c.participants.sort(java.util.Comparator.comparing(x -> x.jurisdiction));
        }
        p.state = ParticipantState.ACCEPTED;
        p.invitedAt = now;
        p.invitedBy = approvedBy;
        // the requester's asking is its answer: who asked, from which unit
        p.answeredAt = now;
        p.answeredBy = r.requestedBy;
        p.answerUnit = r.requestedUnit;
        p.reason = null;
        return p;
    }
}
