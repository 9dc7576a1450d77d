package org.borderpolice.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * An evidence file (证据材料) as a record holds it: the file's owner (the record's owner) and id,
 * what the record says of it, and where it belongs. The bytes are in the federation's file store;
 * {@code here}: they are complete and verified in it (a partner's may still be on their way).
 */
public record CaseFile(
        String origin,
        UUID fileId,
        FilePart part,
        UUID caseId,
        UUID requestId,
        String name,
        String sha256,
        long size,
        String contentType,
        Instant attachedAt,
        String attachedBy,
        boolean here) {

    /** Most files one record holds: a record travels whole in every event. */
    public static final int MAX_PER_RECORD = 100;

    /** Longest file name kept (the database column). */
    public static final int NAME_LENGTH = 255;

    /** The name as kept: stripped, without path or control characters, at most {@link #NAME_LENGTH}; null if none is left. */
    public static String cleanName(String name) {
        if (name == null) {
            return null;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String clean = base.replaceAll("\\p{Cntrl}", "").strip();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() > NAME_LENGTH ? clean.substring(0, NAME_LENGTH) : clean;
    }
}
