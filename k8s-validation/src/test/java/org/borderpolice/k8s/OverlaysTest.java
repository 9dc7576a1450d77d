package org.borderpolice.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every overlay of k8s/ renders with {@code kubectl kustomize}, parses strictly, and keeps the
 * deployment's rules; each rule is also shown to fail on a copy broken for it.
 */
class OverlaysTest {

    private static final Set<String> OVERLAYS = Set.of("jiangshan-330881", "pucheng-350722", "guangfeng-361103");

    private static void forEachOverlay(java.util.function.BiConsumer<Path, List<ObjectNode>> check) throws IOException {
        List<Path> overlays = Rendered.overlays();
        assertEquals(
                OVERLAYS, overlays.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        for (Path overlay : overlays) {
            check.accept(overlay, Rendered.objects(overlay));
        }
    }

    private static void assertNone(List<String> violations, Path overlay) {
        assertTrue(violations.isEmpty(), overlay.getFileName() + ":\n  " + String.join("\n  ", violations));
    }

    /** A rule finds something in a copy broken by {@code breaker}, naming it. */
    private static void assertCaught(
            Function<List<ObjectNode>, List<String>> rule,
            java.util.function.Consumer<List<ObjectNode>> breaker,
            String expected)
            throws IOException {
        Path overlay = Rendered.overlays().get(0);
        List<ObjectNode> broken = new ArrayList<>(Rendered.copy(overlay));
        breaker.accept(broken);
        List<String> violations = rule.apply(broken);
        assertTrue(
                violations.stream().anyMatch(v -> v.contains(expected)),
                "expected a violation naming \"" + expected + "\", got " + violations);
    }

    private static ObjectNode deployment(List<ObjectNode> objects, String name) {
        return Rendered.one(objects, "Deployment", name);
    }

    private static ObjectNode container(List<ObjectNode> objects, String deployment, String list, int index) {
        return (ObjectNode) deployment(objects, deployment)
                .path("spec")
                .path("template")
                .path("spec")
                .path(list)
                .get(index);
    }

    @Test
    void everyOverlayRendersTheSuiteInItsNamespace() throws IOException {
        forEachOverlay((overlay, objects) -> {
            String code = Rendered.code(overlay);
            assertEquals(
                    Policies.SERVICES,
                    Rendered.ofKind(objects, "Deployment").stream()
                            .map(Rendered::name)
                            .collect(Collectors.toSet()),
                    overlay.toString());
            for (String kind : List.of(
                    "Cluster",
                    "Keycloak",
                    "KeycloakRealmImport",
                    "Issuer",
                    "Ingress",
                    "ServiceMonitor",
                    "PrometheusRule",
                    "NetworkPolicy",
                    "PodDisruptionBudget",
                    "HorizontalPodAutoscaler")) {
                assertFalse(Rendered.ofKind(objects, kind).isEmpty(), overlay + " has no " + kind);
            }
            assertEquals(
                    Set.of("border_intel_sharing", "border_case_exchange", "border_joint_mediation"),
                    Rendered.ofKind(objects, "Database").stream()
                            .map(d -> d.path("spec").path("name").asText())
                            .collect(Collectors.toSet()));
            assertEquals(
                    Set.of("gateway", "intel-sharing"),
                    Rendered.ofKind(objects, "HorizontalPodAutoscaler").stream()
                            .map(Rendered::name)
                            .collect(Collectors.toSet()));
            for (ObjectNode o : objects) {
                if (!Rendered.kind(o).equals("Namespace")) {
                    assertEquals(
                            "border-" + code,
                            o.path("metadata").path("namespace").asText(),
                            Rendered.id(o));
                }
            }
            // the gateway's public name is the jurisdiction's
            assertEquals(
                    "gateway." + code + ".border-police.example",
                    Rendered.one(objects, "Ingress", "gateway")
                            .path("spec")
                            .path("rules")
                            .get(0)
                            .path("host")
                            .asText());
        });
    }

    @Test
    void everyObjectParsesStrictlyIntoItsModel() throws IOException {
        forEachOverlay((overlay, objects) -> {
            List<String> violations = new ArrayList<>();
            objects.forEach(o -> violations.addAll(StrictModel.violations(o)));
            assertNone(violations, overlay);
        });
    }

    private static List<String> strict(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        objects.forEach(o -> violations.addAll(StrictModel.violations(o)));
        return violations;
    }

    @Test
    void strictParsingRefusesUnknownFieldsWrongTypesAndUnknownKinds() throws IOException {
        // a misspelt field of a built-in kind, deep in a pod template
        assertCaught(
                OverlaysTest::strict,
                o -> ((ObjectNode) container(o, "gateway", "containers", 0).path("livenessProbe"))
                        .putObject("httpget")
                        .put("path", "/q/health/live"),
                "httpget");
        // a wrong type
        assertCaught(
                OverlaysTest::strict,
                o -> ((ObjectNode) deployment(o, "gateway").path("spec")).put("replicas", "two"),
                "Deployment/gateway");
        // cert-manager and the Prometheus Operator have models too
        assertCaught(
                OverlaysTest::strict,
                o -> ((ObjectNode) Rendered.one(o, "Certificate", "intel-sharing-tls")
                                .path("spec"))
                        .put("dnsName", "x"),
                "dnsName");
        assertCaught(
                OverlaysTest::strict,
                o -> ((ObjectNode) Rendered.one(o, "ServiceMonitor", "gateway")
                                .path("spec")
                                .path("endpoints")
                                .get(0))
                        .put("metricsPath", "/q/metrics"),
                "metricsPath");
        // the operators' kinds checked by field names
        assertCaught(
                OverlaysTest::strict,
                o -> ((ObjectNode) Rendered.one(o, "Cluster", "border-db")
                                .path("spec")
                                .path("storage"))
                        .put("sise", "1Gi"),
                "sise");
        assertCaught(
                OverlaysTest::strict,
                o -> ((ObjectNode) Rendered.one(o, "Keycloak", "border-idp").path("spec")).remove("db"),
                "db.vendor");
        assertCaught(
                OverlaysTest::strict,
                o -> o.add(Rendered.parse("apiVersion: example.org/v1\nkind: Thing\nmetadata: {name: x}\n")
                        .get(0)),
                "Thing");
    }

    @Test
    void everyServingContainerHasLivenessAndReadinessOnTheManagementPort() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.probes(objects), overlay));
        assertCaught(
                Policies::probes,
                o -> container(o, "gateway", "containers", 0).remove("readinessProbe"),
                "readinessProbe");
        assertCaught(
                Policies::probes,
                o -> ((ObjectNode) container(o, "intel-sharing", "containers", 0)
                                .path("livenessProbe")
                                .path("httpGet"))
                        .put("port", "http"),
                "management port");
    }

    @Test
    void everyContainerHasRequestsAndLimits() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.resources(objects), overlay));
        assertCaught(
                Policies::resources,
                o -> ((ObjectNode) container(o, "case-exchange", "initContainers", 0)
                                .path("resources")
                                .path("limits"))
                        .remove("memory"),
                "limits.memory");
    }

    @Test
    void everyPodAndContainerIsRestrictedWithAReadOnlyRoot() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.securityContexts(objects), overlay));
        assertCaught(
                Policies::securityContexts,
                o -> ((ObjectNode)
                                container(o, "joint-mediation", "containers", 0).path("securityContext"))
                        .put("readOnlyRootFilesystem", false),
                "readOnlyRootFilesystem");
        assertCaught(
                Policies::securityContexts,
                o -> ((ObjectNode) container(o, "gateway", "containers", 0).path("securityContext"))
                        .remove("allowPrivilegeEscalation"),
                "allowPrivilegeEscalation");
        assertCaught(
                Policies::securityContexts,
                o -> ((ObjectNode) deployment(o, "intel-sharing")
                                .path("spec")
                                .path("template")
                                .path("spec")
                                .path("securityContext"))
                        .remove("seccompProfile"),
                "pod seccompProfile");
        assertCaught(
                Policies::securityContexts,
                o -> ((ArrayNode) container(o, "intel-sharing", "initContainers", 0)
                                .path("securityContext")
                                .path("capabilities")
                                .path("drop"))
                        .removeAll(),
                "drop ALL");
    }

    @Test
    void everyImageHasAPinnedTag() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.images(objects), overlay));
        assertCaught(
                Policies::images,
                o -> container(o, "gateway", "containers", 0).put("image", "ghcr.io/border-police/gateway:latest"),
                "not a pinned tag");
        assertCaught(
                Policies::images,
                o -> container(o, "gateway", "containers", 0).put("image", "ghcr.io/border-police/gateway"),
                "no tag");
        assertCaught(
                Policies::images,
                o -> container(o, "gateway", "containers", 0).put("image", "gateway:0.1.0"),
                "no registry");
    }

    @Test
    void eachTrustListNamesExactlyItsTwoPartners() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.trustList(objects, Rendered.code(overlay)), overlay));
        Path first = Rendered.overlays().get(0);
        String code = Rendered.code(first);
        // a third jurisdiction slipped in
        List<ObjectNode> third = new ArrayList<>(Rendered.copy(first));
        ObjectNode data =
                (ObjectNode) Rendered.one(third, "ConfigMap", "border-partners").path("data");
        data.put(
                "partners.properties",
                data.path("partners.properties").asText() + "border.federation.partners.330822.name=常山县公安局\n");
        assertTrue(Policies.trustList(third, code).stream().anyMatch(v -> v.contains("330822")));
        // a partner left out
        List<ObjectNode> missing = new ArrayList<>(Rendered.copy(first));
        ObjectNode data2 = (ObjectNode)
                Rendered.one(missing, "ConfigMap", "border-partners").path("data");
        String partner = Policies.partnersOf(code).iterator().next();
        data2.put(
                "partners.properties",
                data2.path("partners.properties")
                        .asText()
                        .lines()
                        .filter(l -> !l.contains(".partners." + partner + "."))
                        .collect(Collectors.joining("\n")));
        assertTrue(Policies.trustList(missing, code).stream().anyMatch(v -> v.contains(partner)));
        // another overlay's trust list
        assertFalse(Policies.trustList(Rendered.objects(first), "330822").isEmpty());
    }

    @Test
    void networkPoliciesLeaveNoPodUnrestricted() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.networkPolicies(objects), overlay));
        assertCaught(
                Policies::networkPolicies,
                o -> o.removeIf(p -> Rendered.id(p).equals("NetworkPolicy/default-deny")),
                "default-deny");
        assertCaught(
                Policies::networkPolicies,
                o -> o.removeIf(p -> Rendered.id(p).equals("NetworkPolicy/gateway")),
                "gateway");
        assertCaught(
                Policies::networkPolicies,
                o -> ((ObjectNode) Rendered.one(o, "NetworkPolicy", "intel-sharing")
                                .path("spec"))
                        .putArray("ingress")
                        .addObject(),
                "opens everything");
        // without the component nothing would pass
        assertCaught(
                Policies::networkPolicies,
                o -> o.removeIf(p -> Rendered.kind(p).equals("NetworkPolicy")),
                "default-deny");
    }

    private static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> Rendered.kind(o).equals(kind) && Rendered.name(o).equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void partnersReachOnlyTheGrpcPortFromTheirAddresses() throws IOException {
        forEachOverlay((overlay, objects) -> {
            assertNone(Policies.partnersIngress(objects), overlay);
            assertEquals(
                    Set.of("intel-sharing-partners", "case-exchange-partners", "joint-mediation-partners"),
                    Rendered.ofKind(objects, "Service").stream()
                            .filter(s -> s.path("spec").path("type").asText().equals("LoadBalancer"))
                            .map(Rendered::name)
                            .collect(Collectors.toSet()),
                    overlay.toString());
        });
        // open to everyone
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) named(o, "Service", "case-exchange-partners")
                                .path("spec")
                                .path("loadBalancerSourceRanges"))
                        .add("0.0.0.0/0"),
                "0.0.0.0/0");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode) named(o, "Service", "intel-sharing-partners").path("spec"))
                        .remove("loadBalancerSourceRanges"),
                "open to everyone");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode) named(o, "NetworkPolicy", "partners-grpc")
                                .path("spec")
                                .path("ingress")
                                .get(0)
                                .path("from")
                                .get(0)
                                .path("ipBlock"))
                        .put("cidr", "0.0.0.0/0"),
                "admits 0.0.0.0/0");
        // the base's placeholder left in place
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) named(o, "Service", "joint-mediation-partners")
                                .path("spec")
                                .path("loadBalancerSourceRanges"))
                        .removeAll()
                        .add("255.255.255.255/32"),
                "255.255.255.255/32");
        // a partner-facing port that leads to the REST API
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode) named(o, "Service", "intel-sharing-partners")
                                .path("spec")
                                .path("ports")
                                .get(0))
                        .put("targetPort", "http"),
                "leads to http");
        // the TLS port serving REST too: the explicit opt-out, or gRPC only not said in the ConfigMap
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode) named(o, "ConfigMap", "case-exchange-config").path("data"))
                        .put("BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY", "false"),
                "serves REST over its TLS port (BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY is false");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode) named(o, "ConfigMap", "case-exchange-config").path("data"))
                        .remove("BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY"),
                "BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY is not set in a ConfigMap");
        // another source that could set it false: an env entry (from a Secret, or a value), a
        // Secret in envFrom after the ConfigMap (review 28 S2)
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) container(o, "case-exchange", "containers", 0).path("env"))
                        .addObject()
                        .put("name", "BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY")
                        .putObject("valueFrom")
                        .putObject("secretKeyRef")
                        .put("name", "tls-settings")
                        .put("key", "grpc-only"),
                "sets BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY in env");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) container(o, "case-exchange", "containers", 0).path("env"))
                        .addObject()
                        .put("name", "BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY")
                        .put("value", "true"),
                "sets BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY in env");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) container(o, "case-exchange", "containers", 0).path("envFrom"))
                        .addObject()
                        .putObject("secretRef")
                        .put("name", "tls-settings"),
                "takes tls-settings into its environment after the ConfigMap case-exchange-config");
        // the same setting spelt otherwise (MicroProfile Config reads any case and separator, and a
        // profile's form), as a JVM option, or from a ConfigMap the manifests do not hold (review 29 S3)
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode) named(o, "ConfigMap", "case-exchange-config").path("data"))
                        .put("border.federation.mutual-tls.grpc-only", "false"),
                "spells BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY as border.federation.mutual-tls.grpc-only");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) container(o, "case-exchange", "containers", 0).path("env"))
                        .addObject()
                        .put("name", "_PROD_BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY")
                        .put("value", "false"),
                "(as _PROD_BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY)");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) container(o, "case-exchange", "containers", 0).path("env"))
                        .addObject()
                        .put("name", "JAVA_TOOL_OPTIONS")
                        .put("value", "-Dborder.federation.mutual-tls.grpc-only=false"),
                "as a system property through JAVA_TOOL_OPTIONS");
        assertCaught(
                Policies::partnersIngress,
                o -> ((ArrayNode) container(o, "case-exchange", "containers", 0).path("envFrom"))
                        .addObject()
                        .putObject("configMapRef")
                        .put("name", "made-elsewhere"),
                "takes the ConfigMap made-elsewhere, which the manifests do not hold");
        // the client's address lost on the way
        assertCaught(
                Policies::partnersIngress,
                o -> ((ObjectNode)
                                named(o, "Service", "joint-mediation-partners").path("spec"))
                        .put("externalTrafficPolicy", "Cluster"),
                "externalTrafficPolicy");
    }

    @Test
    void noCredentialIsRendered() throws IOException {
        forEachOverlay((overlay, objects) -> assertNone(Policies.noSecrets(objects), overlay));
        assertCaught(
                Policies::noSecrets,
                o -> o.add(Rendered.parse(
                                "apiVersion: v1\nkind: Secret\nmetadata: {name: border-relay}\nstringData: {secret: x}\n")
                        .get(0)),
                "Secret/border-relay");
    }

    /**
     * The optional s3-file-store component (docs/files.md) added to an overlay, as an operator
     * adds it: it renders, parses strictly and keeps every rule; case-exchange runs on the s3
     * store with its settings from the Secret (none rendered), the migration job untouched.
     */
    @Test
    void theS3FileStoreComponentKeepsEveryRule() throws IOException {
        List<ObjectNode> objects = withComponent("s3-file-store");
        JsonNode env = container(objects, "case-exchange", "containers", 0).path("env");
        Set<String> fromSecret = new TreeSet<>();
        String store = null;
        for (JsonNode e : env) {
            if (e.path("valueFrom").path("secretKeyRef").path("name").asText().equals("border-s3-file-store")) {
                fromSecret.add(e.path("name").asText());
            }
            if (e.path("name").asText().equals("BORDER_FEDERATION_FILES_STORE")) {
                store = e.path("value").asText();
            }
        }
        assertEquals("s3", store);
        assertEquals(
                Set.of(
                        "BORDER_FEDERATION_FILES_S3_ENDPOINT",
                        "BORDER_FEDERATION_FILES_S3_BUCKET",
                        "BORDER_FEDERATION_FILES_S3_ACCESS_KEY_ID",
                        "BORDER_FEDERATION_FILES_S3_SECRET_ACCESS_KEY"),
                fromSecret);
        assertFalse(container(objects, "case-exchange", "initContainers", 0)
                .path("env")
                .toString()
                .contains("BORDER_FEDERATION_FILES"));
        assertEquals(
                "border-330881",
                Rendered.one(objects, "NetworkPolicy", "border-case-exchange-object-store")
                        .path("metadata")
                        .path("namespace")
                        .asText());
    }

    /**
     * Jiangshan's overlay with the optional component added, as an operator adds it, rendered: it
     * parses strictly and keeps every rule.
     */
    private List<ObjectNode> withComponent(String component) throws IOException {
        Path copy = Files.createTempDirectory("k8s");
        try (var paths = Files.walk(Rendered.K8S)) {
            for (Path from : paths.toList()) {
                Path to = copy.resolve(Rendered.K8S.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Path overlay = copy.resolve("overlays/jiangshan-330881");
        Path kustomization = overlay.resolve("kustomization.yaml");
        String text = Files.readString(kustomization);
        String tracing = "  - ../../components/tracing\n";
        assertTrue(text.contains(tracing));
        Files.writeString(kustomization, text.replace(tracing, tracing + "  - ../../components/" + component + "\n"));
        List<ObjectNode> objects = Rendered.parse(Rendered.render(overlay));

        for (List<String> violations : List.of(
                strict(objects),
                Policies.probes(objects),
                Policies.resources(objects),
                Policies.securityContexts(objects),
                Policies.images(objects),
                Policies.trustList(objects, "330881"),
                Policies.networkPolicies(objects),
                Policies.partnersIngress(objects),
                Policies.noSecrets(objects))) {
            assertNone(violations, overlay);
        }
        return objects;
    }

    /**
     * The optional directory-file-store component (docs/files.md): case-exchange on the directory
     * store, at the path where the claim is mounted read-write, the root filesystem still read-only
     * and the pod's fsGroup giving the service's user the volume; the claim is ReadWriteMany (two
     * replicas share it) in the jurisdiction's namespace; the migration job neither mounts nor names it.
     */
    @Test
    void theDirectoryFileStoreComponentKeepsEveryRule() throws IOException {
        List<ObjectNode> objects = withComponent("directory-file-store");
        JsonNode main = container(objects, "case-exchange", "containers", 0);
        Map<String, String> env = new java.util.HashMap<>();
        main.path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertEquals("directory", env.get("BORDER_FEDERATION_FILES_STORE"));
        String path = env.get("BORDER_FEDERATION_FILES_DIRECTORY_PATH");
        JsonNode mount = null;
        for (JsonNode m : main.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                mount = m;
            }
        }
        assertTrue(mount != null, "a volume is mounted at " + path);
        assertFalse(mount.path("readOnly").asBoolean(false), "the files' volume is writable");
        assertTrue(main.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false));
        JsonNode pod = Rendered.one(objects, "Deployment", "case-exchange")
                .path("spec")
                .path("template")
                .path("spec");
        assertEquals(185, pod.path("securityContext").path("fsGroup").asInt(), "the volume's group is the service's");
        String claim = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(mount.path("name").asText())) {
                claim = v.path("persistentVolumeClaim").path("claimName").asText();
            }
        }
        ObjectNode pvc = Rendered.one(objects, "PersistentVolumeClaim", claim);
        assertEquals("border-330881", pvc.path("metadata").path("namespace").asText());
        assertEquals("[\"ReadWriteMany\"]", pvc.path("spec").path("accessModes").toString());
        JsonNode migrate = container(objects, "case-exchange", "initContainers", 0);
        assertFalse(migrate.path("env").toString().contains("BORDER_FEDERATION_FILES"));
        assertFalse(migrate.path("volumeMounts").toString().contains(path));
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** The KeycloakRealmImport holds exactly the deployment realm file (written by generate-realms.py), no secret, every placeholder given. */
    @Test
    void eachRealmImportIsTheDeploymentRealmFileWithItsPlaceholdersGiven() throws IOException {
        forEachOverlay((overlay, objects) -> {
            String code = Rendered.code(overlay);
            ObjectNode imported = Rendered.one(objects, "KeycloakRealmImport", "border-" + code);
            JsonNode realm = imported.path("spec").path("realm");
            JsonNode file;
            try {
                file = Rendered.YAML.readTree(Files.readString(
                        Rendered.REPO.resolve("deploy/keycloak/realms").resolve(code + ".json")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertEquals(file, realm, overlay + ": run deploy/keycloak/generate-realms.py");
            assertEquals(
                    "border-idp", imported.path("spec").path("keycloakCRName").asText());
            String text = realm.toString();
            assertFalse(text.contains("\"secret\""), "a deployment realm names no secret (review 26 M4)");
            Set<String> used = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
            Set<String> given = new TreeSet<>();
            imported.path("spec").path("placeholders").fieldNames().forEachRemaining(given::add);
            assertEquals(used, given, overlay + ": the realm's placeholders and spec.placeholders");
        });
    }
}
