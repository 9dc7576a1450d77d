package org.borderpolice.mediation.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.mediation.AgreementRules;

import io.quarkus.scheduler.Scheduled;

/** Looks for newly overdue instalments of our agreements now and then (border.mediation.agreements.overdue-check-every). */
@ApplicationScoped
public class OverdueInstalments {

    @Inject
    AgreementService service;

    @Scheduled(
            identity = "mediation-overdue-instalments",
            every = "${border.mediation.agreements.overdue-check-every:1h}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        service.checkOverdue(AgreementRules.today());
    }
}
