package org.borderpolice.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * 接报: a report taken here for a matter in a partner's area, filed as our case ({@code caseId})
 * and offered to the competent jurisdiction ({@code offerId}, a federation transfer offer).
 */
public record CaseReport(
        UUID caseId,
        Instant reportedAt,
        String competent,
        UUID offerId,
        String takenBy,
        String takenUnit,
        Instant takenAt) {}
