package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.validation.Amounts;

/**
 * The rules of a mediation agreement (调解协议): its money, its instalments (分期履行), the
 * parties' signatures, judicial confirmation (司法确认), follow-up visits (回访) and when an
 * unpaid instalment counts as overdue. Plain functions of the values, so that the REST calls,
 * the partners' records and the tests all apply the same ones.
 */
public final class AgreementRules {

    /** Dates of an agreement are dates in China. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** 人民调解法 第三十三条: the parties apply for confirmation within 30 days of the agreement taking effect. */
    public static final int CONFIRMATION_DAYS = 30;

    /** At most this many instalments per agreement. */
    public static final int MAX_INSTALMENTS = 120;

    /**
     * Follow-up visits (回访) one agreement holds: they travel inside the agreement's message, which
     * must stay far below the 4 MiB a gRPC message may have. Kept by the quotas below
     * ({@link #followUpRefusal}).
     */
    public static final int MAX_FOLLOW_UPS = 100;

    /**
     * Follow-up visits one partner makes to one agreement. A quota per partner, not one count for
     * everyone: a partner's visits (each of which may also add a risk reason) never use up
     * another's, above all not the origin's, whose share is kept apart: the partners together make
     * at most {@link #MAX_FOLLOW_UPS} minus this, the origin up to the total.
     */
    public static final int FOLLOW_UPS_PER_JURISDICTION = 20;

    /** An instalment as agreed: due on a date, an amount in yuan. */
    public record PlannedInstalment(LocalDate dueOn, BigDecimal amount) {}

    private AgreementRules() {}

    /** Today in China. */
    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** A sum of money in yuan ({@link Amounts}), normalised to two places; refused when not one, or zero where {@code positive}. */
    public static BigDecimal requireAmount(String field, BigDecimal amount, boolean positive) {
        if (amount == null) {
            throw new InvalidProblem(field + " is required");
        }
        String problem = Amounts.problem(amount);
        if (problem != null) {
            throw new InvalidProblem(field + " " + problem);
        }
        if (positive && amount.signum() == 0) {
            throw new InvalidProblem(field + " must be more than zero");
        }
        return Amounts.normalise(amount);
    }

    /**
     * The instalments of an agreement whose parties owe {@code total}: none (paid at once or
     * nothing to pay), or at most {@value #MAX_INSTALMENTS} that add up to the total exactly,
     * due on strictly later dates, the first not before {@code agreedOn}.
     */
    public static List<PlannedInstalment> requireSchedule(
            BigDecimal total, List<PlannedInstalment> plan, LocalDate agreedOn) {
        BigDecimal owed = requireAmount("total_amount", total, false);
        List<PlannedInstalment> checked = new ArrayList<>();
        if (plan == null || plan.isEmpty()) {
            return checked;
        }
        if (plan.size() > MAX_INSTALMENTS) {
            throw new InvalidProblem("instalments: at most " + MAX_INSTALMENTS);
        }
        BigDecimal sum = BigDecimal.ZERO.setScale(Amounts.FRACTION_DIGITS);
        LocalDate previous = null;
        for (int i = 0; i < plan.size(); i++) {
            PlannedInstalment p = plan.get(i);
            String field = "instalments[" + i + "]";
            if (p == null || p.dueOn() == null) {
                throw new InvalidProblem(field + ".due_on is required");
            }
            BigDecimal amount = requireAmount(field + ".amount", p.amount(), true);
            if (previous == null && agreedOn != null && p.dueOn().isBefore(agreedOn)) {
                throw new InvalidProblem(
                        field + ".due_on " + p.dueOn() + " is before the agreement (" + agreedOn + ")");
            }
            if (previous != null && !p.dueOn().isAfter(previous)) {
                throw new InvalidProblem(
                        field + ".due_on " + p.dueOn() + " is not after the previous instalment's " + previous);
            }
            previous = p.dueOn();
            sum = sum.add(amount);
            checked.add(new PlannedInstalment(p.dueOn(), amount));
        }
        if (sum.compareTo(owed) != 0) {
            throw new InvalidProblem("instalments add up to " + sum.toPlainString() + " yuan, the agreement's total is "
                    + owed.toPlainString());
        }
        return checked;
    }

    /** Terms, amounts and instalments change only on a draft nobody has signed yet. */
    public static void requireChangeable(AgreementStatus status, int signatures) {
        if (status != AgreementStatus.DRAFT) {
            throw new ConflictProblem("the agreement is " + status + ": its terms are fixed");
        }
        if (signatures > 0) {
            throw new ConflictProblem("a party has signed the agreement: its terms are fixed");
        }
    }

    /**
     * A party signs the printed document it was shown: a party of the dispute, once, while the
     * agreement is a draft, and only the document as it is now (its SHA-256).
     */
    public static <P> void requireSignature(
            AgreementStatus status,
            Collection<P> parties,
            Collection<P> signed,
            P party,
            String currentSha256,
            String signedSha256) {
        if (status != AgreementStatus.DRAFT) {
            throw new ConflictProblem("the agreement is " + status + ": every party has signed");
        }
        if (party == null || !parties.contains(party)) {
            throw new InvalidProblem("party_position " + party + " is no party of this dispute");
        }
        if (signed.contains(party)) {
            throw new ConflictProblem("party " + party + " has signed already");
        }
        if (signedSha256 == null || !signedSha256.equalsIgnoreCase(currentSha256)) {
            throw new ConflictProblem("document_sha256 is not the agreement's current document (" + currentSha256
                    + "): print it again and sign that one");
        }
    }

    /** Every party signed: the agreement takes effect. */
    public static <P> boolean allSigned(Collection<P> parties, Collection<P> signed) {
        return !parties.isEmpty() && Set.copyOf(signed).containsAll(parties);
    }

    /**
     * A payment towards an instalment of an agreement in force, on a day not before it took
     * effect nor after today, not more than is still owed on the instalment.
     */
    public static BigDecimal requirePayment(
            AgreementStatus status,
            BigDecimal instalmentAmount,
            BigDecimal paidSoFar,
            BigDecimal amount,
            LocalDate paidOn,
            LocalDate effectiveOn,
            LocalDate today) {
        if (status != AgreementStatus.SIGNED) {
            throw new ConflictProblem(
                    status == AgreementStatus.DRAFT
                            ? "the agreement is not signed by every party yet: nothing is owed"
                            : "the agreement is " + status + ": nothing is owed");
        }
        BigDecimal paid = requireAmount("amount", amount, true);
        if (paidOn == null) {
            throw new InvalidProblem("paid_on is required");
        }
        if (paidOn.isAfter(today)) {
            throw new InvalidProblem("paid_on " + paidOn + " is in the future");
        }
        if (effectiveOn != null && paidOn.isBefore(effectiveOn)) {
            throw new InvalidProblem(
                    "paid_on " + paidOn + " is before the agreement took effect (" + effectiveOn + ")");
        }
        BigDecimal open = instalmentAmount.subtract(paidSoFar);
        if (open.signum() <= 0) {
            throw new ConflictProblem("the instalment is paid in full");
        }
        if (paid.compareTo(open) > 0) {
            throw new InvalidProblem("amount " + paid.toPlainString() + " is more than the " + open.toPlainString()
                    + " yuan still owed on the instalment");
        }
        return paid;
    }

    /**
     * Days an instalment is overdue today (0 when it is not): it is not paid in full and its due
     * date lies more than {@code graceDays} days back.
     */
    public static long daysOverdue(
            LocalDate dueOn, BigDecimal amount, BigDecimal paid, LocalDate today, int graceDays) {
        if (paid.compareTo(amount) >= 0) {
            return 0;
        }
        long late = ChronoUnit.DAYS.between(dueOn, today);
        return late > graceDays ? late : 0;
    }

    /**
     * The dispute's risk of 民转刑 once an instalment is overdue: at least {@link RiskLevel#MEDIUM},
     * {@link RiskLevel#HIGH} after {@code highAfterDays} days; never lowered.
     */
    public static RiskLevel riskAfterOverdue(RiskLevel current, long daysOverdue, int highAfterDays) {
        RiskLevel now = current == null ? RiskLevel.LOW : current;
        if (daysOverdue <= 0) {
            return now;
        }
        return now.max(daysOverdue > highAfterDays ? RiskLevel.HIGH : RiskLevel.MEDIUM);
    }

    /**
     * The parties apply for judicial confirmation of an agreement in force, once (again after a
     * refusal is not how it works: a refused agreement is changed or taken to court), within
     * {@value #CONFIRMATION_DAYS} days of it taking effect, to a named court.
     */
    public static void requireConfirmationRequest(
            AgreementStatus status,
            ConfirmationStatus confirmation,
            LocalDate effectiveOn,
            LocalDate requestedOn,
            LocalDate today) {
        if (status == AgreementStatus.DRAFT) {
            throw new ConflictProblem("the agreement is not signed by every party yet: nothing to confirm");
        }
        if (confirmation != ConfirmationStatus.NONE) {
            throw new ConflictProblem("judicial confirmation was applied for already (" + confirmation + ")");
        }
        if (requestedOn == null) {
            throw new InvalidProblem("requested_on is required");
        }
        if (requestedOn.isAfter(today)) {
            throw new InvalidProblem("requested_on " + requestedOn + " is in the future");
        }
        if (requestedOn.isBefore(effectiveOn)) {
            throw new InvalidProblem(
                    "requested_on " + requestedOn + " is before the agreement took effect (" + effectiveOn + ")");
        }
        if (ChronoUnit.DAYS.between(effectiveOn, requestedOn) > CONFIRMATION_DAYS) {
            throw new ConflictProblem("judicial confirmation is applied for within " + CONFIRMATION_DAYS
                    + " days of the agreement taking effect (" + effectiveOn + ", 人民调解法 第三十三条)");
        }
    }

    /** The court's decision on a pending application: confirmed or rejected, not before it was asked for. */
    public static void requireConfirmationResult(
            ConfirmationStatus confirmation,
            ConfirmationStatus result,
            LocalDate requestedOn,
            LocalDate decidedOn,
            LocalDate today) {
        if (confirmation != ConfirmationStatus.REQUESTED) {
            throw new ConflictProblem(
                    confirmation == ConfirmationStatus.NONE
                            ? "judicial confirmation was not applied for"
                            : "the court decided already (" + confirmation + ")");
        }
        if (result != ConfirmationStatus.CONFIRMED && result != ConfirmationStatus.REJECTED) {
            throw new InvalidProblem("result must be CONFIRMED or REJECTED");
        }
        if (decidedOn == null) {
            throw new InvalidProblem("decided_on is required");
        }
        if (decidedOn.isAfter(today)) {
            throw new InvalidProblem("decided_on " + decidedOn + " is in the future");
        }
        if (decidedOn.isBefore(requestedOn)) {
            throw new InvalidProblem("decided_on " + decidedOn + " is before the application (" + requestedOn + ")");
        }
    }

    /**
     * Why the agreement of a dispute of {@code origin}, holding visits by {@code authors} (one
     * entry a visit), takes no further visit by {@code author}, or null if it does: at most
     * {@link #FOLLOW_UPS_PER_JURISDICTION} visits of each partner, and the partners' together
     * leave the origin's share free; the agreement never holds more than {@link #MAX_FOLLOW_UPS}.
     */
    public static String followUpRefusal(Collection<String> authors, String author, String origin) {
        if (authors.size() >= MAX_FOLLOW_UPS) {
            // only an agreement filled before the quotas: its message may not grow further
            return "the agreement holds " + MAX_FOLLOW_UPS + " follow-up visits, the most it takes";
        }
        long own = authors.stream().filter(author::equals).count();
        // the origin's own visits are bounded by the total only: the partners' cap keeps its share free
        if (!author.equals(origin) && own >= FOLLOW_UPS_PER_JURISDICTION) {
            return "the agreement holds " + FOLLOW_UPS_PER_JURISDICTION + " follow-up visits of " + author
                    + ", the most one jurisdiction makes";
        }
        long partners = authors.stream().filter(a -> !a.equals(origin)).count();
        if (!author.equals(origin) && partners >= MAX_FOLLOW_UPS - FOLLOW_UPS_PER_JURISDICTION) {
            return "the agreement holds " + partners + " follow-up visits of partners, the most they make together";
        }
        return null;
    }

    /** A follow-up visit is made to an agreement in force, on a day since it took effect and not in the future. */
    public static void requireFollowUp(
            AgreementStatus status, LocalDate effectiveOn, LocalDate visitedOn, LocalDate today) {
        if (status == AgreementStatus.DRAFT) {
            throw new ConflictProblem("the agreement is not signed by every party yet: nothing to follow up");
        }
        if (visitedOn == null) {
            throw new InvalidProblem("visited_on is required");
        }
        if (visitedOn.isAfter(today)) {
            throw new InvalidProblem("visited_on " + visitedOn + " is in the future");
        }
        if (visitedOn.isBefore(effectiveOn)) {
            throw new InvalidProblem(
                    "visited_on " + visitedOn + " is before the agreement took effect (" + effectiveOn + ")");
        }
    }
}
