package org.borderpolice.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * 协查 latency between two real processes: Jiangshan's investigators file assistance requests
 * addressed to Pucheng, {@code bench.rate} (50) a second on five joint cases both take part in,
 * after {@code bench.warmup-seconds} (60) of the same; for {@code bench.seconds} (60) each request
 * is timed from Jiangshan's POST returning 201 to the request appearing in Pucheng's incoming list
 * ({@code GET /api/v1/assistance-requests?direction=INCOMING}, Pucheng's REST API, as its officer
 * would see it), polled by one client every {@code bench.poll-millis} (5 ms) after the previous
 * poll's answer; a poll reads the newest page (50) and, while a page's oldest request is one not
 * seen before, the next older page by the API's cursor, so that no request falls off the first
 * page however long a poll takes. A request counts as visible when the answer of the page that
 * lists it first arrives (so the figure includes up to one poll interval and one poll). Also printed: the same
 * measured to the time Pucheng stored the request (its {@code sent_at}, the receiving
 * transaction's clock; same machine), which no polling blurs, and the CPU each process and
 * PostgreSQL spent per request. Asserts nothing.
 */
public final class AssistanceLatencyBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern NEXT = Pattern.compile("\"next\":\"([A-Za-z0-9_-]+)\"");

    /** The bench leaves thousands of requests open on a few cases: far above the default caps. */
    static final Map<String, String> UNCAPPED = Map.of(
            "border.cases.assistance.max-open-per-case", "1000000",
            "border.cases.assistance.max-open", "1000000");

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 50);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int warmup = Integer.getInteger("bench.warmup-seconds", 60);
        long pollMillis = Long.getLong("bench.poll-millis", 5);
        TestFederation federation = new TestFederation("case-exchange", "cases", J, P);
        Path app = JurisdictionProcess.packagedApplication();
        Map<String, String> settings = new java.util.HashMap<>(UNCAPPED);
        settings.put("quarkus.log.level", "WARN");
        JurisdictionProcess jiangshan = federation.process(J, app, settings);
        JurisdictionProcess pucheng = federation.process(P, app, settings);
        JurisdictionProcess.startAll(Duration.ofSeconds(180), jiangshan, pucheng);
        AlertQueryBenchmark.print(PostgresServer.get().describe() + "\n");
        String jInvestigator = token(federation, J, J, "investigator");
        String pInvestigator = token(federation, P, P, "investigator");
        BenchHttp http = new BenchHttp(16);

        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            cases.add(sharedCase(http, jiangshan, pucheng, jInvestigator, pInvestigator, i));
        }
        AlertQueryBenchmark.print(
                String.format("%d joint cases open at Jiangshan, accepted by Pucheng%n", cases.size()));

        Map<String, Instant> returned = new ConcurrentHashMap<>();
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        long[] pollNanos = new long[1];
        AtomicInteger pages = new AtomicInteger();
        String incoming = pucheng.baseUrl() + "/api/v1/assistance-requests?direction=INCOMING&limit=50";
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                // as an officer's client catches up: the newest page, then older pages by the API's cursor
                // until a page ends with a request already seen (or there is none older)
                long start = System.nanoTime();
                String cursor = null;
                do {
                    BenchHttp.Reply reply =
                            http.getReply(incoming + (cursor == null ? "" : "&cursor=" + cursor), pInvestigator);
                    Instant answered = Instant.now();
                    pages.incrementAndGet();
                    Matcher m = ID.matcher(reply.body());
                    boolean oldestNew = false;
                    while (m.find()) {
                        oldestNew = seen.putIfAbsent(m.group(1), answered) == null;
                    }
                    Matcher next = NEXT.matcher(reply.body());
                    cursor = oldestNew && next.find() ? next.group(1) : null;
                } while (cursor != null && polling.get());
                pollNanos[0] += System.nanoTime() - start;
                polls.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(pollMillis).toNanos());
            }
        });
        poller.setDaemon(true);
        poller.start();

        // paced: request i is due at i / rate; a few senders so that one slow answer delays no other request
        ExecutorService senders = Executors.newFixedThreadPool(8);
        AtomicInteger failed = new AtomicInteger();
        long pace = Duration.ofSeconds(1).toNanos() / rate;
        int warmupRequests = warmup * rate;
        int measuredRequests = seconds * rate;
        List<String> measured = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] cpuBefore = new long[5];
        // this bench's server only: other benches' and tests' embedded servers share the machine
        ProcessHandle postmaster = Cpu.postmaster(federation.database(J));
        try (BuildSlots slots = BuildSlots.hold()) {
            long first = System.nanoTime() + pace;
            long wallStart = 0;
            for (int i = 0; i < warmupRequests + measuredRequests; i++) {
                if (i == warmupRequests) {
                    wallStart = System.nanoTime();
                    cpuBefore[0] = jiangshan.cpuTime().toMillis();
                    cpuBefore[1] = pucheng.cpuTime().toMillis();
                    cpuBefore[2] = Cpu.postgresMillis(postmaster);
                    cpuBefore[4] = Cpu.machineMillis();
                    cpuBefore[3] = Cpu.ownMillis();
                }
                long due = first + i * pace;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                boolean timed = i >= warmupRequests;
                String body = request(cases.get(i % cases.size()), i);
                senders.execute(() -> {
                    BenchHttp.Reply reply =
                            http.post(jiangshan.baseUrl() + "/api/v1/assistance-requests", body, jInvestigator);
                    Instant at = Instant.now();
                    Matcher m = ID.matcher(reply.body());
                    if (reply.status() != 201 || !m.find()) {
                        failed.incrementAndGet();
                        return;
                    }
                    returned.put(m.group(1), at);
                    if (timed) {
                        measured.add(m.group(1));
                    }
                });
            }
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
            double wall = (System.nanoTime() - wallStart) / 1e6;
            Await.until(
                    Duration.ofSeconds(60),
                    () -> measured.stream().allMatch(seen::containsKey),
                    () -> "every request at Pucheng");
            polling.set(false);
            int n = measured.size();
            AlertQueryBenchmark.print(String.format(
                    "%n=== Assistance requests Jiangshan → Pucheng, %d/s for %d s after %d s warm-up ===%n"
                            + "  sent %d (measured %d), failed %d; Pucheng polled %d times (%d pages read), a poll took"
                            + " %.1f ms on average%n",
                    rate,
                    seconds,
                    warmup,
                    warmupRequests + measuredRequests,
                    n,
                    failed.get(),
                    polls.get(),
                    pages.get(),
                    pollNanos[0] / 1e6 / Math.max(1, polls.get())));
            AlertQueryBenchmark.print(String.format(
                    "  CPU per request: Jiangshan %.2f ms, Pucheng %.2f ms (its polls included), PostgreSQL %.2f ms,"
                            + " load generator %.2f ms; load average %s%n",
                    (jiangshan.cpuTime().toMillis() - cpuBefore[0]) / (double) n,
                    (pucheng.cpuTime().toMillis() - cpuBefore[1]) / (double) n,
                    (Cpu.postgresMillis(postmaster) - cpuBefore[2]) / (double) n,
                    (Cpu.ownMillis() - cpuBefore[3]) / (double) n,
                    BuildSlots.loadAverage()));
            long ours = jiangshan.cpuTime().toMillis()
                    - cpuBefore[0]
                    + pucheng.cpuTime().toMillis()
                    - cpuBefore[1]
                    + Cpu.postgresMillis(postmaster)
                    - cpuBefore[2]
                    + Cpu.ownMillis()
                    - cpuBefore[3];
            long cores = Runtime.getRuntime().availableProcessors();
            double window = (System.nanoTime() - wallStart) / 1e6; // sending and the wait for the last ones
            // how much of the machine was left to the bench: other processes' CPU is what a note waits behind
            AlertQueryBenchmark.print(String.format(
                    "  (measured over %.0f s; the machine's %d cores were %.0f %% busy, this bench's processes %.0f %%)%n",
                    wall / 1000,
                    cores,
                    100.0 * (Cpu.machineMillis() - cpuBefore[4]) / (window * cores),
                    100.0 * ours / (window * cores)));
        }
        long[] visible = measured.stream()
                .mapToLong(
                        id -> Duration.between(returned.get(id), seen.get(id)).toNanos() / 1000)
                .toArray();
        AlertQueryBenchmark.print(figures("visible in Pucheng's REST list", visible));
        AlertQueryBenchmark.print(figures("stored at Pucheng (its sent_at)", stored(federation, measured, returned)));
        AlertQueryBenchmark.printTopStatements();
        JurisdictionProcess.stopAll(jiangshan, pucheng);
        System.exit(0);
    }

    /** Microseconds from the POST's return to Pucheng's receiving transaction, per request. */
    static long[] stored(TestFederation federation, List<String> ids, Map<String, Instant> returned)
            throws SQLException {
        long[] micros = new long[ids.size()];
        try (Connection c = federation.database(P).connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id::text, sent_at FROM assistance_request WHERE id = ANY (?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    Instant at = rs.getTimestamp(2).toInstant();
                    micros[i++] =
                            Duration.between(returned.get(rs.getString(1)), at).toNanos() / 1000;
                }
                return Arrays.copyOf(micros, i);
            }
        }
    }

    static String figures(String name, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return "  " + name + ": nothing measured\n";
        }
        return String.format(
                "  %-34s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (min %.1f ms, %d requests)%n",
                name,
                sorted[n / 2] / 1000.0,
                sorted[(int) (n * 0.95)] / 1000.0,
                sorted[(int) (n * 0.99)] / 1000.0,
                sorted[n - 1] / 1000.0,
                sorted[0] / 1000.0,
                n);
    }

    static String request(String caseId, int n) {
        String[] priorities = {"ROUTINE", "URGENT", "IMMEDIATE"};
        String[] kinds = {"LOCATE_PERSON", "LOCATE_VEHICLE", "IDENTITY_CHECK", "COLLECT_EVIDENCE"};
        return "{\"caseId\":\"" + caseId + "\",\"addressee\":\"" + P + "\",\"kind\":\"" + kinds[n % kinds.length]
                + "\",\"priority\":\"" + priorities[n % priorities.length]
                + "\",\"details\":\"请核查该人员近期在浦城的落脚点及同行人员（第" + n + "号）。\","
                + "\"subjects\":[{\"kind\":\"PERSON\",\"value\":\"330881199001011238\",\"label\":\"张某\"}]}";
    }

    /** A case filed OPEN at Jiangshan inviting Pucheng, accepted at Pucheng; returns once Jiangshan knows. */
    static String sharedCase(
            BenchHttp http,
            JurisdictionProcess jiangshan,
            JurisdictionProcess pucheng,
            String jInvestigator,
            String pInvestigator,
            int n) {
        BenchHttp.Reply filed = http.post(
                jiangshan.baseUrl() + "/api/v1/cases?open=true",
                "{\"category\":\"TELECOM_FRAUD\",\"title\":\"浙闽交界电信诈骗案" + n
                        + "\",\"summary\":\"犯罪嫌疑人冒充客服在江山、浦城两地实施诈骗。\",\"participants\":[\"" + P + "\"]}",
                jInvestigator);
        Matcher m = ID.matcher(filed.body());
        if (filed.status() != 201 || !m.find()) {
            throw new IllegalStateException("filing a case: " + filed.status() + " " + filed.body());
        }
        String id = m.group(1);
        Await.until(
                Duration.ofSeconds(60),
                () -> http.get(pucheng.baseUrl() + "/api/v1/cases/" + id, pInvestigator) == 200,
                () -> "case " + id + " at Pucheng");
        BenchHttp.Reply accepted = http.post(
                pucheng.baseUrl() + "/api/v1/cases/" + id + "/participation",
                "{\"decision\":\"ACCEPT\"}",
                pInvestigator);
        if (accepted.status() != 200) {
            throw new IllegalStateException("accepting: " + accepted.status() + " " + accepted.body());
        }
        Await.until(
                Duration.ofSeconds(60),
                () -> http.getReply(jiangshan.baseUrl() + "/api/v1/cases/" + id, jInvestigator)
                        .body()
                        .contains("\"state\":\"ACCEPTED\""),
                () -> "Pucheng's acceptance of " + id + " at Jiangshan");
        return id;
    }

    static String token(TestFederation federation, String code, String audience, String role) {
        return federation
                .issuer(code)
                .token(audience)
                .roles(role)
                .unit("刑侦大队")
                .expiresIn(Duration.ofHours(3))
                .sign();
    }

    private AssistanceLatencyBenchmark() {}
}
