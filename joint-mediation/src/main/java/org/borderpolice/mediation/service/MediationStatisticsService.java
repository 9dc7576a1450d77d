package org.borderpolice.mediation.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.mediation.MediationStatistics;
import org.borderpolice.mediation.config.AgreementConfig;
import org.borderpolice.mediation.config.StatisticsConfig;
import org.borderpolice.mediation.repository.MediationStatisticsRepository;

/**
 * 调解统计 The statistics of the disputes reported in a period, over what the caller's
 * jurisdiction sees. Management figures: analysts and commanders read them. Audited as a read of
 * shared data.
 */
@ApplicationScoped
public class MediationStatisticsService {

    public static final String[] READERS = {BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER};

    @Inject
    MediationStatisticsRepository repository;

    @Inject
    StatisticsConfig config;

    @Inject
    AgreementConfig agreements;

    @Inject
    AuditLog auditLog;

    @Transactional
    public MediationStatistics compute(BorderPrincipal caller, String from, String to, String bucket) {
        if (!caller.hasAnyRole(READERS)) {
            throw new ForbiddenProblem("statistics need role analyst or commander");
        }
        ZoneId zone = config.timeZone();
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (!start.isBefore(end)) {
            throw new InvalidProblem("from must lie before to");
        }
        if (ChronoUnit.DAYS.between(start, end) > config.maxDays()) {
            throw new InvalidProblem("a period of at most " + config.maxDays() + " days");
        }
        String unit =
                bucket == null || bucket.isBlank() ? "month" : bucket.strip().toLowerCase(Locale.ROOT);
        if (!unit.equals("month") && !unit.equals("quarter") && !unit.equals("year")) {
            throw new InvalidProblem("bucket must be month, quarter or year");
        }
        Instant a = start.atStartOfDay(zone).toInstant();
        Instant b = end.atStartOfDay(zone).toInstant();
        LocalDate overdueBefore = LocalDate.now(zone).minusDays(agreements.graceDays());
        MediationStatistics figures = repository.compute(
                caller.jurisdiction(), a, b, unit, zone.getId(), overdueBefore, start.toString(), end.toString());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "dispute.statistics",
                DisputeSharing.DISPUTE_TYPE,
                null,
                "statistics from=" + start + " to=" + end + " bucket=" + unit + " reported=" + figures.reported()
                        + " resolved=" + figures.resolved()));
        return figures;
    }

    static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidProblem(name + " is required (a date like 2026-01-01)");
        }
        try {
            LocalDate d = LocalDate.parse(value.strip());
            if (d.getYear() < 1900 || d.getYear() > 2199) {
                throw new InvalidProblem(name + " must lie between 1900 and 2199");
            }
            return d;
        } catch (DateTimeException e) {
            throw new InvalidProblem(name + " must be a date like 2026-01-01");
        }
    }
}
