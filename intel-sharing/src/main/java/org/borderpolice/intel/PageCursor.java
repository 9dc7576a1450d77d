package org.borderpolice.intel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.borderpolice.federation.validation.StorableTime;

/**
 * Keyset position in a newest-first list of sightings or disclosure requests: the time and id of
 * the last item of the previous page (as {@link AlertCursor} is for alerts).
 */
public record PageCursor(Instant at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException if the text is not a cursor this API produced (its time
     *         outside {@link StorableTime}'s range included)
     */
    public static PageCursor decode(String text) {
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
            return new PageCursor(at, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
