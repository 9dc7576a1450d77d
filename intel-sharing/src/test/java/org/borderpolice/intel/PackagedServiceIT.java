package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.testing.PackagedServiceContract;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/** intel-sharing started from its quarkus-run.jar against a real PostgreSQL. */
class PackagedServiceIT extends PackagedServiceContract {

    /** The Node.js partner (interop/grpc-node): @grpc/grpc-js and protobufjs on the published .proto files. */
    static final Path NODE_PARTNER =
            Path.of("..", "interop", "grpc-node").toAbsolutePath().normalize();

    static final Path PROTOS =
            Path.of("..", "federation", "src", "main", "proto").toAbsolutePath().normalize();

    @Override
    protected String serviceName() {
        return "intel-sharing";
    }

    /**
     * A partner's relay written in another language from the .proto files alone (nothing of the
     * suite's code): its alert, packed in an Any by protobufjs, is applied and read over REST like
     * one of ours; the same client is refused without a token, and an event it forges for another
     * origin is rejected while the batch is acknowledged.
     */
    @Test
    void aPartnersRelayWrittenInNodeJsFromTheProtoFilesIsUnderstood() throws Exception {
        installNodePartner();
        String peer = federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();

        JsonPath refused = deliver(alert(null, PUCHENG, UUID.randomUUID()), null);
        assertEquals("UNAUTHENTICATED", refused.getString("status"), refused.prettify());

        JsonPath forged = deliver(alert(null, GUANGFENG, UUID.randomUUID()), peer);
        assertEquals("OK", forged.getString("status"), forged.prettify());
        assertEquals("REJECTED", forged.getString("ack.results[0].outcome"), forged.prettify());

        // the Node.js sender makes the alert's id as the protocol says (version 8, its code first)
        UUID eventId = UUID.randomUUID();
        JsonPath applied = deliver(alert(null, PUCHENG, eventId), peer);
        assertEquals("OK", applied.getString("status"), applied.prettify());
        assertEquals(1, applied.getList("ack.results").size(), applied.prettify());
        assertEquals("APPLIED", applied.getString("ack.results[0].outcome"), applied.prettify());
        String alertId = applied.getString("recordId");
        assertEquals(Optional.of(PUCHENG), RecordIds.creator(UUID.fromString(alertId)), alertId);

        String analyst =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(service.baseUrl())
                .auth()
                .oauth2(analyst)
                .when()
                .get("/api/v1/alerts/" + alertId)
                .then()
                .statusCode(200)
                .body("origin", equalTo(PUCHENG))
                .body("title", equalTo("浦城走私预警（Node.js 伙伴）"));

        JsonPath again = deliver(alert(alertId, PUCHENG, eventId), peer);
        assertEquals("DUPLICATE", again.getString("ack.results[0].outcome"), again.prettify());
    }

    /** An alert for the Node.js sender; without an id, the sender creates it. */
    private static String alert(String id, String origin, UUID eventId) {
        long now = Instant.now().getEpochSecond();
        return """
                {"eventId": "%s", "distribution": ["%s", "%s"],
                 "alert": {"id": "%s", "origin": "%s", "issuing_unit": "浦城县公安局",
                  "category": "SMUGGLING", "severity": "YELLOW", "title": "浦城走私预警（Node.js 伙伴）",
                  "body": "疑似走私冻品车辆。", "subjects": [{"kind": "VEHICLE", "value": "闽H12345"}],
                  "valid_from": {"seconds": %d}, "distribution": ["%s"], "handling": "GENERAL",
                  "source_reliability": "C", "information_credibility": 3, "version": 1,
                  "published_at": {"seconds": %d}, "updated_at": {"seconds": %d}}}
                """.formatted(eventId, origin, JIANGSHAN, id == null ? "" : id, origin, now, JIANGSHAN, now, now);
    }

    private JsonPath deliver(String alertJson, String token) throws IOException, InterruptedException {
        Path input = Files.createTempFile("node-alert", ".json");
        try {
            Files.writeString(input, alertJson);
            ProcessBuilder node = new ProcessBuilder(
                            "node",
                            "deliver-alert.mjs",
                            PROTOS.toString(),
                            "localhost:" + service.httpPort(),
                            input.toString())
                    .directory(NODE_PARTNER.toFile())
                    .redirectErrorStream(true);
            if (token != null) {
                node.environment().put("BORDER_TOKEN", token);
            }
            String output = run(node);
            List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
            assertTrue(!lines.isEmpty(), "the Node.js partner said:\n" + output);
            return JsonPath.from(lines.get(lines.size() - 1));
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** npm ci from the lock file, once per checkout (CI has npm, as for the OpenAPI lint). */
    private static void installNodePartner() throws IOException, InterruptedException {
        if (Files.isDirectory(
                NODE_PARTNER.resolve("node_modules").resolve("@grpc").resolve("grpc-js"))) {
            return;
        }
        run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(NODE_PARTNER.toFile())
                .redirectErrorStream(true));
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "still running: " + builder.command());
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), builder.command() + ":\n" + text);
        return text;
    }
}
