package org.borderpolice.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a user gives for a case, to file it or to replace its content (participants only when
 * filing: later invitations have their own operation; the linked dispute only when filing, as
 * joint-mediation's escalation does). Validated at the REST boundary.
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
        Set<String> participants,
        UUID linkedDispute) {}
