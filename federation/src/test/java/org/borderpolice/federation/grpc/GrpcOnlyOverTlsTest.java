package org.borderpolice.federation.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.junit.jupiter.api.Test;

import io.quarkus.grpc.GrpcService;

/**
 * What the gRPC-only HTTPS port lets through (review 28, COULD): exactly a protobuf gRPC call's
 * content type and a {@code /<service>/<method>} path of a partner-facing service; every other
 * spelling is refused (a request the gRPC server would not take as gRPC would reach the REST API).
 */
class GrpcOnlyOverTlsTest {

    static final String SERVICE = ReplicationServiceGrpc.SERVICE_NAME;
    static final Set<String> SERVICES = Set.of(SERVICE);
    static final String DELIVER = "/" + SERVICE + "/Deliver";

    @Test
    void exactlyProtobufGrpcContentTypesPass() {
        assertTrue(GrpcOnlyOverTls.isGrpcCall("application/grpc", DELIVER, SERVICES));
        assertTrue(GrpcOnlyOverTls.isGrpcCall("application/grpc+proto", DELIVER, SERVICES));
        for (String contentType : List.of(
                "Application/grpc",
                "APPLICATION/GRPC",
                "application/grpc ",
                " application/grpc",
                "application/grpc+proto;x",
                "application/grpc;charset=utf-8",
                "application/grpc+json",
                "application/grpc-web",
                "application/grpc-web+proto",
                "application/json",
                "")) {
            assertFalse(GrpcOnlyOverTls.isGrpcCall(contentType, DELIVER, SERVICES), "[" + contentType + "]");
        }
        assertFalse(GrpcOnlyOverTls.isGrpcCall(null, DELIVER, SERVICES));
    }

    @Test
    void exactlyOneServiceAndOneMethodPass() {
        for (String path : List.of(
                "//" + SERVICE + "/Deliver",
                DELIVER + "/",
                "/" + SERVICE + "/",
                "/" + SERVICE + "//Deliver",
                "/" + SERVICE,
                "/",
                "",
                SERVICE + "/Deliver",
                "/grpc.health.v1.Health/Check",
                "/" + SERVICE + "x/Deliver",
                "/api/v1/probes")) {
            assertFalse(GrpcOnlyOverTls.isGrpcCall("application/grpc", path, SERVICES), "[" + path + "]");
        }
        assertFalse(GrpcOnlyOverTls.isGrpcCall("application/grpc", null, SERVICES));
        // a partner-facing service that this process does not bind
        assertFalse(GrpcOnlyOverTls.isGrpcCall("application/grpc", DELIVER, Set.of()));
    }

    /**
     * Every gRPC service the federation implements ({@code @GrpcService} classes in its build) is
     * one partners may reach on the gRPC-only port, and nothing else is: a new partner-facing
     * service forgotten in PARTNER_FACING would be 404 to partners, one added there without an
     * implementation would be dead weight.
     */
    @Test
    void everyFederationGrpcServiceIsPartnerFacing() throws Exception {
        Path classes = Path.of(GrpcOnlyOverTls.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> implemented = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (type.isAnnotationPresent(GrpcService.class)) {
                    implemented.add(serviceName(type));
                }
            }
        }
        assertEquals(new TreeSet<>(GrpcOnlyOverTls.PARTNER_FACING), implemented);
    }

    /** The proto service a class implements: a grpc-java ImplBase's or a Mutiny interface's. */
    static String serviceName(Class<?> type) throws ReflectiveOperationException {
        Class<?> base = type.getSuperclass();
        if (base != null
                && base.getEnclosingClass() != null
                && base.getSimpleName().endsWith("ImplBase")) {
            Class<?> stubs = base.getEnclosingClass();
            if (stubs.getSimpleName().startsWith("Mutiny")) {
                // Mutiny's stubs name no service: grpc-java's of the same service do
                stubs = Class.forName(
                        stubs.getPackageName() + "." + stubs.getSimpleName().substring("Mutiny".length()));
            }
            return (String) stubs.getField("SERVICE_NAME").get(null);
        }
        for (Class<?> contract : type.getInterfaces()) {
            if (contract.getName().startsWith("org.borderpolice.federation.proto.")) {
                return (String) Class.forName(contract.getName() + "Grpc")
                        .getField("SERVICE_NAME")
                        .get(null);
            }
        }
        throw new AssertionError(type + " is a @GrpcService of no federation proto service");
    }
}
