package org.borderpolice.shapefixture.service;

/** Breaks the service rules: a REST type, a JAX-RS exception, a gRPC status thrown. */
public class CaseService {

    public void find() {
        throw new jakarta.ws.rs.NotFoundException("no case");
    }

    public void deny() {
        throw io.grpc.Status.PERMISSION_DENIED.asRuntimeException();
    }

    public void update(org.borderpolice.shapefixture.rest.CaseView view) {}
}
