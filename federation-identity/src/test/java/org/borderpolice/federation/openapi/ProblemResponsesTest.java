package org.borderpolice.federation.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.junit.jupiter.api.Test;

/** The problem responses every operation can give are documented once, and never over an operation's own. */
class ProblemResponsesTest {

    @Test
    void everyOperationGetsTheSharedProblemsItCanAnswer() {
        Operation read = operation(true)
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("the record"))
                        .addAPIResponse("404", OASFactory.createAPIResponse().description("no such record of ours")));
        Operation create = operation(true)
                .addParameter(
                        OASFactory.createParameter().name("Idempotency-Key").in(Parameter.In.HEADER));
        Operation open = operation(false);
        OpenAPI api = OASFactory.createOpenAPI()
                .paths(OASFactory.createPaths()
                        .addPathItem(
                                "/api/v1/records/{id}",
                                OASFactory.createPathItem().GET(read))
                        .addPathItem(
                                "/api/v1/records",
                                OASFactory.createPathItem().POST(create).GET(open)));

        new ProblemResponses().filterOpenAPI(api);

        APIResponses r = read.getResponses();
        assertEquals(
                List.of("200", "400", "401", "403", "404", "503"),
                r.getAPIResponses().keySet().stream().sorted().toList());
        assertEquals("no such record of ours", r.getAPIResponse("404").getDescription(), "its own 404 stays");
        assertEquals(
                ProblemResponses.SCHEMA_REF,
                r.getAPIResponse("401")
                        .getContent()
                        .getMediaType("application/problem+json")
                        .getSchema()
                        .getRef());
        assertNotNull(r.getAPIResponse("503").getHeaders().get("Retry-After"));
        assertEquals(
                List.of("400", "401", "403", "422", "503"),
                create.getResponses().getAPIResponses().keySet().stream()
                        .sorted()
                        .toList());
        // no token needed: no 401/403; no path parameter: no 404
        assertEquals(
                List.of("400", "503"),
                open.getResponses().getAPIResponses().keySet().stream().sorted().toList());
        assertTrue(api.getComponents().getSchemas().containsKey(ProblemResponses.SCHEMA));
        assertEquals(ProblemResponses.GATEWAY, api.getServers().get(0).getUrl());
    }

    @Test
    void configuredServersStay() {
        OpenAPI api = OASFactory.createOpenAPI()
                .addServer(OASFactory.createServer().url("https://gw.example.org"))
                .paths(OASFactory.createPaths());
        new ProblemResponses().filterOpenAPI(api);
        assertEquals(
                List.of("https://gw.example.org"),
                api.getServers().stream().map(s -> s.getUrl()).toList());
        assertFalse(
                api.getComponents() != null
                        && api.getComponents().getSchemas() != null
                        && api.getComponents().getSchemas().containsKey(ProblemResponses.SCHEMA),
                "no operation, no schema");
    }

    private static Operation operation(boolean secured) {
        Operation operation = OASFactory.createOperation();
        if (secured) {
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme("bearer"));
        }
        return operation;
    }
}
