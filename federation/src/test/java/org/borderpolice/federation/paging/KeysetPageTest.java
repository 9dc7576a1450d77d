package org.borderpolice.federation.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** A page holds what the caller receives: the extra row fetched only tells that there is more. */
class KeysetPageTest {

    record Item(Instant at, UUID id, String name) {}

    final List<Item> rows = List.of(
            new Item(Instant.parse("2026-11-23T08:00:03Z"), UUID.randomUUID(), "a"),
            new Item(Instant.parse("2026-11-23T08:00:02Z"), UUID.randomUUID(), "b"),
            new Item(Instant.parse("2026-11-23T08:00:01Z"), UUID.randomUUID(), "c"));

    KeysetPage<Item> page(int limit, List<Integer> asked) {
        return KeysetPage.fetch(
                limit,
                n -> {
                    asked.add(n);
                    return rows.subList(0, Math.min(n, rows.size()));
                },
                Item::at,
                Item::id);
    }

    @Test
    void theQueryIsAskedOneMoreThanTheLimitAndThePageKeepsTheLimit() {
        List<Integer> asked = new ArrayList<>();
        KeysetPage<Item> two = page(2, asked);
        assertEquals(List.of(3), asked);
        assertEquals(rows.subList(0, 2), two.items());
        assertEquals(new KeysetCursor(rows.get(1).at(), rows.get(1).id()), KeysetCursor.decode(two.next()));
        assertEquals("limit=2 returned=2: a b", two.audited(Item::name), "the third row fetched is not named");
        assertEquals(List.of("a", "b"), two.map(Item::name));
    }

    @Test
    void theLastPageHasNoNextCursor() {
        KeysetPage<Item> all = page(3, new ArrayList<>());
        assertEquals(rows, all.items());
        assertNull(all.next());
        assertEquals("limit=3 returned=3: a b c", all.audited(Item::name));
        KeysetPage<Item> none = KeysetPage.fetch(5, n -> List.<Item>of(), Item::at, Item::id);
        assertEquals("limit=5 returned=0: ", none.audited(Item::name));
        assertNull(none.next());
    }
}
