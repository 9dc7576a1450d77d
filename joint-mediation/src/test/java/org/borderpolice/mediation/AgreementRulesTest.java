package org.borderpolice.mediation;

import static org.borderpolice.mediation.AgreementStatus.DRAFT;
import static org.borderpolice.mediation.AgreementStatus.FULFILLED;
import static org.borderpolice.mediation.AgreementStatus.SIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.mediation.AgreementRules.PlannedInstalment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgreementRulesTest {

    static final LocalDate AGREED = LocalDate.of(2026, 12, 2);
    static final String SHA = "ab".repeat(32);

    static PlannedInstalment due(String date, String amount) {
        return new PlannedInstalment(LocalDate.parse(date), new BigDecimal(amount));
    }

    @Nested
    class Money {
        @Test
        void yuanAreKeptToTheFen() {
            assertEquals(new BigDecimal("12.50"), AgreementRules.requireAmount("a", new BigDecimal("12.5"), true));
            assertEquals(new BigDecimal("0.00"), AgreementRules.requireAmount("a", BigDecimal.ZERO, false));
        }

        @Test
        void lessThanAFenNegativeZeroAndHugeAreRefused() {
            assertThrows(InvalidProblem.class, () -> AgreementRules.requireAmount("a", new BigDecimal("0.001"), true));
            assertThrows(InvalidProblem.class, () -> AgreementRules.requireAmount("a", new BigDecimal("-1"), false));
            assertThrows(InvalidProblem.class, () -> AgreementRules.requireAmount("a", BigDecimal.ZERO, true));
            assertThrows(InvalidProblem.class, () -> AgreementRules.requireAmount("a", new BigDecimal("1E14"), true));
            assertThrows(InvalidProblem.class, () -> AgreementRules.requireAmount("a", null, false));
        }
    }

    @Nested
    class Schedule {
        @Test
        void instalmentsAddingUpToTheTotalOnLaterDatesAreTaken() {
            List<PlannedInstalment> plan = AgreementRules.requireSchedule(
                    new BigDecimal("9000"), List.of(due("2027-01-31", "6000"), due("2027-02-28", "3000")), AGREED);
            assertEquals(2, plan.size());
            assertEquals(new BigDecimal("6000.00"), plan.get(0).amount());
        }

        @Test
        void noInstalmentsMeansPaidAtOnce() {
            assertTrue(AgreementRules.requireSchedule(new BigDecimal("500"), List.of(), AGREED)
                    .isEmpty());
        }

        @Test
        void aSumOtherThanTheTotalIsRefused() {
            InvalidProblem p = assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(
                            new BigDecimal("9000"),
                            List.of(due("2027-01-31", "6000"), due("2027-02-28", "2999.99")),
                            AGREED));
            assertTrue(p.getMessage().contains("8999.99"), p.getMessage());
        }

        @Test
        void datesMustGoForwardAndStartNoEarlierThanTheAgreement() {
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(
                            new BigDecimal("2"), List.of(due("2027-01-31", "1"), due("2027-01-31", "1")), AGREED));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(
                            new BigDecimal("2"), List.of(due("2027-02-28", "1"), due("2027-01-31", "1")), AGREED));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(new BigDecimal("1"), List.of(due("2026-12-01", "1")), AGREED));
        }

        @Test
        void zeroOrMissingPartsAndTooManyAreRefused() {
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(
                            new BigDecimal("1"), List.of(due("2027-01-31", "1"), due("2027-02-28", "0")), AGREED));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(
                            new BigDecimal("1"), List.of(new PlannedInstalment(null, BigDecimal.ONE)), AGREED));
            List<PlannedInstalment> many = new ArrayList<>();
            for (int i = 0; i <= AgreementRules.MAX_INSTALMENTS; i++) {
                many.add(due(AGREED.plusDays(i).toString(), "1"));
            }
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSchedule(new BigDecimal(many.size()), many, AGREED));
        }
    }

    @Nested
    class Signatures {
        final UUID a = UUID.randomUUID();
        final UUID b = UUID.randomUUID();

        @Test
        void eachPartySignsTheCurrentDocumentOnce() {
            AgreementRules.requireSignature(DRAFT, Set.of(a, b), Set.of(), a, SHA, SHA.toUpperCase());
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireSignature(DRAFT, Set.of(a, b), Set.of(a), a, SHA, SHA));
        }

        @Test
        void aStrangerOrAnOldDocumentIsRefused() {
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireSignature(DRAFT, Set.of(a, b), Set.of(), UUID.randomUUID(), SHA, SHA));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireSignature(DRAFT, Set.of(a, b), Set.of(), a, SHA, "cd".repeat(32)));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireSignature(DRAFT, Set.of(a, b), Set.of(), a, SHA, null));
        }

        @Test
        void theAgreementTakesEffectWhenEveryPartySigned() {
            assertFalse(AgreementRules.allSigned(Set.of(a, b), Set.of(a)));
            assertTrue(AgreementRules.allSigned(Set.of(a, b), Set.of(b, a)));
            assertFalse(AgreementRules.allSigned(Set.of(), Set.of()));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireSignature(SIGNED, Set.of(a, b), Set.of(a, b), a, SHA, SHA));
        }

        @Test
        void termsAreFixedOnceAnyoneSigned() {
            AgreementRules.requireChangeable(DRAFT, 0);
            assertThrows(ConflictProblem.class, () -> AgreementRules.requireChangeable(DRAFT, 1));
            assertThrows(ConflictProblem.class, () -> AgreementRules.requireChangeable(SIGNED, 2));
        }
    }

    @Nested
    class Payments {
        final LocalDate today = LocalDate.of(2027, 2, 1);

        @Test
        void aPaymentTowardsAnOpenInstalmentIsTaken() {
            assertEquals(
                    new BigDecimal("2500.00"),
                    AgreementRules.requirePayment(
                            SIGNED,
                            new BigDecimal("6000.00"),
                            new BigDecimal("3500.00"),
                            new BigDecimal("2500"),
                            today,
                            AGREED,
                            today));
        }

        @Test
        void moreThanIsOwedIsRefused() {
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requirePayment(
                            SIGNED,
                            new BigDecimal("6000.00"),
                            new BigDecimal("3500.00"),
                            new BigDecimal("2500.01"),
                            today,
                            AGREED,
                            today));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requirePayment(
                            SIGNED,
                            new BigDecimal("6000.00"),
                            new BigDecimal("6000.00"),
                            new BigDecimal("1"),
                            today,
                            AGREED,
                            today));
        }

        @Test
        void onlyAnAgreementInForceIsPaidOnAndNotOnFutureOrEarlierDays() {
            BigDecimal six = new BigDecimal("6000.00");
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requirePayment(
                            DRAFT, six, BigDecimal.ZERO, BigDecimal.ONE, today, AGREED, today));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requirePayment(
                            FULFILLED, six, BigDecimal.ZERO, BigDecimal.ONE, today, AGREED, today));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requirePayment(
                            SIGNED, six, BigDecimal.ZERO, BigDecimal.ONE, today.plusDays(1), AGREED, today));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requirePayment(
                            SIGNED, six, BigDecimal.ZERO, BigDecimal.ONE, AGREED.minusDays(1), AGREED, today));
        }
    }

    @Nested
    class Overdue {
        final LocalDate dueOn = LocalDate.of(2027, 1, 31);
        final BigDecimal amount = new BigDecimal("6000.00");

        @Test
        void anUnpaidInstalmentIsOverdueOnlyAfterTheGraceDays() {
            assertEquals(0, AgreementRules.daysOverdue(dueOn, amount, BigDecimal.ZERO, dueOn, 3));
            assertEquals(0, AgreementRules.daysOverdue(dueOn, amount, BigDecimal.ZERO, dueOn.plusDays(3), 3));
            assertEquals(4, AgreementRules.daysOverdue(dueOn, amount, BigDecimal.ZERO, dueOn.plusDays(4), 3));
            assertEquals(1, AgreementRules.daysOverdue(dueOn, amount, new BigDecimal("5999.99"), dueOn.plusDays(1), 0));
        }

        @Test
        void aPaidInstalmentIsNeverOverdue() {
            assertEquals(0, AgreementRules.daysOverdue(dueOn, amount, amount, dueOn.plusDays(400), 0));
        }

        @Test
        void anOverdueInstalmentRaisesTheRiskAndNeverLowersIt() {
            assertEquals(RiskLevel.LOW, AgreementRules.riskAfterOverdue(RiskLevel.LOW, 0, 30));
            assertEquals(RiskLevel.MEDIUM, AgreementRules.riskAfterOverdue(RiskLevel.LOW, 1, 30));
            assertEquals(RiskLevel.MEDIUM, AgreementRules.riskAfterOverdue(RiskLevel.LOW, 30, 30));
            assertEquals(RiskLevel.HIGH, AgreementRules.riskAfterOverdue(RiskLevel.MEDIUM, 31, 30));
            assertEquals(RiskLevel.HIGH, AgreementRules.riskAfterOverdue(RiskLevel.HIGH, 1, 30));
            assertEquals(RiskLevel.MEDIUM, AgreementRules.riskAfterOverdue(null, 2, 30));
        }
    }

    @Nested
    class JudicialConfirmation {
        @Test
        void appliedForWithinThirtyDaysOfTakingEffect() {
            AgreementRules.requireConfirmationRequest(
                    SIGNED, ConfirmationStatus.NONE, AGREED, AGREED.plusDays(30), AGREED.plusDays(40));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireConfirmationRequest(
                            SIGNED, ConfirmationStatus.NONE, AGREED, AGREED.plusDays(31), AGREED.plusDays(40)));
        }

        @Test
        void notForADraftNotTwiceNotInTheFuture() {
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireConfirmationRequest(
                            DRAFT, ConfirmationStatus.NONE, AGREED, AGREED, AGREED));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireConfirmationRequest(
                            SIGNED, ConfirmationStatus.REQUESTED, AGREED, AGREED, AGREED));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireConfirmationRequest(
                            SIGNED, ConfirmationStatus.NONE, AGREED, AGREED.plusDays(1), AGREED));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireConfirmationRequest(
                            SIGNED, ConfirmationStatus.NONE, AGREED, AGREED.minusDays(1), AGREED));
        }

        @Test
        void theCourtDecidesAPendingApplicationOnce() {
            LocalDate asked = AGREED.plusDays(3);
            AgreementRules.requireConfirmationResult(
                    ConfirmationStatus.REQUESTED,
                    ConfirmationStatus.CONFIRMED,
                    asked,
                    asked.plusDays(5),
                    asked.plusDays(9));
            AgreementRules.requireConfirmationResult(
                    ConfirmationStatus.REQUESTED, ConfirmationStatus.REJECTED, asked, asked, asked);
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireConfirmationResult(
                            ConfirmationStatus.NONE, ConfirmationStatus.CONFIRMED, asked, asked, asked));
            assertThrows(
                    ConflictProblem.class,
                    () -> AgreementRules.requireConfirmationResult(
                            ConfirmationStatus.CONFIRMED, ConfirmationStatus.REJECTED, asked, asked, asked));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireConfirmationResult(
                            ConfirmationStatus.REQUESTED, ConfirmationStatus.REQUESTED, asked, asked, asked));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireConfirmationResult(
                            ConfirmationStatus.REQUESTED,
                            ConfirmationStatus.CONFIRMED,
                            asked,
                            asked.minusDays(1),
                            asked));
        }
    }

    @Nested
    class FollowUps {
        @Test
        void visitsFollowAnAgreementInForceAndAreNotInTheFuture() {
            AgreementRules.requireFollowUp(SIGNED, AGREED, AGREED.plusDays(30), AGREED.plusDays(30));
            AgreementRules.requireFollowUp(FULFILLED, AGREED, AGREED, AGREED.plusDays(90));
            assertThrows(ConflictProblem.class, () -> AgreementRules.requireFollowUp(DRAFT, AGREED, AGREED, AGREED));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireFollowUp(SIGNED, AGREED, AGREED.plusDays(2), AGREED.plusDays(1)));
            assertThrows(
                    InvalidProblem.class,
                    () -> AgreementRules.requireFollowUp(SIGNED, AGREED, AGREED.minusDays(1), AGREED));
        }

        static List<String> visits(String author, int n) {
            return java.util.Collections.nCopies(n, author);
        }

        @Test
        void eachJurisdictionHasItsQuotaAndPartnersNeverUseUpTheOrigins() {
            int quota = AgreementRules.FOLLOW_UPS_PER_JURISDICTION;
            List<String> held = new ArrayList<>(visits("362322", quota));
            // a partner at its quota: refused; the origin and another partner still have theirs
            assertTrue(AgreementRules.followUpRefusal(held, "362322", "330881") != null);
            assertEquals(null, AgreementRules.followUpRefusal(held, "330881", "330881"));
            assertEquals(null, AgreementRules.followUpRefusal(held, "361122", "330881"));
            // the partners together up to the most they make: the origin's share is still free
            for (int p = 0; held.size() < AgreementRules.MAX_FOLLOW_UPS - quota; p++) {
                held.addAll(visits("35070" + p, quota));
            }
            assertEquals(AgreementRules.MAX_FOLLOW_UPS - quota, held.size());
            assertTrue(AgreementRules.followUpRefusal(held, "361122", "330881") != null);
            held.addAll(visits("330881", quota - 1));
            assertEquals(null, AgreementRules.followUpRefusal(held, "330881", "330881"));
            held.add("330881");
            assertTrue(AgreementRules.followUpRefusal(held, "330881", "330881") != null);
            assertEquals(AgreementRules.MAX_FOLLOW_UPS, held.size());
        }

        @Test
        void theOriginAloneMakesUpToTheTotal() {
            List<String> held = new ArrayList<>(visits("330881", AgreementRules.MAX_FOLLOW_UPS - 1));
            // far beyond a partner's quota: the origin's visits are bounded by the total only
            assertEquals(null, AgreementRules.followUpRefusal(held, "330881", "330881"));
            // a partner still has none left: the total is reached once the origin's next one is in
            assertEquals(null, AgreementRules.followUpRefusal(held, "362322", "330881"));
            held.add("330881");
            assertTrue(AgreementRules.followUpRefusal(held, "330881", "330881") != null);
            assertTrue(AgreementRules.followUpRefusal(held, "362322", "330881") != null);
        }
    }
}
