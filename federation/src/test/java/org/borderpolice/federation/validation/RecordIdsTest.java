package org.borderpolice.federation.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"330881", "350722", "361103", "110000", "820000"})
    void anIdNamesTheJurisdictionThatCreatedIt(String code) {
        UUID id = RecordIds.create(code);
        assertTrue(id.toString().startsWith(code), id::toString);
        assertEquals(8, id.version());
        assertEquals(2, id.variant());
        assertEquals(Optional.of(code), RecordIds.creator(id));
        assertTrue(RecordIds.createdBy(id, code));
        assertFalse(RecordIds.createdBy(id, code.equals("330881") ? "350722" : "330881"));
        // it survives its text form, as replication carries it
        assertEquals(Optional.of(code), RecordIds.creator(UUID.fromString(id.toString())));
    }

    @Test
    void theRestOfTheIdIsRandom() {
        Set<UUID> ids = new HashSet<>();
        Set<String> tails = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = RecordIds.create("330881");
            ids.add(id);
            tails.add(id.toString().substring(6, 8));
        }
        assertEquals(10_000, ids.size());
        // the two hex digits after the code are random too, not a fixed pattern
        assertEquals(256, tails.size());
    }

    @Test
    void otherIdsNameNobody() {
        // a random (version 4) UUID, even one that starts with a code
        UUID random = UUID.fromString("33088145-1c2d-4e5f-9a8b-0123456789ab");
        assertEquals(Optional.empty(), RecordIds.creator(random));
        assertFalse(RecordIds.createdBy(random, "330881"));
        // version 8 with a prefix that is no GB/T 2260 code (no province 99, not digits)
        assertEquals(Optional.empty(), RecordIds.creator(UUID.fromString("99088145-1c2d-8e5f-9a8b-0123456789ab")));
        assertEquals(Optional.empty(), RecordIds.creator(UUID.fromString("3308a145-1c2d-8e5f-9a8b-0123456789ab")));
        // version 8 but not the RFC variant
        assertEquals(Optional.empty(), RecordIds.creator(UUID.fromString("33088145-1c2d-8e5f-da8b-0123456789ab")));
        assertEquals(Optional.empty(), RecordIds.creator(null));
        assertFalse(RecordIds.createdBy(RecordIds.create("330881"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "33088", "3308811", "99xxxx", "990000", "abcdef"})
    void onlyAJurisdictionCreatesIds(String code) {
        assertThrows(IllegalArgumentException.class, () -> RecordIds.create(code));
    }

    @Test
    void aLegacyIdIsTakenFromItsSenderOnlyBeforeTheCutOver() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        UUID legacy = UUID.fromString("33088145-1c2d-4e5f-9a8b-0123456789ab");
        assertTrue(RecordIds.isLegacy(legacy));
        assertTrue(RecordIds.isLegacy(UUID.randomUUID()));
        assertFalse(RecordIds.isLegacy(RecordIds.create("330881")));
        // unset: refused; a cut-over ahead: taken; one passed (or now): refused
        assertTrue(RecordIds.refusal(legacy, "350722", Optional.empty(), now)
                .contains("legacy-accepted-until, not set here"));
        assertNull(RecordIds.refusal(legacy, "350722", Optional.of(now.plusSeconds(1)), now));
        assertTrue(RecordIds.refusal(legacy, "350722", Optional.of(now), now)
                .contains("legacy-accepted-until, passed here"));
        // an id naming its sender is always taken, one naming someone else never
        Optional<Instant> ahead = Optional.of(now.plusSeconds(3600));
        assertNull(RecordIds.refusal(RecordIds.create("350722"), "350722", Optional.empty(), now));
        assertTrue(RecordIds.refusal(RecordIds.create("330881"), "350722", ahead, now)
                .contains("not created by the sender"));
        // neither naming anyone nor random: not legacy (version 8 with no code, a time-based UUID)
        assertTrue(RecordIds.refusal(UUID.fromString("99088145-1c2d-8e5f-9a8b-0123456789ab"), "350722", ahead, now)
                .contains("no legacy"));
        assertTrue(RecordIds.refusal(UUID.fromString("33088145-1c2d-1e5f-9a8b-0123456789ab"), "350722", ahead, now)
                .contains("no legacy"));
    }
}
