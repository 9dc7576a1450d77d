package org.borderpolice.federation.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    @Test
    void roundTrips() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-11-23T08:00:00.123456Z"), UUID.randomUUID());
        assertEquals(cursor, KeysetCursor.decode(cursor.encode()));
        assertEquals(cursor, KeysetCursor.parse(cursor.encode()));
    }

    @Test
    void theFormatOfEarlierVersionsStillReads() {
        // what clients hold from before: base64url of "<instant>|<uuid>", no padding
        UUID id = UUID.fromString("33088100-0000-8000-8000-000000000001");
        String old = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("2026-11-23T08:00:00Z|" + id).getBytes(StandardCharsets.UTF_8));
        assertEquals(new KeysetCursor(Instant.parse("2026-11-23T08:00:00Z"), id), KeysetCursor.parse(old));
        assertEquals(old, new KeysetCursor(Instant.parse("2026-11-23T08:00:00Z"), id).encode());
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertNull(KeysetCursor.parse(null));
        assertNull(KeysetCursor.parse(" "));
    }

    @Test
    void garbageAndForgedTimesAreRefused() {
        String farFuture = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("+100000-01-01T00:00:00Z|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of(
                "garbage",
                "%00",
                farFuture,
                Base64.getUrlEncoder().encodeToString("2026-11-23T08:00:00Z".getBytes(StandardCharsets.UTF_8)))) {
            assertThrows(IllegalArgumentException.class, () -> KeysetCursor.decode(bad), bad);
            InvalidCursorException e = assertThrows(InvalidCursorException.class, () -> KeysetCursor.parse(bad), bad);
            assertEquals("cursor is not one this API returned", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> KeysetCursor.decode(""));
    }

    record Item(Instant at, UUID id) {}

    @Test
    void theNextCursorPointsAtTheLastItemShown() {
        List<Item> items = List.of(
                new Item(Instant.parse("2026-11-23T08:00:03Z"), UUID.randomUUID()),
                new Item(Instant.parse("2026-11-23T08:00:02Z"), UUID.randomUUID()),
                new Item(Instant.parse("2026-11-23T08:00:01Z"), UUID.randomUUID()));
        assertEquals(
                new KeysetCursor(items.get(1).at(), items.get(1).id()),
                KeysetCursor.decode(KeysetCursor.next(items, 2, Item::at, Item::id)));
        assertNull(KeysetCursor.next(items, 3, Item::at, Item::id), "the last page");
        assertNull(KeysetCursor.next(List.<Item>of(), 3, Item::at, Item::id));
    }
}
