package org.borderpolice.testbed.read;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reads probes through Hibernate, the way the services read their records, so that the failures
 * of that path (a pool with no connection to give, a value the database cannot hold) are tested
 * across a real process.
 */
@Path("/api/v1/probe-reads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "probes", description = "Synthetic records that exercise replication")
@SecurityRequirement(name = "bearer")
@RolesAllowed(BorderPrincipal.INTEGRATOR)
public class ProbeReads {

    @Inject
    EntityManager entities;

    public record ProbeView(UUID id, String title, long version) {}

    @GET
    @Transactional
    @Operation(
            operationId = "listProbes",
            summary = "Probes, by id",
            description = "The probes held here that are not deleted, ordered by id, read through Hibernate.")
    @APIResponse(responseCode = "200", description = "A page of probes")
    public List<ProbeView> list(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        return entities
                .createQuery("FROM Probe WHERE deleted = false ORDER BY id", Probe.class)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(p -> new ProbeView(p.id, p.title, p.version))
                .toList();
    }

    /**
     * How many probes there are, if {@code at} is after 1970. The time is deliberately not checked
     * here: one the database cannot hold must still come back as the caller's error (400), not a
     * server error, through the federation's fallback for values the database refuses.
     */
    @GET
    @Path("/count")
    @Transactional
    @Operation(
            operationId = "countProbes",
            summary = "Count probes (a read with an unchecked time)",
            description = "How many probes there are, if `at` is after 1970; the time goes to the database "
                    + "unchecked, so one it cannot hold must come back as the caller's error (400).")
    @APIResponse(responseCode = "200", description = "The count")
    public long count(@QueryParam("at") Instant at) {
        return ((Number) entities.createNativeQuery(
                                "SELECT count(*) FROM probe WHERE NOT deleted AND CAST(:at AS timestamptz) > TIMESTAMPTZ '1970-01-01Z'")
                        .setParameter("at", at)
                        .getSingleResult())
                .longValue();
    }
}
