package org.borderpolice.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * joint-mediation's escalation (民转刑) calls this service through a client generated at its build
 * from a copy of this service's OpenAPI document (joint-mediation/src/main/openapi/case-exchange.yaml,
 * the contract). The copy must be the document this build stored (quarkus.smallrye-openapi.store-schema-directory,
 * written when the application is packaged, before the ITs): a change of the API that is not copied
 * there fails here, instead of a client that no longer fits. After a deliberate change:
 * {@code cp case-exchange/target/openapi/openapi.yaml joint-mediation/src/main/openapi/case-exchange.yaml}.
 */
class OpenApiContractIT {

    static final Path STORED = Path.of("target", "openapi", "openapi.yaml");
    static final Path CONTRACT = Path.of("..", "joint-mediation", "src", "main", "openapi", "case-exchange.yaml");

    @Test
    void jointMediationsCopyIsThisBuildsDocument() throws IOException {
        assertTrue(Files.exists(STORED), "package first: " + STORED.toAbsolutePath());
        assertTrue(Files.exists(CONTRACT), "the contract copy is missing: " + CONTRACT.toAbsolutePath());
        assertEquals(
                Files.readString(STORED),
                Files.readString(CONTRACT),
                "case-exchange's OpenAPI document changed: copy " + STORED.toAbsolutePath() + " to "
                        + CONTRACT.toAbsolutePath().normalize() + " and rebuild joint-mediation's client");
    }
}
