package org.borderpolice.mediation.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.mediation.Languages;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.MediatorFilter;
import org.borderpolice.mediation.MediatorKind;
import org.borderpolice.mediation.service.MediatorDirectory;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 调解员名录 The mediators directory: ours, registered and changed here, and partners'. */
@Path("/api/v1/mediators")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "mediators",
        description = "调解员名录 Mediators of each jurisdiction (民警, 司法所, 老娘舅, 洋娘舅, 律师), shared with partners")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.COMMANDER
})
public class MediatorResource {

    @Inject
    MediatorDirectory directory;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "registerMediator",
            summary = "登记调解员 Register a mediator of this jurisdiction",
            description = "The mediator is this jurisdiction's own record, sent to every partner the agreement lets "
                    + "hold mediation records. A 洋娘舅 (FOREIGN_NATIONAL) needs a nationality other than CN and a "
                    + "language besides Chinese. Commanders of this jurisdiction only.")
    @APIResponse(
            responseCode = "201",
            description = "已登记 Registered",
            content = @Content(schema = @Schema(implementation = MediatorView.class)))
    @APIResponse(
            responseCode = "400",
            description = "输入有误 Bad input, nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(
            @Valid @NotNull MediatorRequest request,
            @Context UriInfo uri,
            @Parameter(description = TeamCalls.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        var created = directory.register(TeamCalls.caller(identity), request.toProfile(), key);
        Mediator m = created.value();
        return TeamCalls.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(m.id.toString())
                                .build()),
                        created)
                .entity(MediatorView.of(m))
                .build();
    }

    @GET
    @Operation(
            operationId = "listMediators",
            summary = "调解员名录 List the directory",
            description = "Our mediators and partners', newest registered first, with filters and cursor paging. "
                    + "Users of this jurisdiction only. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "一页调解员 A page of mediators",
            content = @Content(schema = @Schema(implementation = MediatorPage.class)))
    public MediatorPage list(
            @Parameter(description = "类别 Kind") @QueryParam("kind") MediatorKind kind,
            @Parameter(description = "所属辖区 Jurisdiction") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}")
                    String origin,
            @Parameter(description = "语言 Speaks this language (BCP 47 tag)") @QueryParam("language") @Size(max = 35)
                    String language,
            @Parameter(description = "在岗 Active") @QueryParam("active") Boolean active,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        String lang = null;
        if (language != null) {
            lang = Languages.normalise(language);
            if (lang == null) {
                throw new InvalidProblem("language: " + language + " is no BCP 47 language tag");
            }
        }
        KeysetPage<Mediator> page = directory.list(
                TeamCalls.caller(identity),
                new MediatorFilter(kind, origin, lang, active),
                KeysetCursor.parse(cursor),
                limit);
        return new MediatorPage(page.map(MediatorView::of), page.next());
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getMediator",
            summary = "查看调解员 Read a mediator",
            description = "Users of this jurisdiction only; audited, also when not found.")
    @APIResponse(
            responseCode = "200",
            description = "调解员 The mediator",
            content = @Content(schema = @Schema(implementation = MediatorView.class)))
    @APIResponse(
            responseCode = "404",
            description = "无此调解员 No such mediator",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MediatorView get(@Parameter(description = TeamCalls.MEDIATOR_ID) @PathParam("id") UUID id) {
        return MediatorView.of(directory.get(TeamCalls.caller(identity), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "changeMediator",
            summary = "修改调解员 Replace what we say about one of our mediators",
            description = "A new version, sent to every partner; active=false when a mediator leaves (离岗). Only our "
                    + "own mediators (a partner's: 403), by commanders of this jurisdiction.")
    @APIResponse(
            responseCode = "200",
            description = "新版本 The new version",
            content = @Content(schema = @Schema(implementation = MediatorView.class)))
    public MediatorView change(
            @Parameter(description = TeamCalls.MEDIATOR_ID) @PathParam("id") UUID id,
            @Valid @NotNull MediatorRequest request) {
        return MediatorView.of(directory.change(TeamCalls.caller(identity), id, request.toProfile()));
    }
}
