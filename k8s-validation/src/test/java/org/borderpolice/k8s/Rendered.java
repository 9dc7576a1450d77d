package org.borderpolice.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The overlays of k8s/ as {@code kubectl kustomize} renders them: one list of objects (as JSON
 * trees) per overlay, rendered once per test JVM. kubectl is found on the PATH (or given as
 * {@code -Dkubectl=/path/to/kubectl}); nothing is downloaded: without it the tests fail saying so.
 */
final class Rendered {
    static final Path REPO =
            Path.of(System.getProperty("border.repo", "..")).toAbsolutePath().normalize();
    static final Path K8S = REPO.resolve("k8s");
    static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<Path, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {}

    /** The overlays: every directory of k8s/overlays with a kustomization.yaml, by name. */
    static List<Path> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .sorted()
                    .toList();
        }
    }

    /** The jurisdiction's code of an overlay directory named {@code <name>-<code>}. */
    static String code(Path overlay) {
        String name = overlay.getFileName().toString();
        return name.substring(name.lastIndexOf('-') + 1);
    }

    static List<ObjectNode> objects(Path overlay) {
        return CACHE.computeIfAbsent(overlay, o -> parse(render(o)));
    }

    /** Deep copies of an overlay's objects, for a test to break one and see a check fail. */
    static List<ObjectNode> copy(Path overlay) {
        return objects(overlay).stream().map(ObjectNode::deepCopy).toList();
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    if (!(node instanceof ObjectNode object)) {
                        throw new IllegalStateException("a rendered document is not an object: " + node);
                    }
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the rendered YAML does not parse", e);
        }
        return objects;
    }

    static String render(Path overlay) {
        String kubectl = kubectl();
        try {
            File err = File.createTempFile("kustomize", ".err");
            err.deleteOnExit();
            Process process = new ProcessBuilder(kubectl, "kustomize", overlay.toString())
                    .redirectError(err)
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + overlay + " took more than 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + overlay + " failed (exit " + process.exitValue()
                        + "): " + Files.readString(err.toPath()));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kubectl from -Dkubectl or the PATH; a clear failure otherwise (the test downloads nothing). */
    static String kubectl() {
        String configured = System.getProperty("kubectl");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(
                        "kubectl is not on the PATH: k8s-validation renders the overlays with `kubectl kustomize`"
                                + " (kustomize v5, kubectl 1.27 or later) and downloads nothing. Install kubectl"
                                + " (Debian/Ubuntu: the kubectl package of the Kubernetes or Google Cloud apt"
                                + " repository; Debian's own kubernetes-client 1.20 is too old for components), or"
                                + " pass -Dkubectl=/path/to/kubectl"));
    }

    static String kind(JsonNode object) {
        return object.path("kind").asText();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return kind(object) + "/" + name(object);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    static ObjectNode one(List<ObjectNode> objects, String kind, String namePrefix) {
        List<ObjectNode> found = objects.stream()
                .filter(o -> kind.equals(kind(o)) && name(o).startsWith(namePrefix))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " objects " + kind + "/" + namePrefix + "*");
        }
        return found.get(0);
    }
}
