package org.borderpolice.k8s;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A typed check of the kinds no Maven artifact here models or ships a CRD schema for
 * (CloudNativePG's Cluster, Database and ScheduledBackup; the Keycloak operator's Keycloak and
 * KeycloakRealmImport; the Keycloak operator's jar is not on Maven Central): the field names of
 * their CRDs' specs (CloudNativePG 1.25+ API reference, Keycloak operator 26) down to the objects
 * these manifests use, and the fields each requires. An unknown field at a level listed here is a
 * violation; below a level marked {@link #ANY} (a free map, or a part these manifests do not use)
 * nothing is checked. The realm of a KeycloakRealmImport is checked against its file instead
 * ({@code RealmImportTest}).
 */
final class OperatorResources {
    /** A value not checked further. */
    static final Object ANY = new Object();

    private record Kind(Map<String, Object> spec, List<String> required) {}

    private static final Map<String, Object> SECRET_KEY = Map.of("name", ANY, "key", ANY);
    private static final Map<String, Object> LOCAL_REF = Map.of("name", ANY);
    private static final Map<String, Object> RESOURCES = Map.of("requests", ANY, "limits", ANY, "claims", ANY);

    private static final Map<String, Kind> KINDS_BY_NAME = Map.of(
            "postgresql.cnpg.io/v1/Cluster",
            new Kind(
                    entries(
                            "affinity",
                            ANY,
                            "backup",
                            Map.of(
                                    "retentionPolicy",
                                    ANY,
                                    "target",
                                    ANY,
                                    "volumeSnapshot",
                                    ANY,
                                    "barmanObjectStore",
                                    entries(
                                            "destinationPath",
                                            ANY,
                                            "endpointURL",
                                            ANY,
                                            "endpointCA",
                                            ANY,
                                            "serverName",
                                            ANY,
                                            "s3Credentials",
                                            Map.of(
                                                    "accessKeyId", SECRET_KEY,
                                                    "secretAccessKey", SECRET_KEY,
                                                    "region", SECRET_KEY,
                                                    "sessionToken", SECRET_KEY,
                                                    "inheritFromIAMRole", ANY),
                                            "azureCredentials",
                                            ANY,
                                            "googleCredentials",
                                            ANY,
                                            "wal",
                                            Map.of("compression", ANY, "encryption", ANY, "maxParallel", ANY),
                                            "data",
                                            Map.of(
                                                    "compression", ANY,
                                                    "encryption", ANY,
                                                    "jobs", ANY,
                                                    "immediateCheckpoint", ANY),
                                            "tags",
                                            ANY,
                                            "historyTags",
                                            ANY)),
                            "bootstrap",
                            Map.of(
                                    "initdb",
                                    entries(
                                            "database",
                                            ANY,
                                            "owner",
                                            ANY,
                                            "secret",
                                            LOCAL_REF,
                                            "encoding",
                                            ANY,
                                            "localeCollate",
                                            ANY,
                                            "localeCType",
                                            ANY,
                                            "locale",
                                            ANY,
                                            "localeProvider",
                                            ANY,
                                            "icuLocale",
                                            ANY,
                                            "dataChecksums",
                                            ANY,
                                            "walSegmentSize",
                                            ANY,
                                            "options",
                                            ANY,
                                            "postInitSQL",
                                            ANY,
                                            "postInitApplicationSQL",
                                            ANY,
                                            "postInitTemplateSQL",
                                            ANY,
                                            "postInitSQLRefs",
                                            ANY,
                                            "postInitApplicationSQLRefs",
                                            ANY,
                                            "postInitTemplateSQLRefs",
                                            ANY,
                                            "import",
                                            ANY),
                                    "recovery",
                                    ANY,
                                    "pg_basebackup",
                                    ANY),
                            "certificates",
                            Map.of(
                                    "serverCASecret", ANY,
                                    "serverTLSSecret", ANY,
                                    "clientCASecret", ANY,
                                    "replicationTLSSecret", ANY,
                                    "serverAltDNSNames", ANY),
                            "description",
                            ANY,
                            "enablePDB",
                            ANY,
                            "enableSuperuserAccess",
                            ANY,
                            "env",
                            ANY,
                            "envFrom",
                            ANY,
                            "ephemeralVolumeSource",
                            ANY,
                            "ephemeralVolumesSizeLimit",
                            ANY,
                            "externalClusters",
                            ANY,
                            "failoverDelay",
                            ANY,
                            "imageCatalogRef",
                            ANY,
                            "imageName",
                            ANY,
                            "imagePullPolicy",
                            ANY,
                            "imagePullSecrets",
                            ANY,
                            "inheritedMetadata",
                            ANY,
                            "instances",
                            ANY,
                            "livenessProbeTimeout",
                            ANY,
                            "logLevel",
                            ANY,
                            "managed",
                            Map.of(
                                    "roles",
                                    List.of(entries(
                                            "name",
                                            ANY,
                                            "ensure",
                                            ANY,
                                            "comment",
                                            ANY,
                                            "login",
                                            ANY,
                                            "superuser",
                                            ANY,
                                            "createdb",
                                            ANY,
                                            "createrole",
                                            ANY,
                                            "inherit",
                                            ANY,
                                            "replication",
                                            ANY,
                                            "bypassrls",
                                            ANY,
                                            "connectionLimit",
                                            ANY,
                                            "validUntil",
                                            ANY,
                                            "inRoles",
                                            ANY,
                                            "passwordSecret",
                                            LOCAL_REF,
                                            "disablePassword",
                                            ANY)),
                                    "services",
                                    ANY),
                            "maxSyncReplicas",
                            ANY,
                            "minSyncReplicas",
                            ANY,
                            "monitoring",
                            ANY,
                            "nodeMaintenanceWindow",
                            ANY,
                            "plugins",
                            ANY,
                            "postgresGID",
                            ANY,
                            "postgresUID",
                            ANY,
                            "postgresql",
                            Map.of(
                                    "parameters", ANY,
                                    "pg_hba", ANY,
                                    "pg_ident", ANY,
                                    "shared_preload_libraries", ANY,
                                    "synchronous", ANY,
                                    "ldap", ANY,
                                    "promotionTimeout", ANY,
                                    "enableAlterSystem", ANY,
                                    "syncReplicaElectionConstraint", ANY),
                            "primaryUpdateMethod",
                            ANY,
                            "primaryUpdateStrategy",
                            ANY,
                            "priorityClassName",
                            ANY,
                            "probes",
                            ANY,
                            "projectedVolumeTemplate",
                            ANY,
                            "replica",
                            ANY,
                            "replicationSlots",
                            ANY,
                            "resources",
                            RESOURCES,
                            "schedulerName",
                            ANY,
                            "seccompProfile",
                            ANY,
                            "serviceAccountTemplate",
                            ANY,
                            "smartShutdownTimeout",
                            ANY,
                            "startDelay",
                            ANY,
                            "stopDelay",
                            ANY,
                            "storage",
                            Map.of("size", ANY, "storageClass", ANY, "pvcTemplate", ANY, "resizeInUseVolumes", ANY),
                            "superuserSecret",
                            ANY,
                            "switchoverDelay",
                            ANY,
                            "tablespaces",
                            ANY,
                            "topologySpreadConstraints",
                            ANY,
                            "walStorage",
                            Map.of("size", ANY, "storageClass", ANY, "pvcTemplate", ANY, "resizeInUseVolumes", ANY)),
                    List.of("instances", "storage.size")),
            "postgresql.cnpg.io/v1/Database",
            new Kind(
                    entries(
                            "cluster",
                            LOCAL_REF,
                            "name",
                            ANY,
                            "owner",
                            ANY,
                            "ensure",
                            ANY,
                            "databaseReclaimPolicy",
                            ANY,
                            "template",
                            ANY,
                            "encoding",
                            ANY,
                            "locale",
                            ANY,
                            "localeProvider",
                            ANY,
                            "localeCollate",
                            ANY,
                            "localeCType",
                            ANY,
                            "icuLocale",
                            ANY,
                            "icuRules",
                            ANY,
                            "builtinLocale",
                            ANY,
                            "collationVersion",
                            ANY,
                            "isTemplate",
                            ANY,
                            "allowConnections",
                            ANY,
                            "connectionLimit",
                            ANY,
                            "tablespace",
                            ANY,
                            "extensions",
                            ANY,
                            "schemas",
                            ANY,
                            "fdws",
                            ANY),
                    List.of("cluster.name", "name", "owner")),
            "postgresql.cnpg.io/v1/ScheduledBackup",
            new Kind(
                    entries(
                            "schedule",
                            ANY,
                            "cluster",
                            LOCAL_REF,
                            "backupOwnerReference",
                            ANY,
                            "immediate",
                            ANY,
                            "suspend",
                            ANY,
                            "method",
                            ANY,
                            "target",
                            ANY,
                            "online",
                            ANY,
                            "onlineConfiguration",
                            ANY,
                            "pluginConfiguration",
                            ANY),
                    List.of("schedule", "cluster.name")),
            "k8s.keycloak.org/v2alpha1/Keycloak",
            new Kind(
                    entries(
                            "instances",
                            ANY,
                            "image",
                            ANY,
                            "imagePullSecrets",
                            ANY,
                            "startOptimized",
                            ANY,
                            "db",
                            entries(
                                    "vendor",
                                    ANY,
                                    "host",
                                    ANY,
                                    "port",
                                    ANY,
                                    "database",
                                    ANY,
                                    "schema",
                                    ANY,
                                    "url",
                                    ANY,
                                    "usernameSecret",
                                    SECRET_KEY,
                                    "passwordSecret",
                                    SECRET_KEY,
                                    "poolInitialSize",
                                    ANY,
                                    "poolMinSize",
                                    ANY,
                                    "poolMaxSize",
                                    ANY),
                            "http",
                            Map.of(
                                    "httpEnabled", ANY,
                                    "httpPort", ANY,
                                    "httpsPort", ANY,
                                    "tlsSecret", ANY,
                                    "annotations", ANY,
                                    "labels", ANY),
                            "hostname",
                            Map.of("hostname", ANY, "admin", ANY, "strict", ANY, "backchannelDynamic", ANY),
                            "ingress",
                            Map.of(
                                    "enabled",
                                    ANY,
                                    "className",
                                    ANY,
                                    "annotations",
                                    ANY,
                                    "labels",
                                    ANY,
                                    "tlsSecret",
                                    ANY),
                            "proxy",
                            Map.of("headers", ANY),
                            "resources",
                            RESOURCES,
                            "features",
                            ANY,
                            "transaction",
                            ANY,
                            "additionalOptions",
                            ANY,
                            "unsupported",
                            ANY,
                            "truststores",
                            ANY,
                            "cache",
                            ANY,
                            "httpManagement",
                            ANY,
                            "bootstrapAdmin",
                            ANY,
                            "networkPolicy",
                            ANY,
                            "scheduling",
                            ANY,
                            "serviceMonitor",
                            ANY,
                            "tracing",
                            ANY,
                            "update",
                            ANY,
                            "env",
                            ANY),
                    List.of("db.vendor", "db.host", "hostname.hostname", "http.tlsSecret")),
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
            new Kind(
                    Map.of(
                            "keycloakCRName", ANY,
                            "realm", ANY,
                            "placeholders", ANY,
                            "resources", RESOURCES),
                    List.of("keycloakCRName", "realm.realm")));

    static final Set<String> KINDS = KINDS_BY_NAME.keySet();

    private OperatorResources() {}

    static List<String> violations(ObjectNode object) {
        String key = object.path("apiVersion").asText() + "/" + Rendered.kind(object);
        Kind kind = KINDS_BY_NAME.get(key);
        List<String> violations = new ArrayList<>();
        String id = Rendered.id(object);
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(field)) {
                violations.add(id + ": unknown field " + field);
            }
        }
        if (Rendered.name(object).isEmpty()) {
            violations.add(id + ": metadata.name missing");
        }
        check(object.path("spec"), kind.spec(), id + ".spec", violations);
        for (String required : kind.required()) {
            JsonNode node = object.path("spec");
            for (String part : required.split("\\.")) {
                node = node.path(part);
            }
            if (node.isMissingNode()
                    || node.isNull()
                    || (node.isTextual() && node.asText().isBlank())) {
                violations.add(id + ": spec." + required + " is required");
            }
        }
        return violations;
    }

    @SuppressWarnings("unchecked")
    private static void check(JsonNode node, Object schema, String path, List<String> violations) {
        if (schema == ANY || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (schema instanceof List<?> items) {
            if (!node.isArray()) {
                violations.add(path + ": a list expected");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), items.get(0), path + "[" + i + "]", violations);
            }
            return;
        }
        Map<String, Object> fields = (Map<String, Object>) schema;
        if (!node.isObject()) {
            violations.add(path + ": an object expected");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Object sub = fields.get(field.getKey());
            if (sub == null) {
                violations.add(path + ": unknown field " + field.getKey());
            } else {
                check(field.getValue(), sub, path + "." + field.getKey(), violations);
            }
        }
    }

    /** Map.of beyond ten entries. */
    private static Map<String, Object> entries(Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
