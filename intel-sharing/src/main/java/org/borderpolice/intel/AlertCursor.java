package org.borderpolice.intel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Keyset position in the newest-first alert list: the last alert of the previous page. */
public record AlertCursor(Instant publishedAt, UUID id) {

    public static AlertCursor after(Alert last) {
        return new AlertCursor(last.publishedAt, last.id);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((publishedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if the text is not a cursor this API produced */
    public static AlertCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new AlertCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
