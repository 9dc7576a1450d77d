package org.borderpolice.intel.service;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.hitcheck.HitCheckable.Identifier;
import org.borderpolice.federation.hitcheck.HitCheckable.RecordSubjects;
import org.borderpolice.federation.hitcheck.SubjectHashes;
import org.borderpolice.intel.Alert;

/**
 * Keeps the keyed hashes of an alert's subjects (federation's {@link SubjectHashes}) in step with
 * the alert (ours and replicas), in the transaction that changes it.
 */
@ApplicationScoped
public class SubjectIndexer {

    @Inject
    SubjectHashes hashes;

    /** Index an alert that may have hashes already (an update). */
    public void index(Alert alert) {
        index(List.of(alert), Set.of());
    }

    /** Index an alert created in this transaction: it has no hashes to remove. */
    public void indexNew(Alert alert) {
        index(List.of(alert), Set.of(alert.id));
    }

    /** Forget the hashes of an alert deleted in this transaction (a replica's tombstone). */
    public void remove(UUID alertId) {
        hashes.remove(AlertService.RECORD_TYPE, List.of(alertId.toString()));
    }

    /** Replace the hashes of these alerts; those in {@code created} are new in this transaction. */
    public void index(Collection<Alert> batch, Set<UUID> created) {
        hashes.index(
                AlertService.RECORD_TYPE,
                batch.stream()
                        .map(a -> new RecordSubjects(
                                a.id.toString(),
                                a.subjects.stream()
                                        .map(s -> new Identifier(s.kind(), s.value()))
                                        .toList()))
                        .toList(),
                created.stream().map(UUID::toString).collect(Collectors.toSet()));
    }
}
