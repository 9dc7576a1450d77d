package org.borderpolice.federation.transfer;

import java.util.Set;

/**
 * The transfer handshake's rules, without a database: who may offer what to whom, who may answer
 * or withdraw an offer in which state, and what an answer does at the offering jurisdiction. Each
 * check returns why it is refused, or null.
 */
public final class OfferRules {

    public static final String OFFERED = "OFFERED";
    public static final String WITHDRAWN = "WITHDRAWN";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String DECLINED = "DECLINED";
    public static final int MAX_REASON = 2000;

    private OfferRules() {}

    /** Why a refusal: the request itself is wrong (400) or it contradicts the current state (409). */
    public enum Kind {
        INVALID,
        CONFLICT
    }

    public record Refusal(Kind kind, String reason) {}

    /**
     * Offering our record to {@code to}: a partner of the agreement other than us (one that may
     * receive the record type from this service: {@code partner}), in the record's
     * distribution; the record neither closed by a transfer nor under another open offer.
     */
    public static Refusal offer(
            String self, String to, boolean partner, Set<String> distribution, boolean closed, boolean openOffer) {
        if (to.equals(self)) {
            return new Refusal(Kind.INVALID, "a record is offered to another jurisdiction, not to its owner");
        }
        if (!partner) {
            return new Refusal(
                    Kind.INVALID,
                    to + " is not a partner of the agreement that may receive these records from " + "this service");
        }
        if (closed) {
            return new Refusal(Kind.CONFLICT, "the record was handed to another jurisdiction already");
        }
        if (openOffer) {
            return new Refusal(Kind.CONFLICT, "the record is under an open offer; withdraw it first");
        }
        if (!distribution.contains(to)) {
            return new Refusal(
                    Kind.CONFLICT,
                    to + " is not in the record's distribution: a record is handed only to a "
                            + "jurisdiction that holds it");
        }
        return null;
    }

    /**
     * Answering an offer here: only its addressee, only once, only while the owner keeps it open.
     *
     * @param origin the jurisdiction that made the offer
     * @param decision the answer given already, or null
     */
    public static Refusal answer(String self, String origin, String addressee, String state, String decision) {
        if (origin.equals(self)) {
            return new Refusal(Kind.CONFLICT, "this jurisdiction made the offer; only its addressee answers it");
        }
        if (!addressee.equals(self)) {
            return new Refusal(Kind.CONFLICT, "the offer is addressed to " + addressee);
        }
        if (decision != null) {
            return new Refusal(Kind.CONFLICT, "the offer was answered already (" + decision + ")");
        }
        if (!OFFERED.equals(state)) {
            return new Refusal(Kind.CONFLICT, "the offer was withdrawn");
        }
        return null;
    }

    /** Withdrawing an offer: only ours, only while unanswered and open. */
    public static Refusal withdraw(String self, String origin, String state, String decision) {
        if (!origin.equals(self)) {
            return new Refusal(Kind.CONFLICT, "only the jurisdiction that made the offer withdraws it");
        }
        if (decision != null) {
            return new Refusal(Kind.CONFLICT, "the offer was answered already (" + decision + ")");
        }
        if (!OFFERED.equals(state)) {
            return new Refusal(Kind.CONFLICT, "the offer was withdrawn already");
        }
        return null;
    }

    /**
     * Whether an answer that reaches the offering jurisdiction closes the record: an acceptance of
     * an offer still open. An acceptance of a withdrawn offer closes nothing (the owner took it
     * back first; the addressee's new record stays an unconfirmed claim).
     */
    public static boolean closes(String state, String decision) {
        return ACCEPTED.equals(decision) && OFFERED.equals(state);
    }

    /**
     * Why an answer from {@code sender} to our offer is not one we take, or null. The same answer
     * again (a redelivery) is taken; another answer to an answered offer is not.
     *
     * @param heldDecision the answer we hold already, or null
     */
    public static String answerFrom(
            String sender,
            String addressee,
            String heldDecision,
            String heldSuccessor,
            String decision,
            String successor) {
        if (!sender.equals(addressee)) {
            return "the offer is not addressed to the sender";
        }
        if (!ACCEPTED.equals(decision) && !DECLINED.equals(decision)) {
            return "an answer accepts or declines";
        }
        if (ACCEPTED.equals(decision) == (successor == null || successor.isEmpty())) {
            return "an acceptance, and only an acceptance, names the successor";
        }
        if (heldDecision != null
                && !(heldDecision.equals(decision)
                        && java.util.Objects.equals(
                                heldSuccessor, successor == null || successor.isEmpty() ? null : successor))) {
            return "the offer was answered already";
        }
        return null;
    }
}
