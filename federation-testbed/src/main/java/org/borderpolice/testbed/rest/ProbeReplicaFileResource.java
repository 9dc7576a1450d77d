package org.borderpolice.testbed.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.files.FileDownloads;
import org.borderpolice.federation.files.FileKey;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.testbed.service.ProbeFiles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** Partners' probe files, once fetched and verified here. */
@Path("/api/v1/probe-replicas/{origin}/files")
@Tag(name = "probe files", description = "Evidence files (证据材料) on probes: intake, replication, download")
@SecurityRequirement(name = "bearer")
@RolesAllowed(BorderPrincipal.INTEGRATOR)
public class ProbeReplicaFileResource {

    @Inject
    ProbeFiles files;

    @Inject
    FileDownloads downloads;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{fileId}")
    @Operation(
            operationId = "downloadPartnerProbeFile",
            summary = "Download a partner's probe file (下载协作方附件)",
            description = "404 until its bytes are fetched and match the announced SHA-256.")
    @APIResponse(responseCode = "200", description = "The file's bytes")
    @APIResponse(responseCode = "404", description = "Not announced, or not here (verified) yet")
    public Response downloadReplica(
            @PathParam("origin") String origin,
            @PathParam("fileId") UUID fileId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String name = files.replicaFile(origin, fileId).orElseThrow(() -> new NotFoundProblem("no file " + fileId));
        return downloads.download(
                new FileKey(origin, fileId),
                name,
                ProbeFileResource.audit(identity, ProbeFiles.RECORD_TYPE, fileId.toString(), fileId),
                ifNoneMatch);
    }
}
