package org.borderpolice.federation.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.trust.TrustList;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** The agreement as this jurisdiction sees it (联谊): every service has it, the gateway too. */
@Path("/api/v1/federation/partners")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "federation", description = "联谊 Federation: partners of the agreement and replication state")
@SecurityRequirement(name = "bearer")
public class TrustListResource {

    @Inject
    TrustList trustList;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({
        BorderPrincipal.INVESTIGATOR,
        BorderPrincipal.ANALYST,
        BorderPrincipal.MEDIATOR,
        BorderPrincipal.COMMANDER,
        BorderPrincipal.INTEGRATOR
    })
    @Operation(
            operationId = "listPartners",
            summary = "合作伙伴 Partners of the agreement",
            description = "This jurisdiction and its partners under the cross-region police cooperation agreement "
                    + "(跨区域警务合作协议书), with the record categories each may receive.")
    @APIResponse(
            responseCode = "200",
            description = "The trust list",
            content = @Content(schema = @Schema(implementation = Directory.class)))
    public Directory partners() {
        requireOwnJurisdiction();
        List<Directory.Partner> partners = trustList.partners().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new Directory.Partner(
                        e.getKey(),
                        e.getValue().name(),
                        e.getValue().categories().stream()
                                .filter(s -> !s.isBlank())
                                .sorted()
                                .toList(),
                        e.getValue().endpoints().keySet().stream().sorted().toList()))
                .toList();
        return new Directory(trustList.selfCode(), trustList.selfName(), partners);
    }

    private void requireOwnJurisdiction() {
        BorderPrincipal.requireOf(identity, trustList.selfCode());
    }

    @Schema(description = "协作名录 The agreement as seen from this jurisdiction")
    public record Directory(
            @Schema(description = "本辖区代码 This jurisdiction's code", examples = "330881")
            String jurisdiction,

            @Schema(description = "本辖区名称 This jurisdiction's name", examples = "江山市公安局")
            String name,

            List<Partner> partners) {

        @Schema(description = "合作伙伴 A partner")
        public record Partner(
                String code,
                String name,

                @Schema(description = "可接收的记录类别 Record categories it may receive")
                List<String> categories,

                @Schema(description = "对接的服务 Services it exchanges with")
                List<String> services) {}
    }
}
