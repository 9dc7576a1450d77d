package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A correction of a dispute's facts as taken in (事实更正), validated at the REST boundary: every
 * field null is left as it is; a blank {@code place}, {@code township} or {@code department}
 * clears it. Parties are corrected by position (name, contact, language, ID number); who they are
 * (kind, role, jurisdiction) and how many stay as taken in, since they decide who holds the
 * dispute. Status, risk, consent and tier have their own changes.
 */
public record DisputeEdit(
        DisputeChannel channel,
        DisputeKind kind,
        String title,
        String description,
        Instant reportedAt,
        String place,
        String countyCode,
        String township,
        BigDecimal amountAtStake,
        Boolean lawUnclear,
        Boolean newType,
        Boolean complex,
        String department,
        List<PartyEdit> parties) {

    /** A party's details corrected; null leaves one as it is, blank clears contact or ID number. */
    public record PartyEdit(int position, String name, String contact, String preferredLanguage, String idNumber) {}
}
