package org.borderpolice.intel.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.statistics.DayPeriod;
import org.borderpolice.federation.statistics.PeriodParams;
import org.borderpolice.intel.AlertStatistics;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.repository.AlertRepository;
import org.borderpolice.intel.repository.AlertStatisticsRepository;

/**
 * 预警统计 The alerts of a period, counted over what the caller may see. Management figures, as
 * the other services' statistics: analysts and commanders. Audited as a read of shared data.
 */
@ApplicationScoped
public class AlertStatisticsService {

    /** The longest period one request may cover, in days. */
    static final int MAX_DAYS = 3660;

    @Inject
    AlertStatisticsRepository repository;

    @Inject
    AlertRepository alerts;

    @Inject
    IntelConfig config;

    @Inject
    AuditLog auditLog;

    @Transactional
    public AlertStatistics compute(BorderPrincipal caller, PeriodParams params) {
        if (!caller.hasAnyRole(BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem("statistics need role analyst or commander");
        }
        DayPeriod period = DayPeriod.of(params, config.statistics().timeZone(), MAX_DAYS);
        AlertStatisticsRepository.Counts counts =
                repository.published(alerts.viewer(caller.jurisdiction(), caller.roles()), period.from(), period.to());
        long published =
                counts.bySeverity().values().stream().mapToLong(Long::longValue).sum();
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.statistics",
                AlertService.RECORD_TYPE,
                null,
                "from=" + period.first() + " to=" + period.end() + " published=" + published + " origins="
                        + counts.byOrigin()));
        return new AlertStatistics(period.view(), published, counts.bySeverity(), counts.byOrigin());
    }
}
