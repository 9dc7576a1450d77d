package org.borderpolice.federation.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The handshake's state machine: offer, answer, withdraw, and what an answer does at the owner. */
class OfferRulesTest {

    static final String A = "330881";
    static final String B = "350722";
    static final String C = "361103";

    @Test
    void anOwnerOffersToAPartnerInTheDistribution() {
        assertNull(OfferRules.offer(A, B, true, Set.of(A, B, C), false, false));
    }

    @Test
    void offersThatAreRefused() {
        assertEquals(
                OfferRules.Kind.INVALID,
                OfferRules.offer(A, A, true, Set.of(A, B), false, false).kind());
        assertEquals(
                OfferRules.Kind.INVALID,
                OfferRules.offer(A, B, false, Set.of(A, B), false, false).kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.offer(A, C, true, Set.of(A, B), false, false).kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.offer(A, B, true, Set.of(A, B), true, false).kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.offer(A, B, true, Set.of(A, B), false, true).kind());
    }

    @Test
    void onlyTheAddresseeAnswersAnOpenUnansweredOffer() {
        assertNull(OfferRules.answer(B, A, B, OfferRules.OFFERED, null));
        // the owner itself, a third jurisdiction
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.answer(A, A, B, OfferRules.OFFERED, null).kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.answer(C, A, B, OfferRules.OFFERED, null).kind());
        // twice, or after a withdrawal
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.answer(B, A, B, OfferRules.OFFERED, OfferRules.ACCEPTED)
                        .kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.answer(B, A, B, OfferRules.OFFERED, OfferRules.DECLINED)
                        .kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.answer(B, A, B, OfferRules.WITHDRAWN, null).kind());
    }

    @Test
    void onlyTheOwnerWithdrawsAnOpenUnansweredOffer() {
        assertNull(OfferRules.withdraw(A, A, OfferRules.OFFERED, null));
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.withdraw(B, A, OfferRules.OFFERED, null).kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.withdraw(A, A, OfferRules.WITHDRAWN, null).kind());
        assertEquals(
                OfferRules.Kind.CONFLICT,
                OfferRules.withdraw(A, A, OfferRules.OFFERED, OfferRules.ACCEPTED)
                        .kind());
    }

    @Test
    void onlyAnAcceptanceOfAnOpenOfferClosesTheRecord() {
        assertTrue(OfferRules.closes(OfferRules.OFFERED, OfferRules.ACCEPTED));
        assertFalse(OfferRules.closes(OfferRules.WITHDRAWN, OfferRules.ACCEPTED));
        assertFalse(OfferRules.closes(OfferRules.OFFERED, OfferRules.DECLINED));
    }

    @Test
    void theOwnerTakesOneAnswerFromTheAddresseeAndItsRedelivery() {
        assertNull(OfferRules.answerFrom(B, B, null, null, OfferRules.ACCEPTED, "n1"));
        assertNull(OfferRules.answerFrom(B, B, null, null, OfferRules.DECLINED, ""));
        // the same answer again
        assertNull(OfferRules.answerFrom(B, B, OfferRules.ACCEPTED, "n1", OfferRules.ACCEPTED, "n1"));
        assertNull(OfferRules.answerFrom(B, B, OfferRules.DECLINED, null, OfferRules.DECLINED, ""));
        // another answer to an answered offer, from someone else, or not well formed
        assertTrue(OfferRules.answerFrom(B, B, OfferRules.ACCEPTED, "n1", OfferRules.ACCEPTED, "n2") != null);
        assertTrue(OfferRules.answerFrom(B, B, OfferRules.DECLINED, null, OfferRules.ACCEPTED, "n1") != null);
        assertTrue(OfferRules.answerFrom(C, B, null, null, OfferRules.ACCEPTED, "n1") != null);
        assertTrue(OfferRules.answerFrom(B, B, null, null, OfferRules.ACCEPTED, "") != null);
        assertTrue(OfferRules.answerFrom(B, B, null, null, OfferRules.DECLINED, "n1") != null);
        assertTrue(OfferRules.answerFrom(B, B, null, null, null, "") != null);
    }
}
