package org.borderpolice.mediation.service;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.notifications.Notifications;
import org.borderpolice.federation.notifications.Recipient;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.SessionMode;
import org.borderpolice.mediation.config.StatisticsConfig;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * 明日调解会: each of our mediators on a scheduled session of tomorrow (the calendar day after
 * today in the jurisdiction's time zone, {@code border.mediation.statistics.time-zone}) is told
 * so, as their own user (the mediator's account), once per session and start time: a session
 * moved to another day tells them again. Sessions of partners' disputes count too (their
 * replicas name our mediators); a partner's mediators are told by their own jurisdiction.
 */
@ApplicationScoped
public class SessionReminders {

    private static final Logger LOG = Logger.getLogger(SessionReminders.class);

    /** Mediators told per sweep at most (the next sweep takes the rest). */
    static final int SWEEP = 500;

    @Inject
    Notifications notifications;

    @Inject
    TrustList trustList;

    @Inject
    StatisticsConfig calendar;

    @Inject
    EntityManager em;

    @Scheduled(
            identity = "mediation-session-tomorrow",
            every = "5m",
            delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            remind(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("could not remind mediators of tomorrow's sessions (tried again later): %s", e.getMessage());
        }
    }

    /** Tell our mediators of tomorrow's sessions (tomorrow as of {@code now}) not told yet; how many were told now. */
    @Transactional
    public int remind(Instant now) {
        ZoneId zone = calendar.timeZone();
        LocalDate tomorrow = LocalDate.ofInstant(now, zone).plusDays(1);
        Instant from = tomorrow.atStartOfDay(zone).toInstant();
        Instant to = tomorrow.plusDays(1).atStartOfDay(zone).toInstant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT s.id, s.starts_at, s.mode, s.place, d.title, m.id, m.account
                        FROM mediation_session s
                        JOIN mediator m ON m.id = ANY (s.mediator_ids) AND m.origin = ?1 AND m.account IS NOT NULL
                        LEFT JOIN dispute d ON d.id = s.dispute_id
                        WHERE s.status = 'SCHEDULED' AND s.starts_at >= ?2 AND s.starts_at < ?3
                          AND NOT EXISTS (SELECT 1 FROM federation.notification n
                              WHERE n.once_key = 'mediation.session:' || s.id || ':' || m.id || ':'
                                  || (extract(epoch FROM s.starts_at) * 1000000)::bigint)
                        ORDER BY s.starts_at, s.id, m.id LIMIT ?4""")
                .setParameter(1, trustList.selfCode())
                .setParameter(2, Timestamp.from(from))
                .setParameter(3, Timestamp.from(to))
                .setParameter(4, SWEEP)
                .getResultList();
        int told = 0;
        for (Object[] row : rows) {
            UUID session = (UUID) row[0];
            Instant startsAt = instant(row[1]);
            long micros = Math.multiplyExact(startsAt.getEpochSecond(), 1_000_000L) + startsAt.getNano() / 1000;
            SessionMode mode = SessionMode.valueOf((String) row[2]);
            String place = row[3] == null ? "" : "，" + row[3];
            String title = row[4] == null ? "" : "：" + row[4];
            String time = java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(startsAt.atZone(zone));
            if (notifications.notifyOnce(
                    SessionService.SESSION_TYPE + ":" + session + ":" + row[5] + ":" + micros,
                    "mediation.session-tomorrow",
                    SessionService.SESSION_TYPE,
                    session.toString(),
                    Recipient.user(trustList.selfCode(), (String) row[6]),
                    "明日" + time + " " + mode.label + "调解会" + place + title)) {
                told++;
            }
        }
        return told;
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
