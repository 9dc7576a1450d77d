package org.borderpolice.federation.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

class ProtoTimeTest {

    @Test
    void roundTripsToTheNanosecond() {
        Instant at = Instant.parse("2026-11-23T08:00:00.123456789Z");
        Timestamp t = ProtoTime.timestamp(at);
        assertEquals(at.getEpochSecond(), t.getSeconds());
        assertEquals(123_456_789, t.getNanos());
        assertEquals(at, ProtoTime.instant(t));
        Instant before1970 = Instant.parse("1950-01-01T00:00:00.5Z");
        assertEquals(before1970, ProtoTime.instant(ProtoTime.timestamp(before1970)));
    }

    @Test
    void aPartnersTimeMustLieInTheRangeOfRestInput() {
        // REST input takes 1900-01-01 up to 2200 (exclusive): so does a replica
        assertNull(ProtoTime.problem(true, seconds("1999-06-01T00:00:00Z")));
        assertNull(ProtoTime.problem(true, seconds("1900-01-01T00:00:00Z")));
        assertNull(ProtoTime.problem(true, seconds("2199-12-31T23:59:59Z")));
        assertNotNull(ProtoTime.problem(true, seconds("1899-12-31T23:59:59Z")));
        assertNotNull(ProtoTime.problem(true, seconds("2200-01-01T00:00:00Z")));
        assertNotNull(ProtoTime.problem(
                true, Timestamp.newBuilder().setSeconds(0).setNanos(-1).build()));
        assertNotNull(ProtoTime.problem(
                true,
                Timestamp.newBuilder().setSeconds(0).setNanos(1_000_000_000).build()));
        assertEquals("is required", ProtoTime.problem(false, null));
    }

    static Timestamp seconds(String at) {
        return Timestamp.newBuilder()
                .setSeconds(Instant.parse(at).getEpochSecond())
                .build();
    }
}
