package org.borderpolice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.GatewaySettings;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * The gateway's cost: Jiangshan's intel-sharing (a packaged process on the embedded PostgreSQL)
 * and Jiangshan's packaged gateway in front of it; wrk (a load generator nobody here wrote) reads
 * one alert, {@code GET /api/v1/alerts/{id}} with an analyst's signed token (each read audited, as
 * in use), directly from the service and through the gateway, in turns of {@code bench.seconds}
 * (20) each, {@code bench.rounds} (3) rounds after a warm-up of both, with {@code bench.connections}
 * (16) connections on {@code bench.threads} (2) threads. Per turn: requests/s, p50, p99 and
 * answers other than 2xx; then the medians of the rounds, the p50 the gateway adds and its
 * throughput as a share of the direct one (issue 25's goal: at most 1 ms added at p50, at least
 * 85 %). The gateway's rate limits are raised out of the way (its bucket is still consulted on
 * every request). Asserts nothing.
 */
public final class GatewayOverheadBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    record Turn(double requestsPerSecond, double p50Millis, double p99Millis, long notOk) {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int warmup = Integer.getInteger("bench.warmup-seconds", 60);
        int connections = Integer.getInteger("bench.connections", 16);
        int threads = Integer.getInteger("bench.threads", 2);
        Path intelApp = Path.of(System.getProperty("bench.intel.dir"));
        Path gatewayApp = Path.of(System.getProperty("bench.gateway.dir"));
        String jfrDir = System.getProperty("bench.jfr", "");
        Path jfr = jfrDir.isBlank() ? null : Path.of(jfrDir).toAbsolutePath();

        TestFederation federation = new TestFederation("intel-sharing", "intel", J, P);
        JurisdictionProcess intel = federation.process(J, intelApp, Map.of("quarkus.log.level", "WARN"));
        Map<String, String> settings = GatewaySettings.jiangshan(federation.issuer(J), federation.issuer(P));
        settings.put("quarkus.log.level", "WARN");
        settings.put("border.gateway.services.intel-sharing.url", intel.baseUrl());
        settings.put("border.gateway.services.intel-sharing.management-url", intel.managementUrl());
        for (String other : List.of("case-exchange", "joint-mediation")) {
            String closed = "http://127.0.0.1:" + TestFederation.freePort();
            settings.put("border.gateway.services." + other + ".url", closed);
            settings.put("border.gateway.services." + other + ".management-url", closed);
        }
        settings.put("border.gateway.rate-limit.client-requests", "1000000000");
        settings.put("border.gateway.rate-limit.partner-requests", "1000000000");
        settings.put("border.gateway.max-connections", String.valueOf(Math.max(64, connections * 2)));
        JurisdictionProcess gateway = new JurisdictionProcess(
                "gateway-" + J, gatewayApp, Integer.parseInt(settings.get("quarkus.http.port")), settings);
        // another build of the gateway beside it (bench.gateway-before.dir): before and after a change, same run
        String beforeDir = System.getProperty("bench.gateway-before.dir", "");
        JurisdictionProcess before = null;
        if (!beforeDir.isBlank()) {
            Map<String, String> beforeSettings = new java.util.HashMap<>(settings);
            beforeSettings.put("quarkus.http.port", String.valueOf(TestFederation.freePort()));
            beforeSettings.put("quarkus.management.port", String.valueOf(TestFederation.freePort()));
            before = new JurisdictionProcess(
                    "gateway-before-" + J,
                    Path.of(beforeDir),
                    Integer.parseInt(beforeSettings.get("quarkus.http.port")),
                    beforeSettings);
        }
        if (before == null) {
            JurisdictionProcess.startAll(Duration.ofSeconds(180), intel, gateway);
        } else {
            JurisdictionProcess.startAll(Duration.ofSeconds(180), intel, gateway, before);
        }
        AlertQueryBenchmark.print(PostgresServer.get().describe() + "\n");
        try {
            String analyst = federation
                    .issuer(J)
                    .token(J)
                    .roles("analyst")
                    .unit("情报指挥中心")
                    .expiresIn(Duration.ofHours(3))
                    .sign();
            BenchHttp http = new BenchHttp(2);
            String body = """
                    {"category":"SMUGGLING","severity":"ORANGE","title":"走私烟草车辆预警",
                     "body":"一辆浙H牌照货车疑似运输走私烟，可能经205国道进入浦城。",
                     "subjects":[{"kind":"VEHICLE","value":"浙H12345","label":"货车"}],
                     "distribution":["%s"],"handling":"GENERAL","sourceReliability":"B","informationCredibility":2}
                    """.formatted(P);
            BenchHttp.Reply created = http.post(intel.baseUrl() + "/api/v1/alerts", body, analyst);
            Matcher m = ID.matcher(created.body());
            if (created.status() != 201 || !m.find()) {
                throw new IllegalStateException(
                        "the alert was not created: " + created.status() + " " + created.body());
            }
            String path = "/api/v1/alerts/" + m.group(1);
            String direct = intel.baseUrl() + path;
            String through = gateway.baseUrl() + path;
            String throughBefore = before == null ? null : before.baseUrl() + path;
            for (String url : before == null ? List.of(direct, through) : List.of(direct, through, throughBefore)) {
                BenchHttp.Reply reply = http.getReply(url, analyst);
                if (reply.status() != 200) {
                    throw new IllegalStateException(url + " answered " + reply.status() + ": " + reply.body());
                }
            }
            AlertQueryBenchmark.print(String.format(
                    "wrk %d threads, %d connections, GET %s: warm-up %d s each%n", threads, connections, path, warmup));
            try (BuildSlots slots = BuildSlots.hold()) {
                wrk(direct, analyst, threads, connections, warmup);
                wrk(through, analyst, threads, connections, warmup);
                if (before != null) {
                    wrk(throughBefore, analyst, threads, connections, warmup);
                }
                // recorded after the warm-up, started and dumped with jcmd: a recording given as a JVM
                // option (BENCH_JVM_ARGS) with a relative file name lands in the copied application
                // directory, which the script removes on exit (why the 2026-12-02 12:00 run had none)
                Jfr.start(jfr, gateway, intel);
                List<Turn> directTurns = new ArrayList<>();
                List<Turn> gatewayTurns = new ArrayList<>();
                List<Turn> beforeTurns = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    Turn d = wrk(direct, analyst, threads, connections, seconds);
                    Turn g = wrk(through, analyst, threads, connections, seconds);
                    directTurns.add(d);
                    gatewayTurns.add(g);
                    if (before != null) {
                        Turn b = wrk(throughBefore, analyst, threads, connections, seconds);
                        beforeTurns.add(b);
                        AlertQueryBenchmark.print(String.format(
                                "round %d: gateway before %.1f/s p50 %.2f ms p99 %.2f ms (not 2xx %d)%n",
                                round, b.requestsPerSecond(), b.p50Millis(), b.p99Millis(), b.notOk()));
                    }
                    AlertQueryBenchmark.print(String.format(
                            "round %d: direct %.1f/s p50 %.2f ms p99 %.2f ms (not 2xx %d); "
                                    + "gateway %.1f/s p50 %.2f ms p99 %.2f ms (not 2xx %d)%n",
                            round,
                            d.requestsPerSecond(),
                            d.p50Millis(),
                            d.p99Millis(),
                            d.notOk(),
                            g.requestsPerSecond(),
                            g.p50Millis(),
                            g.p99Millis(),
                            g.notOk()));
                }
                double dRate = median(directTurns.stream()
                        .mapToDouble(Turn::requestsPerSecond)
                        .toArray());
                double gRate = median(gatewayTurns.stream()
                        .mapToDouble(Turn::requestsPerSecond)
                        .toArray());
                double dP50 =
                        median(directTurns.stream().mapToDouble(Turn::p50Millis).toArray());
                double gP50 = median(
                        gatewayTurns.stream().mapToDouble(Turn::p50Millis).toArray());
                AlertQueryBenchmark.print(String.format(
                        "medians of %d rounds: direct %.1f/s p50 %.2f ms; gateway %.1f/s p50 %.2f ms; "
                                + "p50 added %.2f ms (goal <= 1 ms), throughput %.1f %% of direct (goal >= 85 %%)%n",
                        rounds, dRate, dP50, gRate, gP50, gP50 - dP50, 100 * gRate / dRate));
                if (before != null) {
                    double bRate = median(beforeTurns.stream()
                            .mapToDouble(Turn::requestsPerSecond)
                            .toArray());
                    double bP50 = median(
                            beforeTurns.stream().mapToDouble(Turn::p50Millis).toArray());
                    AlertQueryBenchmark.print(String.format(
                            "gateway before: %.1f/s p50 %.2f ms; p50 added %.2f ms, throughput %.1f %% of direct%n",
                            bRate, bP50, bP50 - dP50, 100 * bRate / dRate));
                    AlertQueryBenchmark.print(String.format(
                            "CPU over the whole run: gateway before %d ms%n",
                            before.cpuTime().toMillis()));
                }
                AlertQueryBenchmark.print(String.format(
                        "CPU over the whole run: intel-sharing %d ms, gateway %d ms%n",
                        intel.cpuTime().toMillis(), gateway.cpuTime().toMillis()));
                Jfr.dump(jfr, gateway, intel);
            }
        } finally {
            JurisdictionProcess.stopAll(gateway, before, intel);
        }
    }

    /**
     * JFR recordings of the gateway and the service over the measured rounds (profile settings),
     * when {@code bench.jfr} names a directory: gateway.jfr and intel-sharing.jfr there.
     */
    static final class Jfr {
        static void start(Path dir, JurisdictionProcess gateway, JurisdictionProcess intel)
                throws IOException, InterruptedException {
            if (dir == null) {
                return;
            }
            java.nio.file.Files.createDirectories(dir);
            jcmd(gateway.pid(), "JFR.start", "name=bench", "settings=profile");
            jcmd(intel.pid(), "JFR.start", "name=bench", "settings=profile");
        }

        static void dump(Path dir, JurisdictionProcess gateway, JurisdictionProcess intel)
                throws IOException, InterruptedException {
            if (dir == null) {
                return;
            }
            jcmd(gateway.pid(), "JFR.dump", "name=bench", "filename=" + dir.resolve("gateway.jfr"));
            jcmd(intel.pid(), "JFR.dump", "name=bench", "filename=" + dir.resolve("intel-sharing.jfr"));
            AlertQueryBenchmark.print("JFR recordings in " + dir + "\n");
        }

        static void jcmd(long pid, String... command) throws IOException, InterruptedException {
            List<String> line = new ArrayList<>();
            line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
            line.add(Long.toString(pid));
            line.addAll(List.of(command));
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
        }
    }

    /** One wrk run; its figures parsed from its --latency report. */
    static Turn wrk(String url, String token, int threads, int connections, int seconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "wrk",
                        "-t" + threads,
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--latency",
                        "-H",
                        "Authorization: Bearer " + token,
                        url)
                .redirectErrorStream(true)
                .start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.append(line).append('\n');
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        String report = out.toString();
        return new Turn(
                number(report, "Requests/sec:\\s+([0-9.]+)"),
                millis(report, "\\s50%\\s+([0-9.]+)(us|ms|s)\\b"),
                millis(report, "\\s99%\\s+([0-9.]+)(us|ms|s)\\b"),
                (long) numberOr(report, "Non-2xx or 3xx responses:\\s+(\\d+)", 0));
    }

    static double number(String report, String regex) {
        Matcher m = Pattern.compile(regex).matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("not in wrk's report (" + regex + "):\n" + report);
        }
        return Double.parseDouble(m.group(1));
    }

    static double numberOr(String report, String regex, double otherwise) {
        Matcher m = Pattern.compile(regex).matcher(report);
        return m.find() ? Double.parseDouble(m.group(1)) : otherwise;
    }

    static double millis(String report, String regex) {
        Matcher m = Pattern.compile(regex).matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("not in wrk's report (" + regex + "):\n" + report);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private GatewayOverheadBenchmark() {}
}
