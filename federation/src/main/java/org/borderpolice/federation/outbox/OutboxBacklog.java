package org.borderpolice.federation.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** Refusals shown per partner, newest first. */
    static final int RECENT_REFUSALS = 20;

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
        Map<String, List<PartnerBacklog.Refusal>> refusals = recentRefusals();
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
                    out.add(new PartnerBacklog(
                            partner,
                            trustList.partner(partner).orElseThrow().name(),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getObject(4, OffsetDateTime.class),
                            rs.getInt(5),
                            rs.getObject(6, OffsetDateTime.class),
                            rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class),
                            rs.getLong(9),
                            refusals.getOrDefault(partner, List.of())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the outbox backlog", e);
        }
        return out;
    }

    private Map<String, List<PartnerBacklog.Refusal>> recentRefusals() {
        Map<String, List<PartnerBacklog.Refusal>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                // per partner the newest few, read off the index (outbox_refused) and no further
                PreparedStatement query = c.prepareStatement("""
                        SELECT d.partner, r.record_type, r.record_id, r.version, r.rejected_at, r.reject_reason
                        FROM federation.partner_delivery d CROSS JOIN LATERAL (
                            SELECT o.id, o.record_type, o.record_id, o.version, o.rejected_at, o.reject_reason
                            FROM federation.outbox o
                            WHERE o.destination = d.partner AND o.rejected_at IS NOT NULL
                            ORDER BY o.rejected_at DESC, o.id DESC
                            LIMIT ?) r
                        ORDER BY d.partner, r.rejected_at DESC, r.id DESC""")) {
            query.setInt(1, RECENT_REFUSALS);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), p -> new ArrayList<>())
                            .add(new PartnerBacklog.Refusal(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getLong(4),
                                    rs.getObject(5, OffsetDateTime.class),
                                    rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the refused events", e);
        }
        return out;
    }
}
