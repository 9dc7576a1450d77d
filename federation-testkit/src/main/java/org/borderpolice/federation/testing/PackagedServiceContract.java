package org.borderpolice.federation.testing;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

/**
 * What every packaged service of the suite does, started as {@code java -jar quarkus-run.jar}
 * against a real PostgreSQL: health, readiness that follows the database, OpenAPI, the
 * federation schema, token refusals, and the replication endpoint. A module's IT extends this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PackagedServiceContract {

    protected TestFederation federation;
    protected JurisdictionProcess service;
    private int serviceLogStart;

    /** Service name as in the trust list's endpoints. */
    protected abstract String serviceName();

    /** Whether the service has the replication endpoint (the gateway has not). */
    protected boolean receivesReplicas() {
        return true;
    }

    /**
     * The service's quarkus.http.limits.max-body-size in bytes: 1 MiB in the suite; case-exchange
     * takes evidence files up to 25 MB (26M).
     */
    protected int maxBodySize() {
        return 1024 * 1024;
    }

    /**
     * As deployed (README "Running a service"): a migration job as the database's owner, which
     * exits once both schemas are migrated, then the service without the owner's credentials.
     */
    @BeforeAll
    void startService() {
        federation = new TestFederation(serviceName(), "intel,cases,mediation", JIANGSHAN, PUCHENG);
        PostgresServer.Database db = federation.database(JIANGSHAN);
        JurisdictionProcess migration =
                federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), db.migrationJobSettings());
        int earlier = migration.logText().length();
        migration.start();
        int exit = migration.awaitExit(Await.MACHINE);
        assertEquals(0, exit, "the migration job:\n" + migration.logText().substring(earlier));
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(db.productionServiceSettings());
        // every refusal of everyGrpcMethodRefusesWhoIsNotAPartnersRelay audited one by one (10 a minute per
        // source otherwise, the rest summed up)
        settings.put("border.federation.audit.refusal-detail-per-source", "100");
        service = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), settings);
        // the log file is shared with earlier processes of the same name (other test classes)
        serviceLogStart = service.logText().length();
        service.startAndAwait();
    }

    /** The serving process holds no session as the owner, and its readiness uses the application role only. */
    @Test
    void theServiceHoldsNothingOfTheOwner() {
        PostgresServer.Database db = federation.database(JIANGSHAN);
        given().baseUri(service.managementUrl())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200);
        assertEquals(
                0,
                db.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND usename = ?",
                        db.name(),
                        db.owner().user()),
                "sessions of the owner");
        assertTrue(
                db.count(
                                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND usename = ?",
                                db.name(),
                                db.application().user())
                        > 0,
                "the service's sessions are the application role's");
        // one datasource checked for readiness: the service's own (the migration-only one is inactive)
        given().baseUri(service.managementUrl())
                .when()
                .get("/q/health/ready")
                .then()
                .body(
                        "checks.find { it.name == 'Database connections health check' }.data.keySet()",
                        org.hamcrest.Matchers.not(hasItem("federation")));
        String log = service.logText().substring(serviceLogStart);
        assertTrue(log.contains("Installed features"), log);
        assertTrue(!log.contains("allow-migrate-at-start=true"), "no allowance in the serving process");
    }

    @AfterAll
    void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void isLiveAndReadyWithItsDatabase() {
        given().baseUri(service.managementUrl())
                .when()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        given().baseUri(service.managementUrl())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void isNotReadyWhileTheDatabaseIsUnreachable() {
        PostgresServer server = PostgresServer.get();
        PostgresServer.Database db = federation.database(JIANGSHAN);
        server.setReachable(db, false);
        try {
            Await.until(
                    Await.MACHINE,
                    () -> given().baseUri(service.managementUrl())
                                    .when()
                                    .get("/q/health/ready")
                                    .statusCode()
                            == 503,
                    () -> "readiness DOWN without the database");
            given().baseUri(service.managementUrl())
                    .when()
                    .get("/q/health/live")
                    .then()
                    .statusCode(200);
        } finally {
            server.setReachable(db, true);
        }
        Await.until(
                Await.MACHINE,
                () -> given().baseUri(service.managementUrl())
                                .when()
                                .get("/q/health/ready")
                                .statusCode()
                        == 200,
                () -> "ready again once the database is back");
    }

    @Test
    void servesItsOpenApiDocument() {
        given().baseUri(service.managementUrl())
                .accept("application/json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/federation/outbox"))
                .body("paths", hasKey("/api/v1/federation/partners"));
    }

    @Test
    void migratedTheFederationSchema() {
        assertEquals(
                1,
                federation
                        .database(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.flyway_schema_history WHERE version = '1' AND success"));
    }

    @Test
    void refusesCallersWithoutATrustedToken() {
        given().baseUri(service.baseUrl())
                .when()
                .get("/api/v1/federation/partners")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        String foreign =
                new TestIssuer("361103").token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(service.baseUrl())
                .auth()
                .oauth2(foreign)
                .when()
                .get("/api/v1/federation/partners")
                .then()
                .statusCode(401);
        String own =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(service.baseUrl())
                .auth()
                .oauth2(own)
                .when()
                .get("/api/v1/federation/partners")
                .then()
                .statusCode(200)
                .body("jurisdiction", equalTo(JIANGSHAN));
    }

    static final String PROBLEM = "application/problem+json";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void servesHealthMetricsAndOpenApiOnTheManagementInterfaceOnly() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            given().baseUri(service.baseUrl())
                    .when()
                    .get(path)
                    .then()
                    .statusCode(404)
                    .contentType(PROBLEM)
                    .body("status", equalTo(404));
        }
        given().baseUri(service.managementUrl())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count"));
        given().baseUri(service.managementUrl())
                .when()
                .get("/q/swagger-ui/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"));
        given().baseUri(service.managementUrl())
                .when()
                .get("/nothing/here")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404));
    }

    /** The HTTP server's own answers (no route, wrong method, too large, unreadable) are problem+json too. */
    @Test
    void theServersOwnErrorPagesAreProblemJson() {
        long outbox = federation.database(JIANGSHAN).count("SELECT count(*) FROM federation.outbox");
        String own =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").sign();
        String partners = service.baseUrl() + "/api/v1/federation/partners";

        assertProblem(
                404,
                send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/no/such/page"))
                        .GET()));
        assertProblem(
                405,
                send(HttpRequest.newBuilder(URI.create(partners))
                        .header("Authorization", "Bearer " + own)
                        .DELETE()));
        // a body over the limit (1 MiB unless the service says otherwise), announced by its Content-Length
        assertProblem(
                413,
                send(HttpRequest.newBuilder(URI.create(partners))
                        .header("Authorization", "Bearer " + own)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[maxBodySize() + 52_000]))));
        // a request line over the limit
        assertProblem(
                414,
                send(HttpRequest.newBuilder(URI.create(partners + "?q=" + "a".repeat(40_000)))
                        .header("Authorization", "Bearer " + own)
                        .GET()));
        // a header block over the limit
        assertProblem(
                431,
                send(HttpRequest.newBuilder(URI.create(partners))
                        .header("Authorization", "Bearer " + own)
                        .header("X-Padding", "a".repeat(40_000))
                        .GET()));
        // JSON is UTF-8 only
        assertProblem(
                415,
                send(HttpRequest.newBuilder(URI.create(partners))
                        .header("Authorization", "Bearer " + own)
                        .header("Content-Type", "application/json; charset=UTF-16")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray("{}".getBytes(StandardCharsets.UTF_16)))));
        // NUL and other control characters in a query or path parameter, and broken escapes
        for (String query : List.of("?x=a%00b", "?x=%07", "?%00=x", "?x=%E8%B5")) {
            assertProblem(
                    400,
                    send(HttpRequest.newBuilder(URI.create(partners + query))
                            .header("Authorization", "Bearer " + own)
                            .GET()));
        }

        assertProblem(
                400,
                send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/federation/a%00b"))
                        .header("Authorization", "Bearer " + own)
                        .GET()));
        // and the same rules on the management interface
        assertProblem(
                400,
                send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health?x=%00"))
                        .GET()));
        assertProblem(
                414,
                send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health?q=" + "a".repeat(40_000)))
                        .GET()));

        assertEquals(outbox, federation.database(JIANGSHAN).count("SELECT count(*) FROM federation.outbox"));
    }

    /**
     * The HTTP codec holds a request line and header block in memory while it parses them, so its
     * limits are small (64 KiB, twice ours): past them Vert.x refuses by itself, without a problem
     * body (documented), and the connection is closed.
     */
    @Test
    void pastTheCodecsLimitsTheServerRefusesAlone() {
        String own =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").sign();
        String partners = service.baseUrl() + "/api/v1/federation/partners";
        HttpResponse<String> line = send(HttpRequest.newBuilder(URI.create(partners + "?q=" + "a".repeat(70_000)))
                .header("Authorization", "Bearer " + own)
                .GET());
        assertEquals(414, line.statusCode());
        assertTrue(!line.headers().firstValue("content-type").orElse("").contains("problem"), line.body());
        HttpResponse<String> headers = send(HttpRequest.newBuilder(URI.create(partners))
                .header("Authorization", "Bearer " + own)
                .header("X-Padding", "a".repeat(70_000))
                .GET());
        assertEquals(431, headers.statusCode());
        assertTrue(!headers.headers().firstValue("content-type").orElse("").contains("problem"), headers.body());
        // below them, our own pages answer
        assertProblem(
                414,
                send(HttpRequest.newBuilder(URI.create(partners + "?q=" + "a".repeat(60_000)))
                        .header("Authorization", "Bearer " + own)
                        .GET()));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, media type application/problem+json, and a problem document of that status. */
    public static void assertProblem(int status, HttpResponse<String> response) {
        String target = response.request().method() + " " + response.request().uri();
        String what = abbreviate(target) + " -> "
                + response.statusCode() + " "
                + response.headers().firstValue("content-type").orElse("(no type)") + " "
                + abbreviate(response.body());
        assertEquals(status, response.statusCode(), what);
        assertEquals(
                PROBLEM,
                response.headers()
                        .firstValue("content-type")
                        .orElse("")
                        .split(";")[0]
                        .trim(),
                what);
        assertTrue(response.body().contains("\"status\":" + status), what);
        assertTrue(response.body().contains("\"type\":\"https://border-police.example/problems/"), what);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Test
    void replicationEndpointRefusesWhatTheServiceDoesNotHold() {
        String peer = federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").sign();
        Instant now = Instant.now();
        ReplicationEvent event = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(PUCHENG)
                .setRecordType("unknown.kind")
                .setRecordId(UUID.randomUUID().toString())
                .setVersion(1)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .addDistribution(JIANGSHAN)
                .setPayload(Any.pack(StringValue.of("?")))
                .build();
        try (ReplicationClient client = new ReplicationClient(service.httpPort())) {
            if (receivesReplicas()) {
                assertEquals(
                        Outcome.REJECTED,
                        client.deliver(peer, event).getResults(0).getOutcome());
            } else {
                StatusRuntimeException e =
                        assertThrows(StatusRuntimeException.class, () -> client.deliver(peer, event));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            }
        }
    }

    /**
     * Every method of every gRPC service the suite publishes refuses whoever is not a partner's
     * relay, whatever the request: no token, an untrusted issuer, a bad signature, an expired
     * token, a token for another jurisdiction, a partner's user without the peer role, our own
     * relay's token. Each refusal is audited under the method's name.
     */
    @Test
    void everyGrpcMethodRefusesWhoIsNotAPartnersRelay() {
        if (!receivesReplicas()) {
            return;
        }
        Map<String, Status.Code> refusals = new LinkedHashMap<>();
        refusals.put("no token", Status.Code.UNAUTHENTICATED);
        refusals.put(
                new TestIssuer(PUCHENG, "https://idp.rogue.test")
                        .token(JIANGSHAN)
                        .roles("peer")
                        .sign(),
                Status.Code.UNAUTHENTICATED);
        refusals.put(
                federation.issuer(PUCHENG).token(JIANGSHAN).roles("peer").signWithForeignKey(),
                Status.Code.UNAUTHENTICATED);
        refusals.put(
                federation
                        .issuer(PUCHENG)
                        .token(JIANGSHAN)
                        .roles("peer")
                        .expiredSince(Duration.ofMinutes(2))
                        .sign(),
                Status.Code.UNAUTHENTICATED);
        refusals.put(
                federation
                        .issuer(PUCHENG)
                        .token(TestFederation.GUANGFENG)
                        .roles("peer")
                        .sign(),
                Status.Code.UNAUTHENTICATED);
        refusals.put(
                federation
                        .issuer(PUCHENG)
                        .token(JIANGSHAN)
                        .roles("analyst", "commander")
                        .sign(),
                Status.Code.PERMISSION_DENIED);
        refusals.put(federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("peer").sign(), Status.Code.PERMISSION_DENIED);
        List<ServiceDescriptor> services = List.of(
                ReplicationServiceGrpc.getServiceDescriptor(),
                FileTransferServiceGrpc.getServiceDescriptor(),
                HitCheckServiceGrpc.getServiceDescriptor(),
                AuditAnchorServiceGrpc.getServiceDescriptor());
        PostgresServer.Database db = federation.database(JIANGSHAN);
        long before = db.count("SELECT coalesce(max(seq), 0) FROM federation.audit_log");
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", service.httpPort())
                .usePlaintext()
                .build();
        try {
            for (ServiceDescriptor descriptor : services) {
                for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
                    refusals.forEach((token, expected) -> {
                        Status status =
                                callWithAnEmptyRequest(channel, method, token.equals("no token") ? null : token);
                        assertEquals(
                                expected,
                                status.getCode(),
                                method.getFullMethodName() + " with " + abbreviate(token) + ": " + status);
                    });
                }
            }
        } finally {
            channel.shutdownNow();
        }
        for (ServiceDescriptor descriptor : services) {
            for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
                Await.until(
                        Await.MACHINE,
                        () -> db.count(
                                        "SELECT count(*) FROM federation.audit_log WHERE seq > ? "
                                                + "AND action = 'access.refused' AND record_type = 'grpc' "
                                                + "AND detail LIKE ?",
                                        before,
                                        "gRPC " + method.getFullMethodName() + ": %")
                                == refusals.size(),
                        () -> "the " + refusals.size() + " refused calls of " + method.getFullMethodName()
                                + " audited");
            }
        }
    }

    /** Calls a method as a client of any language would, with one empty request message; returns how it closed. */
    private static Status callWithAnEmptyRequest(ManagedChannel channel, MethodDescriptor<?, ?> method, String token) {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        ClientCall<byte[], byte[]> call =
                channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed.complete(status);
                    }
                },
                headers);
        call.request(Integer.MAX_VALUE);
        call.sendMessage(new byte[0]);
        call.halfClose();
        try {
            return closed.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method.getFullMethodName() + " did not close", e);
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
