package org.borderpolice.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

class EnvelopesTest {

    static final String PUCHENG = "350722";
    static final String JIANGSHAN = "330881";
    static final String SECRET = "身份证330881199001011238";

    /** A valid upsert from Pucheng; each test breaks one field. */
    static ReplicationEvent.Builder valid() {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG)
                .setRecordType("testbed.probe")
                .setRecordId(UUID.randomUUID() + ":" + PUCHENG)
                .setVersion(1)
                .setOccurredAt(Timestamp.newBuilder()
                        .setSeconds(Instant.parse("2026-11-23T08:00:00Z").getEpochSecond()))
                .addDistribution(PUCHENG)
                .addDistribution(JIANGSHAN)
                .setPayload(Any.pack(StringValue.of("探针")));
    }

    static String refusal(UnaryOperator<ReplicationEvent.Builder> change) {
        return Envelopes.refusal(PUCHENG, change.apply(valid()).build());
    }

    /** Refused, and the reason quotes nothing the sender chose. */
    static void refused(String reasonPart, UnaryOperator<ReplicationEvent.Builder> change) {
        String reason = refusal(change);
        assertNotNull(reason, reasonPart);
        assertTrue(reason.contains(reasonPart), reason);
        assertFalse(reason.contains(SECRET), reason);
        assertTrue(reason.length() <= Envelopes.MAX_REASON_LENGTH, reason);
    }

    @Test
    void aValidEnvelopePassesTombstonesWithoutPayloadToo() {
        assertNull(refusal(e -> e));
        assertNull(refusal(e -> e.clearPayload().setTombstone(true)));
        assertNull(refusal(e -> e.clearDistribution()));
    }

    @Test
    void theOriginIsACodeAndTheAuthenticatedPeer() {
        refused("origin is not a GB/T 2260 code", e -> e.setOrigin(SECRET));
        refused("origin is not a GB/T 2260 code", e -> e.setOrigin("999999"));
        refused("origin is not the authenticated peer " + PUCHENG, e -> e.setOrigin(JIANGSHAN));
    }

    @Test
    void idsTypesAndVersionsHaveTheirForm() {
        refused("event_id is not a UUID", e -> e.setEventId(SECRET));
        refused(
                "event_id is not a UUID",
                e -> e.setEventId(UUID.randomUUID().toString().replace('-', 'x')));
        refused("record_type", e -> e.setRecordType("Testbed.Probe"));
        refused("record_type", e -> e.setRecordType("probe"));
        refused("record_type", e -> e.setRecordType("a." + "b".repeat(Envelopes.MAX_TYPE_LENGTH)));
        refused("record_id", e -> e.setRecordId(""));
        refused("record_id", e -> e.setRecordId(SECRET));
        refused("record_id", e -> e.setRecordId("a".repeat(Envelopes.MAX_ID_LENGTH + 1)));
        assertNull(refusal(e -> e.setRecordId("a".repeat(Envelopes.MAX_ID_LENGTH))));
        refused("version must be at least 1", e -> e.setVersion(0));
        refused("version must be at least 1", e -> e.setVersion(-5));
    }

    @Test
    void occurredAtIsRequiredAndStorable() {
        refused("occurred_at is required", e -> e.clearOccurredAt());
        refused(
                "occurred_at must lie between",
                e -> e.setOccurredAt(Timestamp.newBuilder()
                        .setSeconds(Instant.parse("1899-12-31T23:59:59Z").getEpochSecond())));
        refused(
                "occurred_at must lie between",
                e -> e.setOccurredAt(Timestamp.newBuilder()
                        .setSeconds(Instant.parse("2200-01-01T00:00:00Z").getEpochSecond())));
        refused(
                "occurred_at must lie between",
                e -> e.setOccurredAt(Timestamp.newBuilder().setSeconds(0).setNanos(-1)));
        assertNull(refusal(e -> e.setOccurredAt(Timestamp.newBuilder()
                .setSeconds(Instant.parse("1900-01-01T00:00:00Z").getEpochSecond()))));
    }

    @Test
    void theDistributionNamesAtMostSoManyCodes() {
        refused("GB/T 2260 codes", e -> e.addDistribution(SECRET));
        refused("at most " + Envelopes.MAX_DISTRIBUTION, e -> {
            for (int i = 0; i < Envelopes.MAX_DISTRIBUTION; i++) {
                e.addDistribution(JIANGSHAN);
            }
            return e;
        });
    }

    @Test
    void anUpsertCarriesAPayloadWithATypeUrl() {
        refused("must carry the record's state", e -> e.clearPayload());
        refused("type URL", e -> e.setPayload(Any.newBuilder().setTypeUrl(SECRET)));
        refused("type URL", e -> e.setPayload(Any.newBuilder().setTypeUrl("")));
        // a tombstone's payload is not looked at
        assertNull(refusal(e -> e.setTombstone(true).setPayload(Any.newBuilder().setTypeUrl(SECRET))));
    }

    @Test
    void storableValuesHaveNoControlCharactersAndFitTheirColumn() {
        assertNull(Envelopes.storable(null, 10));
        assertNull(Envelopes.storable("", 10));
        assertEquals("a\uFFFDb\uFFFD", Envelopes.storable("a\u0000b\u0085", 10));
        assertEquals("江山", Envelopes.storable("江山市公安局", 2));
        // a pair cut in half by the limit is not kept half; a lone surrogate is replaced
        assertEquals("a\uFFFD", Envelopes.storable("a\uD83D\uDE00", 2));
        assertEquals("a\uD83D\uDE00", Envelopes.storable("a\uD83D\uDE00", 3));
        assertEquals("\uFFFDx", Envelopes.storable("\uDE00x", 5));
        assertEquals("refused", Envelopes.reason(null));
        assertEquals(
                Envelopes.MAX_REASON_LENGTH, Envelopes.reason("长".repeat(500)).length());
    }
}
