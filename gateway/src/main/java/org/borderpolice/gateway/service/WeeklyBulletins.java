package org.borderpolice.gateway.service;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.gateway.Bulletin;
import org.borderpolice.gateway.BulletinFigures;
import org.borderpolice.gateway.IsoWeek;
import org.borderpolice.gateway.client.ServiceStatistics;
import org.borderpolice.gateway.config.BulletinConfig;

import io.vertx.core.Future;

/**
 * 周报 The weekly bulletin: the gateway is the one place that reaches every service of the
 * jurisdiction, so it asks each for the week's statistics at once, with the caller's token, and
 * puts the answers together. It counts nothing itself and grants nothing: each figure is what the
 * service lets this caller see, and a service that gives none leaves its section unavailable.
 */
@ApplicationScoped
public class WeeklyBulletins {

    static final String ALERTS = "/api/v1/alerts/statistics";
    static final String CASES = "/api/v1/case-statistics";
    static final String DISPUTES = "/api/v1/mediation-statistics";
    static final String PATROLS = "/api/v1/directory/statistics";

    @Inject
    ServiceStatistics statistics;

    @Inject
    BulletinConfig config;

    @Inject
    TrustList trustList;

    /** The week a request names: a week already begun (the current one so far), else a problem. */
    public IsoWeek week(String text) {
        IsoWeek week;
        try {
            week = IsoWeek.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidProblem(e.getMessage());
        }
        if (week.monday().isAfter(LocalDate.now(config.timeZone()))) {
            throw new NotFoundProblem("no bulletin for " + week + ": the week has not begun");
        }
        return week;
    }

    /** The bulletin of {@code week} as the caller (its {@code authorization}) may see it. */
    public Future<Bulletin> of(IsoWeek week, String authorization, String requestId) {
        String dates = "from=" + week.monday() + "&to=" + week.end();
        Future<ServiceStatistics.Answer> alerts = statistics.get(ALERTS, dates, authorization, requestId);
        Future<ServiceStatistics.Answer> cases = statistics.get(CASES, dates, authorization, requestId);
        Future<ServiceStatistics.Answer> disputes = statistics.get(DISPUTES, dates, authorization, requestId);
        Future<ServiceStatistics.Answer> patrols = statistics.get(PATROLS, dates, authorization, requestId);
        return Future.all(alerts, cases, disputes, patrols)
                .map(all -> new Bulletin(
                        week.toString(),
                        trustList.selfCode(),
                        trustList.selfName(),
                        week.monday(),
                        week.sunday(),
                        config.timeZone().getId(),
                        !week.end().isAfter(LocalDate.now(config.timeZone())),
                        Instant.now(),
                        BulletinFigures.alerts(
                                alerts.result().source(), alerts.result().figures()),
                        BulletinFigures.cases(
                                cases.result().source(), cases.result().figures()),
                        BulletinFigures.disputes(
                                disputes.result().source(), disputes.result().figures()),
                        BulletinFigures.patrols(
                                patrols.result().source(), patrols.result().figures())));
    }
}
