package org.borderpolice.shapeclean.rest;

/** REST goes through the service and may throw JAX-RS exceptions itself. */
public class CaseResource {
    org.borderpolice.shapeclean.service.CaseService service;

    String get(String id) {
        String title = service.title(id);
        if (title == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return title;
    }
}
