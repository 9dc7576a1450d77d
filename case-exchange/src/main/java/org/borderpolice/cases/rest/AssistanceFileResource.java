package org.borderpolice.cases.rest;

import java.io.InputStream;
import java.util.List;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.cases.CaseFile;
import org.borderpolice.cases.FilePart;
import org.borderpolice.cases.service.CaseFiles;
import org.borderpolice.federation.files.FileDownloads;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 协查函 Files on an assistance request, the requester's part: attached by the requester, read by both sides. */
@Path("/api/v1/assistance-requests/{id}/files")
@Tag(
        name = "assistance files",
        description = "协查材料 Evidence files on assistance requests (协查函) and their answers (反馈材料)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class AssistanceFileResource {

    @Inject
    CaseFiles files;

    @Inject
    FileDownloads downloads;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "attachAssistanceRequestFile",
            summary = "上传协查函 Attach a file to one of our assistance requests",
            description = "The body is the file (any Content-Type: the type is detected from the bytes). At most "
                    + "border.federation.files.max-size (25 MB); PDF, images, DOCX/XLSX, OFD, UTF-8 text. Stored "
                    + "with its SHA-256 and fetched by the addressee alone. Investigators and commanders of the "
                    + "requester, while the request is open (SENT or ACCEPTED).")
    @APIResponse(
            responseCode = "201",
            description = "已上传 Attached",
            content = @Content(schema = @Schema(implementation = FileView.class)))
    @APIResponse(responseCode = "400", description = "空文件 Empty file")
    @APIResponse(responseCode = "403", description = "Not the requester's user, or a role that does not send requests")
    @APIResponse(responseCode = "404", description = "No such request the caller sees (its requester or addressee)")
    @APIResponse(responseCode = "409", description = "The request is answered, declined or withdrawn")
    @APIResponse(responseCode = "413", description = "文件过大 Larger than the limit")
    @APIResponse(responseCode = "415", description = "类型不允许 A type not allowed (by its content)")
    public Response attach(
            @Parameter(description = AssistanceResource.REQUEST_ID) @PathParam("id") UUID id,
            @Parameter(description = CaseFileResource.NAME) @QueryParam("name") String name,
            @Context UriInfo uri,
            @Parameter(description = Requests.UPLOAD_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            InputStream body) {
        var attached = files.attachToRequest(Requests.caller(identity), id, name, body, idempotencyKey);
        CaseFile f = attached.value();
        return Requests.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(f.fileId().toString())
                                .build()),
                        attached)
                .type(MediaType.APPLICATION_JSON)
                .entity(FileView.of(f))
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "listAssistanceRequestFiles",
            summary = "协查函列表 List a request's files",
            description =
                    "The requester's files (协查函), oldest first; available says whether the bytes are here (a partner's file is fetched in "
                            + "the background and verified by its SHA-256). For the requester's and the addressee's users. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "附件 The files",
            content = @Content(schema = @Schema(implementation = FileView.class)))
    @APIResponse(responseCode = "404", description = "No such request the caller sees (its requester or addressee)")
    public List<FileView> list(@Parameter(description = AssistanceResource.REQUEST_ID) @PathParam("id") UUID id) {
        return FileView.of(files.ofRequest(Requests.caller(identity), id, FilePart.REQUEST));
    }

    @GET
    @Path("/{fileId}")
    @Operation(
            operationId = "downloadAssistanceRequestFile",
            summary = "下载协查函 Download a request's file",
            description =
                    "The bytes with Content-Type as detected, ETag and Repr-Digest (SHA-256), "
                            + "Content-Disposition: attachment. For the requester's and the addressee's users. Audited on every download.")
    @APIResponse(responseCode = "200", description = "文件 The file's bytes")
    @APIResponse(responseCode = "304", description = "If-None-Match named this file's ETag")
    @APIResponse(
            responseCode = "404",
            description = "No such file on a request the caller sees, or not here (verified) yet")
    public Response download(
            @Parameter(description = AssistanceResource.REQUEST_ID) @PathParam("id") UUID id,
            @Parameter(description = CaseFileResource.FILE_ID) @PathParam("fileId") UUID fileId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        CaseFiles.Download d = files.requestFile(Requests.caller(identity), id, FilePart.REQUEST, fileId);
        return downloads.download(d.key(), d.name(), d.audit(), ifNoneMatch);
    }
}
