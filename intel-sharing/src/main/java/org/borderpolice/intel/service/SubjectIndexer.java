package org.borderpolice.intel.service;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.repository.AlertRepository;
import org.borderpolice.intel.repository.SubjectHashRepository;

/** Keeps the keyed hashes of an alert's subjects in step with the alert (ours and replicas). */
@ApplicationScoped
public class SubjectIndexer {

    @Inject
    AgreementBlindIndex blindIndex;

    @Inject
    AlertRepository alerts;

    @Inject
    SubjectHashRepository hashes;

    public void index(Alert alert) {
        index(List.of(alert));
    }

    /**
     * Replace the hashes of these alerts in a few set-based statements. The alerts must be
     * persisted; the session is flushed once so that their rows exist for the foreign key.
     */
    public void index(Collection<Alert> batch) {
        if (!blindIndex.configured() || batch.isEmpty()) {
            return;
        }
        Map<UUID, List<String>> byAlert = new LinkedHashMap<>();
        for (Alert alert : batch) {
            byAlert.put(alert.id, alert.subjects.stream().map(s -> blindIndex.hash(s.kind().name(), s.value()))
                    .distinct().toList());
        }
        alerts.flush();
        hashes.replace(byAlert);
    }
}
