package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.RecordApplier.UnreadablePayloadException;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.intel.FieldRules;

import com.google.protobuf.Timestamp;

/**
 * What is wrong with a partner's payload, field by field, for the reason of a REJECTED event.
 * Reasons name fields and rules, never echo the partner's values (which may hold anything).
 */
final class ReplicaProblems {

    private static final int MAX_REPORTED = 5;

    private final String what;
    private final List<String> found = new ArrayList<>();

    ReplicaProblems(String what) {
        this.what = what;
    }

    ReplicaProblems add(String field, String problem) {
        if (problem != null) {
            found.add(field + " " + problem);
        }
        return this;
    }

    ReplicaProblems require(boolean ok, String field, String problem) {
        return add(field, ok ? null : problem);
    }

    ReplicaProblems text(String field, String value, int max, boolean required, boolean multiline) {
        return add(field, FieldRules.textProblem(value, max, required, multiline));
    }

    ReplicaProblems timestamp(String field, boolean present, Timestamp value) {
        return add(field, FieldRules.timestampProblem(present, value));
    }

    /** Refuse the payload if anything was found. */
    void throwIfAny() throws UnreadablePayloadException {
        if (!found.isEmpty()) {
            String shown = String.join("; ", found.subList(0, Math.min(found.size(), MAX_REPORTED)));
            throw new UnreadablePayloadException("invalid " + what + ": " + shown
                    + (found.size() > MAX_REPORTED ? " (and " + (found.size() - MAX_REPORTED) + " more)" : ""));
        }
    }

    /**
     * A record new to us must carry an id its sender created ({@link RecordIds}): otherwise a
     * partner that learned another jurisdiction's id could take it over here before that
     * jurisdiction delivers its record. A legacy id (made before, naming no one) only until
     * {@code border.federation.record-ids.legacy-accepted-until}.
     */
    static void requireCreatedBy(UUID id, String sender, FederationConfig config) throws UnreadablePayloadException {
        String refusal = RecordIds.refusal(id, sender, config.recordIds().legacyAcceptedUntil(), Instant.now());
        if (refusal != null) {
            throw new UnreadablePayloadException(refusal);
        }
    }

    /** The id, or a refusal naming the field. */
    static UUID uuid(String field, String value) throws UnreadablePayloadException {
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
