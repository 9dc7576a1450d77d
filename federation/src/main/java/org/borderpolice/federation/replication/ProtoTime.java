package org.borderpolice.federation.replication;

import java.time.Instant;

import org.borderpolice.federation.validation.StorableTime;

import com.google.protobuf.Timestamp;

/** Between {@link Instant} and the protobuf {@link Timestamp} of the federation's messages. */
public final class ProtoTime {

    private ProtoTime() {}

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    /** The instant of a timestamp; check a partner's first ({@link #problem}). */
    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /**
     * Why this timestamp of a partner's message may not be stored, or null: the range REST input
     * accepts ({@link StorableTime}), so that whatever a user may enter reaches every partner and
     * nothing a partner sends makes the database refuse a batch.
     */
    public static String problem(boolean present, Timestamp value) {
        if (!present) {
            return "is required";
        }
        if (value.getNanos() < 0
                || value.getNanos() > 999_999_999
                || value.getSeconds() < StorableTime.Range.EARLIEST.getEpochSecond()
                || value.getSeconds() >= StorableTime.Range.END.getEpochSecond()) {
            return "must lie between " + StorableTime.Range.EARLIEST + " and " + StorableTime.Range.END
                    + " (exclusive)";
        }
        return null;
    }
}
