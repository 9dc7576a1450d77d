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

/** 案件附件 Evidence files on a joint case: attached by its origin, read by every participant. */
@Path("/api/v1/cases/{id}/files")
@Tag(name = "case files", description = "证据材料 Evidence files (协查函, photos, documents) on joint cases")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class CaseFileResource {

    static final String FILE_ID = "文件ID File id (UUID)";
    static final String NAME = "文件名 The file's name, for downloads only (the type is detected from the bytes)";

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
            operationId = "attachCaseFile",
            summary = "上传案件附件 Attach a file to one of our cases",
            description = "The body is the file (any Content-Type: the type is detected from the bytes). At most "
                    + "border.federation.files.max-size (25 MB); PDF, images, DOCX/XLSX, OFD, UTF-8 text. Stored "
                    + "with its SHA-256, put on the case's timeline (附件), and fetched by every participant. "
                    + "Investigators and commanders of the case's origin only.")
    @APIResponse(
            responseCode = "201",
            description = "已上传 Attached",
            content = @Content(schema = @Schema(implementation = FileView.class)))
    @APIResponse(responseCode = "400", description = "空文件 Empty file")
    @APIResponse(responseCode = "403", description = "A partner's case, or a role that does not change cases")
    @APIResponse(responseCode = "404", description = "No such case the caller sees")
    @APIResponse(responseCode = "409", description = "The case is closed, or offered to or handed over to a partner")
    @APIResponse(responseCode = "413", description = "文件过大 Larger than the limit")
    @APIResponse(responseCode = "415", description = "类型不允许 A type not allowed (by its content)")
    public Response attach(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Parameter(description = NAME) @QueryParam("name") String name,
            @Context UriInfo uri,
            @Parameter(description = Requests.UPLOAD_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            InputStream body) {
        var attached = files.attachToCase(Requests.caller(identity), id, name, body, idempotencyKey);
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
            operationId = "listCaseFiles",
            summary = "案件附件列表 List a case's files",
            description = "Oldest first; available says whether the bytes are here (a partner's file is fetched in "
                    + "the background and verified by its SHA-256). For those who see the case. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "附件 The files",
            content = @Content(schema = @Schema(implementation = FileView.class)))
    @APIResponse(responseCode = "404", description = "No such case the caller sees")
    public List<FileView> list(@Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id) {
        return FileView.of(files.ofCase(Requests.caller(identity), id));
    }

    @GET
    @Path("/{fileId}")
    @Operation(
            operationId = "downloadCaseFile",
            summary = "下载案件附件 Download a case's file",
            description = "The bytes with Content-Type as detected, ETag and Repr-Digest (SHA-256), "
                    + "Content-Disposition: attachment. For those who see the case. Audited on every download.")
    @APIResponse(responseCode = "200", description = "文件 The file's bytes")
    @APIResponse(responseCode = "304", description = "If-None-Match named this file's ETag")
    @APIResponse(
            responseCode = "404",
            description = "No such file on a case the caller sees, or not here (verified) yet")
    public Response download(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Parameter(description = FILE_ID) @PathParam("fileId") UUID fileId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        CaseFiles.Download d = files.caseFile(Requests.caller(identity), id, fileId);
        return downloads.download(d.key(), d.name(), d.audit(), ifNoneMatch);
    }
}
