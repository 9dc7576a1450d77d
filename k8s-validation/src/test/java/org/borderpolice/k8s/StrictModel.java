package org.borderpolice.k8s;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Strict parsing of rendered objects into the fabric8 models (Kubernetes, cert-manager, Prometheus
 * Operator). The models keep a field they do not know in {@code additionalProperties} instead of
 * refusing it, so every model object reached from the parsed resource is visited and any such
 * field is a violation, named by its path. A wrong type (a string for {@code replicas}) fails in
 * Jackson already. Kinds without a model here (CloudNativePG, the Keycloak operator) are checked
 * by {@link OperatorResources}; any other kind is refused.
 */
final class StrictModel {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** API groups whose kinds are parsed into fabric8 models. */
    static final Set<String> MODELLED_GROUPS = Set.of(
            "", "apps", "policy", "autoscaling", "networking.k8s.io", "cert-manager.io", "monitoring.coreos.com");

    private StrictModel() {}

    static String group(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Violations of one rendered object (empty: it parses strictly). */
    static List<String> violations(ObjectNode object) {
        List<String> violations = new ArrayList<>();
        String id = Rendered.id(object);
        if (!MODELLED_GROUPS.contains(group(object))) {
            if (OperatorResources.KINDS.contains(object.path("apiVersion").asText() + "/" + Rendered.kind(object))) {
                return OperatorResources.violations(object);
            }
            violations.add(id + ": " + object.path("apiVersion").asText()
                    + " has no model here and no typed check (OperatorResources)");
            return violations;
        }
        KubernetesResource parsed;
        try {
            parsed = SERIALIZATION.unmarshal(object.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            violations.add(id + ": does not parse: " + e.getMessage());
            return violations;
        }
        if (parsed instanceof GenericKubernetesResource) {
            violations.add(id + ": " + object.path("apiVersion").asText() + " " + Rendered.kind(object)
                    + " is not a kind of the models on the class path");
            return violations;
        }
        walk(parsed, id, violations, new IdentityHashMap<>());
        return violations;
    }

    /** Every model object reachable from {@code value}: a non-empty additionalProperties is a field the model does not know. */
    private static void walk(
            Object value, String path, List<String> violations, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", violations, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "[" + e.getKey() + "]", violations, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        violations.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else {
                    walk(fieldValue, path + "." + field.getName(), violations, seen);
                }
            }
        }
    }
}
