package org.borderpolice.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a user gives for a case, to file it or to replace its content (participants only when
 * filing: later invitations have their own operation). Validated at the REST boundary.
 */
public record CaseDraft(
        CaseCategory category,
        String title,
        String summary,
        Instant occurredAt,
        String township,
        String countyCode,
        String leadUnit,
        BigDecimal lossAmount,
        BigDecimal recoveredAmount,
        List<CaseSubject> subjects,
        Set<String> participants) {}
