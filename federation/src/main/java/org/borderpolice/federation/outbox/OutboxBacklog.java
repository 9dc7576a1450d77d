package org.borderpolice.federation.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.trust.TrustList;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/** How much is waiting for each partner: for the REST view and the backlog metric. */
@ApplicationScoped
public class OutboxBacklog {

    private final AgroalDataSource dataSource;
    private final TrustList trustList;

    @Inject
    public OutboxBacklog(AgroalDataSource dataSource, TrustList trustList) {
        this.dataSource = dataSource;
        this.trustList = trustList;
    }

    void registerGauges(@Observes StartupEvent event, MeterRegistry meters) {
        for (String partner : trustList.partners().keySet()) {
            Gauge.builder("border.federation.outbox.backlog", () -> pending(partner))
                    .tag("partner", partner)
                    .description("Outbox events waiting for delivery to the partner")
                    .register(meters);
        }
    }

    public long pending(String partner) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement(
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND rejected_at IS NULL")) {
            count.setString(1, partner);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    public List<PartnerBacklog> perPartner() {
        List<PartnerBacklog> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement("""
                        SELECT d.partner,
                               (SELECT count(*) FROM federation.outbox o
                                 WHERE o.destination = d.partner AND o.rejected_at IS NULL),
                               (SELECT count(*) FROM federation.outbox o
                                 WHERE o.destination = d.partner AND o.rejected_at IS NOT NULL),
                               (SELECT min(created_at) FROM federation.outbox o
                                 WHERE o.destination = d.partner AND o.rejected_at IS NULL),
                               d.consecutive_failures, d.next_attempt_at, d.last_error, d.last_delivered_at,
                               d.delivered_total
                        FROM federation.partner_delivery d
                        ORDER BY d.partner""")) {
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String partner = rs.getString(1);
                    if (!trustList.isPartner(partner)) {
                        continue;
                    }
                    out.add(new PartnerBacklog(partner, trustList.partner(partner).orElseThrow().name(), rs.getLong(2),
                            rs.getLong(3), rs.getObject(4, OffsetDateTime.class), rs.getInt(5),
                            rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                            rs.getLong(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the outbox backlog", e);
        }
        return out;
    }
}
