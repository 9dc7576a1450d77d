package org.borderpolice.gateway;

import static io.restassured.RestAssured.given;
import static org.borderpolice.gateway.GatewayProcesses.JIANGSHAN;
import static org.borderpolice.gateway.GatewayProcesses.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gateway started from its quarkus-run.jar with a trust list and no database at all: it has
 * none, needs none, and still authenticates every caller as the services do (trusted issuers
 * only, problem+json refusals).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedServiceIT {

    static final String PROBLEM = "application/problem+json";
    private final TestIssuer jiangshan = new TestIssuer(JIANGSHAN);
    private final TestIssuer pucheng = new TestIssuer(PUCHENG);
    private JurisdictionProcess gateway;
    private int logStart;

    @BeforeAll
    void start() {
        gateway = GatewayProcesses.process("gateway-" + JIANGSHAN, GatewayProcesses.settings(jiangshan, pucheng));
        logStart = gateway.logText().length();
        gateway.startAndAwait();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    private String log() {
        return gateway.logText().substring(logStart);
    }

    @Test
    void startsWithoutAnyDatabaseOrReplication() {
        given().baseUri(gateway.managementUrl())
                .when()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        given().baseUri(gateway.managementUrl())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        Matcher features =
                Pattern.compile("Installed features: \\[([^\\]]*)\\]").matcher(log());
        assertTrue(features.find(), log());
        List<String> installed = List.of(features.group(1).split(",\\s*"));
        assertTrue(installed.contains("oidc"), installed.toString());
        for (String absent : List.of(
                "agroal", "jdbc-postgresql", "flyway", "narayana-jta", "grpc-server", "oidc-client", "scheduler")) {
            assertFalse(installed.contains(absent), absent + " in " + installed);
        }
    }

    @Test
    void refusesARequestWithoutToken() {
        given().baseUri(gateway.baseUrl())
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("type", equalTo("https://border-police.example/problems/unauthenticated"));
        // no audit log here: the refusal goes to the gateway's log
        assertTrue(log().contains("access refused (rest) GET /api/v1/gateway/caller 401"), log());
    }

    @Test
    void refusesATokenOfAnUntrustedIssuer() {
        String foreign =
                new TestIssuer("361103").token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(foreign)
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .body("status", equalTo(401));
        // a trusted issuer's name on a token signed with another key
        String forged = jiangshan.token(JIANGSHAN).roles("analyst").signWithForeignKey();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(forged)
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
        // a partner's token made for several jurisdictions could be replayed at each of them
        String several = pucheng.token(JIANGSHAN)
                .audiences("border-" + JIANGSHAN, "border-361103")
                .roles("investigator")
                .sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(several)
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
    }

    @Test
    void acceptsTokensOfTrustedIssuers() {
        String own = jiangshan.token(JIANGSHAN).roles("analyst").unit("坛石派出所").sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(own)
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(200)
                .body("jurisdiction", equalTo(JIANGSHAN))
                .body("unit", equalTo("坛石派出所"))
                .body("roles", hasItem("analyst"));
        String partner = pucheng.token(JIANGSHAN).roles("investigator").sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(partner)
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(200)
                .body("jurisdiction", equalTo(PUCHENG));
        // the jurisdiction is the issuer's: a claim naming another is refused
        String lying = pucheng.token(JIANGSHAN)
                .roles("investigator")
                .jurisdictionClaim(JIANGSHAN)
                .sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(lying)
                .when()
                .get("/api/v1/gateway/caller")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
    }

    @Test
    void servesTheTrustListToItsOwnUsersOnly() {
        String own = jiangshan.token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(own)
                .when()
                .get("/api/v1/federation/partners")
                .then()
                .statusCode(200)
                .body("jurisdiction", equalTo(JIANGSHAN))
                .body("partners.code", hasItem(PUCHENG));
        String partner = pucheng.token(JIANGSHAN).roles("investigator").sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(partner)
                .when()
                .get("/api/v1/federation/partners")
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("status", equalTo(403));
    }

    @Test
    void servesHealthMetricsAndOpenApiOnTheManagementInterfaceOnly() {
        for (String path : List.of("/q/health", "/q/metrics", "/q/openapi")) {
            given().baseUri(gateway.baseUrl())
                    .when()
                    .get(path)
                    .then()
                    .statusCode(404)
                    .contentType(PROBLEM);
        }
        given().baseUri(gateway.managementUrl())
                .accept("application/json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/gateway/caller"))
                .body("paths", hasKey("/api/v1/federation/partners"))
                .body("paths", org.hamcrest.Matchers.not(hasKey("/api/v1/federation/outbox")));
        given().baseUri(gateway.managementUrl()).when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theServersOwnErrorPagesAreProblemJson() {
        given().baseUri(gateway.baseUrl())
                .when()
                .get("/no/such/page")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404));
        String own = jiangshan.token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(gateway.baseUrl())
                .auth()
                .oauth2(own)
                .when()
                .delete("/api/v1/gateway/caller")
                .then()
                .statusCode(405)
                .contentType(PROBLEM);
        // a NUL in a query parameter (sent as it is: rest-assured would escape the escape)
        given().baseUri(gateway.baseUrl())
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(own)
                .when()
                .get("/api/v1/gateway/caller?x=%00")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
    }

    /** The gateway receives no replicas: there is no replication service (not even gRPC) to call. */
    @Test
    void hasNoReplicationEndpoint() {
        String peer = pucheng.token(JIANGSHAN).roles("peer").sign();
        ReplicationEvent event = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG)
                .setRecordType("intel.alert")
                .setRecordId(UUID.randomUUID().toString())
                .setVersion(1)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .addDistribution(JIANGSHAN)
                .setPayload(Any.pack(StringValue.of("?")))
                .build();
        try (ReplicationClient client = new ReplicationClient(gateway.httpPort())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.deliver(peer, event));
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e.toString());
        }
    }
}
