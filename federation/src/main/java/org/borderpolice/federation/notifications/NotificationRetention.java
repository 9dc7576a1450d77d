package org.borderpolice.federation.notifications;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.retention.ChunkedPurge;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes notifications older than {@code border.notifications.retention}: a notification is a
 * pointer to something that needs a user soon, not a record (the record and its audit stay).
 * Several replicas share the work ({@code SKIP LOCKED}).
 */
@ApplicationScoped
public class NotificationRetention {

    private static final Logger LOG = Logger.getLogger(NotificationRetention.class);

    private final AgroalDataSource dataSource;
    private final NotificationsConfig config;
    private volatile boolean failing;

    @Inject
    public NotificationRetention(AgroalDataSource dataSource, NotificationsConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(
            identity = "purge-notifications",
            every = "${border.notifications.purge-every:1h}",
            delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            long n = ChunkedPurge.purge(dataSource, """
                    DELETE FROM federation.notification WHERE id IN (
                        SELECT id FROM federation.notification
                        WHERE created_at < now() - ? * interval '1 second' AND id IS NOT NULL
                        LIMIT ? FOR UPDATE SKIP LOCKED)""", config.retention());
            if (n > 0) {
                LOG.infof("deleted %d notifications older than %s", n, config.retention());
            }
            failing = false;
        } catch (SQLException e) {
            if (!failing) {
                LOG.warnf("could not purge notifications (will try again): %s", e.getMessage());
                failing = true;
            }
        }
    }
}
