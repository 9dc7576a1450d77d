package org.borderpolice.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

/**
 * Builds each service's image with Jib's library into an OCI tarball
 * ({@code images/target/<service>.tar}), without a Docker daemon or a registry: Quarkus's Jib
 * extension can only hand an image to a daemon or push it, and no base image can be fetched on a
 * machine that reaches no registry. The base is therefore, by default, made here: an empty image,
 * a Java runtime linked from the build's JDK ({@code jlink}, the modules a Quarkus service needs)
 * at /opt/java and the C libraries it loads, copied from the build machine. With
 * {@code -Dimages.base=tar:///base.tar} or a registry reference the runtime is the base image's.
 * The application layers follow Quarkus's fast-jar layout (dependencies, Quarkus's generated
 * classes, the application) at /deployments, as quarkus-container-image-jib lays them out.
 */
public final class BuildImages {
    /** The runtime's modules: Java SE and what Quarkus, Netty, the JDBC driver and PDFBox load. */
    static final String MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns,jdk.management,"
            + "jdk.localedata,jdk.charsets,jdk.net,jdk.jfr";

    /** Ports the services listen on (public, management, partners' mutual TLS). */
    static final Map<String, List<Integer>> PORTS = Map.of(
            "case-exchange", List.of(8081, 8181, 8443),
            "intel-sharing", List.of(8082, 8182, 8443),
            "joint-mediation", List.of(8083, 8183, 8443),
            "gateway", List.of(8084, 8184));

    private BuildImages() {}

    public static void main(String[] args) throws Exception {
        Path repo =
                Path.of(System.getProperty("images.repo", ".")).toAbsolutePath().normalize();
        Path out = Path.of(System.getProperty("images.out", "images/target")).toAbsolutePath();
        String tag = System.getProperty("images.tag");
        String registry = System.getProperty("images.registry", "ghcr.io/border-police");
        String base = System.getProperty("images.base", "jlink");
        String java = System.getProperty("images.java", "/opt/java/bin/java");
        List<String> services = List.of(System.getProperty("images.services").split(","));
        if (tag == null || tag.isBlank() || tag.equalsIgnoreCase("latest")) {
            throw new IllegalArgumentException("images.tag must be a pinned tag, not " + tag);
        }
        Files.createDirectories(out);
        List<FileEntriesLayer> runtime = new ArrayList<>();
        long start = System.nanoTime();
        if (base.equals("jlink")) {
            runtime = runtimeLayers(out.resolve("runtime"));
            System.out.printf("runtime linked in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        for (String service : services) {
            long t0 = System.nanoTime();
            Path app = repo.resolve(service).resolve("target").resolve("quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(app + " has no quarkus-run.jar: package " + service + " first");
            }
            JibContainerBuilder builder = base.equals("jlink")
                    ? Jib.fromScratch()
                    : base.startsWith("tar://")
                            ? Jib.from(TarImage.at(Path.of(base.substring("tar://".length()))))
                            : Jib.from(RegistryImage.named(base));
            builder.setFormat(ImageFormat.OCI).setCreationTime(Instant.EPOCH);
            for (FileEntriesLayer layer : runtime) {
                builder.addFileEntriesLayer(layer);
            }
            builder.addFileEntriesLayer(tree("dependencies", app.resolve("lib"), "/deployments/lib"));
            builder.addFileEntriesLayer(tree("quarkus", app.resolve("quarkus"), "/deployments/quarkus"));
            FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("application");
            addTree(application, app.resolve("app"), AbsoluteUnixPath.get("/deployments/app"));
            application.addEntry(app.resolve("quarkus-run.jar"), AbsoluteUnixPath.get("/deployments/quarkus-run.jar"));
            builder.addFileEntriesLayer(application.build());
            builder.setEntrypoint(List.of(
                            java,
                            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                            // the image has no locales: the log's Chinese names in UTF-8 all the same
                            "-Dstdout.encoding=UTF-8",
                            "-Dstderr.encoding=UTF-8",
                            "-jar",
                            "/deployments/quarkus-run.jar"))
                    .setWorkingDirectory(AbsoluteUnixPath.get("/deployments"))
                    .setUser("185")
                    .setEnvironment(Map.of("LANG", "C.UTF-8", "JAVA_HOME", "/opt/java"))
                    .setExposedPorts(Set.copyOf(PORTS.getOrDefault(service, List.of()).stream()
                            .map(Port::tcp)
                            .toList()))
                    .setLabels(Map.of(
                            "org.opencontainers.image.title", service,
                            "org.opencontainers.image.version", tag,
                            "org.opencontainers.image.vendor", "跨界四联 Border Police Cooperation Suite"));
            ImageReference name = ImageReference.parse(registry + "/" + service + ":" + tag);
            Path tar = out.resolve(service + ".tar");
            JibContainer image =
                    builder.containerize(Containerizer.to(TarImage.at(tar).named(name))
                            .setOfflineMode(base.equals("jlink") || base.startsWith("tar://"))
                            .setBaseImageLayersCache(out.resolve("jib-cache"))
                            .setApplicationLayersCache(out.resolve("jib-cache")));
            System.out.printf(
                    "%s: %s, %d MB, %s, in %.1f s%n",
                    name, tar, Files.size(tar) / (1024 * 1024), image.getDigest(), (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("%d images in %.1f s%n", services.size(), (System.nanoTime() - start) / 1e9);
    }

    private static FileEntriesLayer tree(String name, Path source, String target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        addTree(layer, source, AbsoluteUnixPath.get(target));
        return layer.build();
    }

    private static void addTree(FileEntriesLayer.Builder layer, Path source, AbsoluteUnixPath target)
            throws IOException {
        if (!Files.isDirectory(source)) {
            return;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                if (Files.isRegularFile(file)) {
                    String relative = source.relativize(file).toString().replace('\\', '/');
                    FilePermissions permissions = Files.isExecutable(file)
                            ? FilePermissions.fromOctalString("755")
                            : FilePermissions.fromOctalString("644");
                    layer.addEntry(file, target.resolve(relative), permissions);
                }
            }
        }
    }

    /** The Java runtime (jlink of this JDK) and the C libraries it loads, from the build machine. */
    static List<FileEntriesLayer> runtimeLayers(Path runtime) throws IOException, InterruptedException {
        if (!Files.isRegularFile(runtime.resolve("bin/java"))) {
            Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
            run(List.of(
                    jlink.toString(),
                    "--add-modules",
                    MODULES,
                    "--strip-debug",
                    "--no-header-files",
                    "--no-man-pages",
                    "--output",
                    runtime.toString()));
        }
        FileEntriesLayer.Builder java = FileEntriesLayer.builder().setName("java-runtime");
        addTree(java, runtime, AbsoluteUnixPath.get("/opt/java"));
        // every library the runtime's binaries load (ldd), under the name the loader looks for
        Map<String, Path> libraries = new LinkedHashMap<>();
        List<Path> binaries = new ArrayList<>();
        binaries.add(runtime.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(runtime.resolve("lib"))) {
            files.filter(f -> f.toString().endsWith(".so"))
                    // X11, ALSA: the services are headless
                    .filter(f ->
                            !f.getFileName().toString().matches("libawt_xawt\\.so|libjsound\\.so|libsplashscreen\\.so"))
                    .forEach(binaries::add);
        }
        Pattern linked = Pattern.compile("^\\s*(\\S+) => (/\\S+) \\(");
        Pattern loader = Pattern.compile("^\\s*(/\\S*ld-linux\\S*) \\(");
        for (Path binary : binaries) {
            for (String line : run(List.of("ldd", binary.toString())).split("\n")) {
                Matcher m = linked.matcher(line);
                if (m.find() && !m.group(2).startsWith(runtime.toString())) {
                    libraries.put(m.group(2), Path.of(m.group(2)).toRealPath());
                }
                Matcher l = loader.matcher(line);
                if (l.find()) {
                    libraries.put(l.group(1), Path.of(l.group(1)).toRealPath());
                }
            }
        }
        FileEntriesLayer.Builder libc = FileEntriesLayer.builder().setName("c-libraries");
        for (Map.Entry<String, Path> library : libraries.entrySet()) {
            libc.addEntry(
                    library.getValue(), AbsoluteUnixPath.get(library.getKey()), FilePermissions.fromOctalString("755"));
        }
        // a user 185 with a home, and a writable /tmp is the pod's emptyDir
        Path etc = Files.createDirectories(runtime.getParent().resolve("etc"));
        Files.writeString(
                etc.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nborder:x:185:185:border:/deployments:/sbin/nologin\n",
                StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), "root:x:0:\nborder:x:185:\n", StandardCharsets.UTF_8);
        libc.addEntry(
                etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), FilePermissions.fromOctalString("644"));
        libc.addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), FilePermissions.fromOctalString("644"));
        System.out.println("C libraries: " + new TreeSet<>(libraries.keySet()));
        return List.of(libc.build(), java.build());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
