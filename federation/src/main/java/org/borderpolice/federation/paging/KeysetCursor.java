package org.borderpolice.federation.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.borderpolice.federation.validation.StorableTime;

/**
 * Keyset position in a newest-first list: the time and id of the last item of the previous page
 * (a list ordered by time descending, then id descending). Opaque to clients, who only send back
 * what a page gave them; validated when it comes back, since they can send anything.
 */
public record KeysetCursor(Instant at, UUID id) {

    /**
     * The cursor of the page after this one, encoded, or null if this is the last: {@code page}
     * holds up to {@code limit + 1} items (one more than shown tells that there are more).
     */
    public static <T> String next(List<T> page, int limit, Function<T, Instant> at, Function<T, UUID> id) {
        if (page.size() <= limit) {
            return null;
        }
        T last = page.get(limit - 1);
        return new KeysetCursor(at.apply(last), id.apply(last)).encode();
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor a client sent back, or null for none (absent or blank).
     *
     * @throws InvalidCursorException if it is not a cursor this API produced: 400 problem+json
     */
    public static KeysetCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }

    /**
     * @throws IllegalArgumentException if the text is not a cursor this API produced (its time
     *         outside {@link StorableTime}'s range included)
     */
    public static KeysetCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a cursor");
            }
            Instant at = Instant.parse(parts[0]);
            // a time the database cannot hold (a forged cursor) would fail there, as a server error
            if (!StorableTime.Range.holds(at)) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new KeysetCursor(at, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
