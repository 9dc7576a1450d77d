package org.borderpolice.federation.openapi;

import java.util.Map;

import org.borderpolice.federation.idempotency.IdempotencyKeyReusedException;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemTitles;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The problem responses every operation of every service can give, documented once: each
 * operation gets those it does not document itself, as {@code application/problem+json} with
 * the shared {@code Problem} schema (RFC 9457). A response an operation documents itself (a 404
 * that says what is not found, a 409 that says which state conflicts) stays as it is.
 * <ul>
 * <li>400: a body, parameter or header the API does not take;
 * <li>401 and 403: operations that require a token;
 * <li>404: operations with a path parameter (a record not there, or not visible to the caller);
 * <li>422: operations that take an {@code Idempotency-Key} (the key was used with another request);
 * <li>503: overload or the database out of reach, with Retry-After.
 * </ul>
 * 409 and 429 are said by the operations that can answer them (no REST operation is rate-limited
 * as such; a 429 is a quota an operation keeps, e.g. the daily hit-check limit). Without configured servers
 * ({@code mp.openapi.servers}), the document names the jurisdiction's gateway as its server.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String SCHEMA = "Problem";
    static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA;

    /** The server when none is configured: the jurisdiction's gateway, every service's single HTTP entry. */
    static final String GATEWAY = "https://{gateway}";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getServers() == null || openAPI.getServers().isEmpty()) {
            openAPI.addServer(OASFactory.createServer()
                    .url(GATEWAY)
                    .description("本辖区网关 The gateway of the jurisdiction that runs this service")
                    .addVariable(
                            "gateway",
                            OASFactory.createServerVariable()
                                    .defaultValue("gateway.330881.border-police.example")
                                    .description("网关地址 Host (and port) of the jurisdiction's gateway")));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean used = false;
        boolean securedByDefault =
                openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        for (Map.Entry<String, PathItem> path :
                openAPI.getPaths().getPathItems().entrySet()) {
            boolean pathParameter = path.getKey().contains("{");
            if (path.getValue().getOperations() == null) {
                continue;
            }
            for (Operation operation : path.getValue().getOperations().values()) {
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                boolean secured = operation.getSecurity() != null
                        ? !operation.getSecurity().isEmpty()
                        : securedByDefault;
                add(responses, 400, "请求不合法 A body, parameter or header this operation does not take");
                if (secured) {
                    add(responses, 401, "未认证 No token, or one not from a trusted identity provider");
                    add(
                            responses,
                            403,
                            "无权访问 A role the operation needs is missing, or the caller is of another "
                                    + "jurisdiction");
                }
                if (pathParameter) {
                    add(responses, 404, "未找到 Nothing the caller may see under that path");
                }
                if (takesIdempotencyKey(operation)) {
                    add(responses, 422, "幂等键已用于另一请求 Idempotency-Key already used with another request");
                }
                APIResponse unavailable = add(
                        responses,
                        503,
                        "服务暂不可用 At capacity or the database out of reach; try again after Retry-After seconds");
                if (unavailable != null) {
                    unavailable.addHeader(
                            "Retry-After",
                            OASFactory.createHeader()
                                    .description("秒 Seconds to wait before trying again")
                                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
                }
                used = true;
            }
        }
        if (used) {
            Components components = openAPI.getComponents();
            if (components == null) {
                components = OASFactory.createComponents();
                openAPI.setComponents(components);
            }
            if (components.getSchemas() == null || !components.getSchemas().containsKey(SCHEMA)) {
                components.addSchema(SCHEMA, problemSchema());
            }
        }
    }

    /** Whether the operation takes an idempotency key (and so may answer that it was used for another request). */
    private static boolean takesIdempotencyKey(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> p.getIn() == Parameter.In.HEADER
                                && IdempotencyKeyReusedException.HEADER.equalsIgnoreCase(p.getName()));
    }

    /** The response for {@code status}, unless the operation documents its own; null if it does. */
    private static APIResponse add(APIResponses responses, int status, String description) {
        String code = String.valueOf(status);
        if (responses.hasAPIResponse(code)) {
            return null;
        }
        APIResponse response =
                OASFactory.createAPIResponse().description(description).content(problemContent());
        responses.addAPIResponse(code, response);
        return response;
    }

    static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(SCHEMA_REF)));
    }

    /** RFC 9457 problem details as {@link Problem} writes them. */
    static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("问题详情 RFC 9457 problem details; `type` is stable per kind of problem")
                .addProperty(
                        "type",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .format("uri")
                                .description("问题类型 Kind of problem, stable: clients branch on it"))
                .addProperty(
                        "title",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("标题 Short summary, the same for every problem of a status, e.g. "
                                        + ProblemTitles.of(404)))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("HTTP status"))
                .addProperty(
                        "detail",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("说明 What was wrong with this request"))
                .addProperty(
                        "instance",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("请求路径 The request's path"))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("字段错误 The fields that failed validation (at most 20)")
                                .items(OASFactory.createSchema()
                                        .addType(Schema.SchemaType.OBJECT)
                                        .addProperty("field", text)
                                        .addProperty("message", text)))
                .addRequired("type")
                .addRequired("title")
                .addRequired("status");
    }
}
