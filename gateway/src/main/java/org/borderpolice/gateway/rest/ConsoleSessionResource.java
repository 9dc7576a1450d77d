package org.borderpolice.gateway.rest;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * What the console's shell shows in its header: the jurisdiction, and the signed-in user if any
 * (docs/console.md). Public: without a session it names the jurisdiction alone, so the shell can
 * offer the login.
 */
@Path("/console/session")
@Tag(name = "console", description = "控制台 Web console: login session of the browser (docs/console.md)")
public class ConsoleSessionResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    IdentityConfig config;

    @GET
    @PermitAll
    @SecurityRequirements
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getConsoleSession",
            summary = "控制台会话 The console's session",
            description = "The jurisdiction of this gateway and the user signed in to the console (null without a "
                    + "session). Never cached.")
    @APIResponse(
            responseCode = "200",
            description = "The session",
            content = @Content(schema = @Schema(implementation = Session.class)))
    public Response session() {
        User user = null;
        BorderPrincipal principal = BorderPrincipal.of(identity).orElse(null);
        if (principal != null) {
            String name = null;
            String username = principal.subject();
            if (identity.getPrincipal() instanceof JsonWebToken token) {
                name = displayName(text(token, "name"), text(token, "family_name"), text(token, "given_name"));
                String preferred = text(token, "preferred_username");
                if (preferred != null) {
                    username = preferred;
                }
            }
            user = new User(
                    username,
                    name,
                    principal.jurisdiction(),
                    principal.unit(),
                    principal.roles().stream().sorted().toList());
        }
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new Session(
                        new Jurisdiction(
                                config.jurisdiction().code(),
                                config.jurisdiction().name()),
                        user))
                .cacheControl(noStore)
                .build();
    }

    /**
     * A claim that is text, else null: an issuer's {@code "name": 42} or a list of names shows no
     * name (a trusted partner's identity provider is no reason for a 500).
     */
    static String text(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        if (value instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return value instanceof String s ? s : null;
    }

    /**
     * The user's name as a Chinese reader writes it: family name first, without a space (徐丽, not
     * Keycloak's "given family" 丽 徐) when both parts are Han characters; otherwise the token's name.
     */
    static String displayName(String name, String family, String given) {
        if (family != null
                && given != null
                && !family.isEmpty()
                && !given.isEmpty()
                && HAN.matcher(family + given).matches()) {
            return family + given;
        }
        return name;
    }

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}+");

    @Schema(description = "控制台会话 The console's session")
    public record Session(
            @Schema(description = "本辖区 This gateway's jurisdiction")
            Jurisdiction jurisdiction,

            @Schema(description = "登录用户 The signed-in user, null without a session", nullable = true)
            User user) {}

    @Schema(description = "辖区 Jurisdiction")
    public record Jurisdiction(
            @Schema(description = "GB/T 2260 代码 Code", examples = "330881")
            String code,

            @Schema(description = "名称 Name", examples = "江山市公安局")
            String name) {}

    @Schema(description = "登录用户 Signed-in user")
    public record User(
            @Schema(description = "用户名 User name", examples = "jiangshan-analyst")
            String username,

            @Schema(description = "姓名 Display name", nullable = true)
            String name,

            @Schema(description = "所属辖区 Jurisdiction of the user", examples = "330881")
            String jurisdiction,

            @Schema(description = "所属单位 Unit", nullable = true)
            String unit,

            @Schema(description = "角色 Suite roles") List<String> roles) {}
}
