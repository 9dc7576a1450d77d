package org.borderpolice.cases.service;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.RequesterState;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.notifications.Notifications;
import org.borderpolice.federation.notifications.Recipient;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * What an assistance request tells the users who must act on it (live notifications): at the
 * addressee, its investigators and commanders (who accept, decline and answer) when a request
 * arrives (协查请求待受理) and when an open one is due within the hour (协查即将超期, once per
 * request and deadline, by a scheduled sweep that several replicas may run at once).
 */
@ApplicationScoped
public class AssistanceNotifications {

    private static final Logger LOG = Logger.getLogger(AssistanceNotifications.class);

    /** How long before its deadline an open request is announced as due soon. */
    static final Duration DUE_SOON = Duration.ofHours(1);

    /** Requests announced per sweep at most (the next sweep takes the rest). */
    static final int SWEEP = 500;

    @Inject
    Notifications notifications;

    @Inject
    TrustList trustList;

    @Inject
    EntityManager em;

    /** 协查请求待受理: a partner's request received here, in the applying transaction. */
    void received(AssistanceRequest r) {
        if (r.requesterState != RequesterState.SENT) {
            return;
        }
        notifications.notify(
                "assistance.received",
                AssistanceService.REQUEST_TYPE,
                r.recordId(),
                Recipient.withAnyRole(trustList.selfCode(), BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER),
                partnerName(r.requester) + " 协查请求待受理（" + r.kind.label + "）：" + r.details);
    }

    /**
     * 协查请求已指派给您: the officer a commander or investigator of ours assigned a partner's
     * request to (their account here), in the accepting transaction; read only while that account
     * holds a role that reads assistance requests (the title carries the request's details, and
     * whoever accepts may name any account).
     */
    void assigned(AssistanceRequest r, String account) {
        notifications.notify(
                "assistance.assigned",
                AssistanceService.REQUEST_TYPE,
                r.recordId(),
                Recipient.userWithAnyRole(
                        trustList.selfCode(),
                        account,
                        BorderPrincipal.INVESTIGATOR,
                        BorderPrincipal.ANALYST,
                        BorderPrincipal.COMMANDER),
                partnerName(r.requester) + " 协查请求已指派给您（" + r.kind.label + "）：" + r.details);
    }

    @Scheduled(
            identity = "assistance-due-soon",
            every = "1m",
            delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            int n = announceDueSoon(CaseTimes.now());
            if (n > 0) {
                LOG.debugf("announced %d assistance requests due within the hour", n);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not announce assistance requests due soon (tried again later): %s", e.getMessage());
        }
    }

    /**
     * 协查即将超期: the open requests addressed to us due within the hour and not announced yet
     * (for this deadline); how many were announced now.
     */
    @Transactional
    public int announceDueSoon(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                        SELECT r.id, r.requester, r.due_at, r.details FROM assistance_request r
                        WHERE r.addressee = ?1 AND r.requester_state = 'SENT'
                          AND r.responder_state IN ('PENDING', 'ACCEPTED')
                          AND r.due_at > ?2 AND r.due_at <= ?3
                          AND NOT EXISTS (SELECT 1 FROM federation.notification n
                              WHERE n.once_key = 'cases.assistance-request:' || r.id || ':due-soon:'
                                  || (extract(epoch FROM r.due_at) * 1000000)::bigint)
                        ORDER BY r.due_at LIMIT ?4""")
                .setParameter(1, trustList.selfCode())
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(now.plus(DUE_SOON)))
                .setParameter(4, SWEEP)
                .getResultList();
        int announced = 0;
        for (Object[] row : due) {
            UUID id = (UUID) row[0];
            Instant dueAt = instant(row[2]);
            long micros = Math.multiplyExact(dueAt.getEpochSecond(), 1_000_000L) + dueAt.getNano() / 1000;
            String details = (String) row[3];
            if (notifications.notifyOnce(
                    AssistanceService.REQUEST_TYPE + ":" + id + ":due-soon:" + micros,
                    "assistance.due-soon",
                    AssistanceService.REQUEST_TYPE,
                    id.toString(),
                    Recipient.withAnyRole(
                            trustList.selfCode(), BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER),
                    partnerName((String) row[1]) + " 协查请求一小时内到期：" + details)) {
                announced++;
            }
        }
        return announced;
    }

    private String partnerName(String code) {
        return trustList.partner(code).map(p -> p.name()).orElse(code);
    }

    /** A timestamptz as the JDBC driver and Hibernate hand it over. */
    private static Instant instant(Object value) {
        return switch (value) {
            case Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            default -> throw new IllegalStateException("not a timestamp: " + value);
        };
    }
}
