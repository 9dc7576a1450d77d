package org.borderpolice.federation.files;

import java.util.UUID;

/** A file as held here: its owner's jurisdiction code and the id the owner gave it. */
public record FileKey(String origin, UUID id) {

    public FileKey {
        if (origin == null || id == null) {
            throw new IllegalArgumentException("a file key needs an origin and an id");
        }
    }
}
