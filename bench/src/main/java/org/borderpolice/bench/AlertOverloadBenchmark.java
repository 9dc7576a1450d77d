package org.borderpolice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * Overload: {@code bench.clients} (100) analysts reading at once at one jurisdiction, each sending
 * its next request as soon as the last is answered, for {@code bench.seconds} (120) after
 * {@code bench.warmup-seconds} (20). The reads are the four kinds an analyst makes, in turn: the
 * list, a Chinese keyword search, a search with a severity, and part of an identifier. Every read
 * is audited. Prints requests per second, p50, p99, how many took longer than 10 s, and the answers
 * by status (-1: no answer within 30 s or the connection failed). Asserts nothing.
 *
 * <p>What shows the audit chain's lock (issue 21, item 12): every second of the measurement,
 * {@code pg_stat_activity} is sampled for the service's sessions waiting on an advisory lock (an
 * audited read that waits for the chain) and on any other lock, and for the sessions inside a
 * transaction (the pool's connections held by requests). A run whose requests queue behind one
 * lock shows many advisory waiters and a pool held full; a run without the lock shows none.
 */
public final class AlertOverloadBenchmark {

    static final String[] KINDS = {"list", "Chinese search", "search + severity", "part of an identifier"};

    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("bench.alerts", 100_000);
        int clients = Integer.getInteger("bench.clients", 100);
        int seconds = Integer.getInteger("bench.seconds", 120);
        int warmup = Integer.getInteger("bench.warmup-seconds", 20);
        TestFederation federation = new TestFederation("intel-sharing", "intel", TestFederation.JIANGSHAN);
        Path app = JurisdictionProcess.packagedApplication();
        BlindIndex blindIndex = new BlindIndex(federation.blindIndexKey(1));
        JurisdictionProcess jiangshan = federation
                .process(TestFederation.JIANGSHAN, app, Map.of("quarkus.log.level", "WARN"))
                .start()
                .awaitReady(Duration.ofSeconds(180));
        PostgresServer.Database db = federation.database(TestFederation.JIANGSHAN);
        long start = System.nanoTime();
        AlertQueryBenchmark.load(db, TestFederation.JIANGSHAN, 0, alerts, blindIndex);
        AlertQueryBenchmark.print(String.format(
                "loaded %,d alerts in %.0f s; %s%n",
                alerts, (System.nanoTime() - start) / 1e9, PostgresServer.get().describe()));
        String token = federation
                .issuer(TestFederation.JIANGSHAN)
                .token(TestFederation.JIANGSHAN)
                .roles("analyst")
                .unit("情报中心")
                .expiresIn(Duration.ofHours(3))
                .sign();
        String base = jiangshan.baseUrl() + "/api/v1/alerts?limit=20";

        List<long[]> waits = new ArrayList<>();
        try (BenchHttp http = new BenchHttp(clients)) {
            ClosedLoop.Result result = ClosedLoop.run(
                    clients,
                    warmup,
                    seconds,
                    KINDS.length,
                    (client, n, random) -> http.get(base + query(n % KINDS.length, random, alerts), token),
                    () -> {},
                    () -> waits.add(sessions(db)));
            long measuredNanos = result.measuredNanos();
            List<ClosedLoop.Sample> all = result.samples();
            AlertQueryBenchmark.print(String.format(
                    "%n=== %d concurrent clients reading at Jiangshan for %d s "
                            + "(after %d s warm-up), %,d alerts, every read audited ===%n",
                    clients, seconds, warmup, alerts));
            AlertQueryBenchmark.print(ClosedLoop.line("all reads", all, measuredNanos));
            for (int k = 0; k < KINDS.length; k++) {
                AlertQueryBenchmark.print(ClosedLoop.line(KINDS[k], result.ofKind(k), measuredNanos));
            }
            AlertQueryBenchmark.print(String.format(
                    "  audit entries written: %,d; linked into the chain: %s%n",
                    db.count("SELECT count(*) FROM federation.audit_log"), linked(db)));
            AlertQueryBenchmark.print(waitLine(waits));
        } finally {
            jiangshan.stop();
        }
        System.exit(0);
    }

    /**
     * The service's sessions right now: waiting on an advisory lock, waiting on another lock, in a
     * transaction (active or idle in it: a pooled connection a request holds), in all.
     */
    static long[] sessions(PostgresServer.Database db) {
        try (var c = db.connect();
                var s = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),
                    count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event <> 'advisory'),
                    count(*) FILTER (WHERE xact_start IS NOT NULL),
                    count(*)
                FROM pg_stat_activity WHERE datname = ? AND usename = ?""")) {
            s.setString(1, db.name());
            s.setString(2, db.application().user());
            try (var rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        } catch (java.sql.SQLException e) {
            return new long[] {-1, -1, -1, -1};
        }
    }

    static String waitLine(List<long[]> samples) {
        String[] names = {"waiting on an advisory lock", "waiting on another lock", "in a transaction", "connected"};
        StringBuilder b = new StringBuilder("  the service's sessions, sampled once a second (pg_stat_activity):");
        for (int i = 0; i < names.length; i++) {
            int k = i;
            long[] values = samples.stream()
                    .mapToLong(v -> v[k])
                    .filter(v -> v >= 0)
                    .sorted()
                    .toArray();
            double mean = Arrays.stream(values).average().orElse(Double.NaN);
            long max = values.length == 0 ? -1 : values[values.length - 1];
            long nonZero = Arrays.stream(values).filter(v -> v > 0).count();
            b.append(String.format(
                    "%n    %-28s mean %6.1f  max %4d  in %d of %d samples",
                    names[i], mean, max, nonZero, values.length));
        }
        return b.append(String.format("%n")).toString();
    }

    static String linked(PostgresServer.Database db) {
        try {
            return String.format("%,d", db.count("SELECT count(*) FROM federation.audit_chain"));
        } catch (RuntimeException e) {
            return "(chained in the request, no separate links)";
        }
    }

    /** The query string of a read of this kind. */
    static String query(int kind, SplittableRandom random, int alerts) {
        return switch (kind) {
            case 0 -> "";
            case 1 -> "&q=" + AlertQueryBenchmark.enc(AlertQueryBenchmark.pick(random, AlertQueryBenchmark.GOODS));
            case 2 ->
                "&q="
                        + AlertQueryBenchmark.enc(AlertQueryBenchmark.pick(random, AlertQueryBenchmark.PLACES))
                        + "&severity="
                        + AlertQueryBenchmark.pick(random, AlertQueryBenchmark.SEVERITIES);
            default ->
                "&subject="
                        + AlertQueryBenchmark.enc(
                                AlertQueryBenchmark.subject(0, random.nextInt(alerts))[1].substring(2, 7));
        };
    }
}
