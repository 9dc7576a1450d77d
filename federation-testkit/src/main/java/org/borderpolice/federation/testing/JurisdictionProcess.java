package org.borderpolice.federation.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One jurisdiction's service as a real process: {@code java -jar quarkus-run.jar} with its own
 * configuration, database and port. Can be stopped, killed and started again. Processes of one
 * packaged application share the JDK's class data ({@link ClassArchive}), which shortens every
 * start after the first.
 */
public final class JurisdictionProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path runnerJar;
    private final int httpPort;
    private final int managementPort;
    /** With a default TLS configuration (quarkus.tls.*), the management interface serves HTTPS only. */
    private final boolean managementTls;

    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    /** The class-data archive the current start maps or writes. */
    private ClassArchive classArchive;

    public JurisdictionProcess(String name, Path appDir, int httpPort, Map<String, String> properties) {
        this.name = name;
        this.runnerJar = appDir.resolve("quarkus-run.jar");
        this.httpPort = httpPort;
        // health, metrics and OpenAPI are served on the management interface (quarkus.management.*)
        this.managementPort = Integer.parseInt(properties.getOrDefault("quarkus.management.port", "9000"));
        this.managementTls = properties.keySet().stream().anyMatch(k -> k.startsWith("quarkus.tls.key-store."));
        this.properties = new LinkedHashMap<>(properties);
        this.log = appDir.getParent().resolve("processes").resolve(name + ".log");
        if (!Files.exists(runnerJar)) {
            throw new IllegalStateException(runnerJar + " is missing: package the application first (mvn verify)");
        }
    }

    /** The packaged application of the module under test (failsafe sets border.app.dir). */
    public static Path packagedApplication() {
        String dir = System.getProperty("border.app.dir");
        return Path.of(dir != null ? dir : "target/quarkus-app");
    }

    public JurisdictionProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // tests favour start-up time and CPU (C1, the serial collector); benchmarks set border.process.jvm-args for
        // full JIT
        List<String> jvmOptions = new ArrayList<>();
        for (String arg : System.getProperty(
                        "border.process.jvm-args", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                .split("\\s+")) {
            if (!arg.isBlank()) {
                jvmOptions.add(arg);
            }
        }
        command.addAll(jvmOptions);
        classArchive = ClassArchive.forStart(runnerJar, jvmOptions);
        if (classArchive != null) {
            command.addAll(classArchive.options());
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(runnerJar.toString());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "=== start " + Instant.now() + " ===\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .directory(new File(runnerJar.getParent().toString()))
                    .start();
        } catch (IOException e) {
            if (classArchive != null) {
                classArchive.notStarted();
            }
            throw new IllegalStateException("could not start " + name, e);
        }
        Process started = process;
        ClassArchive archive = classArchive;
        if (archive != null) {
            started.onExit().thenRun(() -> archive.exited(started));
        }
        // a test or bench that is killed must not leave services running behind it
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (started.isAlive()) {
                                started.destroyForcibly();
                            }
                        },
                        "stop-" + name));
        return this;
    }

    /** Wait until /q/health/ready answers 200 on the management interface. */
    public JurisdictionProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail());
            }
            if (httpStatus(managementUrl() + "/q/health/ready") == 200) {
                return this;
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "\n" + logTail());
    }

    /** Start these together (their start-ups overlap), then wait until each is ready. */
    public static void startAll(Duration timeout, JurisdictionProcess... processes) {
        for (JurisdictionProcess p : processes) {
            p.start();
        }
        for (JurisdictionProcess p : processes) {
            p.awaitReady(timeout);
        }
    }

    /** Stop each of these that exists (a failed start-up leaves some null). */
    public static void stopAll(JurisdictionProcess... processes) {
        for (JurisdictionProcess p : processes) {
            if (p != null) {
                p.stop();
            }
        }
    }

    public JurisdictionProcess startAndAwait() {
        return start().awaitReady(Await.MACHINE);
    }

    /** Graceful stop (SIGTERM). */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                // a process writing the class archive needs some seconds more to exit
                int grace = classArchive != null && classArchive.writes() ? 120 : 30;
                if (!process.waitFor(grace, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Abrupt end (SIGKILL): no shutdown hooks, transactions in flight are lost. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** CPU time the process has used so far (user + system), zero when not running. */
    public Duration cpuTime() {
        return process == null
                ? Duration.ZERO
                : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The process id, -1 when not running. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public String toString() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** The file this process logs to (its console output; every start of this name appends to it). */
    public Path logFile() {
        return log.toAbsolutePath().normalize();
    }

    /** The whole log file of this name (every start appends to it); empty before the first. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Wait until the process has exited by itself; its exit code, or -1 if it still runs. */
    public int awaitExit(Duration timeout) {
        try {
            return process != null && process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? process.exitValue()
                    : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Port of the management interface: /q/health, /q/metrics, /q/openapi, /q/swagger-ui. */
    public int managementPort() {
        return managementPort;
    }

    public String managementUrl() {
        return (managementTls ? "https" : "http") + "://localhost:" + managementPort;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int httpStatus(String url) {
        if (url.startsWith("https:")) {
            return httpsStatus(url);
        }
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Readiness over the service's own TLS: whether it answers, not who it is (a test's certificates). */
    private static int httpsStatus(String url) {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(
                    null,
                    new javax.net.ssl.TrustManager[] {
                        new javax.net.ssl.X509TrustManager() {
                            @Override
                            public void checkClientTrusted(
                                    java.security.cert.X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(
                                    java.security.cert.X509Certificate[] chain, String authType) {}

                            @Override
                            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                                return new java.security.cert.X509Certificate[0];
                            }
                        }
                    },
                    null);
            var connection =
                    (javax.net.ssl.HttpsURLConnection) URI.create(url).toURL().openConnection();
            connection.setSSLSocketFactory(context.getSocketFactory());
            connection.setHostnameVerifier((host, session) -> true);
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
