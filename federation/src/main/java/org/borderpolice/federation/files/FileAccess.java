package org.borderpolice.federation.files;

import java.util.Optional;
import java.util.UUID;

/**
 * Which partner may fetch which of our files (SPI, implemented by the service that owns the
 * records holding files): the record that holds the file, if the jurisdiction is in that
 * record's distribution. Empty refuses the partner (PERMISSION_DENIED), also when no record of
 * ours holds the file. Several services in one application: the first that knows the file answers.
 */
public interface FileAccess {

    Optional<FileHolder> readableBy(String jurisdiction, UUID fileId);

    /** The record a file belongs to: named in the audit entry of every download. */
    record FileHolder(String recordType, String recordId) {}
}
