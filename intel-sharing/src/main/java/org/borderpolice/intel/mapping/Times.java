package org.borderpolice.intel.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.google.protobuf.Timestamp;

/** Times as the API shows them (China Standard Time) and as messages carry them; proto3's empty strings. */
public final class Times {

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private Times() {
    }

    public static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(CHINA);
    }

    public static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** proto3 has no absent string: empty means none. */
    static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
