package org.borderpolice.federation.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers the outbox to the partners: one worker per partner that this service delivers to.
 * Safe with several replicas on one database (see {@link PartnerDelivery}); resumes from the
 * outbox after any restart because the outbox is the only state. When a change will never reach
 * a partner (refused by it, or too large for any message), fires {@link DeliveryRefused} after
 * the refusal is committed.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final FederationConfig config;
    private final TrustList trustList;
    private final AgroalDataSource dataSource;
    private final PartnerChannels channels;
    private final MeterRegistry meters;
    private final AuditLog auditLog;
    private final OutboxVacuum vacuum;
    private final Event<DeliveryRefused> refusals;
    private final Map<String, PartnerDelivery> workers = new ConcurrentHashMap<>();

    @Inject
    public OutboxRelay(
            FederationConfig config,
            TrustList trustList,
            AgroalDataSource dataSource,
            PartnerChannels channels,
            MeterRegistry meters,
            AuditLog auditLog,
            OutboxVacuum vacuum,
            Event<DeliveryRefused> refusals) {
        this.refusals = refusals;
        this.config = config;
        this.trustList = trustList;
        this.dataSource = dataSource;
        this.channels = channels;
        this.meters = meters;
        this.auditLog = auditLog;
        this.vacuum = vacuum;
    }

    void onStart(@Observes @Priority(5000) StartupEvent event) {
        ensurePartnerRows();
        if (!config.relay().enabled()) {
            LOG.info("outbox relay disabled in this process");
            return;
        }
        for (String partner : trustList.deliveryPartners()) {
            PartnerDelivery worker = new PartnerDelivery(
                    partner,
                    config.relay(),
                    config.grpc().maxMessageSize(),
                    dataSource,
                    () -> channels.deliveryStream(partner),
                    trustList.selfCode(),
                    meters,
                    auditLog,
                    vacuum::settled,
                    refusals::fire);
            workers.put(partner, worker);
            worker.start();
        }
        LOG.infof("outbox relay delivering to %s", workers.keySet());
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.values().forEach(PartnerDelivery::stop);
        workers.clear();
    }

    /** New rows for these partners were committed: deliver them now rather than at the next poll. */
    public void wake(Collection<String> partners) {
        for (String partner : partners) {
            PartnerDelivery worker = workers.get(partner);
            if (worker != null) {
                worker.wake();
            }
        }
    }

    private void ensurePartnerRows() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO federation.partner_delivery (partner) VALUES (?) ON CONFLICT DO NOTHING")) {
            for (String partner : trustList.partners().keySet()) {
                insert.setString(1, partner);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare partner delivery state", e);
        }
    }
}
