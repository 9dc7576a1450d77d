package org.borderpolice.cases.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.hitcheck.HitCheckable;
import org.borderpolice.federation.hitcheck.HitChecks;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.ListSizes;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 比对 Hit/no-hit checks of suspects' identifiers against our joint cases and every partner's. */
@Path("/api/v1/cases/hit-checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "case-hit-checks", description = "涉案对象比对 Hit/no-hit checks of suspects against joint cases")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class CaseHitCheckResource {

    @Inject
    org.borderpolice.cases.service.CaseHitChecks hitChecks;

    @Inject
    SecurityIdentity identity;

    /** The identifiers to check (a read: no Idempotency-Key). */
    @Schema(description = "比对请求 Identifiers to check against our and partners' joint cases")
    public record CaseHitCheckRequest(
            @Schema(
                    description =
                            "待比对对象 Identifiers (ID numbers, plates, phones, accounts); labels and roles are ignored")
            @NotEmpty
            @Size(max = 100, groups = ListSizes.class)
            List<@Valid @NotNull SubjectInput> identifiers) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "runCaseHitCheck",
            summary = "涉案对象比对 Hit/no-hit check over joint cases' suspects",
            description = "Checks identifiers against the suspects (嫌疑对象) of the joint cases our jurisdiction sees "
                    + "and, through keyed hashes (never the identifiers), against every partner's own cases that "
                    + "the agreement shares with us: not drafts, not cases we already take part in (we hold those). "
                    + "A hit (命中) gives only the record type (cases.case), the owning jurisdiction and lead unit "
                    + "(主办单位), the case id and, in summary, its number (案件编号) and category (案件类别): "
                    + "never title, summary, subjects or participants. The follow-up is a request to join the case. "
                    + "Recorded and audited at both ends; each user and each partner has a daily limit "
                    + "(border.federation.hit-check.*).")
    @APIResponse(
            responseCode = "200",
            description = "比对结果 Hits, partners asked, and partners that did not answer (partnersUnavailable: "
                    + "the gRPC status, or MALFORMED_ANSWER)")
    @APIResponse(
            responseCode = "429",
            description = "今日比对已达上限 The caller's daily limit of identifiers is reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HitChecks.Result check(
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull CaseHitCheckRequest request) {
        return hitChecks.check(
                Requests.caller(identity),
                request.identifiers().stream()
                        .map(i -> new HitCheckable.Identifier(i.kind(), i.value()))
                        .toList());
    }
}
