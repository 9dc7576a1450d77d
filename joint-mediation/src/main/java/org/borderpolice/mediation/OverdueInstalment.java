package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** An unpaid instalment past its due date, with its dispute, for the escalation list (待升级). */
public record OverdueInstalment(
        UUID disputeId,
        String origin,
        String title,
        RiskLevel riskLevel,
        UUID agreementId,
        int number,
        LocalDate dueOn,
        BigDecimal amount,
        BigDecimal paid) {}
