package org.borderpolice.intel.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.borderpolice.federation.replication.ProtoTime;

import com.google.protobuf.Timestamp;

/** Times as the API shows them (China Standard Time) and as messages carry them; proto3's empty strings. */
public final class Times {

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private Times() {}

    public static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(CHINA);
    }

    public static Timestamp timestamp(Instant i) {
        return ProtoTime.timestamp(i);
    }

    public static Instant instant(Timestamp t) {
        return ProtoTime.instant(t);
    }

    /** proto3 has no absent string: empty means none. */
    static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
