package org.borderpolice.gateway.service;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.gateway.Routes;
import org.borderpolice.gateway.client.Upstreams;
import org.borderpolice.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.Future;

/**
 * One OpenAPI document of the jurisdiction's API: the gateway's own operations and every
 * service's, as each service's management interface serves them ({@code /q/openapi}), fetched at
 * start and again when older than {@code border.gateway.openapi.refresh} (a service that does not
 * answer keeps its last document, or is missing until it answers; the document lists such services
 * in {@code x-border-unavailable}). A service's paths under its route prefixes keep their path;
 * its other paths (federation transfers, outbox, audit) appear as the gateway routes them, under
 * {@code /api/v1/services/<name>/}, with the operation ids prefixed by the service's name. Schemas
 * of the same name and different content are renamed after their service; the servers are the
 * gateway.
 */
@ApplicationScoped
public class OpenApiCatalog {

    private static final Logger LOG = Logger.getLogger(OpenApiCatalog.class);
    private static final String SCHEMA_REF = "#/components/schemas/";

    private record Fetched(JsonNode document, Instant at) {}

    @Inject
    Upstreams upstreams;

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    OpenApiDocumentService ownDocument;

    private final Map<String, Fetched> documents = new ConcurrentHashMap<>();

    /** Bumped whenever a service's document is taken in: the merge is made again only then. */
    private final AtomicLong generation = new AtomicLong();

    private record Merged(long generation, ObjectNode document) {}

    /** The last merge; read by every request (the document needs no token: never rebuilt per call). */
    private volatile Merged lastMerged;

    /** The refresh under way, which every request joins (one fetch per service at a time). */
    private Future<Void> refreshing;

    void onStart(@Observes StartupEvent event) {
        // in the background: a service that is not up yet must not hold the gateway's start
        refreshStale().onComplete(ar -> LOG.debugf("OpenAPI documents fetched: %s", documents.keySet()));
    }

    /**
     * The merged document, services fetched again where their copy is stale. Callers only read it
     * (it is shared between requests until a service's document changes).
     */
    public Future<ObjectNode> merged() {
        return refreshStale().map(v -> {
            Merged last = lastMerged;
            long now = generation.get();
            if (last == null || last.generation() != now) {
                last = new Merged(now, merge());
                lastMerged = last;
            }
            return last.document();
        });
    }

    /** The refresh under way, or a new one when a document is stale (and none is running). */
    private synchronized Future<Void> refreshStale() {
        if (refreshing != null && !refreshing.isComplete()) {
            return refreshing;
        }
        Instant staleBefore = Instant.now().minus(config.openapi().refresh());
        boolean stale = upstreams.services().values().stream()
                .anyMatch(service -> service.managementUrl().isPresent()
                        && (documents.get(service.name()) == null
                                || !documents.get(service.name()).at().isAfter(staleBefore)));
        if (!stale) {
            return Future.succeededFuture();
        }
        refreshing = fetchStale(staleBefore);
        return refreshing;
    }

    private Future<Void> fetchStale(Instant staleBefore) {
        List<Future<?>> fetches = new ArrayList<>();
        for (Upstreams.Service service : upstreams.services().values()) {
            Fetched fetched = documents.get(service.name());
            if (service.managementUrl().isEmpty()
                    || (fetched != null && fetched.at().isAfter(staleBefore))) {
                continue;
            }
            fetches.add(upstreams
                    .getManagement(service.name(), "/q/openapi?format=json")
                    .map(body -> {
                        try {
                            JsonNode document = json.readTree(body.getBytes());
                            Fetched before = documents.put(service.name(), new Fetched(document, Instant.now()));
                            if (before == null || !before.document().equals(document)) {
                                generation.incrementAndGet();
                            }
                        } catch (IOException e) {
                            LOG.warnf("the OpenAPI document of %s is not JSON: %s", service.name(), e.getMessage());
                        }
                        return null;
                    })
                    .otherwise(failure -> {
                        LOG.infof("no OpenAPI document from %s (yet): %s", service.name(), failure.getMessage());
                        return null;
                    }));
        }
        return Future.join(fetches).mapEmpty();
    }

    private ObjectNode merge() {
        ObjectNode merged;
        try {
            merged = (ObjectNode)
                    json.readTree(ownDocument.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the gateway's own OpenAPI document could not be read", e);
        }
        ObjectNode info = merged.with("info");
        info.put("title", "跨界四联 API (" + info.path("title").asText("gateway") + ")");
        info.put(
                "description",
                "All operations of this jurisdiction's suite, as the gateway routes them: the gateway's own, "
                        + "intel-sharing (联防), case-exchange (联打) and joint-mediation (联调). Every call "
                        + "needs a bearer token of a trusted identity provider.");
        ArrayNode servers = merged.putArray("servers");
        servers.addObject()
                .put("url", config.openapi().server().orElse("/"))
                .put("description", "网关 The jurisdiction's gateway");
        ObjectNode paths = merged.with("paths");
        ObjectNode schemas = merged.with("components").with("schemas");
        ArrayNode tags = merged.withArray("tags");
        List<String> unavailable = new ArrayList<>();
        for (Upstreams.Service service : upstreams.services().values()) {
            Fetched fetched = documents.get(service.name());
            if (fetched == null) {
                unavailable.add(service.name());
                continue;
            }
            JsonNode document = fetched.document().deepCopy();
            Map<String, String> renamed = new HashMap<>();
            document.path("components").path("schemas").fields().forEachRemaining(schema -> {
                JsonNode existing = schemas.get(schema.getKey());
                if (existing != null && !existing.equals(schema.getValue())) {
                    renamed.put(schema.getKey(), pascal(service.name()) + schema.getKey());
                }
            });
            if (!renamed.isEmpty()) {
                rewriteRefs(document, renamed);
            }
            document.path("components").path("schemas").fields().forEachRemaining(schema -> {
                String name = renamed.getOrDefault(schema.getKey(), schema.getKey());
                if (!schemas.has(name)) {
                    schemas.set(name, schema.getValue());
                }
            });
            mergeOtherComponents(merged.with("components"), document.path("components"));
            document.path("paths").fields().forEachRemaining(path -> {
                String original = path.getKey();
                if (service.name().equals(upstreams.routes().owner(original))) {
                    if (!paths.has(original)) {
                        paths.set(original, path.getValue());
                    }
                } else if (original.startsWith("/api/v1/") && !paths.has(original)) {
                    // not under the service's prefixes: reached through /api/v1/services/<name>/
                    String routed = Routes.SERVICES + service.name() + "/" + original.substring("/api/v1/".length());
                    ObjectNode item = (ObjectNode) path.getValue();
                    prefixOperationIds(item, service.name());
                    paths.set(routed, item);
                }
            });
            for (JsonNode tag : document.path("tags")) {
                boolean known = false;
                for (JsonNode have : tags) {
                    known |= have.path("name").equals(tag.path("name"));
                }
                if (!known) {
                    tags.add(tag);
                }
            }
        }
        sortFields(paths);
        if (!unavailable.isEmpty()) {
            ArrayNode missing = merged.putArray("x-border-unavailable");
            unavailable.forEach(missing::add);
        }
        return merged;
    }

    private static void mergeOtherComponents(ObjectNode target, JsonNode components) {
        components.fields().forEachRemaining(kind -> {
            if (kind.getKey().equals("schemas") || !kind.getValue().isObject()) {
                return;
            }
            ObjectNode into = target.with(kind.getKey());
            kind.getValue().fields().forEachRemaining(entry -> {
                if (!into.has(entry.getKey())) {
                    into.set(entry.getKey(), entry.getValue());
                }
            });
        });
    }

    private static void prefixOperationIds(ObjectNode item, String service) {
        item.fields().forEachRemaining(operation -> {
            if (operation.getValue() instanceof ObjectNode op && op.has("operationId")) {
                String id = op.get("operationId").asText();
                op.put("operationId", camel(service) + Character.toUpperCase(id.charAt(0)) + id.substring(1));
            }
        });
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
                String name = ref.asText().substring(SCHEMA_REF.length());
                if (renamed.containsKey(name)) {
                    object.set("$ref", TextNode.valueOf(SCHEMA_REF + renamed.get(name)));
                }
            }
            object.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        }
    }

    private static void sortFields(ObjectNode node) {
        Map<String, JsonNode> sorted = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        node.removeAll();
        sorted.forEach(node::set);
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String pascal(String name) {
        String camel = camel(name);
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }
}
