package org.borderpolice.federation.inbox;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.retention.ChunkedPurge;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Forgets received event ids and refusals older than {@code border.federation.inbox.retention}
 * (30 days by default: longer than any outage after which a partner would still redeliver).
 *
 * <p>An event id forgotten cannot bring an old version back: a redelivery is no longer a
 * duplicate by id, but {@code replica_state} keeps the newest version of every record (tombstones
 * included) and answers STALE to anything not newer. Safe with several replicas: each deletes in
 * small transactions the rows no other replica holds ({@code SKIP LOCKED}), so they share the
 * work and never wait for each other or for the inbox.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);
    private final AgroalDataSource dataSource;
    private final FederationConfig config;
    private volatile boolean failing;

    @Inject
    public InboxRetention(AgroalDataSource dataSource, FederationConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(
            identity = "purge-inbox",
            every = "${border.federation.inbox.purge-every:1h}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        java.time.Duration retention = config.inbox().retention();
        try {
            long events = purge("""
                    DELETE FROM federation.inbox_event WHERE (origin, event_id) IN (
                        SELECT origin, event_id FROM federation.inbox_event
                        WHERE received_at < now() - ? * interval '1 second'
                        LIMIT ? FOR UPDATE SKIP LOCKED)""", retention);
            long refusals = purge("""
                    DELETE FROM federation.inbox_rejection WHERE id IN (
                        SELECT id FROM federation.inbox_rejection
                        WHERE received_at < now() - ? * interval '1 second'
                        LIMIT ? FOR UPDATE SKIP LOCKED)""", retention);
            if (events + refusals > 0) {
                LOG.infof(
                        "forgot %d received event ids and %d refusals older than %s",
                        events, refusals, config.inbox().retention());
            }
            failing = false;
        } catch (SQLException e) {
            // once per outage, not at every run
            if (!failing) {
                LOG.warnf("could not purge the inbox (will try again): %s", e.getMessage());
                failing = true;
            }
        }
    }

    private long purge(String sql, java.time.Duration retention) throws SQLException {
        return ChunkedPurge.purge(dataSource, sql, retention);
    }
}
