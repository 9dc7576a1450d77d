package org.borderpolice.federation.files;

/**
 * A file in the store. {@code complete}: every byte is there and matched its SHA-256 and size
 * (intake computed them, or a fetch verified them); only a complete file is served.
 */
public record StoredFile(FileKey key, long size, String sha256, String contentType, boolean complete) {}
