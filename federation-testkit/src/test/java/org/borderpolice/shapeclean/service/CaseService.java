package org.borderpolice.shapeclean.service;

/** Calls a partner over gRPC and catches its status: allowed (it throws none). */
public class CaseService {
    org.borderpolice.shapeclean.repository.CaseRepository repository;

    public String title(String id) {
        try {
            return repository.title(id);
        } catch (io.grpc.StatusRuntimeException e) {
            throw new IllegalStateException(
                    "partner unavailable: " + e.getStatus().getCode());
        }
    }
}
