package org.borderpolice.testbed.rest;

import java.io.InputStream;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.files.FileDownloads;
import org.borderpolice.federation.files.FileKey;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.proto.files.v1.FileRef;
import org.borderpolice.testbed.service.ProbeApplier;
import org.borderpolice.testbed.service.ProbeFiles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** Files on our probes: upload, download (a partner's: {@link ProbeReplicaFileResource}). */
@Path("/api/v1/probes/{id}/files")
@Tag(name = "probe files", description = "Evidence files (证据材料) on probes: intake, replication, download")
@SecurityRequirement(name = "bearer")
@RolesAllowed(BorderPrincipal.INTEGRATOR)
public class ProbeFileResource {

    @Inject
    ProbeFiles files;

    @Inject
    FileDownloads downloads;

    @Inject
    SecurityIdentity identity;

    @Inject
    FederationConfig federation;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "attachProbeFile",
            summary = "Attach a file (附件) to our probe",
            description =
                    "The body is the file; its type is detected from its bytes. The query parameter name names it for downloads.")
    @APIResponse(responseCode = "200", description = "The file as partners will see it announced")
    @APIResponse(responseCode = "400", description = "Empty file")
    @APIResponse(responseCode = "404", description = "No such live probe of ours")
    @APIResponse(responseCode = "413", description = "Larger than border.federation.files.max-size")
    @APIResponse(responseCode = "415", description = "A type not allowed (by its content)")
    public Attached attach(@PathParam("id") UUID id, @QueryParam("name") String name, InputStream body) {
        FileRef ref = files.attach(id, name, body);
        return new Attached(ref.getFileId(), ref.getSha256(), ref.getSize(), ref.getContentType(), ref.getName());
    }

    @GET
    @Path("/{fileId}")
    @Operation(operationId = "downloadProbeFile", summary = "Download a file of our probe (下载附件)")
    @APIResponse(responseCode = "200", description = "The file's bytes")
    @APIResponse(responseCode = "404", description = "No such file on that probe")
    public Response download(
            @PathParam("id") UUID id,
            @PathParam("fileId") UUID fileId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String name = files.ownFile(id, fileId).orElseThrow(() -> new NotFoundProblem("no file " + fileId));
        return downloads.download(
                new FileKey(federation.jurisdiction().code(), fileId),
                name,
                audit(identity, ProbeApplier.RECORD_TYPE, id.toString(), fileId),
                ifNoneMatch);
    }

    static AuditEntry audit(SecurityIdentity identity, String recordType, String recordId, UUID fileId) {
        BorderPrincipal caller = BorderPrincipal.of(identity).orElseThrow();
        return new AuditEntry(
                caller.subject(), caller.jurisdiction(), "file.downloaded", recordType, recordId, "file " + fileId);
    }

    public record Attached(String fileId, String sha256, long size, String contentType, String name) {}
}
