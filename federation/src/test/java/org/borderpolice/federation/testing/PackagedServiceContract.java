package org.borderpolice.federation.testing;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
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
 * What every packaged service of the suite does, started as {@code java -jar quarkus-run.jar}
 * against a real PostgreSQL: health, readiness that follows the database, OpenAPI, the
 * federation schema, token refusals, and the replication endpoint. A module's IT extends this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PackagedServiceContract {

    protected TestFederation federation;
    protected JurisdictionProcess service;

    /** Service name as in the trust list's endpoints. */
    protected abstract String serviceName();

    /** Whether the service has the replication endpoint (the gateway has not). */
    protected boolean receivesReplicas() {
        return true;
    }

    @BeforeAll
    void startService() {
        federation = new TestFederation(serviceName(), "intel,cases,mediation", JIANGSHAN, PUCHENG);
        service = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of()).startAndAwait();
    }

    @AfterAll
    void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void isLiveAndReadyWithItsDatabase() {
        given().baseUri(service.baseUrl()).when().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"));
        given().baseUri(service.baseUrl()).when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void isNotReadyWhileTheDatabaseIsUnreachable() {
        PostgresServer server = PostgresServer.get();
        PostgresServer.Database db = federation.database(JIANGSHAN);
        server.setReachable(db, false);
        try {
            Await.until(Duration.ofSeconds(30),
                    () -> given().baseUri(service.baseUrl()).when().get("/q/health/ready").statusCode() == 503,
                    () -> "readiness DOWN without the database");
            given().baseUri(service.baseUrl()).when().get("/q/health/live").then().statusCode(200);
        } finally {
            server.setReachable(db, true);
        }
        Await.until(Duration.ofSeconds(30),
                () -> given().baseUri(service.baseUrl()).when().get("/q/health/ready").statusCode() == 200,
                () -> "ready again once the database is back");
    }

    @Test
    void servesItsOpenApiDocument() {
        given().baseUri(service.baseUrl()).accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/federation/outbox"))
                .body("paths", hasKey("/api/v1/federation/partners"));
    }

    @Test
    void migratedTheFederationSchema() {
        assertEquals(1, federation.database(JIANGSHAN).count(
                "SELECT count(*) FROM federation.flyway_schema_history WHERE version = '1' AND success"));
    }

    @Test
    void refusesCallersWithoutATrustedToken() {
        given().baseUri(service.baseUrl()).when().get("/api/v1/federation/partners")
                .then().statusCode(401).contentType("application/problem+json");
        String foreign = new TestIssuer("361103").token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(service.baseUrl()).auth().oauth2(foreign).when().get("/api/v1/federation/partners")
                .then().statusCode(401);
        String own = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(service.baseUrl()).auth().oauth2(own).when().get("/api/v1/federation/partners")
                .then().statusCode(200).body("jurisdiction", equalTo(JIANGSHAN));
    }

    @Test
    void replicationEndpointRefusesWhatTheServiceDoesNotHold() {
        String peer = federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        Instant now = Instant.now();
        ReplicationEvent event = ReplicationEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG).setRecordType("unknown.kind").setRecordId(UUID.randomUUID().toString())
                .setVersion(1).setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .addDistribution(JIANGSHAN).setPayload(Any.pack(StringValue.of("?"))).build();
        try (ReplicationClient client = new ReplicationClient(service.httpPort())) {
            if (receivesReplicas()) {
                assertEquals(Outcome.REJECTED, client.deliver(peer, event).getResults(0).getOutcome());
            } else {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.deliver(peer, event));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            }
        }
    }
}
