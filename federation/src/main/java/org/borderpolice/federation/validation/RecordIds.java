package org.borderpolice.federation.validation;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Record ids bound to the jurisdiction that created them, so that a receiver can tell whether the
 * origin of a replicated record is the one that made its id. Without this, whoever delivers an id
 * first owns it at a receiver: a partner that learned another jurisdiction's alert id (from a
 * replica or a hit/no-hit answer) could deliver its own record under it and lock the real origin
 * out.
 *
 * <p>An id is a UUID of version 8 (RFC 9562, custom layout) whose first six hex digits are the
 * creating jurisdiction's GB/T 2260 code and whose other 98 free bits are random:
 * {@code 330881xx-xxxx-8xxx-yxxx-xxxxxxxxxxxx} (y is 8, 9, a or b). The code's digits are hex
 * digits, so the id reads as the code; 98 random bits make a collision within one jurisdiction
 * as unlikely as one of random UUIDs (122 bits) within a few million records. Ownership transfer
 * changes a record's owner explicitly; its id keeps naming its creator.
 */
public final class RecordIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordIds() {}

    /** A new id created by this jurisdiction. */
    public static UUID create(String jurisdiction) {
        String problem = DivisionCodes.problem(jurisdiction);
        if (problem != null) {
            throw new IllegalArgumentException("jurisdiction " + problem);
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < 3; i++) {
            bytes[i] = (byte) (((jurisdiction.charAt(2 * i) - '0') << 4) | (jurisdiction.charAt(2 * i + 1) - '0'));
        }
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x80); // version 8
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // variant RFC 9562
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong());
    }

    /** The jurisdiction that created this id, if it is an id of this kind. */
    public static Optional<String> creator(UUID id) {
        if (id == null || id.version() != 8 || id.variant() != 2) {
            return Optional.empty();
        }
        String code = String.format("%06x", id.getMostSignificantBits() >>> 40);
        return DivisionCodes.isValid(code) ? Optional.of(code) : Optional.empty();
    }

    /**
     * Why a receiver does not take this id for a record new to it from {@code sender}, or null if
     * it does: an id of this kind must name its sender; a legacy id ({@link #isLegacy}: a random
     * UUID of before these ids, naming no creator) is taken only before {@code legacyAcceptedUntil}
     * ({@code border.federation.record-ids.legacy-accepted-until}, for the upgrade; empty: never).
     */
    public static String refusal(UUID id, String sender, Optional<Instant> legacyAcceptedUntil, Instant now) {
        Optional<String> creator = creator(id);
        if (creator.isPresent()) {
            return creator.get().equals(sender)
                    ? null
                    : "record_id " + id + " was not created by the sender " + sender
                            + " (an id names the jurisdiction that created it)";
        }
        if (!isLegacy(id)) {
            return "record_id " + id + " was not created by the sender " + sender
                    + " (it names no creator and is no legacy random id)";
        }
        if (legacyAcceptedUntil.isPresent() && now.isBefore(legacyAcceptedUntil.get())) {
            return null;
        }
        // short: a sender keeps 200 characters of a reason, and the setting's name must be among them
        return "record_id " + id + " is legacy, not created by the sender " + sender
                + ": taken only until legacy-accepted-until, "
                + legacyAcceptedUntil
                        .map(until -> "passed here (" + until + ")")
                        .orElse("not set here");
    }

    /** Whether the id is one of those made before these ids: a random (version 4) UUID, naming no one. */
    public static boolean isLegacy(UUID id) {
        return id != null && id.version() == 4 && id.variant() == 2;
    }

    /** Whether this jurisdiction created the id. */
    public static boolean createdBy(UUID id, String jurisdiction) {
        return jurisdiction != null && creator(id).filter(jurisdiction::equals).isPresent();
    }
}
