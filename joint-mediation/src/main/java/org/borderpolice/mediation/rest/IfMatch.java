package org.borderpolice.mediation.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.WebApplicationException;

/**
 * The version a change names in {@code If-Match} (optimistic concurrency): the strong ETag a read
 * gave, {@code "3"}. Required (428): a change that names no version would silently undo another
 * user's; {@code *} names none either.
 */
final class IfMatch {

    /** HTTP 428 Precondition Required (RFC 6585), not in JAX-RS's Status. */
    static final int PRECONDITION_REQUIRED = 428;

    private IfMatch() {}

    static long version(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            throw new WebApplicationException(
                    "If-Match: name the version read (the ETag of GET, e.g. \"3\")", PRECONDITION_REQUIRED);
        }
        String tag = header.strip();
        if (tag.length() < 3 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            throw new BadRequestException("If-Match: one strong entity tag, e.g. \"3\"");
        }
        String digits = tag.substring(1, tag.length() - 1);
        if (digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequestException("If-Match: one strong entity tag, e.g. \"3\"");
        }
        return Long.parseLong(digits);
    }
}
