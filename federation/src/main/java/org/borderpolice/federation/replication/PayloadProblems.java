package org.borderpolice.federation.replication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.borderpolice.federation.http.Text;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.validation.RecordIds;

import com.google.protobuf.Timestamp;

/**
 * What is wrong with a partner's payload, field by field, for the reason of a REJECTED event. A
 * partner's payload must pass what our own users' REST input must pass, or it could make the
 * database refuse a whole batch. Reasons name fields and rules, never echo the partner's values
 * (which may hold anything).
 */
public final class PayloadProblems {

    private static final int MAX_REPORTED = 5;

    private final String what;
    private final List<String> found = new ArrayList<>();

    /** @param what the record, for the reason ("alert", "sighting") */
    public PayloadProblems(String what) {
        this.what = what;
    }

    /** Note a problem of the field; a null problem is none. */
    public PayloadProblems add(String field, String problem) {
        if (problem != null) {
            found.add(field + " " + problem);
        }
        return this;
    }

    public PayloadProblems require(boolean ok, String field, String problem) {
        return add(field, ok ? null : problem);
    }

    public PayloadProblems text(String field, String value, int max, boolean required, boolean multiline) {
        return add(field, textProblem(value, max, required, multiline));
    }

    public PayloadProblems timestamp(String field, boolean present, Timestamp value) {
        return add(field, ProtoTime.problem(present, value));
    }

    /** Refuse the payload if anything was found. */
    public void throwIfAny() throws UnreadablePayloadException {
        if (!found.isEmpty()) {
            String shown = String.join("; ", found.subList(0, Math.min(found.size(), MAX_REPORTED)));
            throw new UnreadablePayloadException("invalid " + what + ": " + shown
                    + (found.size() > MAX_REPORTED ? " (and " + (found.size() - MAX_REPORTED) + " more)" : ""));
        }
    }

    /**
     * Why this text may not be stored, or null: what REST input refuses ({@link Text}: control
     * characters, DEL, C1 controls, unpaired surrogates; multi-line text may carry line breaks and
     * tabs), its length (UTF-16 characters, as Bean Validation's {@code @Size} counts), and
     * whether it is required.
     */
    public static String textProblem(String value, int max, boolean required, boolean multiline) {
        if (value == null || value.isBlank()) {
            return required ? "must not be blank" : null;
        }
        if (value.length() > max) {
            return "must have at most " + max + " characters";
        }
        int forbidden = Text.firstForbidden(value, multiline);
        return forbidden < 0 ? null : "must not contain " + Text.describe(value, forbidden);
    }

    /**
     * A record new to us must carry an id its sender created ({@link RecordIds}): otherwise a
     * partner that learned another jurisdiction's id could take it over here before that
     * jurisdiction delivers its record. A legacy id (made before, naming no one) only until
     * {@code legacyAcceptedUntil} ({@code border.federation.record-ids.legacy-accepted-until}).
     */
    public static void requireCreatedBy(UUID id, String sender, Optional<Instant> legacyAcceptedUntil)
            throws UnreadablePayloadException {
        String refusal = RecordIds.refusal(id, sender, legacyAcceptedUntil, Instant.now());
        if (refusal != null) {
            throw new UnreadablePayloadException(refusal);
        }
    }

    /** The id, or a refusal naming the field. */
    public static UUID uuid(String field, String value) throws UnreadablePayloadException {
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equals(value)) {
                throw new IllegalArgumentException("not in canonical form");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new UnreadablePayloadException(field + " is not a UUID in canonical form");
        }
    }
}
