package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.Statement;
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
 * Failures that are not the caller's fault answer as problem+json with an error id, never a bare
 * 500. Overload answers 503 problem+json with Retry-After: a process whose pool has one
 * connection, held by a request that waits on a row lock; the next request cannot get a connection
 * within the acquisition timeout, whether it goes through JDBC or Hibernate. A value the database
 * cannot hold that reaches it through Hibernate is the caller's error (400).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadIT {

    TestFederation federation;
    JurisdictionProcess jiangshan;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
        // the relay (which shares the service's pool) off; the linker, anchors, vacuum and merges run as
        // always, on a pool of their own: they never take the one connection requests have
        jiangshan = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        Map.of(
                                "quarkus.datasource.jdbc.max-size", "1",
                                "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                                "border.federation.relay.enabled", "false",
                                "border.federation.inbox.purge-every", "off"))
                .startAndAwait();
    }

    @AfterAll
    void stop() {
        if (jiangshan != null) {
            jiangshan.stop();
        }
    }

    @Test
    void aRequestThatCannotGetAConnectionIs503WithRetryAfter() throws Exception {
        String integrator = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator", "commander")
                .sign();
        List<String> ids = given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(integrator)
                .contentType(ContentType.JSON)
                .body(Map.of("count", 2, "title", "overload", "distribution", List.of(PUCHENG)))
                .when()
                .post("/api/v1/probes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        PostgresServer.Database db = federation.database(JIANGSHAN);
        CompletableFuture<Integer> slow;
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT * FROM probe WHERE id = '" + ids.get(0) + "' FOR UPDATE");
            // this rename waits on the row lock, holding the pool's only connection
            slow = CompletableFuture.supplyAsync(() -> given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(integrator)
                    .contentType(ContentType.JSON)
                    .body(Map.of("title", "slow"))
                    .when()
                    .put("/api/v1/probes/" + ids.get(0))
                    .then()
                    .extract()
                    .statusCode());
            org.borderpolice.federation.testing.Await.until(
                    org.borderpolice.federation.testing.Await.MACHINE,
                    () -> db.count(
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'",
                                    db.name())
                            == 1,
                    () -> "the rename waits on the lock");
            for (Runnable another : List.<Runnable>of(
                    // a transactional write (Hibernate-free JDBC inside JTA) and a plain JDBC read
                    () -> given().baseUri(jiangshan.baseUrl())
                            .auth()
                            .oauth2(integrator)
                            .contentType(ContentType.JSON)
                            .body(Map.of("title", "other"))
                            .when()
                            .put("/api/v1/probes/" + ids.get(1))
                            .then()
                            .statusCode(503)
                            .contentType("application/problem+json")
                            .header("Retry-After", equalTo("2"))
                            .body("type", equalTo("https://border-police.example/problems/overloaded"))
                            .body("status", equalTo(503)),
                    () -> given().baseUri(jiangshan.baseUrl())
                            .auth()
                            .oauth2(integrator)
                            .when()
                            .get("/api/v1/federation/outbox")
                            .then()
                            .statusCode(503)
                            .contentType("application/problem+json")
                            .header("Retry-After", equalTo("2")),
                    // a read through Hibernate, the path of the services' lists (issue 21, item 12)
                    () -> given().baseUri(jiangshan.baseUrl())
                            .auth()
                            .oauth2(integrator)
                            .when()
                            .get("/api/v1/probe-reads")
                            .then()
                            .statusCode(503)
                            .contentType("application/problem+json")
                            .header("Retry-After", equalTo("2"))
                            .body("type", equalTo("https://border-police.example/problems/overloaded"))
                            .body("detail", containsString("error id")))) {
                another.run();
            }
            holder.rollback();
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, slow.get());
        // and with the connection free again, the same requests go through
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(integrator)
                .contentType(ContentType.JSON)
                .body(Map.of("title", "other"))
                .when()
                .put("/api/v1/probes/" + ids.get(1))
                .then()
                .statusCode(200);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(integrator)
                .when()
                .get("/api/v1/probe-reads")
                .then()
                .statusCode(200)
                .body("id", hasItem(ids.get(1)));
    }

    /**
     * A time PostgreSQL cannot hold (before 4713 BC), bound by Hibernate: the database refuses it
     * with SQLSTATE 22008, which is the caller's input (400 with an error id), not a server error.
     */
    @Test
    void aValueTheDatabaseCannotHoldIsTheCallersErrorAlsoThroughHibernate() {
        String integrator = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator")
                .sign();
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(integrator)
                .queryParam("at", "2026-01-01T00:00:00Z")
                .when()
                .get("/api/v1/probe-reads/count")
                .then()
                .statusCode(200);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(integrator)
                .queryParam("at", "-5000-01-01T00:00:00Z")
                .when()
                .get("/api/v1/probe-reads/count")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://border-police.example/problems/unstorable-value"))
                .body("detail", containsString("error id"))
                .body("detail", not(containsString("timestamp")));
    }
}
