package org.borderpolice.federation.blindindex;

/** A keyed hash (hex, as stored and compared) and the version of the key it was made with. */
public record VersionedHash(int keyVersion, String hash) {}
