package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;

/**
 * Overload answers 503 problem+json with Retry-After, never 500: a process whose pool has one
 * connection, held by a request that waits on a row lock; the next request cannot get a connection
 * within the acquisition timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadIT {

    TestFederation federation;
    JurisdictionProcess jiangshan;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
        // nothing in the background may take the one connection: no relay, vacuum, linker, anchors, merges
        jiangshan = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of(
                "quarkus.datasource.jdbc.max-size", "1",
                "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                "border.federation.relay.enabled", "false",
                "border.federation.relay.vacuum-every", "off",
                "border.federation.audit.link-every", "off",
                "border.federation.audit.anchor-every", "off",
                "border.search.merge-pending-every", "off")).startAndAwait();
    }

    @AfterAll
    void stop() {
        if (jiangshan != null) {
            jiangshan.stop();
        }
    }

    @Test
    void aRequestThatCannotGetAConnectionIs503WithRetryAfter() throws Exception {
        String integrator = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("integrator", "commander").sign();
        List<String> ids = given().baseUri(jiangshan.baseUrl()).auth().oauth2(integrator).contentType(ContentType.JSON)
                .body(Map.of("count", 2, "title", "overload", "distribution", List.of(PUCHENG)))
                .when().post("/api/v1/probes").then().statusCode(200).extract().jsonPath().getList("$");
        PostgresServer.Database db = federation.database(JIANGSHAN);
        CompletableFuture<Integer> slow;
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT * FROM probe WHERE id = '" + ids.get(0) + "' FOR UPDATE");
            // this rename waits on the row lock, holding the pool's only connection
            slow = CompletableFuture.supplyAsync(() -> given().baseUri(jiangshan.baseUrl()).auth().oauth2(integrator)
                    .contentType(ContentType.JSON).body(Map.of("title", "slow"))
                    .when().put("/api/v1/probes/" + ids.get(0)).then().extract().statusCode());
            org.borderpolice.federation.testing.Await.until(Duration.ofSeconds(20), () -> db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'", db.name()) == 1,
                    () -> "the rename waits on the lock");
            for (Runnable another : List.<Runnable>of(
                    // a transactional write (Hibernate-free JDBC inside JTA) and a plain JDBC read
                    () -> given().baseUri(jiangshan.baseUrl()).auth().oauth2(integrator).contentType(ContentType.JSON)
                            .body(Map.of("title", "other")).when().put("/api/v1/probes/" + ids.get(1))
                            .then().statusCode(503).contentType("application/problem+json")
                            .header("Retry-After", equalTo("2"))
                            .body("type", equalTo("https://border-police.example/problems/overloaded"))
                            .body("status", equalTo(503)),
                    () -> given().baseUri(jiangshan.baseUrl()).auth().oauth2(integrator)
                            .when().get("/api/v1/federation/outbox")
                            .then().statusCode(503).contentType("application/problem+json")
                            .header("Retry-After", equalTo("2")))) {
                another.run();
            }
            holder.rollback();
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, slow.get());
        // and with the connection free again, the same request goes through
        given().baseUri(jiangshan.baseUrl()).auth().oauth2(integrator).contentType(ContentType.JSON)
                .body(Map.of("title", "other")).when().put("/api/v1/probes/" + ids.get(1)).then().statusCode(200);
    }
}
