package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.Inbox;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The inbox's refusals and its version rules, called directly ({@link Inbox#receive}, as the
 * gRPC endpoint does once the peer is authenticated) in the test's JVM on the embedded
 * PostgreSQL: Jiangshan receiving probes from Pucheng and Guangfeng. The transport (tokens,
 * limits, streams) is the ITs'.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "testbed"),
            @ResourceArg(name = "categories", value = "testbed")
        })
class InboxRulesTest {

    static final String PROBE = "testbed.probe";

    @Inject
    Inbox inbox;

    @Inject
    AgroalDataSource db;

    static ReplicationEvent.Builder probe(String origin, String id, long version, String title) {
        return event(origin, id, version).setPayload(Any.pack(StringValue.of(title)));
    }

    static ReplicationEvent.Builder event(String origin, String id, long version) {
        Instant now = Instant.now();
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(origin)
                .setRecordType(PROBE)
                .setRecordId(id)
                .setVersion(version)
                .setOccurredAt(
                        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .addDistribution(origin)
                .addDistribution(JIANGSHAN);
    }

    List<EventResult> receive(String peer, ReplicationEvent.Builder... events) {
        DeliveryBatch.Builder batch =
                DeliveryBatch.newBuilder().setBatchId(UUID.randomUUID().toString());
        for (ReplicationEvent.Builder e : events) {
            batch.addEvents(e.build());
        }
        DeliveryAck ack = inbox.receive(peer, batch.build());
        assertEquals(events.length, ack.getResultsCount());
        return ack.getResultsList();
    }

    Outcome outcome(String peer, ReplicationEvent.Builder event) {
        return receive(peer, event).get(0).getOutcome();
    }

    /** The replica held of this record: "version title", or null. */
    String replica(String origin, String id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT version, title FROM probe_replica WHERE origin = ? AND id = ?")) {
            ps.setString(1, origin);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) + " " + rs.getString(2) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long rejections(String eventId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM federation.inbox_rejection WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void rejected(String peer, ReplicationEvent.Builder event, String reasonPart) {
        EventResult result = receive(peer, event).get(0);
        assertEquals(Outcome.REJECTED, result.getOutcome(), result::toString);
        assertTrue(result.getReason().contains(reasonPart), result::getReason);
        assertEquals(1, rejections(event.getEventId()), "the refusal is logged");
        assertEquals(null, replica(event.getOrigin(), event.getRecordId()), "nothing applied");
    }

    @Test
    void anOriginOtherThanTheAuthenticatedPeerIsRejected() {
        // Pucheng's relay sends a probe claiming to be Guangfeng's
        rejected(
                PUCHENG,
                probe(GUANGFENG, RecordIds.create(GUANGFENG).toString(), 1, "伪造来源")
                        .addDistribution(PUCHENG),
                "origin is not the authenticated peer");
    }

    @Test
    void aRecordWhoseDistributionLacksUsIsRejected() {
        ReplicationEvent.Builder notForUs = probe(
                        PUCHENG, RecordIds.create(PUCHENG).toString(), 1, "不发江山")
                .clearDistribution()
                .addDistribution(PUCHENG)
                .addDistribution(GUANGFENG);
        rejected(PUCHENG, notForUs, "not in the record's distribution");
    }

    @Test
    void aRecordTypeTheServiceDoesNotHoldIsRejected() {
        rejected(
                PUCHENG,
                probe(PUCHENG, RecordIds.create(PUCHENG).toString(), 1, "未知类型").setRecordType("testbed.unknown"),
                "record type is not one");
    }

    @Test
    void aBadEventIsRejectedAndTheRestOfItsBatchApplies() {
        String good = RecordIds.create(PUCHENG).toString();
        List<EventResult> results = receive(
                PUCHENG,
                probe(PUCHENG, RecordIds.create(PUCHENG).toString(), 0, "版本为零"),
                probe(PUCHENG, good, 1, "同批正常"));
        assertEquals(Outcome.REJECTED, results.get(0).getOutcome());
        assertEquals(Outcome.APPLIED, results.get(1).getOutcome());
        assertEquals("1 同批正常", replica(PUCHENG, good));
    }

    @Test
    void anEventReceivedTwiceFromItsSenderIsADuplicate() {
        String id = RecordIds.create(PUCHENG).toString();
        ReplicationEvent.Builder first = probe(PUCHENG, id, 1, "第一次");
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, first));
        // sent again (a retry), and twice within one batch
        assertEquals(Outcome.DUPLICATE, outcome(PUCHENG, first));
        ReplicationEvent.Builder second = probe(PUCHENG, id, 2, "第二次");
        List<EventResult> twice = receive(PUCHENG, second, second);
        assertEquals(List.of(Outcome.APPLIED, Outcome.DUPLICATE), outcomes(twice));
        assertEquals("2 第二次", replica(PUCHENG, id));
    }

    @Test
    void anOlderVersionIsStale() {
        String id = RecordIds.create(PUCHENG).toString();
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, probe(PUCHENG, id, 2, "第二版")));
        assertEquals(Outcome.STALE, outcome(PUCHENG, probe(PUCHENG, id, 1, "第一版（迟到）")));
        assertEquals(Outcome.STALE, outcome(PUCHENG, probe(PUCHENG, id, 2, "第二版（另一事件）")));
        assertEquals("2 第二版", replica(PUCHENG, id));
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, probe(PUCHENG, id, 3, "第三版")));
        assertEquals("3 第三版", replica(PUCHENG, id));
    }

    @Test
    void anUpsertOlderThanATombstoneIsStaleAndDoesNotRevive() {
        String id = RecordIds.create(PUCHENG).toString();
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, probe(PUCHENG, id, 1, "将删除")));
        assertEquals(Outcome.APPLIED, outcome(PUCHENG, event(PUCHENG, id, 3).setTombstone(true)));
        assertEquals(null, replica(PUCHENG, id));
        assertEquals(Outcome.STALE, outcome(PUCHENG, probe(PUCHENG, id, 2, "迟到的修改")));
        assertEquals(null, replica(PUCHENG, id));
    }

    @Test
    void theSameEventIdFromTwoSendersIsAppliedForEach() {
        String eventId = UUID.randomUUID().toString();
        String puchengs = RecordIds.create(PUCHENG).toString();
        String guangfengs = RecordIds.create(GUANGFENG).toString();
        assertEquals(
                Outcome.APPLIED,
                outcome(PUCHENG, probe(PUCHENG, puchengs, 1, "浦城的").setEventId(eventId)));
        assertEquals(
                Outcome.APPLIED,
                outcome(GUANGFENG, probe(GUANGFENG, guangfengs, 1, "广丰的").setEventId(eventId)));
        assertEquals("1 浦城的", replica(PUCHENG, puchengs));
        assertEquals("1 广丰的", replica(GUANGFENG, guangfengs));
    }

    static List<Outcome> outcomes(List<EventResult> results) {
        List<Outcome> outcomes = new ArrayList<>();
        results.forEach(r -> outcomes.add(r.getOutcome()));
        return outcomes;
    }
}
