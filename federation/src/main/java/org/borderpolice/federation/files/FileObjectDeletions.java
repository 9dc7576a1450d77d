package org.borderpolice.federation.files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes the objects of deleted files (directory and s3 stores), queued in
 * {@code federation.file_object_deletion} by the deleting transaction (review 33 S4): a crash
 * after the commit loses no deletion, and a slow store delays only this job. Nothing to do for
 * the PostgreSQL store.
 */
@ApplicationScoped
public class FileObjectDeletions {

    @Inject
    FileStore store;

    @Scheduled(
            identity = "delete-file-objects",
            every = "${border.federation.files.delete-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void run() {
        if (store instanceof PartsFileStore parts) {
            while (parts.drain() == PartsFileStore.DRAIN_BATCH) {
                // a full batch: there may be more due
            }
        }
    }
}
