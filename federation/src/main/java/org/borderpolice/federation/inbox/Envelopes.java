package org.borderpolice.federation.inbox;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.StorableTime;

/**
 * The rules of an event's envelope, checked before anything of it is stored, looked up or
 * echoed: what fails here is refused with a reason that quotes nothing of the event (a partner
 * could otherwise make us store, log and send back whatever it likes), and what passes fits the
 * inbox's columns and any store (no NUL, no control character, lengths within the columns).
 */
final class Envelopes {

    static final int MAX_EVENT_ID_LENGTH = 36;
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_TYPE_LENGTH = 100;
    static final int MAX_TYPE_URL_LENGTH = 200;
    /** Jurisdictions a record may name: far above any agreement's size. */
    static final int MAX_DISTRIBUTION = 100;
    /** Refusal reasons a partner is sent and we store: ours, never its input, so always short. */
    static final int MAX_REASON_LENGTH = 200;

    /** "&lt;category&gt;.&lt;type&gt;": lowercase words with digits and hyphens, joined by dots. */
    private static final Pattern RECORD_TYPE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    /** Record ids are UUIDs or built from them and codes ("uuid:350722"). */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:@-]+");

    private static final Pattern TYPE_URL = Pattern.compile("[A-Za-z0-9._/:-]+");

    private Envelopes() {}

    /** Why this envelope is not one we take from this peer, or null. The reason quotes none of the event. */
    static String refusal(String peer, ReplicationEvent event) {
        String origin = event.getOrigin();
        if (origin.length() != 6 || !DivisionCodes.isValid(origin)) {
            return "origin is not a GB/T 2260 code";
        }
        if (!origin.equals(peer)) {
            return "origin is not the authenticated peer " + peer;
        }
        if (event.getEventId().length() != MAX_EVENT_ID_LENGTH || !isUuid(event.getEventId())) {
            return "event_id is not a UUID";
        }
        String type = event.getRecordType();
        if (type.length() > MAX_TYPE_LENGTH || !RECORD_TYPE.matcher(type).matches()) {
            return "record_type is not a record type (lowercase words joined by dots, at most " + MAX_TYPE_LENGTH
                    + " characters)";
        }
        String id = event.getRecordId();
        if (id.isEmpty()
                || id.length() > MAX_ID_LENGTH
                || !RECORD_ID.matcher(id).matches()) {
            return "record_id must have 1 to " + MAX_ID_LENGTH + " characters of A-Z, a-z, 0-9 and . _ : @ -";
        }
        if (event.getVersion() < 1) {
            return "version must be at least 1";
        }
        if (!event.hasOccurredAt()) {
            return "occurred_at is required";
        }
        if (!storable(event.getOccurredAt().getSeconds(), event.getOccurredAt().getNanos())) {
            return "occurred_at must lie between 1900-01-01 and 2199-12-31";
        }
        if (event.getDistributionCount() > MAX_DISTRIBUTION) {
            return "the distribution may name at most " + MAX_DISTRIBUTION + " jurisdictions";
        }
        for (String code : event.getDistributionList()) {
            if (code.length() != 6 || !DivisionCodes.isValid(code)) {
                return "the distribution holds something other than GB/T 2260 codes";
            }
        }
        if (event.hasSuccessor()) {
            String wrong = link("successor", event.getSuccessor(), origin);
            if (wrong != null) {
                return wrong;
            }
        }
        if (event.hasPredecessor()) {
            String wrong = link("predecessor", event.getPredecessor(), origin);
            if (wrong != null) {
                return wrong;
            }
        }
        if (!event.getTombstone() && !event.hasPayload()) {
            return "a change other than a tombstone must carry the record's state";
        }
        // a tombstone's payload, if any, is ignored
        if (!event.getTombstone()) {
            String url = event.getPayload().getTypeUrl();
            if (url.isEmpty()
                    || url.length() > MAX_TYPE_URL_LENGTH
                    || !TYPE_URL.matcher(url).matches()) {
                return "the payload's type URL is not one (at most " + MAX_TYPE_URL_LENGTH + " characters)";
            }
        }
        return null;
    }

    /**
     * A successor or predecessor: another jurisdiction's record (a record continued by its own
     * owner is no transfer, and a jurisdiction naming itself could retire nothing but could
     * confuse the links), named like any record.
     */
    private static String link(String field, RecordRef ref, String origin) {
        if (ref.getOrigin().length() != 6 || !DivisionCodes.isValid(ref.getOrigin())) {
            return field + ".origin is not a GB/T 2260 code";
        }
        if (ref.getOrigin().equals(origin)) {
            return field + " must be another jurisdiction's record, not the sender's own";
        }
        String id = ref.getRecordId();
        if (id.isEmpty()
                || id.length() > MAX_ID_LENGTH
                || !RECORD_ID.matcher(id).matches()) {
            return field + ".record_id must have 1 to " + MAX_ID_LENGTH + " characters of A-Z, a-z, 0-9 and . _ : @ -";
        }
        return null;
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean storable(long seconds, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            return false;
        }
        return seconds >= StorableTime.Range.EARLIEST.getEpochSecond()
                && seconds < StorableTime.Range.END.getEpochSecond()
                && StorableTime.Range.holds(Instant.ofEpochSecond(seconds, nanos));
    }

    /**
     * A value of a refused event as we may store it: control characters, NUL and unpaired
     * surrogates replaced, at most this long (so that writing the refusal cannot fail on it).
     */
    static String storable(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int end = Math.min(value.length(), maxLength);
        StringBuilder out = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                out.append(c).append(value.charAt(++i));
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Our own text (an applier's reason, say), as a partner may be sent it. */
    static String reason(String text) {
        String clean = storable(text, MAX_REASON_LENGTH);
        return clean == null ? "refused" : clean;
    }
}
