package org.borderpolice.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules every rendered overlay must keep, each a function from the rendered objects to its
 * violations, so that a test can run it on a broken copy too.
 */
final class Policies {
    /** The services of the suite (Deployments), whose containers serve the management port. */
    static final Set<String> SERVICES = Set.of("gateway", "intel-sharing", "case-exchange", "joint-mediation");

    /** The agreement (DOMAIN.md): each jurisdiction's partners are the other two. */
    static final Set<String> JURISDICTIONS = Set.of("330881", "350722", "361103");

    private Policies() {}

    static Set<String> partnersOf(String code) {
        Set<String> partners = new TreeSet<>(JURISDICTIONS);
        partners.remove(code);
        return partners;
    }

    private static List<JsonNode> podSpecs(List<ObjectNode> objects) {
        List<JsonNode> specs = new ArrayList<>();
        for (ObjectNode o : objects) {
            switch (Rendered.kind(o)) {
                case "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet" ->
                    specs.add(o.path("spec").path("template").path("spec"));
                case "CronJob" ->
                    specs.add(o.path("spec")
                            .path("jobTemplate")
                            .path("spec")
                            .path("template")
                            .path("spec"));
                case "Pod" -> specs.add(o.path("spec"));
                default -> {}
            }
        }
        return specs;
    }

    private static List<JsonNode> workloads(List<ObjectNode> objects) {
        return objects.stream()
                .filter(o -> Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod")
                        .contains(Rendered.kind(o)))
                .map(o -> (JsonNode) o)
                .toList();
    }

    /** Liveness and readiness on every serving container: HTTP GET of /q/health/live and /q/health/ready on the management port. */
    static List<String> probes(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (JsonNode workload : workloads(objects)) {
            JsonNode spec = workload.path("spec").path("template").path("spec");
            for (JsonNode c : spec.path("containers")) {
                String where =
                        Rendered.id(workload) + " container " + c.path("name").asText();
                for (String[] probe : List.of(
                        new String[] {"livenessProbe", "/q/health/live"},
                        new String[] {"readinessProbe", "/q/health/ready"})) {
                    JsonNode get = c.path(probe[0]).path("httpGet");
                    if (get.isMissingNode()) {
                        violations.add(where + ": no " + probe[0] + " (HTTP GET)");
                        continue;
                    }
                    if (!probe[1].equals(get.path("path").asText())) {
                        violations.add(where + ": " + probe[0] + " on "
                                + get.path("path").asText() + ", not " + probe[1]);
                    }
                    if (!"management".equals(get.path("port").asText())) {
                        violations.add(where + ": " + probe[0]
                                + " not on the management port (the public port answers 404 to /q/)");
                    }
                }
                boolean declaresManagement = false;
                for (JsonNode port : c.path("ports")) {
                    declaresManagement |= "management".equals(port.path("name").asText());
                }
                if (!declaresManagement) {
                    violations.add(where + ": no port named management");
                }
            }
        }
        return violations;
    }

    /** CPU and memory requests and limits on every container, init containers too. */
    static List<String> resources(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (JsonNode workload : workloads(objects)) {
            for (JsonNode c : containers(workload)) {
                String where =
                        Rendered.id(workload) + " container " + c.path("name").asText();
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (c.path("resources")
                                .path(kind)
                                .path(resource)
                                .asText()
                                .isBlank()) {
                            violations.add(where + ": no " + kind + "." + resource);
                        }
                    }
                }
            }
        }
        return violations;
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode spec = workload.path("spec").path("template").path("spec");
        spec.path("initContainers").forEach(all::add);
        spec.path("containers").forEach(all::add);
        return all;
    }

    /** The restricted pod security standard and a read-only root file system, on every pod and container. */
    static List<String> securityContexts(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (JsonNode workload : workloads(objects)) {
            JsonNode spec = workload.path("spec").path("template").path("spec");
            String id = Rendered.id(workload);
            JsonNode pod = spec.path("securityContext");
            if (!pod.path("runAsNonRoot").asBoolean(false)) {
                violations.add(id + ": pod securityContext.runAsNonRoot is not true");
            }
            if (!"RuntimeDefault".equals(pod.path("seccompProfile").path("type").asText())) {
                violations.add(id + ": pod seccompProfile is not RuntimeDefault");
            }
            if (pod.has("runAsUser") && pod.path("runAsUser").asInt() == 0) {
                violations.add(id + ": pod runs as user 0");
            }
            if (spec.path("hostNetwork").asBoolean(false)
                    || spec.path("hostPID").asBoolean(false)) {
                violations.add(id + ": host namespaces");
            }
            if (spec.path("automountServiceAccountToken").asBoolean(true)) {
                violations.add(
                        id + ": the service account token is mounted (the services never call the Kubernetes API)");
            }
            for (JsonNode c : containers(workload)) {
                String where = id + " container " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                if (!sc.path("runAsNonRoot").asBoolean(false)) {
                    violations.add(where + ": runAsNonRoot is not true");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    violations.add(where + ": readOnlyRootFilesystem is not true");
                }
                if (!sc.has("allowPrivilegeEscalation")
                        || sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    violations.add(where + ": privileged");
                }
                Set<String> dropped = new TreeSet<>();
                sc.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                if (!dropped.contains("ALL")) {
                    violations.add(where + ": capabilities do not drop ALL");
                }
                if (sc.path("capabilities").path("add").size() > 0) {
                    violations.add(where + ": capabilities added "
                            + sc.path("capabilities").path("add"));
                }
                if (!"RuntimeDefault"
                        .equals(sc.path("seccompProfile").path("type").asText())) {
                    violations.add(where + ": seccompProfile is not RuntimeDefault");
                }
                // a read-only root needs a writable /tmp (the JVM, Vert.x's file cache)
                boolean tmp = false;
                for (JsonNode mount : c.path("volumeMounts")) {
                    tmp |= "/tmp".equals(mount.path("mountPath").asText());
                }
                if (!tmp) {
                    violations.add(where + ": no volume at /tmp");
                }
            }
        }
        return violations;
    }

    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

    /** Every image names a registry and a pinned tag (never latest) or a digest; the operators' images too. */
    static List<String> images(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        List<String[]> images = new ArrayList<>();
        for (JsonNode workload : workloads(objects)) {
            for (JsonNode c : containers(workload)) {
                images.add(new String[] {
                    Rendered.id(workload) + " container " + c.path("name").asText(),
                    c.path("image").asText()
                });
            }
        }
        for (ObjectNode o : objects) {
            if ("Keycloak".equals(Rendered.kind(o))) {
                images.add(new String[] {
                    Rendered.id(o), o.path("spec").path("image").asText()
                });
            }
            if ("Cluster".equals(Rendered.kind(o))) {
                images.add(new String[] {
                    Rendered.id(o), o.path("spec").path("imageName").asText()
                });
            }
        }
        for (String[] image : images) {
            String ref = image[1];
            if (ref.isBlank()) {
                violations.add(image[0] + ": no image");
                continue;
            }
            if (DIGEST.matcher(ref).find()) {
                continue;
            }
            int slash = ref.lastIndexOf('/');
            int colon = ref.lastIndexOf(':');
            if (colon < slash || colon < 0) {
                violations.add(image[0] + ": " + ref + " has no tag");
                continue;
            }
            String tag = ref.substring(colon + 1);
            if (tag.equalsIgnoreCase("latest") || tag.isBlank() || tag.contains("SNAPSHOT")) {
                violations.add(image[0] + ": " + ref + " is not a pinned tag");
            }
            if (slash < 0 || !ref.substring(0, ref.indexOf('/')).contains(".")) {
                violations.add(image[0] + ": " + ref + " names no registry");
            }
        }
        return violations;
    }

    private static final Pattern PARTNER_KEY = Pattern.compile("^border\\.federation\\.partners\\.([^.]+)\\.(.+)$");

    /**
     * The trust list (the border-partners ConfigMap's files) names exactly the overlay's partners:
     * each with name, issuer, JWKS, peer client, trust certificate and an endpoint per service with
     * a database; and the jurisdiction's own code is the overlay's.
     */
    static List<String> trustList(List<ObjectNode> objects, String code) {
        List<String> violations = new ArrayList<>();
        Set<String> expected = partnersOf(code);
        ObjectNode jurisdiction = Rendered.one(objects, "ConfigMap", "border-jurisdiction");
        String own = jurisdiction
                .path("data")
                .path("BORDER_FEDERATION_JURISDICTION_CODE")
                .asText();
        if (!code.equals(own)) {
            violations.add("border-jurisdiction names " + own + ", the overlay is " + code);
        }
        if (!jurisdiction
                .path("data")
                .path("BORDER_FEDERATION_JURISDICTION_ISSUER")
                .asText()
                .endsWith("/border-" + code)) {
            violations.add("border-jurisdiction's issuer is not the realm border-" + code);
        }
        ObjectNode partners = Rendered.one(objects, "ConfigMap", "border-partners");
        Map<String, Set<String>> settingsByPartner = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = partners.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(file.getValue().asText()));
            } catch (IOException e) {
                violations.add(file.getKey() + ": " + e.getMessage());
                continue;
            }
            for (String key : properties.stringPropertyNames()) {
                Matcher m = PARTNER_KEY.matcher(key);
                if (!m.matches()) {
                    violations.add(file.getKey() + ": " + key + " is not a trust list setting");
                    continue;
                }
                settingsByPartner
                        .computeIfAbsent(m.group(1), k -> new TreeSet<>())
                        .add(m.group(2));
                String value = properties.getProperty(key);
                if (m.group(2).equals("issuer") && !value.endsWith("/realms/border-" + m.group(1))) {
                    violations.add(key + "=" + value + " is not the partner's realm");
                }
                if (m.group(2).startsWith("endpoints.") && !value.contains("." + m.group(1) + ".")) {
                    violations.add(key + "=" + value + " is not an address of " + m.group(1));
                }
            }
        }
        if (!settingsByPartner.keySet().equals(expected)) {
            violations.add("the trust list names " + settingsByPartner.keySet() + ", the agreement gives " + code
                    + " the partners " + expected);
        }
        for (String partner : expected) {
            Set<String> settings = settingsByPartner.getOrDefault(partner, Set.of());
            for (String required : List.of(
                    "name",
                    "issuer",
                    "jwks-url",
                    "peer-client-id",
                    "tls.trust-certificate",
                    "categories",
                    "endpoints.intel-sharing",
                    "endpoints.case-exchange",
                    "endpoints.joint-mediation")) {
                if (!settings.contains(required)) {
                    violations.add("partner " + partner + " has no " + required);
                }
            }
        }
        return violations;
    }

    /**
     * Network policies (with the component): a default deny of ingress and egress for every pod, and
     * every pod of the overlay (the services', the database's, Keycloak's) selected by a policy that
     * allows it something; no policy opens all ports to all sources.
     */
    static List<String> networkPolicies(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> policies = Rendered.ofKind(objects, "NetworkPolicy");
        boolean defaultDeny = policies.stream()
                .anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                        && !p.path("spec").has("ingress")
                        && !p.path("spec").has("egress")
                        && types(p).containsAll(Set.of("Ingress", "Egress")));
        if (!defaultDeny) {
            violations.add("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rule)");
        }
        List<Map<String, String>> pods = new ArrayList<>();
        for (JsonNode workload : workloads(objects)) {
            pods.add(labels(
                    workload.path("spec").path("template").path("metadata").path("labels")));
        }
        // the operators' pods: CloudNativePG's instances, Keycloak's
        for (ObjectNode cluster : Rendered.ofKind(objects, "Cluster")) {
            pods.add(Map.of("cnpg.io/cluster", Rendered.name(cluster)));
        }
        if (!Rendered.ofKind(objects, "Keycloak").isEmpty()) {
            pods.add(Map.of("app", "keycloak"));
        }
        for (Map<String, String> pod : pods) {
            boolean selected = policies.stream()
                    .filter(p -> !p.path("spec").path("podSelector").isEmpty())
                    .anyMatch(p -> matches(p.path("spec").path("podSelector").path("matchLabels"), pod)
                            && types(p).containsAll(Set.of("Ingress", "Egress")));
            if (!selected) {
                violations.add("pods " + pod + " are selected by no NetworkPolicy of their own for Ingress and Egress");
            }
        }
        for (ObjectNode p : policies) {
            for (String direction : List.of("ingress", "egress")) {
                for (JsonNode rule : p.path("spec").path(direction)) {
                    if (!rule.has("ports") || rule.path("ports").isEmpty()) {
                        if (!rule.has(direction.equals("ingress") ? "from" : "to")) {
                            violations.add(Rendered.id(p) + ": a " + direction
                                    + " rule with neither peers nor ports opens everything");
                        }
                    }
                }
            }
        }
        return violations;
    }

    private static Set<String> types(JsonNode policy) {
        Set<String> types = new TreeSet<>();
        policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean matches(JsonNode matchLabels, Map<String, String> pod) {
        if (matchLabels.isMissingNode() || matchLabels.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(pod.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Sources that admit the whole internet, or nobody (the base's placeholder the overlay replaces). */
    private static final Set<String> OPEN_OR_PLACEHOLDER = Set.of("0.0.0.0/0", "::/0", "255.255.255.255/32");

    /**
     * What partners reach (review 27 M1): every Service outside the cluster (LoadBalancer,
     * NodePort) leads only to a service's TLS port, which serves the federation's gRPC alone (mutual
     * TLS on and {@code BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY} explicitly "true" in a ConfigMap of
     * the pods it selects, from no other source: the REST API is not behind it), admits only the partners' source ranges (none
     * open to everyone, the base's placeholder replaced) and keeps the client's address for the
     * NetworkPolicy; no NetworkPolicy admits 0.0.0.0/0, and the one admitting the TLS port admits
     * exactly the load balancers' ranges.
     */
    static List<String> partnersIngress(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        Set<String> balancerRanges = new TreeSet<>();
        for (ObjectNode service : Rendered.ofKind(objects, "Service")) {
            String type = service.path("spec").path("type").asText("ClusterIP");
            if (!Set.of("LoadBalancer", "NodePort").contains(type)) {
                continue;
            }
            String id = Rendered.id(service);
            JsonNode selector = service.path("spec").path("selector");
            List<ObjectNode> pods = Rendered.ofKind(objects, "Deployment").stream()
                    .filter(d -> matches(
                            selector,
                            labels(d.path("spec")
                                    .path("template")
                                    .path("metadata")
                                    .path("labels"))))
                    .toList();
            if (pods.isEmpty()) {
                violations.add(id + " selects no Deployment");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                String target = port.path("targetPort").asText();
                if (!target.equals("https") && !target.equals("8443")) {
                    violations.add(id + " port " + port.path("port").asText() + " leads to " + target
                            + ", not the TLS port that serves gRPC only");
                }
            }
            for (ObjectNode deployment : pods) {
                Map<String, String> config = containerConfig(objects, deployment);
                if (!"true".equals(config.get("BORDER_FEDERATION_MUTUAL_TLS_ENABLED"))) {
                    violations.add(id + ": " + Rendered.id(deployment) + " has no mutual TLS");
                }
                violations.addAll(grpcOnlyFromConfigMap(objects, deployment, id));
            }
            JsonNode ranges = service.path("spec").path("loadBalancerSourceRanges");
            if (ranges.isEmpty()) {
                violations.add(id + " has no loadBalancerSourceRanges: open to everyone");
            }
            for (JsonNode range : ranges) {
                if (OPEN_OR_PLACEHOLDER.contains(range.asText())) {
                    violations.add(
                            id + " loadBalancerSourceRanges " + range.asText() + ": not the partners' addresses");
                }
                balancerRanges.add(range.asText());
            }
            if (!"Local"
                    .equals(service.path("spec").path("externalTrafficPolicy").asText())) {
                violations.add(id + " without externalTrafficPolicy Local: NetworkPolicies see a node's address");
            }
        }
        for (ObjectNode policy : Rendered.ofKind(objects, "NetworkPolicy")) {
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                Set<String> cidrs = new TreeSet<>();
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("ipBlock")) {
                        String cidr = peer.path("ipBlock").path("cidr").asText();
                        cidrs.add(cidr);
                        if (OPEN_OR_PLACEHOLDER.contains(cidr)) {
                            violations.add(Rendered.id(policy) + " admits " + cidr + ": not the partners' addresses");
                        }
                    }
                }
                boolean tlsPort = false;
                for (JsonNode port : rule.path("ports")) {
                    tlsPort |= port.path("port").asText().equals("8443");
                }
                if (tlsPort && !cidrs.isEmpty() && !cidrs.equals(balancerRanges)) {
                    violations.add(Rendered.id(policy) + " admits " + cidrs + " to the TLS port, the load balancers "
                            + balancerRanges);
                }
            }
        }
        return violations;
    }

    static final String GRPC_ONLY = "BORDER_FEDERATION_MUTUAL_TLS_GRPC_ONLY";

    /** The variables the JVM reads options (-D system properties) from. */
    static final Set<String> JVM_OPTIONS =
            Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "JAVA_OPTS_APPEND");

    /**
     * Whether an environment variable's name is the gRPC-only setting as MicroProfile Config's
     * environment source reads it: any case, any character but a letter or digit as '_', with or
     * without a profile ({@code _PROD_BORDER_…}, {@code %prod.border.…}).
     */
    static boolean meansGrpcOnly(String name) {
        String normalised = name.replaceFirst("^%[^.]*\\.", "")
                .toUpperCase(java.util.Locale.ROOT)
                .replaceAll("[^A-Z0-9]", "_");
        return normalised.equals(GRPC_ONLY) || normalised.matches("_[A-Z0-9]+_" + GRPC_ONLY);
    }

    /**
     * gRPC only on the TLS port, said by the manifests themselves (review 28 S2): {@link #GRPC_ONLY}
     * is "true" in a ConfigMap of the first container's {@code envFrom}, and nothing else can give
     * the variable: no {@code env} entry of that name (a {@code valueFrom} Secret's value is not in
     * the manifests, and an entry wins over {@code envFrom}), and no Secret (or other source the
     * manifests do not hold) in {@code envFrom} after that ConfigMap whose keys could hold it (the
     * last source wins). Unset is refused too: the service's default follows mutual TLS, but an
     * image's default is not the manifests' word.
     */
    private static List<String> grpcOnlyFromConfigMap(List<ObjectNode> objects, ObjectNode deployment, String id) {
        List<String> violations = new ArrayList<>();
        String where = id + ": " + Rendered.id(deployment);
        JsonNode container = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (meansGrpcOnly(name)) {
                violations.add(where + " sets " + GRPC_ONLY + " in env (as " + name + "), not in its ConfigMap");
            }
            // a system property (-D) outranks every environment variable
            if (JVM_OPTIONS.contains(name)
                    && (env.has("valueFrom")
                            || env.path("value")
                                    .asText()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains("grpc-only"))) {
                violations.add(where + " could set " + GRPC_ONLY + " as a system property through " + name);
            }
        }
        String value = null;
        String setBy = null;
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            String configMap = from.path("configMapRef").path("name").asText(null);
            if (configMap != null) {
                ObjectNode found = null;
                for (ObjectNode c : Rendered.ofKind(objects, "ConfigMap")) {
                    if (Rendered.name(c).equals(configMap)) {
                        found = c;
                    }
                }
                if (found == null) {
                    if (setBy != null) {
                        violations.add(where + " takes the ConfigMap " + configMap + ", which the manifests do not "
                                + "hold, after the ConfigMap " + setBy + ": it could set " + GRPC_ONLY);
                    }
                    continue;
                }
                for (java.util.Iterator<String> keys = found.path("data").fieldNames(); keys.hasNext(); ) {
                    String key = prefix + keys.next();
                    if (GRPC_ONLY.equals(key)) {
                        value = found.path("data")
                                .path(key.substring(prefix.length()))
                                .asText();
                        setBy = configMap;
                    } else if (meansGrpcOnly(key)) {
                        violations.add(where + " spells " + GRPC_ONLY + " as " + key + " in the ConfigMap " + configMap
                                + ": say it once, as " + GRPC_ONLY);
                    }
                }
            } else if (setBy != null) {
                String source = from.path("secretRef").path("name").asText(from.toString());
                violations.add(where + " takes " + source + " into its environment after the ConfigMap " + setBy
                        + ": it could set " + GRPC_ONLY);
            }
        }
        if (!"true".equals(value)) {
            violations.add(where + " serves REST over its TLS port (" + GRPC_ONLY + " is "
                    + (value == null ? "not set in a ConfigMap" : value) + ", not true)");
        }
        return violations;
    }

    /** The environment a Deployment's first container gets from its ConfigMaps (envFrom) and env values. */
    private static Map<String, String> containerConfig(List<ObjectNode> objects, ObjectNode deployment) {
        Map<String, String> config = new java.util.TreeMap<>();
        JsonNode container = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText(null);
            if (name == null) {
                continue;
            }
            Rendered.ofKind(objects, "ConfigMap").stream()
                    .filter(c -> Rendered.name(c).equals(name))
                    .forEach(c -> c.path("data")
                            .fields()
                            .forEachRemaining(
                                    e -> config.put(e.getKey(), e.getValue().asText())));
        }
        for (JsonNode env : container.path("env")) {
            if (env.has("value")) {
                config.put(env.path("name").asText(), env.path("value").asText());
            }
        }
        return config;
    }

    /** No Secret is rendered: credentials are created in the cluster, never kept in the repository. */
    static List<String> noSecrets(List<ObjectNode> objects) {
        return Rendered.ofKind(objects, "Secret").stream()
                .map(s -> Rendered.id(s) + ": a Secret in the manifests (credentials are created in the cluster)")
                .toList();
    }
}
