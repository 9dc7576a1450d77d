package org.borderpolice.mediation.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.borderpolice.mediation.RiskLevel;
import org.borderpolice.mediation.service.AgreementService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Escalation", description = "待升级 An overdue instalment of a dispute's agreement")
public record EscalationView(
        @Schema(description = "纠纷ID") UUID disputeId,
        @Schema(description = "受理辖区") String origin,
        @Schema(description = "纠纷标题") String title,
        @Schema(description = "民转刑风险") RiskLevel riskLevel,
        @Schema(description = "期数") int instalment,
        @Schema(description = "履行期限") LocalDate dueOn,
        @Schema(description = "应付 (元)") BigDecimal amount,
        @Schema(description = "已付 (元)") BigDecimal paid,
        @Schema(description = "逾期天数") long daysOverdue) {

    static EscalationView of(AgreementService.Escalation e) {
        var i = e.instalment();
        return new EscalationView(
                i.disputeId(),
                i.origin(),
                i.title(),
                i.riskLevel(),
                i.number(),
                i.dueOn(),
                i.amount(),
                i.paid(),
                e.daysOverdue());
    }
}
