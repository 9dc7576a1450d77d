package org.borderpolice.intel.service;

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
        if (!blindIndex.configured()) {
            return;
        }
        alerts.flush();
        hashes.replace(alert.id, alert.subjects.stream().map(s -> blindIndex.hash(s.kind().name(), s.value())).toList());
    }
}
