package org.borderpolice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.GatewaySettings;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Many users at once through the gateway (issue 28, "Load"): Jiangshan's gateway, intel-sharing,
 * case-exchange and joint-mediation, and Pucheng's intel-sharing (so that a hit/no-hit check asks a
 * partner over gRPC), all packaged processes on the embedded PostgreSQL, trusting one issuer per
 * jurisdiction. Seeded with {@code bench.alerts} (100,000) alerts at Jiangshan and
 * {@code bench.partner-alerts} (20,000) at Pucheng (AlertQueryBenchmark's loader), {@code bench.cases}
 * (5,000) cases and {@code bench.disputes} (5,000) disputes (CaseSearchBenchmark's and
 * DisputeSearchBenchmark's loaders). Then {@code bench.clients} (100) users, closed loop, each with its
 * own signed token (40 % analysts, 30 % investigators, 30 % mediators), each doing its role's mix
 * ({@link #MIX}) through the gateway for {@code bench.seconds} (300) after {@code bench.warmup-seconds}
 * (60). A non-2xx answer, no answer, or a hit check a partner did not answer is an error. Prints per
 * operation count, requests/s, p50/p95/p99/max and errors (status, first body), and the CPU per
 * request of every process (from /proc). With {@code bench.jfr} a directory: JFR recordings of the
 * gateway and the services over the measured phase, and the share of their CPU samples spent
 * verifying tokens. Asserts nothing.
 */
public final class MixedLoadBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final String G = TestFederation.GUANGFENG;

    enum Op {
        ALERT_SEARCH("alert search (words)"),
        ALERT_SEARCH_FACETS("alert search + facets"),
        ALERT_GET("alert get"),
        ALERT_PUBLISH("alert publish"),
        HIT_CHECK("hit/no-hit check (+Pucheng)"),
        CASE_LIST("case list"),
        CASE_SEARCH("case search"),
        CASE_GET("case get"),
        DISPUTE_LIST("dispute list"),
        DISPUTE_SEARCH("dispute search"),
        DISPUTE_GET("dispute get");

        final String label;

        Op(String label) {
            this.label = label;
        }
    }

    /** A role's users: their share of the clients (in tenths), unit, and the mix of what they do (percent). */
    record Role(String name, int tenths, String unit, Map<Op, Integer> mix) {}

    static final List<Role> MIX = List.of(
            new Role(
                    "analyst",
                    4,
                    "情报指挥中心",
                    ordered(
                            Op.ALERT_SEARCH, 30,
                            Op.ALERT_SEARCH_FACETS, 10,
                            Op.ALERT_GET, 25,
                            Op.ALERT_PUBLISH, 5,
                            Op.HIT_CHECK, 15,
                            Op.CASE_SEARCH, 10,
                            Op.DISPUTE_SEARCH, 5)),
            new Role(
                    "investigator",
                    3,
                    "刑侦大队",
                    ordered(
                            Op.CASE_LIST, 15,
                            Op.CASE_SEARCH, 30,
                            Op.CASE_GET, 30,
                            Op.HIT_CHECK, 15,
                            Op.ALERT_SEARCH, 10)),
            new Role(
                    "mediator",
                    3,
                    "三山边界社会治理中心",
                    ordered(
                            Op.DISPUTE_LIST, 20,
                            Op.DISPUTE_SEARCH, 40,
                            Op.DISPUTE_GET, 35,
                            Op.ALERT_SEARCH, 5)));

    /** Packages whose frames in a CPU sample mean it was spent verifying a token (signature, claims, keys, trust list). */
    static final List<String> VERIFYING = List.of(
            "io.quarkus.oidc.",
            "io.smallrye.jwt.",
            "io.quarkus.smallrye.jwt.",
            "org.jose4j.",
            "org.borderpolice.federation.identity.");

    record Sample(Op op, long nanos) {}

    /** Errors of one operation: count by status and the first body of each status. */
    static final class Errors {
        final Map<Integer, Integer> byStatus = new TreeMap<>();
        final Map<Integer, String> firstBody = new TreeMap<>();

        synchronized void add(int status, String body) {
            byStatus.merge(status, 1, Integer::sum);
            firstBody.putIfAbsent(status, brief(body));
        }
    }

    /** The start of a body, or of what a hit check says of partners that did not answer. */
    static String brief(String body) {
        int partners = body.indexOf("\"partnersUnavailable\"");
        String from = partners < 0 ? body : body.substring(partners);
        return from.length() > 300 ? from.substring(0, 300) + "…" : from;
    }

    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("bench.alerts", 100_000);
        int partnerAlerts = Integer.getInteger("bench.partner-alerts", 20_000);
        int cases = Integer.getInteger("bench.cases", 5_000);
        int disputes = Integer.getInteger("bench.disputes", 5_000);
        int clients = Integer.getInteger("bench.clients", 100);
        int seconds = Integer.getInteger("bench.seconds", 300);
        int warmup = Integer.getInteger("bench.warmup-seconds", 60);
        Path intelApp = Path.of(System.getProperty("bench.intel.dir"));
        Path casesApp = Path.of(System.getProperty("bench.cases.dir"));
        Path mediationApp = Path.of(System.getProperty("bench.mediation.dir"));
        Path gatewayApp = Path.of(System.getProperty("bench.gateway.dir"));
        String jfrDir = System.getProperty("bench.jfr", "");
        Path jfr = jfrDir.isBlank() ? null : Path.of(jfrDir).toAbsolutePath();

        // the intelligence federation's issuers are every service's: one identity provider per jurisdiction
        TestFederation intel = new TestFederation("intel-sharing", "intel", J, P);
        TestFederation caseFed = new TestFederation("case-exchange", "cases", J, P, G);
        TestFederation mediationFed = new TestFederation("joint-mediation", "mediation", J, P, G);
        TestIssuer jiangshanIdp = intel.issuer(J);
        BlindIndex blindIndex = new BlindIndex(intel.blindIndexKey(1));
        Map<String, String> intelSettings = Map.of(
                "quarkus.log.level", "WARN",
                // the daily limits of hit checks (1,000 a user) would refuse a closed loop within minutes
                "intel.hit-check.daily-quota", "1000000000",
                "intel.hit-check.user-daily-quota", "1000000000",
                "intel.hit-check.partner-user-daily-quota", "1000000000",
                // a partner takes 4 calls of ours at once by default and refuses the next (UNAVAILABLE):
                // with 100 users about ten checks are in flight (first run, 2026-12-03)
                "border.federation.grpc.inbound.max-concurrent-calls", System.getProperty("bench.partner-calls", "32"));
        JurisdictionProcess intelJ = intel.process(J, intelApp, intelSettings);
        JurisdictionProcess intelP = intel.process(P, intelApp, intelSettings);
        JurisdictionProcess casesJ = caseFed.process(J, casesApp, sameIdentity(intel, "quarkus.log.level", "WARN"));
        Map<String, String> mediationSettings = sameIdentity(intel, "quarkus.log.level", "WARN");
        mediationSettings.put("border.mediation.escalation.case-exchange-url", casesJ.baseUrl());
        JurisdictionProcess mediationJ = mediationFed.process(J, mediationApp, mediationSettings);

        Map<String, String> gatewaySettings = GatewaySettings.jiangshan(jiangshanIdp, intel.issuer(P));
        gatewaySettings.put("quarkus.log.level", "WARN");
        for (var service : Map.of("intel-sharing", intelJ, "case-exchange", casesJ, "joint-mediation", mediationJ)
                .entrySet()) {
            gatewaySettings.put(
                    "border.gateway.services." + service.getKey() + ".url",
                    service.getValue().baseUrl());
            gatewaySettings.put(
                    "border.gateway.services." + service.getKey() + ".management-url",
                    service.getValue().managementUrl());
        }
        // a closed loop sends as fast as it is answered: the per-client limit (600/min) is not what is measured
        gatewaySettings.put("border.gateway.rate-limit.client-requests", "1000000000");
        gatewaySettings.put("border.gateway.rate-limit.partner-requests", "1000000000");
        gatewaySettings.put("border.gateway.max-connections", String.valueOf(Math.max(64, clients)));
        JurisdictionProcess gateway = new JurisdictionProcess(
                "gateway-" + J,
                gatewayApp,
                Integer.parseInt(gatewaySettings.get("quarkus.http.port")),
                gatewaySettings);
        Map<String, JurisdictionProcess> processes = new LinkedHashMap<>();
        processes.put("gateway", gateway);
        processes.put("intel-sharing", intelJ);
        processes.put("case-exchange", casesJ);
        processes.put("joint-mediation", mediationJ);
        processes.put("intel-sharing Pucheng", intelP);
        JurisdictionProcess.startAll(Duration.ofSeconds(240), processes.values().toArray(JurisdictionProcess[]::new));
        try {
            run(
                    intel,
                    caseFed,
                    mediationFed,
                    processes,
                    blindIndex,
                    alerts,
                    partnerAlerts,
                    cases,
                    disputes,
                    clients,
                    seconds,
                    warmup,
                    jfr);
        } finally {
            JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
        }
        System.exit(0);
    }

    /** Settings that make a service of another federation trust (and sign as) the intelligence federation's issuers. */
    static Map<String, String> sameIdentity(TestFederation intel, String... more) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("border.federation.jurisdiction.public-key", intel.issuer(J).publicKeyPem());
        p.put("border.federation.peer-token.signing-key", intel.issuer(J).privateKeyPem());
        p.put("border.federation.partners." + P + ".public-key", intel.issuer(P).publicKeyPem());
        // partners' case-exchange and joint-mediation do not run here
        p.put("border.federation.relay.enabled", "false");
        for (int i = 0; i + 1 < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    static void run(
            TestFederation intel,
            TestFederation caseFed,
            TestFederation mediationFed,
            Map<String, JurisdictionProcess> processes,
            BlindIndex blindIndex,
            int alerts,
            int partnerAlerts,
            int cases,
            int disputes,
            int clients,
            int seconds,
            int warmup,
            Path jfr)
            throws Exception {
        // the services hash their (empty) holdings under key version 1 first; loaded afterwards, the hashes are theirs
        for (String code : List.of(J, P)) {
            Await.until(
                    Duration.ofSeconds(120),
                    () -> intel.database(code)
                                    .count("SELECT count(*) FROM federation.blind_index_version"
                                            + " WHERE key_version = 1 AND filled_at IS NOT NULL")
                            == 1,
                    () -> code + " has hashed its holdings");
        }
        long start = System.nanoTime();
        AlertQueryBenchmark.load(intel.database(J), J, 0, alerts, blindIndex);
        AlertQueryBenchmark.load(intel.database(P), P, 1, partnerAlerts, blindIndex);
        CaseSearchBenchmark.load(caseFed.database(J), cases);
        DisputeSearchBenchmark.load(mediationFed.database(J), disputes);
        AlertQueryBenchmark.print(String.format(
                "loaded %,d alerts at Jiangshan, %,d at Pucheng, %,d cases, %,d disputes in %.0f s; %s%n",
                alerts,
                partnerAlerts,
                cases,
                disputes,
                (System.nanoTime() - start) / 1e9,
                PostgresServer.get().describe()));
        List<String> alertIds = ids(
                intel.database(J),
                "SELECT id FROM alert WHERE handling = 'GENERAL' AND revoked_at IS NULL ORDER BY random() LIMIT 5000");
        List<String> caseIds = ids(
                caseFed.database(J),
                "SELECT id FROM joint_case c WHERE " + CaseSearchBenchmark.visible(J)
                        + " ORDER BY random() LIMIT 5000");
        List<String> disputeIds = ids(
                mediationFed.database(J),
                "SELECT id FROM dispute d WHERE d.origin = '" + J + "' OR EXISTS (SELECT 1 FROM dispute_jurisdiction j"
                        + " WHERE j.dispute_id = d.id AND j.jurisdiction = '" + J + "') ORDER BY random() LIMIT 5000");

        String base = processes.get("gateway").baseUrl();
        List<List<Sample>> perClient = new ArrayList<>();
        Map<Op, Errors> errors = new ConcurrentHashMap<>();
        Map<Op, AtomicInteger> warmupErrors = new ConcurrentHashMap<>();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch finished = new CountDownLatch(clients);
        Map<String, Integer> roles = new LinkedHashMap<>();
        try (BenchHttp http = new BenchHttp(clients)) {
            for (int c = 0; c < clients; c++) {
                Role role = MIX.get(
                        c % 10 < MIX.get(0).tenths()
                                ? 0
                                : c % 10 < MIX.get(0).tenths() + MIX.get(1).tenths() ? 1 : 2);
                roles.merge(role.name(), 1, Integer::sum);
                String token = intel.issuer(J)
                        .token(J)
                        .roles(role.name())
                        .unit(role.unit())
                        .subject(role.name() + "-" + c)
                        .expiresIn(Duration.ofHours(3))
                        .sign();
                List<Sample> samples = new ArrayList<>();
                perClient.add(samples);
                SplittableRandom random = new SplittableRandom(c);
                int client = c;
                Thread thread = new Thread(
                        () -> {
                            for (int n = 0; running.get(); n++) {
                                Op op = pick(role.mix(), random);
                                long t0 = System.nanoTime();
                                BenchHttp.Reply reply = call(
                                        http,
                                        base,
                                        op,
                                        token,
                                        random,
                                        client,
                                        n,
                                        alerts,
                                        partnerAlerts,
                                        alertIds,
                                        caseIds,
                                        disputeIds);
                                long took = System.nanoTime() - t0;
                                boolean ok = reply.status() >= 200
                                        && reply.status() < 300
                                        && !(op == Op.HIT_CHECK
                                                && reply.body().contains("\"partnersUnavailable\":{\""));
                                if (measuring.get()) {
                                    samples.add(new Sample(op, took));
                                    if (!ok) {
                                        errors.computeIfAbsent(op, o -> new Errors())
                                                .add(reply.status(), reply.body());
                                    }
                                } else if (!ok) {
                                    warmupErrors
                                            .computeIfAbsent(op, o -> new AtomicInteger())
                                            .incrementAndGet();
                                    if (warmupErrors.get(op).get() == 1) {
                                        AlertQueryBenchmark.print(String.format(
                                                "  warm-up: %s answered %d %s%n",
                                                op.label,
                                                reply.status(),
                                                reply.body().length() > 300
                                                        ? reply.body().substring(0, 300)
                                                        : reply.body()));
                                    }
                                }
                            }
                            finished.countDown();
                        },
                        "client-" + c);
                thread.setDaemon(true);
                thread.start();
            }
            AlertQueryBenchmark.print(String.format(
                    "%d clients (%s), closed loop through the gateway; warm-up %d s, then %d s measured%n",
                    clients, roles, warmup, seconds));
            Thread.sleep(warmup * 1000L);
            try (BuildSlots slots = BuildSlots.hold()) {
                Jfr.start(jfr, processes);
                Map<String, Long> cpuBefore = cpu(processes, intel.database(J));
                long measuredFrom = System.nanoTime();
                measuring.set(true);
                Thread.sleep(seconds * 1000L);
                measuring.set(false);
                long measuredNanos = System.nanoTime() - measuredFrom;
                Map<String, Long> cpuAfter = cpu(processes, intel.database(J));
                String load = BuildSlots.loadAverage();
                List<Path> recordings = Jfr.dump(jfr, processes);
                running.set(false);
                finished.await();
                report(
                        perClient,
                        errors,
                        warmupErrors,
                        measuredNanos,
                        cpuBefore,
                        cpuAfter,
                        clients,
                        seconds,
                        warmup,
                        load);
                Jfr.share(recordings);
            }
        }
    }

    static BenchHttp.Reply call(
            BenchHttp http,
            String base,
            Op op,
            String token,
            SplittableRandom random,
            int client,
            int n,
            int alerts,
            int partnerAlerts,
            List<String> alertIds,
            List<String> caseIds,
            List<String> disputeIds) {
        String alertsUrl = base + "/api/v1/alerts";
        return switch (op) {
            case ALERT_SEARCH ->
                http.getReply(
                        alertsUrl + "?limit=20&q="
                                + AlertQueryBenchmark.enc(AlertQueryBenchmark.pick(random, AlertQueryBenchmark.GOODS))
                                + (random.nextBoolean()
                                        ? "&severity="
                                                + AlertQueryBenchmark.pick(random, AlertQueryBenchmark.SEVERITIES)
                                        : ""),
                        token);
            case ALERT_SEARCH_FACETS ->
                http.getReply(
                        alertsUrl + "?limit=20&facets=true&q="
                                + AlertQueryBenchmark.enc(AlertQueryBenchmark.pick(random, AlertQueryBenchmark.PLACES))
                                + "&severity=" + AlertQueryBenchmark.pick(random, AlertQueryBenchmark.SEVERITIES),
                        token);
            case ALERT_GET -> http.getReply(alertsUrl + "/" + alertIds.get(random.nextInt(alertIds.size())), token);
            case ALERT_PUBLISH -> http.post(alertsUrl, publishBody(random, client, n), token);
            case HIT_CHECK ->
                http.post(
                        alertsUrl + "/hit-checks",
                        "{\"identifiers\":[" + AlertQueryBenchmark.subjectJson(0, random.nextInt(alerts)) + ","
                                + AlertQueryBenchmark.subjectJson(1, random.nextInt(partnerAlerts)) + ","
                                + AlertQueryBenchmark.subjectJson(3, random.nextInt(alerts)) + ","
                                + AlertQueryBenchmark.subjectJson(4, random.nextInt(alerts)) + ","
                                + AlertQueryBenchmark.subjectJson(5, random.nextInt(alerts)) + "]}",
                        token);
            case CASE_LIST -> http.getReply(base + "/api/v1/cases?limit=20", token);
            case CASE_SEARCH ->
                http.getReply(
                        base + "/api/v1/cases/search?limit=20&q="
                                + AlertQueryBenchmark.enc(CaseSearchBenchmark.commonWord(random)) + "&facets="
                                + (random.nextInt(4) == 0),
                        token);
            case CASE_GET ->
                http.getReply(base + "/api/v1/cases/" + caseIds.get(random.nextInt(caseIds.size())), token);
            case DISPUTE_LIST -> http.getReply(base + "/api/v1/disputes?limit=20", token);
            case DISPUTE_SEARCH ->
                http.getReply(
                        base + "/api/v1/disputes/search?limit=20&q="
                                + AlertQueryBenchmark.enc(
                                        AlertQueryBenchmark.pick(random, DisputeSearchBenchmark.WORDS)),
                        token);
            case DISPUTE_GET ->
                http.getReply(base + "/api/v1/disputes/" + disputeIds.get(random.nextInt(disputeIds.size())), token);
        };
    }

    /** An alert to Pucheng, as the bench's analysts publish it (relayed to Pucheng's service). */
    static String publishBody(SplittableRandom random, int client, int n) {
        String place = AlertQueryBenchmark.pick(random, AlertQueryBenchmark.PLACES);
        String goods = AlertQueryBenchmark.pick(random, AlertQueryBenchmark.GOODS);
        String vehicle = AlertQueryBenchmark.pick(random, AlertQueryBenchmark.VEHICLES);
        String plate = "浙H" + String.format("%05d", (client * 7919 + n) % 100_000);
        return """
                {"category":"SMUGGLING","severity":"%s","title":"%s%s运输%s预警",
                 "body":"一辆%s疑似运输%s，可能经205国道进入浦城。",
                 "subjects":[{"kind":"VEHICLE","value":"%s","label":"%s"}],
                 "distribution":["%s"],"handling":"GENERAL","sourceReliability":"B","informationCredibility":2}
                """.formatted(
                        AlertQueryBenchmark.pick(random, AlertQueryBenchmark.SEVERITIES),
                        place,
                        vehicle,
                        goods,
                        vehicle,
                        goods,
                        plate,
                        vehicle,
                        P);
    }

    static Op pick(Map<Op, Integer> mix, SplittableRandom random) {
        int r = random.nextInt(100);
        for (var e : mix.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("a role's mix does not add up to 100: " + mix);
    }

    static Map<Op, Integer> ordered(Object... opAndPercent) {
        Map<Op, Integer> mix = new LinkedHashMap<>();
        for (int i = 0; i < opAndPercent.length; i += 2) {
            mix.put((Op) opAndPercent[i], (Integer) opAndPercent[i + 1]);
        }
        if (mix.values().stream().mapToInt(Integer::intValue).sum() != 100) {
            throw new IllegalStateException("a role's mix does not add up to 100: " + mix);
        }
        return mix;
    }

    static List<String> ids(PostgresServer.Database db, String sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("nothing to read: " + sql);
        }
        return ids;
    }

    static void report(
            List<List<Sample>> perClient,
            Map<Op, Errors> errors,
            Map<Op, AtomicInteger> warmupErrors,
            long measuredNanos,
            Map<String, Long> cpuBefore,
            Map<String, Long> cpuAfter,
            int clients,
            int seconds,
            int warmup,
            String load) {
        double measured = measuredNanos / 1e9;
        Map<Op, List<Long>> byOp = new EnumMap<>(Op.class);
        long total = 0;
        for (List<Sample> samples : perClient) {
            for (Sample s : samples) {
                byOp.computeIfAbsent(s.op(), o -> new ArrayList<>()).add(s.nanos());
                total++;
            }
        }
        StringBuilder out = new StringBuilder(String.format(
                "%n=== %d clients through Jiangshan's gateway for %d s (after %d s warm-up); load average at the end %s ===%n",
                clients, seconds, warmup, load));
        out.append(String.format(
                "  %-30s %9s %9s %9s %9s %9s %9s %7s%n",
                "operation", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"));
        long allErrors = 0;
        List<Long> all = new ArrayList<>();
        for (Op op : Op.values()) {
            List<Long> nanos = byOp.getOrDefault(op, List.of());
            all.addAll(nanos);
            long errorCount = errors.containsKey(op)
                    ? errors.get(op).byStatus.values().stream()
                            .mapToLong(Integer::longValue)
                            .sum()
                    : 0;
            allErrors += errorCount;
            out.append(row(op.label, nanos, measured, errorCount));
        }
        out.append(row("all", all, measured, allErrors));
        for (Op op : Op.values()) {
            Errors e = errors.get(op);
            if (e != null && !e.byStatus.isEmpty()) {
                e.byStatus.forEach((status, count) -> out.append(String.format(
                        "  errors of %s: %d × status %d, first: %s%n",
                        op.label, count, status, e.firstBody.get(status))));
            }
        }
        if (!warmupErrors.isEmpty()) {
            out.append(String.format("  errors during the warm-up (not counted above): %s%n", warmupErrors));
        }
        out.append(String.format("  CPU per request (ms), over %,d requests:", total));
        long cpuTotal = 0;
        for (String name : cpuBefore.keySet()) {
            long used = cpuAfter.get(name) - cpuBefore.get(name);
            cpuTotal += used;
            out.append(String.format(" %s %.2f,", name, used / (double) Math.max(1, total)));
        }
        out.append(String.format(
                " in all %.2f ms; cores busy on average %.2f%n",
                cpuTotal / (double) Math.max(1, total), cpuTotal / 1000.0 / measured));
        AlertQueryBenchmark.print(out.toString());
    }

    static String row(String name, List<Long> nanos, double seconds, long errors) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(
                "  %-30s %9d %9.1f %9.1f %9.1f %9.1f %9.1f %7d%n",
                name,
                sorted.length,
                sorted.length / seconds,
                ClosedLoop.percentile(sorted, 0.50),
                ClosedLoop.percentile(sorted, 0.95),
                ClosedLoop.percentile(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
                errors);
    }

    /** CPU milliseconds so far of every process, PostgreSQL (all its processes) and this load generator. */
    static Map<String, Long> cpu(Map<String, JurisdictionProcess> processes, PostgresServer.Database db) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes.forEach((name, p) -> cpu.put(name, ticks(p.pid(), false) * 10));
        cpu.put("PostgreSQL", postgresTicks(db) * 10);
        cpu.put("load generator", ticks(ProcessHandle.current().pid(), false) * 10);
        return cpu;
    }

    /**
     * utime + stime of a process from /proc/&lt;pid&gt;/stat in clock ticks (USER_HZ 100 on Linux),
     * with {@code children} also what its children that ended and were waited for used (cutime + cstime).
     */
    static long ticks(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // after the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return children ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile
        }
    }

    /** The embedded PostgreSQL's postmaster with what its ended backends used, and its live processes. */
    static long postgresTicks(PostgresServer.Database db) {
        long postmaster = postmasterPid(db);
        if (postmaster < 0) {
            return 0;
        }
        return ticks(postmaster, true)
                + ProcessHandle.of(postmaster)
                        .map(p -> p.children()
                                .mapToLong(c -> ticks(c.pid(), true))
                                .sum())
                        .orElse(0L);
    }

    private static long postmasterPid = 0;

    static synchronized long postmasterPid(PostgresServer.Database db) {
        if (postmasterPid == 0) {
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW data_directory")) {
                rs.next();
                postmasterPid = Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid"))
                        .get(0)
                        .trim());
            } catch (SQLException | IOException | RuntimeException e) {
                postmasterPid = -1; // not embedded (PG_URL) or not readable: not counted
            }
        }
        return postmasterPid;
    }

    /**
     * JFR recordings of the gateway and the services over the measured phase (profile settings),
     * started and dumped with jcmd (GatewayOverheadBenchmark.Jfr); then the share of CPU samples
     * whose stacks hold token verification.
     */
    static final class Jfr {
        static void start(Path dir, Map<String, JurisdictionProcess> processes) throws Exception {
            if (dir == null) {
                return;
            }
            Files.createDirectories(dir);
            for (JurisdictionProcess p : processes.values()) {
                GatewayOverheadBenchmark.Jfr.jcmd(p.pid(), "JFR.start", "name=load", "settings=profile");
            }
        }

        static List<Path> dump(Path dir, Map<String, JurisdictionProcess> processes) throws Exception {
            List<Path> files = new ArrayList<>();
            if (dir == null) {
                return files;
            }
            for (var e : processes.entrySet()) {
                Path file = dir.resolve(e.getKey().replace(' ', '-') + ".jfr");
                GatewayOverheadBenchmark.Jfr.jcmd(e.getValue().pid(), "JFR.dump", "name=load", "filename=" + file);
                GatewayOverheadBenchmark.Jfr.jcmd(e.getValue().pid(), "JFR.stop", "name=load");
                files.add(file);
            }
            AlertQueryBenchmark.print("JFR recordings in " + dir + "\n");
            return files;
        }

        static void share(List<Path> recordings) throws IOException {
            if (recordings.isEmpty()) {
                return;
            }
            StringBuilder out = new StringBuilder(
                    "  token verification's share of the CPU samples (jdk.ExecutionSample; stacks with "
                            + String.join(" ", VERIFYING) + "):\n");
            for (Path file : recordings) {
                long all = 0;
                long verifying = 0;
                long signature = 0;
                Map<String, Long> topFrames = new TreeMap<>();
                for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                    if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                            || event.getStackTrace() == null) {
                        continue;
                    }
                    all++;
                    List<RecordedFrame> frames = event.getStackTrace().getFrames();
                    // the innermost frame of the verifying packages (quarkus-oidc's route handlers,
                    // e.g. BackChannelLogoutHandler.handle, pass every request on: under them alone is not verifying)
                    String verifier = null;
                    for (RecordedFrame frame : frames) {
                        String type = frame.getMethod().getType().getName();
                        if (VERIFYING.stream().anyMatch(type::startsWith)) {
                            boolean passing = type.endsWith("Handler")
                                    && frame.getMethod().getName().equals("handle");
                            verifier = passing
                                    ? null
                                    : type + "." + frame.getMethod().getName();
                            break;
                        }
                    }
                    if (verifier != null) {
                        verifying++;
                        topFrames.merge(verifier, 1L, Long::sum);
                        if (frames.stream()
                                .anyMatch(f -> f.getMethod().getType().getName().startsWith("sun.security.rsa")
                                        || f.getMethod().getType().getName().startsWith("sun.security.ec"))) {
                            signature++;
                        }
                    }
                }
                out.append(String.format(
                        "    %-28s %5.1f %% of %,d samples (signature arithmetic %.1f %%)%n",
                        file.getFileName(),
                        all == 0 ? 0 : 100.0 * verifying / all,
                        all,
                        all == 0 ? 0 : 100.0 * signature / all));
                long samples = Math.max(1, all);
                topFrames.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(3)
                        .forEach(e -> out.append(
                                String.format("        in %s: %.1f %%%n", e.getKey(), 100.0 * e.getValue() / samples)));
            }
            AlertQueryBenchmark.print(out.toString());
        }
    }

    private MixedLoadBenchmark() {}
}
