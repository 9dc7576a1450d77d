package org.borderpolice.cases.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseStatistics;
import org.borderpolice.cases.StatisticsPeriod;
import org.borderpolice.cases.config.StatisticsConfig;
import org.borderpolice.cases.repository.CaseStatisticsRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;

/**
 * 统计 The statistics of a period over what the caller's jurisdiction may see. Figures are
 * management information (破案率, 追赃率, response times of partners): analysts and commanders
 * read them; an investigator works the cases themselves. Audited as a read of shared data.
 */
@ApplicationScoped
public class CaseStatisticsService {

    public static final String[] READERS = {BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER};

    @Inject
    CaseStatisticsRepository repository;

    @Inject
    StatisticsConfig config;

    @Inject
    AuditLog auditLog;

    @Transactional
    public CaseStatistics compute(BorderPrincipal caller, String from, String to, String bucket) {
        if (!caller.hasAnyRole(READERS)) {
            throw new ForbiddenProblem("statistics need role analyst or commander");
        }
        StatisticsPeriod period;
        try {
            period = StatisticsPeriod.parse(from, to, bucket, config.timeZone(), config.maxBuckets());
        } catch (IllegalArgumentException e) {
            throw new InvalidProblem(e.getMessage());
        }
        CaseStatistics figures = repository.compute(caller.jurisdiction(), period, Instant.now());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.statistics",
                CaseSharing.CASE_TYPE,
                null,
                "statistics from=" + period.from() + " to=" + period.to() + " bucket=" + period.bucket()
                        + " filed=" + figures.cases().filed() + " requests="
                        + figures.assistance().sent()
                        + " transfers="
                        + (figures.transfers().outgoing() + figures.transfers().incoming())));
        return figures;
    }
}
