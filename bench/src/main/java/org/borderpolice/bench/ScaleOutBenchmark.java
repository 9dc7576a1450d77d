package org.borderpolice.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * Scale-out (issue 28): Jiangshan's service (intel-sharing or case-exchange, {@code bench.service})
 * as one replica, then as two replicas on the same database, each a packaged process on its own
 * port, deployed as the README says (a migration job once, then replicas without the owner's
 * credentials); Pucheng, one process, is the partner. For each count of replicas,
 * {@code bench.clients} (32) closed-loop clients, spread over the replicas (client {@code c} at
 * replica {@code c mod replicas}), first publish for {@code bench.seconds} (60) after
 * {@code bench.warmup-seconds} (30) (intel-sharing: alerts to every partner; case-exchange: joint
 * cases with Pucheng as participant and assistance requests to Pucheng, in turn), then search the
 * holding ({@code bench.holding}, 100,000 alerts or cases loaded beforehand) with Chinese words as
 * long. Prints requests/s, p50 and p99 per phase, the CPU each process and PostgreSQL spent per
 * request, and the ratio of two replicas to one. Asserts nothing.
 *
 * <p>The relay under that load: from the first publication until Jiangshan's outbox is empty,
 * {@code pg_locks} is sampled once a second for the sessions holding the relay's advisory lock for
 * Pucheng (namespace 0x426f72, {@code PartnerDelivery}) and the audit linker's ({@code AuditLinker}),
 * each session named by its replica (JDBC {@code ApplicationName}). Once the clients stop: the time
 * until the outbox holds nothing for Pucheng, then at Pucheng every record published in the phase
 * (warm-up included), the inbox events of those records, events that carry a record version a
 * second time (a duplicate), {@code redeliveries}, and the events Pucheng received against those
 * Jiangshan counts as delivered.
 */
public final class ScaleOutBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    /** First key of the relay's advisory locks (PartnerDelivery.LOCK_NAMESPACE), the second is hashtext of its name. */
    static final long RELAY_LOCK_NAMESPACE = 0x426f72;
    /** The audit linker's advisory lock (AuditLinker.LOCK), one bigint key. */
    static final long LINKER_LOCK = 0x426f724c696e6bL;

    /** What one service publishes and searches. */
    interface Workload {
        String categories();

        /** Settings of the service's processes beyond the federation's. */
        default Map<String, String> settings() {
            return Map.of();
        }

        /** Load the holding straight into Jiangshan's database. */
        String load(TestFederation federation, int holding) throws Exception;

        /** Anything the publications need (e.g. cases shared with Pucheng), through the first replica. */
        void prepare(
                TestFederation federation, BenchHttp http, JurisdictionProcess jiangshan, JurisdictionProcess pucheng);

        String[] publishKinds();

        /** A publication; its record's id into {@code published} when it succeeded. Status, -1: no answer. */
        int publish(
                BenchHttp http,
                JurisdictionProcess at,
                String tag,
                int client,
                int n,
                SplittableRandom random,
                ConcurrentLinkedQueue<String> published);

        String[] searchKinds();

        int search(BenchHttp http, JurisdictionProcess at, int n, SplittableRandom random);

        /** How many of these record ids Pucheng holds now. */
        long heldAtPartner(PostgresServer.Database pucheng, String[] ids) throws SQLException;

        /**
         * Milliseconds from each record's creation at Jiangshan (its time as replicated) to Pucheng's
         * inbox transaction that made it visible (same machine clock): p50, p99, max; null if the
         * record type carries no creation time.
         */
        double[] delay(PostgresServer.Database pucheng, String[] ids) throws SQLException;
    }

    /** One phase's figures, for the comparison at the end. */
    record Figures(double perSecond, double p50, double p99, long failed) {}

    public static void main(String[] args) throws Exception {
        String service = System.getProperty("bench.service", "intel-sharing");
        int clients = Integer.getInteger("bench.clients", 32);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int warmup = Integer.getInteger("bench.warmup-seconds", 30);
        int holding = Integer.getInteger("bench.holding", 100_000);
        // in this order; "1,2,1" shows how much the later turn gains from a warmer machine
        List<Integer> counts = java.util.Arrays.stream(
                        System.getProperty("bench.replica-counts", "1,2").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        int maxReplicas = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
        Workload workload = switch (service) {
            case "intel-sharing" -> new Alerts();
            case "case-exchange" -> new Cases();
            default -> throw new IllegalArgumentException("bench.service: intel-sharing or case-exchange");
        };
        TestFederation federation = new TestFederation(service, workload.categories(), J, P);
        Path app = JurisdictionProcess.packagedApplication();
        PostgresServer.Database db = federation.database(J);
        PostgresServer.Database puchengDb = federation.database(P);

        Map<String, String> puchengSettings = new LinkedHashMap<>(workload.settings());
        puchengSettings.put("quarkus.log.level", "WARN");
        JurisdictionProcess pucheng = federation.process(P, app, puchengSettings);
        // as deployed: the migration job once (the only process with the owner's credentials), then the replicas
        Map<String, String> job = new LinkedHashMap<>(db.migrationJobSettings());
        job.put("quarkus.log.level", "WARN");
        JurisdictionProcess migration = federation.process(J, app, job);
        pucheng.start();
        migration.start();
        int exit = migration.awaitExit(Duration.ofMinutes(5));
        if (exit != 0) {
            throw new IllegalStateException("the migration job exited with " + exit + "\n" + migration.logTail());
        }
        List<JurisdictionProcess> replicas = new ArrayList<>();
        for (int r = 0; r < maxReplicas; r++) {
            Map<String, String> settings = new LinkedHashMap<>(db.productionServiceSettings());
            settings.putAll(workload.settings());
            settings.put("quarkus.log.level", "WARN");
            // each replica's sessions say whose they are (pg_stat_activity.application_name)
            settings.put(
                    "quarkus.datasource.jdbc.url",
                    db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + replicaName(r));
            replicas.add(
                    r == 0
                            ? federation.process(J, app, settings)
                            : federation.replica(J, J + "-" + replicaName(r), app, settings));
        }
        JurisdictionProcess.startAll(Duration.ofSeconds(180), pucheng, replicas.get(0));
        AlertQueryBenchmark.print(String.format(
                "%s scale-out: Jiangshan %s, partner Pucheng; %d clients; %s%n",
                service, replicas.get(0), clients, PostgresServer.get().describe()));

        long start = System.nanoTime();
        AlertQueryBenchmark.print(workload.load(federation, holding));
        AlertQueryBenchmark.print(String.format("  (loaded in %.0f s)%n", (System.nanoTime() - start) / 1e9));
        BenchHttp http = new BenchHttp(clients + 4);
        ProcessHandle postmaster = Cpu.postmaster(db);
        workload.prepare(federation, http, replicas.get(0), pucheng);

        List<Figures> publishing = new ArrayList<>();
        List<Figures> searching = new ArrayList<>();
        for (int turn = 0; turn < counts.size(); turn++) {
            int count = counts.get(turn);
            for (int r = 1; r < maxReplicas; r++) {
                if (r < count) {
                    replicas.get(r).start().awaitReady(Duration.ofSeconds(180));
                } else {
                    replicas.get(r).stop();
                }
            }
            List<JurisdictionProcess> active = replicas.subList(0, count);
            String tag = "扩展" + turn + "-" + count;
            AlertQueryBenchmark.print(String.format(
                    "%n=== %d replica%s of Jiangshan's %s (%s), %d clients, %d s after %d s warm-up ===%n",
                    count, count == 1 ? "" : "s", service, active, clients, seconds, warmup));

            List<ConcurrentLinkedQueue<String>> published = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                published.add(new ConcurrentLinkedQueue<>());
            }
            LeaseSampler leases = new LeaseSampler(db);
            long deliveredBefore = delivered(db);
            Instant phaseStart = Instant.now();
            Usage usage = new Usage(active, pucheng, postmaster);
            ClosedLoop.Result result;
            double drainSeconds;
            try (BuildSlots slots = BuildSlots.hold()) {
                leases.start();
                result = ClosedLoop.run(
                        clients,
                        warmup,
                        seconds,
                        workload.publishKinds().length,
                        (client, n, random) -> workload.publish(
                                http,
                                active.get(client % count),
                                tag,
                                client,
                                n,
                                random,
                                published.get(client % count)),
                        usage::start,
                        () -> {});
                usage.stop();
                long stopped = System.nanoTime();
                Await.until(
                        Duration.ofMinutes(10),
                        () -> db.count(
                                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND rejected_at IS NULL",
                                        P)
                                == 0,
                        () -> "Jiangshan's outbox drained");
                drainSeconds = (System.nanoTime() - stopped) / 1e9;
                leases.stop();
            }
            publishing.add(report("publishing", workload.publishKinds(), result, usage));
            AlertQueryBenchmark.print(String.format(
                    "  the relay: outbox empty for Pucheng %.1f s after the clients stopped%n", drainSeconds));
            AlertQueryBenchmark.print(leases.report());
            AlertQueryBenchmark.print(arrivals(
                    db,
                    puchengDb,
                    workload,
                    published.stream().flatMap(ConcurrentLinkedQueue::stream).toArray(String[]::new),
                    deliveredBefore,
                    phaseStart));
            for (int r = 0; r < count; r++) {
                double[] delay = workload.delay(puchengDb, published.get(r).toArray(String[]::new));
                if (delay != null) {
                    AlertQueryBenchmark.print(String.format(
                            "  published at %s (the relay's lease %s): at Pucheng after p50 %.1f ms, p99 %.1f ms,"
                                    + " max %.1f ms (warm-up included)%n",
                            active.get(r),
                            leases.relayHolders().contains(replicaName(r)) ? "held here" : "held elsewhere",
                            delay[0],
                            delay[1],
                            delay[2]));
                }
            }

            Usage searchUsage = new Usage(active, pucheng, postmaster);
            try (BuildSlots slots = BuildSlots.hold()) {
                result = ClosedLoop.run(
                        clients,
                        warmup,
                        seconds,
                        workload.searchKinds().length,
                        (client, n, random) -> workload.search(http, active.get(client % count), n, random),
                        searchUsage::start,
                        () -> {});
                searchUsage.stop();
            }
            searching.add(report("searching", workload.searchKinds(), result, searchUsage));
        }

        AlertQueryBenchmark.print(String.format(
                "%n=== %s: replicas %s in turn, %d closed-loop clients, %d s each; load average %s ===%n",
                service, counts, clients, seconds, BuildSlots.loadAverage()));
        for (var phase : List.of(Map.entry("publishing", publishing), Map.entry("searching", searching))) {
            Figures one = phase.getValue().get(counts.indexOf(1) < 0 ? 0 : counts.indexOf(1));
            for (int turn = 0; turn < counts.size(); turn++) {
                Figures f = phase.getValue().get(turn);
                AlertQueryBenchmark.print(String.format(
                        "  %-10s %d replica(s): %7.1f requests/s  p50 %7.1f ms  p99 %8.1f ms  failed %d  (x%.2f of the first turn of one)%n",
                        phase.getKey(),
                        counts.get(turn),
                        f.perSecond(),
                        f.p50(),
                        f.p99(),
                        f.failed(),
                        f.perSecond() / one.perSecond()));
            }
        }
        replicas.forEach(JurisdictionProcess::stop);
        pucheng.stop();
        System.exit(0);
    }

    static String replicaName(int r) {
        return "replica-" + (char) ('a' + r);
    }

    /** Print a phase's figures per kind and the CPU per request; return the whole phase's. */
    static Figures report(String phase, String[] kinds, ClosedLoop.Result result, Usage usage) {
        AlertQueryBenchmark.print(String.format("  %s:%n", phase));
        AlertQueryBenchmark.print(ClosedLoop.line("all", result.samples(), result.measuredNanos()));
        if (kinds.length > 1) {
            for (int k = 0; k < kinds.length; k++) {
                AlertQueryBenchmark.print(ClosedLoop.line(kinds[k], result.ofKind(k), result.measuredNanos()));
            }
        }
        AlertQueryBenchmark.print(usage.report(result.samples().size()));
        long[] nanos = result.samples().stream()
                .mapToLong(ClosedLoop.Sample::nanos)
                .sorted()
                .toArray();
        long failed = result.samples().stream()
                .filter(s -> s.status() < 200 || s.status() >= 300)
                .count();
        return new Figures(
                result.perSecond(), ClosedLoop.percentile(nanos, 0.5), ClosedLoop.percentile(nanos, 0.99), failed);
    }

    /** Events Jiangshan counts as delivered to Pucheng so far (partner_delivery.delivered_total). */
    static long delivered(PostgresServer.Database db) {
        return db.count(
                "SELECT coalesce(sum(delivered_total), 0) FROM federation.partner_delivery WHERE partner = ?", P);
    }

    /** At Pucheng: what the phase published, each arrived exactly once? */
    static String arrivals(
            PostgresServer.Database db,
            PostgresServer.Database puchengDb,
            Workload workload,
            String[] ids,
            long deliveredBefore,
            Instant phaseStart)
            throws SQLException {
        long[] held = new long[1];
        try {
            Await.until(
                    Duration.ofSeconds(120),
                    () -> {
                        try {
                            held[0] = workload.heldAtPartner(puchengDb, ids);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        return held[0] == ids.length;
                    },
                    () -> "every record at Pucheng");
        } catch (AssertionError | RuntimeException e) {
            // reported below: some did not arrive
        }
        long events;
        long versions;
        long redeliveries;
        long notApplied;
        try (Connection c = puchengDb.connect();
                PreparedStatement s = c.prepareStatement("""
                        SELECT count(*), count(DISTINCT (record_type, record_id, version)),
                               coalesce(sum(redeliveries), 0), count(*) FILTER (WHERE outcome <> 'APPLIED')
                        FROM federation.inbox_event WHERE origin = ? AND record_id = ANY (?)""")) {
            s.setString(1, J);
            s.setArray(2, c.createArrayOf("text", ids));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
                versions = rs.getLong(2);
                redeliveries = rs.getLong(3);
                notApplied = rs.getLong(4);
            }
        }
        long received = puchengDb.count(
                "SELECT count(*) FROM federation.inbox_event WHERE origin = ? AND received_at >= ?",
                J,
                java.sql.Timestamp.from(phaseStart));
        long delivered = delivered(db) - deliveredBefore;
        long left = db.count("SELECT count(*) FROM federation.outbox WHERE destination = ?", P);
        return String.format(
                "  at Pucheng: %,d of %,d published records held; their inbox events %,d for %,d record versions "
                        + "(duplicates %d), redeliveries %d, not applied %d;%n"
                        + "    events received from Jiangshan in the phase %,d, Jiangshan counts %,d delivered;"
                        + " left in Jiangshan's outbox for Pucheng %d (refused included)%n",
                held[0],
                ids.length,
                events,
                versions,
                events - versions,
                redeliveries,
                notApplied,
                received,
                delivered,
                left);
    }

    /**
     * Samples once a second, on a thread of its own, the sessions of Jiangshan's database that hold
     * the relay's lease for Pucheng and the audit linker's lock: how many (must be at most one
     * each) and whose.
     */
    static final class LeaseSampler {
        private final PostgresServer.Database db;
        private final List<List<String>> relay = new ArrayList<>();
        private final List<List<String>> linker = new ArrayList<>();
        private volatile boolean running;
        private Thread thread;

        LeaseSampler(PostgresServer.Database db) {
            this.db = db;
        }

        void start() {
            running = true;
            thread = Thread.ofPlatform().daemon().name("lease-sampler").start(() -> {
                try (Connection c = db.connect();
                        PreparedStatement s = c.prepareStatement("""
                                SELECT l.objsubid, a.application_name
                                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                                WHERE l.locktype = 'advisory' AND l.granted
                                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                  AND ((l.objsubid = 2 AND l.classid::text::bigint = ?
                                        AND l.objid::text::bigint = (hashtext(?)::bigint & 4294967295))
                                    OR (l.objsubid = 1 AND l.classid::text::bigint = ?
                                        AND l.objid::text::bigint = ?))""")) {
                    s.setLong(1, RELAY_LOCK_NAMESPACE);
                    s.setString(2, "border.relay." + P);
                    s.setLong(3, LINKER_LOCK >>> 32);
                    s.setLong(4, LINKER_LOCK & 0xffffffffL);
                    while (running) {
                        long at = System.nanoTime();
                        List<String> relayHolders = new ArrayList<>();
                        List<String> linkerHolders = new ArrayList<>();
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                (rs.getInt(1) == 2 ? relayHolders : linkerHolders).add(rs.getString(2));
                            }
                        }
                        synchronized (this) {
                            relay.add(relayHolders);
                            linker.add(linkerHolders);
                        }
                        Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - at) / 1_000_000));
                    }
                } catch (SQLException e) {
                    AlertQueryBenchmark.print("  lease sampler failed: " + e.getMessage() + "\n");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        /** The replicas that held the relay's lease in any sample. */
        synchronized java.util.Set<String> relayHolders() {
            java.util.Set<String> holders = new java.util.TreeSet<>();
            relay.forEach(holders::addAll);
            return holders;
        }

        synchronized String report() {
            return describe("relay lease for Pucheng", relay) + describe("audit linker's lock", linker);
        }

        static String describe(String name, List<List<String>> samples) {
            int most = samples.stream().mapToInt(List::size).max().orElse(0);
            Map<Integer, Long> bySize = new TreeMap<>();
            Map<String, Long> byHolder = new TreeMap<>();
            int handovers = 0;
            String last = null;
            for (List<String> holders : samples) {
                bySize.merge(holders.size(), 1L, Long::sum);
                holders.forEach(h -> byHolder.merge(h, 1L, Long::sum));
                String now = holders.isEmpty() ? null : String.join("+", holders);
                if (now != null && last != null && !now.equals(last)) {
                    handovers++;
                }
                if (now != null) {
                    last = now;
                }
            }
            return String.format(
                    "  %s, sampled %d times (pg_locks): at most %d session(s) at once%s; samples by holders %s;"
                            + " held by %s; changed hands %d times%n",
                    name, samples.size(), most, most > 1 ? " (MORE THAN ONE)" : "", bySize, byHolder, handovers);
        }
    }

    /** CPU of the replicas, Pucheng, PostgreSQL, the load generator and the machine over a phase. */
    static final class Usage {
        private final List<JurisdictionProcess> processes = new ArrayList<>();
        private final ProcessHandle postmaster;
        private long[] before;
        private long[] used;
        private long wallNanos;

        Usage(List<JurisdictionProcess> replicas, JurisdictionProcess pucheng, ProcessHandle postmaster) {
            this.postmaster = postmaster;
            processes.addAll(replicas);
            processes.add(pucheng);
        }

        private long[] now() {
            long[] v = new long[processes.size() + 3];
            for (int i = 0; i < processes.size(); i++) {
                v[i] = processes.get(i).cpuTime().toMillis();
            }
            v[processes.size()] = Cpu.postgresMillis(postmaster);
            v[processes.size() + 1] = Cpu.ownMillis();
            v[processes.size() + 2] = Cpu.machineMillis();
            return v;
        }

        void start() {
            before = now();
            wallNanos = System.nanoTime();
        }

        void stop() {
            wallNanos = System.nanoTime() - wallNanos;
            long[] after = now();
            used = new long[after.length];
            for (int i = 0; i < after.length; i++) {
                used[i] = after[i] - before[i];
            }
        }

        String report(long requests) {
            double wallMillis = wallNanos / 1e6;
            StringBuilder b = new StringBuilder("    CPU per request (and share of one core):");
            List<String> names = new ArrayList<>();
            processes.forEach(p -> names.add(p.toString()));
            names.add("PostgreSQL (both databases)");
            names.add("load generator");
            for (int i = 0; i < names.size(); i++) {
                b.append(String.format(
                        " %s %.2f ms (%.0f%%)%s",
                        names.get(i),
                        used[i] / (double) Math.max(1, requests),
                        100.0 * used[i] / wallMillis,
                        i < names.size() - 1 ? "," : ""));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            b.append(String.format(
                    "%n    machine busy %.0f%% of %d cores (%.2f ms of CPU per request)%n",
                    100.0 * used[names.size()] / wallMillis / cores,
                    cores,
                    used[names.size()] / (double) Math.max(1, requests)));
            return b.toString();
        }
    }

    /** intel-sharing: alerts published to every partner; searches of the holding with Chinese words. */
    static final class Alerts implements Workload {
        private String analyst;
        private int holding;

        @Override
        public String categories() {
            return "intel";
        }

        @Override
        public String load(TestFederation federation, int holding) throws Exception {
            this.holding = holding;
            AlertQueryBenchmark.load(
                    federation.database(J), J, 0, holding, new BlindIndex(federation.blindIndexKey(1)));
            return String.format("  loaded %,d alerts into Jiangshan's database%n", holding);
        }

        @Override
        public void prepare(
                TestFederation federation, BenchHttp http, JurisdictionProcess jiangshan, JurisdictionProcess pucheng) {
            analyst = federation
                    .issuer(J)
                    .token(J)
                    .roles("analyst")
                    .unit("情报中心")
                    .expiresIn(Duration.ofHours(3))
                    .sign();
        }

        @Override
        public String[] publishKinds() {
            return new String[] {"publish an alert"};
        }

        @Override
        public int publish(
                BenchHttp http,
                JurisdictionProcess at,
                String tag,
                int client,
                int n,
                SplittableRandom random,
                ConcurrentLinkedQueue<String> published) {
            String body = """
                    {"category":"SMUGGLING","severity":"ORANGE","title":"%s #%d-%d 走私烟草车辆",
                     "body":"一辆厢式货车疑似运输%s，可能经%s进入浦城。","distribution":["ALL"],
                     "handling":"GENERAL","sourceReliability":"B","informationCredibility":2,
                     "subjects":[{"kind":"VEHICLE","value":"浙H%05d"}]}""".formatted(
                            tag,
                            client,
                            n,
                            AlertQueryBenchmark.pick(random, AlertQueryBenchmark.GOODS),
                            AlertQueryBenchmark.pick(random, AlertQueryBenchmark.ROADS),
                            random.nextInt(100_000));
            return created(http.post(at.baseUrl() + "/api/v1/alerts", body, analyst), published);
        }

        @Override
        public String[] searchKinds() {
            return new String[] {"Chinese word", "place + severity"};
        }

        @Override
        public int search(BenchHttp http, JurisdictionProcess at, int n, SplittableRandom random) {
            return http.get(
                    at.baseUrl() + "/api/v1/alerts?limit=20" + AlertOverloadBenchmark.query(1 + n % 2, random, holding),
                    analyst);
        }

        @Override
        public long heldAtPartner(PostgresServer.Database pucheng, String[] ids) throws SQLException {
            return countIds(pucheng, "SELECT count(*) FROM alert WHERE id = ANY (?::uuid[])", ids);
        }

        @Override
        public double[] delay(PostgresServer.Database pucheng, String[] ids) throws SQLException {
            return delays(pucheng, """
                    SELECT extract(epoch FROM (e.received_at - a.published_at)) * 1000 AS ms
                    FROM alert a JOIN federation.inbox_event e
                      ON e.origin = a.origin AND e.record_id = a.id::text AND e.version = 1
                    WHERE a.id = ANY (?::uuid[])""", ids);
        }
    }

    /** case-exchange: joint cases with Pucheng and assistance requests to it; case search with Chinese words. */
    static final class Cases implements Workload {
        private String investigator;
        private final List<String> shared = new ArrayList<>();

        @Override
        public String categories() {
            return "cases";
        }

        @Override
        public Map<String, String> settings() {
            return AssistanceLatencyBenchmark.UNCAPPED;
        }

        @Override
        public String load(TestFederation federation, int holding) throws Exception {
            CaseSearchBenchmark.Loaded loaded = CaseSearchBenchmark.load(federation.database(J), holding);
            return String.format(
                    "  loaded %,d cases (%,d timeline entries) into Jiangshan's database%n", holding, loaded.entries());
        }

        @Override
        public void prepare(
                TestFederation federation, BenchHttp http, JurisdictionProcess jiangshan, JurisdictionProcess pucheng) {
            investigator = AssistanceLatencyBenchmark.token(federation, J, J, "investigator");
            String puchengInvestigator = AssistanceLatencyBenchmark.token(federation, P, P, "investigator");
            for (int i = 0; i < 8; i++) {
                shared.add(AssistanceLatencyBenchmark.sharedCase(
                        http, jiangshan, pucheng, investigator, puchengInvestigator, i));
            }
        }

        @Override
        public String[] publishKinds() {
            return new String[] {"file a joint case", "assistance request"};
        }

        @Override
        public int publish(
                BenchHttp http,
                JurisdictionProcess at,
                String tag,
                int client,
                int n,
                SplittableRandom random,
                ConcurrentLinkedQueue<String> published) {
            if (n % 2 == 0) {
                String body = "{\"category\":\"TELECOM_FRAUD\",\"title\":\"" + tag + " #" + client + "-" + n + " "
                        + CaseSearchBenchmark.pick(random, CaseSearchBenchmark.SCHEMES) + "案\",\"summary\":\"犯罪嫌疑人以"
                        + CaseSearchBenchmark.pick(random, CaseSearchBenchmark.SCHEMES) + "为名在江山、浦城两地实施诈骗。\","
                        + "\"participants\":[\"" + P + "\"]}";
                return created(http.post(at.baseUrl() + "/api/v1/cases?open=true", body, investigator), published);
            }
            String body = AssistanceLatencyBenchmark.request(shared.get(random.nextInt(shared.size())), n);
            return created(http.post(at.baseUrl() + "/api/v1/assistance-requests", body, investigator), published);
        }

        @Override
        public String[] searchKinds() {
            return new String[] {"one word", "two words + status"};
        }

        @Override
        public int search(BenchHttp http, JurisdictionProcess at, int n, SplittableRandom random) {
            String query = n % 2 == 0
                    ? "q=" + CaseSearchBenchmark.enc(CaseSearchBenchmark.commonWord(random))
                    : "q=" + CaseSearchBenchmark.enc(CaseSearchBenchmark.pick(random, CaseSearchBenchmark.PLACES))
                            + "+" + CaseSearchBenchmark.enc(CaseSearchBenchmark.commonWord(random)) + "&status="
                            + (random.nextBoolean() ? "OPEN" : "INVESTIGATING");
            return http.get(at.baseUrl() + "/api/v1/cases/search?limit=20&facets=false&" + query, investigator);
        }

        @Override
        public long heldAtPartner(PostgresServer.Database pucheng, String[] ids) throws SQLException {
            return countIds(
                    pucheng,
                    "SELECT (SELECT count(*) FROM joint_case WHERE id = ANY (?::uuid[]))"
                            + " + (SELECT count(*) FROM assistance_request WHERE id = ANY (?::uuid[]))",
                    ids);
        }

        @Override
        public double[] delay(PostgresServer.Database pucheng, String[] ids) throws SQLException {
            // the joint cases (filed with Pucheng as participant): their first event
            return delays(pucheng, """
                    SELECT extract(epoch FROM (e.received_at - c.created_at)) * 1000 AS ms
                    FROM joint_case c JOIN federation.inbox_event e
                      ON e.origin = c.origin AND e.record_id = c.id::text AND e.version = 1
                    WHERE c.id = ANY (?::uuid[])""", ids);
        }
    }

    /** The status of a creation; the new record's id into {@code published} on 201. */
    static int created(BenchHttp.Reply reply, ConcurrentLinkedQueue<String> published) {
        if (reply.status() == 201) {
            Matcher m = AssistanceLatencyBenchmark.ID.matcher(reply.body());
            if (m.find()) {
                published.add(m.group(1));
            }
        }
        return reply.status();
    }

    /** p50, p99 and max of the {@code ms} the query gives for these ids (its one parameter); null if none. */
    static double[] delays(PostgresServer.Database db, String sql, String[] ids) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms),"
                        + " percentile_disc(0.99) WITHIN GROUP (ORDER BY ms), max(ms), count(*) FROM (" + sql
                        + ") d")) {
            s.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(4) == 0 ? null : new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
            }
        }
    }

    /** A count with every {@code ?} bound to the ids (text[]). */
    static long countIds(PostgresServer.Database db, String sql, String[] ids) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            int params = (int) sql.chars().filter(ch -> ch == '?').count();
            for (int i = 1; i <= params; i++) {
                s.setArray(i, c.createArrayOf("text", ids));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private ScaleOutBenchmark() {}
}
