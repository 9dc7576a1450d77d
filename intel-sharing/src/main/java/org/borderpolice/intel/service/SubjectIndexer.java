package org.borderpolice.intel.service;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.federation.blindindex.VersionedHash;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.repository.AlertRepository;
import org.borderpolice.intel.repository.SubjectHashRepository;

/**
 * Keeps the keyed hashes of an alert's subjects in step with the alert (ours and replicas), under
 * every blind-index key version held.
 */
@ApplicationScoped
public class SubjectIndexer {

    @Inject
    AgreementBlindIndex blindIndex;

    @Inject
    AlertRepository alerts;

    @Inject
    SubjectHashRepository hashes;

    /** Index an alert that may have hashes already (an update). */
    public void index(Alert alert) {
        index(List.of(alert), Set.of());
    }

    /** Index an alert created in this transaction: it has no hashes to remove. */
    public void indexNew(Alert alert) {
        index(List.of(alert), Set.of(alert.id));
    }

    /**
     * Replace the hashes of these alerts in a few set-based statements; those in {@code created}
     * are new in this transaction and have none to delete (a DELETE that finds nothing still
     * costs PostgreSQL 0.1 ms, planning included, at the origin and at every receiver). The
     * alerts must be persisted; the session is flushed once so that their rows exist for the
     * foreign key.
     */
    public void index(Collection<Alert> batch, Set<UUID> created) {
        if (batch.isEmpty()) {
            return;
        }
        // under every key version held: while the agreement rotates its key, partners may ask under either
        Map<UUID, List<VersionedHash>> byAlert = new LinkedHashMap<>();
        for (Alert alert : batch) {
            byAlert.put(
                    alert.id,
                    alert.subjects.stream()
                            .flatMap(s -> blindIndex.hashes(s.kind().name(), s.value()).stream())
                            .distinct()
                            .toList());
        }
        alerts.flush();
        hashes.replace(
                byAlert,
                byAlert.keySet().stream().filter(id -> !created.contains(id)).toList(),
                blindIndex.versions().last());
    }
}
