package org.borderpolice.gateway.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.gateway.service.OpenApiCatalog;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;

/**
 * The merged OpenAPI document of the jurisdiction's API (every service's operations as the gateway
 * routes them), public like any API description: it holds no data. Also on the management
 * interface, where Swagger UI shows it ({@code /q/swagger-ui}).
 */
@Path("/api/v1/gateway/openapi")
@Tag(name = "gateway", description = "网关 Gateway: the single HTTP entry of a jurisdiction")
public class OpenApiResource {

    /** Where the management interface serves the merged document to its Swagger UI. */
    static final String MANAGEMENT_PATH = "/q/openapi-all";

    @Inject
    OpenApiCatalog catalog;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirements
    @Operation(
            operationId = "getMergedOpenApi",
            summary = "接口文档 The OpenAPI document of all services",
            description =
                    "One OpenAPI 3 document of every operation reachable through this gateway (情报联防 intel-sharing, "
                            + "案件联打 case-exchange, 纠纷联调 joint-mediation and the gateway itself), the servers set to the "
                            + "gateway. Needs no token.")
    @APIResponse(
            responseCode = "200",
            description = "The merged document",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema =
                                    @Schema(
                                            type =
                                                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType
                                                            .OBJECT)))
    public Uni<ObjectNode> document() {
        return Uni.createFrom().completionStage(() -> catalog.merged().toCompletionStage());
    }

    void management(@Observes ManagementInterface management) {
        management
                .router()
                .get(MANAGEMENT_PATH)
                .handler(ctx -> catalog.merged()
                        .onSuccess(document -> ctx.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                                .end(document.toString()))
                        .onFailure(ctx::fail));
    }
}
