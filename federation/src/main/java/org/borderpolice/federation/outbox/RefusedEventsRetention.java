package org.borderpolice.federation.outbox;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.retention.ChunkedPurge;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Forgets refused outbox events (refused by a partner, or set aside as too large) older than
 * {@code border.federation.outbox.refused-retention} (30 days): the outbox view shows them until
 * then, and the service heard of each when it was refused ({@link DeliveryRefused}). Several
 * replicas share the work: small transactions over rows no other replica holds.
 */
@ApplicationScoped
public class RefusedEventsRetention {

    private static final Logger LOG = Logger.getLogger(RefusedEventsRetention.class);

    private final AgroalDataSource dataSource;
    private final FederationConfig config;
    private volatile boolean failing;

    @Inject
    public RefusedEventsRetention(AgroalDataSource dataSource, FederationConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(
            identity = "purge-refused-outbox",
            every = "${border.federation.outbox.purge-every:1h}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            long total = ChunkedPurge.purge(dataSource, """
                    DELETE FROM federation.outbox WHERE id IN (
                        SELECT id FROM federation.outbox
                        WHERE rejected_at IS NOT NULL AND rejected_at < now() - ? * interval '1 second'
                        LIMIT ? FOR UPDATE SKIP LOCKED)""", config.outbox().refusedRetention());
            if (total > 0) {
                LOG.infof(
                        "forgot %d refused outbox events older than %s",
                        total, config.outbox().refusedRetention());
            }
            failing = false;
        } catch (SQLException e) {
            if (!failing) {
                LOG.warnf("could not purge refused outbox events (will try again): %s", e.getMessage());
                failing = true;
            }
        }
    }
}
