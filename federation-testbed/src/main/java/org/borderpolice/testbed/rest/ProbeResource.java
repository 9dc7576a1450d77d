package org.borderpolice.testbed.rest;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.testbed.service.ProbeService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Write probes, the testbed's only record type. */
@Path("/api/v1/probes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "probes", description = "Synthetic records that exercise replication")
@SecurityRequirement(name = "bearer")
@RolesAllowed(BorderPrincipal.INTEGRATOR)
public class ProbeResource {

    /** Large enough for a probe that no partner can take in one message (tests of the relay's limits). */
    static final int MAX_TITLE = 1_000_000;

    @Inject
    ProbeService probes;

    @POST
    @Operation(
            operationId = "createProbes",
            summary = "Create probes and replicate them",
            description = "Creates `count` probes with the title, each published to the distribution in its own event.")
    @APIResponse(responseCode = "200", description = "Ids of the new probes")
    @APIResponse(responseCode = "400", description = "Invalid request")
    public List<UUID> create(@Valid CreateProbes request) {
        return probes.create(request.count(), request.title(), request.distribution());
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getProbe",
            summary = "One of our probes, with its versions and transfer links",
            description = "A probe this jurisdiction owns or owned: its title, version, every version it had, and "
                    + "its predecessor or successor if it was handed over.")
    @APIResponse(responseCode = "200", description = "The probe")
    @APIResponse(responseCode = "404", description = "No such probe of ours")
    public ProbeService.ProbeView read(@PathParam("id") UUID id) {
        return probes.read(id).orElseThrow(() -> new NotFoundException("no probe " + id));
    }

    @PUT
    @Path("/{id}")
    @Operation(
            operationId = "renameProbe",
            summary = "Rename a probe (new version)",
            description = "A new version of the probe, replicated to its distribution.")
    @APIResponse(responseCode = "200", description = "The new version")
    @APIResponse(responseCode = "404", description = "No such probe")
    @APIResponse(responseCode = "409", description = "Offered to a partner, or handed over (read-only)")
    public long rename(@PathParam("id") UUID id, @Valid Rename request) {
        return probes.rename(id, request.title());
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            operationId = "deleteProbe",
            summary = "Delete a probe (tombstone)",
            description = "Removes the probe here and, by a tombstone, at every partner that holds it.")
    @APIResponse(responseCode = "200", description = "The tombstone's version")
    @APIResponse(responseCode = "404", description = "No such probe")
    @APIResponse(responseCode = "409", description = "Offered to a partner, or handed over (read-only)")
    public long delete(@PathParam("id") UUID id) {
        return probes.delete(id);
    }

    public record CreateProbes(
            @Min(1) @Max(100_000) int count,
            @NotBlank @Size(max = MAX_TITLE) String title,
            @NotEmpty Set<@DivisionCode String> distribution) {}

    public record Rename(@NotBlank @Size(max = MAX_TITLE) String title) {}
}
