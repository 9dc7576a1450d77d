package org.borderpolice.testbed;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

/** Hand-made probe events, as a partner's relay (or a forger) would send them. */
final class ProbeEvents {

    static final String TYPE = "testbed.probe";

    /** What a reason or status sent to a partner must never contain: SQL, class names, stack traces. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(?is).*(\\binsert\\b|\\bselect\\b|\\bupdate\\b|\\bsql|error:|exception|\\borg\\.|\\bjava\\."
                    + "|\\bat [\\w$]+(\\.[\\w$]+)+\\("
                    + "|probe_replica|federation\\.|varchar|\\bcolumn\\b|\\brelation\\b).*");

    private ProbeEvents() {}

    /** A probe of this origin, held by the origin and receiver, under a new event id. */
    static ReplicationEvent probe(String origin, String receiver, String recordId, long version, String title) {
        return event(UUID.randomUUID().toString(), origin, receiver, recordId, version, title);
    }

    /** The same with a chosen event id; a null title makes a tombstone. */
    static ReplicationEvent event(
            String eventId, String origin, String receiver, String recordId, long version, String title) {
        Instant now = Instant.now();
        ReplicationEvent.Builder b = ReplicationEvent.newBuilder()
                .setEventId(eventId)
                .setOrigin(origin)
                .setRecordType(TYPE)
                .setRecordId(recordId)
                .setVersion(version)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .addDistribution(receiver)
                .addDistribution(origin)
                .setTombstone(title == null);
        if (title != null) {
            b.setPayload(Any.pack(StringValue.of(title)));
        }
        return b.build();
    }

    static boolean revealsInternals(String text) {
        return text != null && INTERNALS.matcher(text).matches();
    }
}
