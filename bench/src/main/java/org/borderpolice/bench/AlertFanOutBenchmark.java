package org.borderpolice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * Fan-out: Jiangshan publishes alerts to Pucheng and Guangfeng at a fixed rate for a while; the
 * latency of each alert is from its publication at Jiangshan (published_at) to the receiver's
 * inbox transaction that made it visible (inbox_event.received_at), all on one machine clock.
 * Prints p50/p99 per receiver and rate. Asserts nothing.
 */
public final class AlertFanOutBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        List<Integer> rates = new ArrayList<>();
        for (String r : System.getProperty("bench.rates", "100,300").split(",")) {
            rates.add(Integer.parseInt(r.trim()));
        }
        TestFederation federation = new TestFederation(
                "intel-sharing", "intel", TestFederation.JIANGSHAN, TestFederation.PUCHENG, TestFederation.GUANGFENG);
        Path app = JurisdictionProcess.packagedApplication();
        List<JurisdictionProcess> processes = new ArrayList<>();
        for (String code : List.of(TestFederation.PUCHENG, TestFederation.GUANGFENG, TestFederation.JIANGSHAN)) {
            processes.add(federation
                    .process(code, app, Map.of("quarkus.log.level", "WARN"))
                    .start());
        }
        processes.forEach(p -> p.awaitReady(Duration.ofSeconds(120)));
        JurisdictionProcess jiangshan = processes.get(2);
        String token = federation
                .issuer(TestFederation.JIANGSHAN)
                .token(TestFederation.JIANGSHAN)
                .roles("analyst")
                .unit("坛石派出所")
                .expiresIn(Duration.ofHours(2))
                .sign();
        // HTTP/1.1 like most integrations, a connection per sender
        BenchHttp http = new BenchHttp(SENDERS);

        // warm-up: JIT of five JVMs on this machine and connection pools; not measured
        int warmup = Integer.getInteger("bench.warmup-seconds", 30);
        run(http, jiangshan, token, 100, warmup, "预热");
        StringBuilder report = new StringBuilder("\n=== Alert fan-out: Jiangshan -> Pucheng, Guangfeng ===\n")
                .append(PostgresServer.get().describe())
                .append('\n');
        for (int phase = 0; phase < rates.size(); phase++) {
            int rate = rates.get(phase);
            String tag = "扇出" + phase + "-" + rate;
            PostgresServer.Database origin = federation.database(TestFederation.JIANGSHAN);
            AtomicInteger maxBacklog = new AtomicInteger();
            Thread sampler = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        maxBacklog.accumulateAndGet(
                                (int) origin.count("SELECT count(*) FROM federation.outbox"), Math::max);
                        Thread.sleep(500);
                    }
                } catch (InterruptedException e) {
                    // the phase is over
                } catch (IllegalStateException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        throw e;
                    } // else the phase ended in the middle of a count
                }
            });
            PostgresServer.get().takeTopStatements(0); // counts from here on
            long[] cpuBefore =
                    processes.stream().mapToLong(p -> p.cpuTime().toMillis()).toArray();
            long[] jitBefore =
                    processes.stream().mapToLong(p -> Cpu.jitMillis(p.pid())).toArray();
            long machineBefore = Cpu.machineMillis();
            long postgresBefore = Cpu.postgresMillis();
            long benchBefore = ProcessHandle.current()
                    .info()
                    .totalCpuDuration()
                    .orElse(Duration.ZERO)
                    .toMillis();
            long wallBefore = System.nanoTime();
            Result sent = run(http, jiangshan, token, rate, seconds, tag);
            sampler.interrupt();
            double wall = (System.nanoTime() - wallBefore) / 1e6;
            report.append(String.format(
                    "%4d/s: largest outbox backlog seen %d; machine CPU busy %.0f%% of %d cores%n",
                    rate,
                    maxBacklog.get(),
                    100.0
                            * (Cpu.machineMillis() - machineBefore)
                            / wall
                            / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors()));
            for (int i = 0; i < processes.size(); i++) {
                long used = processes.get(i).cpuTime().toMillis() - cpuBefore[i];
                long jit = Cpu.jitMillis(processes.get(i).pid()) - jitBefore[i];
                report.append(String.format(
                        "        %s CPU %.2f ms per alert (%.0f%% of one core), of which JIT compiler %.2f ms%n",
                        processes.get(i),
                        used / (double) Math.max(1, sent.ok()),
                        100.0 * used / wall,
                        jit / (double) Math.max(1, sent.ok())));
            }
            long postgres = Cpu.postgresMillis() - postgresBefore;
            long bench = ProcessHandle.current()
                            .info()
                            .totalCpuDuration()
                            .orElse(Duration.ZERO)
                            .toMillis()
                    - benchBefore;
            report.append(String.format(
                    "        PostgreSQL (all databases) CPU %.2f ms per alert (%.0f%% of one core); "
                            + "load generator %.0f%% of one core%n",
                    postgres / (double) Math.max(1, sent.ok()), 100.0 * postgres / wall, 100.0 * bench / wall));
            List<String> statements = PostgresServer.get().takeTopStatements(12);
            if (!statements.isEmpty()) {
                report.append("        PostgreSQL's heaviest statements (BENCH_PG_STATEMENTS):\n");
                statements.forEach(
                        line -> report.append("          ").append(line).append('\n'));
            }
            for (String receiver : List.of(TestFederation.PUCHENG, TestFederation.GUANGFENG)) {
                PostgresServer.Database db = federation.database(receiver);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (db.count("SELECT count(*) FROM alert WHERE title LIKE ?", tag + "%") < sent.ok()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                report.append(String.format(
                        "%4d/s target, %6.1f/s achieved, %d published: %s held %d, "
                                + "p50 %s ms, p99 %s ms, max %s ms%n",
                        rate,
                        sent.ok() / (double) seconds,
                        sent.ok(),
                        receiver,
                        db.count("SELECT count(*) FROM alert WHERE title LIKE ?", tag + "%"),
                        latency(db, tag, 0.50),
                        latency(db, tag, 0.99),
                        latency(db, tag, 1.0)));
            }
            if (sent.failed() > 0) {
                report.append("  publish failures: ").append(sent.failed()).append('\n');
            }
        }
        System.out.println(report);
        processes.forEach(JurisdictionProcess::stop);
        System.exit(0);
    }

    /** Concurrent publishers. */
    static final int SENDERS = 16;

    record Result(int ok, int failed) {}

    /** Publish at a fixed rate for a number of seconds, from a small pool of senders. */
    static Result run(BenchHttp http, JurisdictionProcess at, String token, int rate, int seconds, String tag)
            throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            senders.submit(() -> {
                String body = """
                        {"category":"SMUGGLING","severity":"ORANGE","title":"%s #%d 走私烟草车辆",
                         "body":"一辆厢式货车疑似运输走私烟，可能经205国道进入浦城。","distribution":["ALL"],
                         "handling":"GENERAL","sourceReliability":"B","informationCredibility":2,
                         "subjects":[{"kind":"VEHICLE","value":"浙H%05d"}]}""".formatted(tag, n, n % 100000);
                (http.post(at.baseUrl() + "/api/v1/alerts", body, token).status() == 201 ? ok : failed)
                        .incrementAndGet();
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        return new Result(ok.get(), failed.get());
    }

    static String latency(PostgresServer.Database db, String tag, double quantile) {
        long micros = db.count("""
                SELECT coalesce(percentile_disc(?) WITHIN GROUP (ORDER BY extract(epoch FROM (e.received_at - a.published_at)) * 1e6), 0)::bigint
                FROM alert a JOIN federation.inbox_event e ON e.record_id = a.id::text AND e.record_type = 'intel.alert'
                WHERE a.title LIKE ? AND e.version = 1""", quantile, tag + "%");
        return String.format("%.1f", micros / 1000.0);
    }

    private AlertFanOutBenchmark() {}
}
