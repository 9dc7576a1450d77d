package org.borderpolice.mediation;

import java.math.BigDecimal;

/**
 * What 三调对接 triage decides on.
 *
 * @param respondents parties the claim is against (被申请人; "被告人多")
 * @param department the competent department when the matter is an administrative one, or null
 * @param failedTier the highest tier where mediation already failed, or null
 */
public record TriageFacts(
        DisputeKind kind,
        BigDecimal amountAtStake,
        int respondents,
        boolean lawUnclear,
        boolean newType,
        boolean complex,
        String department,
        MediationTier failedTier) {

    /** The facts of a dispute as it stands. */
    public static TriageFacts of(Dispute d) {
        int respondents = (int)
                d.parties.stream().filter(p -> p.role == PartyRole.RESPONDENT).count();
        return new TriageFacts(
                d.kind, d.amountAtStake, respondents, d.lawUnclear, d.newType, d.complex, d.department, d.failedTier);
    }
}
