package org.borderpolice.intel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.borderpolice.federation.validation.StorableTime;

/** Keyset position in the newest-first alert list: the last alert of the previous page. */
public record AlertCursor(Instant publishedAt, UUID id) {

    public static AlertCursor after(Alert last) {
        return new AlertCursor(last.publishedAt, last.id);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((publishedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException if the text is not a cursor this API produced (its time
     *         outside {@link StorableTime}'s range included)
     */
    public static AlertCursor decode(String text) {
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
            return new AlertCursor(at, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
