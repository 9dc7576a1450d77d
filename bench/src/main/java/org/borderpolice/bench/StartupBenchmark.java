package org.borderpolice.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.GatewaySettings;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * Start-up time and idle memory of each packaged service in JVM mode (issue 26), started as its
 * Kubernetes manifest starts it: the heap of {@code -XX:MaxRAMPercentage=50} of the container's
 * memory limit, serial GC, C1 only; the services with a database as Jiangshan (two partners) on a
 * database their migration job has already migrated, connecting as the application role without
 * migrating (k8s: the init container migrates). Per service {@code bench.runs} (3) starts: the
 * milliseconds from exec to {@code /q/health/ready} answering 200 (polled every 20 ms) and VmRSS
 * after {@code bench.idle-seconds} (10) idle; then a training run with the JDK's
 * {@code -XX:AOTCacheOutput} (JEP 483/514, JDK 25: classes loaded and linked, method profiles; the
 * cache is written at exit) and the same starts with {@code -XX:AOTCache}. The testkit's own
 * class-data archive is not used. Medians printed beside the manifests' requests and limits.
 * {@code bench.initial-heap-mib} starts with a smaller initial heap than the manifests' (which
 * equals the maximum), to see what the idle RSS owes to it.
 * Asserts nothing.
 */
public final class StartupBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final String G = TestFederation.GUANGFENG;
    static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    /** A service as its manifest runs it: heap (50 % of the memory limit) and what the manifest sets. */
    record Service(String name, String categories, int heapMiB, String manifest) {}

    static final List<Service> SERVICES = List.of(
            new Service("gateway", null, 256, "requests 250m/384Mi, limits 1 CPU/512Mi"),
            new Service("intel-sharing", "intel", 384, "requests 250m/640Mi, limits 2 CPU/768Mi"),
            new Service("case-exchange", "cases", 384, "requests 250m/640Mi, limits 2 CPU/768Mi"),
            new Service("joint-mediation", "mediation", 384, "requests 250m/640Mi, limits 2 CPU/768Mi"));

    record Start(long readyMillis, long rssMiB, double quarkusSeconds) {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        int idle = Integer.getInteger("bench.idle-seconds", 10);
        List<String> only =
                List.of(System.getProperty("bench.services", "gateway,intel-sharing,case-exchange,joint-mediation")
                        .split(","));
        Path work = Path.of(System.getProperty("bench.work", "target/startup-bench"))
                .toAbsolutePath();
        Files.createDirectories(work);
        AlertQueryBenchmark.print("machine: " + uptime() + "; " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version") + "\n");
        List<String> table = new ArrayList<>();
        for (Service service : SERVICES) {
            if (!only.contains(service.name())) {
                continue;
            }
            Path app =
                    Path.of(System.getProperty("bench.dir." + service.name())).toAbsolutePath();
            Map<String, String> settings = settings(service, app, work);
            List<Start> plain = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                plain.add(start(service, app, settings, List.of(), idle, work));
                AlertQueryBenchmark.print("  " + service.name() + " JVM: " + plain.getLast() + "\n");
            }
            Path cache = work.resolve(service.name() + ".aot");
            Files.deleteIfExists(cache);
            start(service, app, settings, List.of("-XX:AOTCacheOutput=" + cache), idle, work);
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("no AOT cache written for " + service.name());
            }
            List<Start> aot = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                aot.add(start(service, app, settings, List.of("-XX:AOTCache=" + cache), idle, work));
                AlertQueryBenchmark.print("  " + service.name() + " JVM + AOT cache: " + aot.getLast() + "\n");
            }
            table.add(String.format(
                    "%-16s %-16s %10d %14d %10.2f   %s%n",
                    service.name(),
                    "JVM",
                    median(plain, Start::readyMillis),
                    median(plain, Start::rssMiB),
                    medianSeconds(plain),
                    service.manifest() + ", heap " + service.heapMiB() + " MiB"));
            table.add(String.format(
                    "%-16s %-16s %10d %14d %10.2f   cache %d MiB%n",
                    "",
                    "JVM + AOT cache",
                    median(aot, Start::readyMillis),
                    median(aot, Start::rssMiB),
                    medianSeconds(aot),
                    Files.size(cache) >> 20));
        }
        AlertQueryBenchmark.print("machine: " + uptime() + "\n");
        AlertQueryBenchmark.print(String.format(
                "%-16s %-16s %10s %14s %10s   %s%n",
                "service", "(median of " + runs + ")", "ready (ms)", "idle RSS (MiB)", "Quarkus (s)", "manifest"));
        table.forEach(AlertQueryBenchmark::print);
        AlertQueryBenchmark.print(PostgresServer.get().describe() + "\n");
        // the embedded server stops with this JVM (its shutdown hook)
        System.exit(0);
    }

    /** The service's settings as Jiangshan; for a service with a database, after its migration job ran. */
    static Map<String, String> settings(Service service, Path app, Path work) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        if (service.categories() == null) {
            TestFederation federation = new TestFederation("intel-sharing", "intel", J, P, G);
            p.putAll(GatewaySettings.jiangshan(federation.issuer(J), federation.issuer(P)));
            // no service behind it: a start answers its own health checks, not theirs
            for (String other : List.of("intel-sharing", "case-exchange", "joint-mediation")) {
                String closed = "http://127.0.0.1:" + TestFederation.freePort();
                p.put("border.gateway.services." + other + ".url", closed);
                p.put("border.gateway.services." + other + ".management-url", closed);
            }
        } else {
            TestFederation federation = new TestFederation(service.name(), service.categories(), J, P, G);
            p.putAll(federation.configFor(J));
            PostgresServer.Database db = federation.database(J);
            Map<String, String> migration = new LinkedHashMap<>(p);
            migration.putAll(db.migrationJobSettings());
            Process job = launch(service, app, migration, List.of(), work.resolve(service.name() + "-migration.log"));
            if (!job.waitFor(5, TimeUnit.MINUTES) || job.exitValue() != 0) {
                throw new IllegalStateException(service.name() + "'s migration job failed: see " + work);
            }
            p.putAll(db.productionServiceSettings());
        }
        p.put("quarkus.http.port", String.valueOf(TestFederation.freePort()));
        p.put("quarkus.management.port", String.valueOf(TestFederation.freePort()));
        p.put("quarkus.log.level", "INFO");
        return p;
    }

    static Process launch(Service service, Path app, Map<String, String> settings, List<String> extra, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the manifests' JAVA_TOOL_OPTIONS, with the heap that 50 % of the limit gives
        command.addAll(List.of(
                "-Xms" + Integer.getInteger("bench.initial-heap-mib", service.heapMiB()) + "m",
                "-Xmx" + service.heapMiB() + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        command.addAll(extra);
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toString());
        return new ProcessBuilder(command)
                .directory(new File(app.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static Start start(Service service, Path app, Map<String, String> settings, List<String> extra, int idle, Path work)
            throws Exception {
        Path log = work.resolve(service.name() + ".log");
        String ready = "http://127.0.0.1:" + settings.get("quarkus.management.port") + "/q/health/ready";
        long t0 = System.nanoTime();
        Process process = launch(service, app, settings, extra, log);
        try {
            while (status(ready) != 200) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited:\n" + Files.readString(log));
                }
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException(
                            service.name() + " not ready after 120 s:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Thread.sleep(idle * 1000L);
            long rss = rssMiB(process.pid());
            Matcher m = STARTED.matcher(Files.readString(log));
            double quarkus = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            return new Start(millis, rss, quarkus);
        } finally {
            // SIGTERM: a training run writes its AOT cache as the JVM exits
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
            }
        }
        return -1;
    }

    static long median(List<Start> starts, java.util.function.ToLongFunction<Start> figure) {
        long[] values = starts.stream().mapToLong(figure).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    static double medianSeconds(List<Start> starts) {
        double[] values =
                starts.stream().mapToDouble(Start::quarkusSeconds).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private StartupBenchmark() {}
}
