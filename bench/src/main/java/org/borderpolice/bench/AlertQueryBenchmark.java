package org.borderpolice.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.borderpolice.federation.blindindex.BlindIndex;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.validation.RecordIds;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Analyst queries over a large holding: every jurisdiction's database is loaded with
 * {@code bench.alerts} alerts (one identifier each, Chinese text segmented as the service does),
 * then Jiangshan's service is asked over REST, as an analyst would:
 * <ul>
 * <li>search: keyword(s) + filters, one page of 20, with and without facet counts;</li>
 * <li>hit/no-hit: 5 identifiers, answered locally only (a second Jiangshan process whose
 * agreement shares no intelligence) and across both partners over gRPC.</li>
 * </ul>
 * Prints p50/p95/p99 per query kind. Asserts nothing.
 */
public final class AlertQueryBenchmark {

    static final String[] PLACES = {
        "江山", "浦城", "广丰", "廿八都", "仙霞岭", "峡口", "枫岭关", "九牧", "岭头", "嵩峰", "保安", "坛石", "管村", "永丰", "洋口", "忠信", "盘亭", "大石"
    };
    static final String[] GOODS = {"走私烟", "成品油", "冻品", "假币", "野生动物", "烟花爆竹", "废旧电池", "假酒", "香烟", "农药"};
    static final String[] VEHICLES = {"厢式货车", "面包车", "摩托车", "小型轿车", "重型货车", "三轮车", "皮卡"};
    static final String[] ROADS = {"205国道", "黄衢南高速", "浦城至廿八都公路", "县道", "省道", "山间便道"};
    static final String[] EVENTS = {"盗窃", "诈骗", "电信诈骗", "传销", "赌博", "非法捕捞", "山林纠纷", "土地纠纷", "水源纠纷", "打架斗殴"};
    static final String[] PEOPLE = {"网上逃犯", "失踪老人", "可疑人员", "外来务工人员", "涉案嫌疑人", "精神病人"};
    static final String[] CATEGORIES = {
        "WANTED_PERSON",
        "SUSPECT_VEHICLE",
        "FRAUD_PATTERN",
        "SMUGGLING",
        "MISSING_PERSON",
        "PUBLIC_ORDER_RISK",
        "DISPUTE_RISK"
    };
    static final String[] SEVERITIES = {"RED", "ORANGE", "YELLOW", "BLUE"};
    /** Rare words: one alert in a hundred names one of these people. */
    static final String[] NAMES = {
        "张三丰", "李秀英", "王建国", "刘德明", "陈小龙", "杨光明", "黄志强", "赵丽华", "周海涛", "吴春燕", "徐国庆", "孙卫东", "马红梅", "朱文斌", "胡振华", "郭永强",
        "何雪梅", "林志远", "罗晓军", "梁玉兰"
    };

    static final String[] UNITS = {"刑侦大队", "治安大队", "交警大队", "边界派出所", "情报中心"};

    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("bench.alerts", 1_000_000);
        int samples = Integer.getInteger("bench.samples", 400);
        TestFederation federation = new TestFederation(
                "intel-sharing", "intel", TestFederation.JIANGSHAN, TestFederation.PUCHENG, TestFederation.GUANGFENG);
        Path app = JurisdictionProcess.packagedApplication();
        BlindIndex blindIndex = new BlindIndex(federation.blindIndexKey(1));
        List<String> codes = List.of(TestFederation.JIANGSHAN, TestFederation.PUCHENG, TestFederation.GUANGFENG);

        // each process creates its schema (Flyway), then the data goes in directly
        List<JurisdictionProcess> processes = new ArrayList<>();
        // a partner answers 5,000 identifiers a day by default, a thousand checks; the bench sends tens
        // of thousands, and a refused partner answers faster than one that looks
        Map<String, String> settings = Map.of(
                "quarkus.log.level",
                "WARN",
                "intel.hit-check.daily-quota",
                "1000000000",
                "intel.hit-check.user-daily-quota",
                "1000000000",
                "intel.hit-check.partner-user-daily-quota",
                "1000000000");
        for (String code : codes) {
            processes.add(federation.process(code, app, settings).start());
        }
        processes.forEach(p -> p.awaitReady(Duration.ofSeconds(180)));
        // the services hash their (empty) holdings under key version 1 first; loaded afterwards, the
        // hashes below are theirs, and no background re-hashing walks the million alerts
        for (String code : codes) {
            org.borderpolice.federation.testing.Await.until(
                    Duration.ofSeconds(120),
                    () -> federation
                                    .database(code)
                                    .count(
                                            "SELECT count(*) FROM federation.blind_index_version WHERE key_version = 1 AND filled_at IS NOT NULL")
                            == 1,
                    () -> code + " has hashed its holdings");
        }
        // bench.phases=hits skips the searches (quicker A/B runs of hit/no-hit)
        List<String> phases =
                List.of(System.getProperty("bench.phases", "search,hits").split(","));
        // the searches ask Jiangshan's database only: the partners' holdings matter to hit/no-hit checks
        for (int i = 0; i < (phases.contains("hits") ? codes.size() : 1); i++) {
            long start = System.nanoTime();
            load(federation.database(codes.get(i)), codes.get(i), i, alerts, blindIndex);
            print(String.format(
                    "loaded %,d alerts into %s in %.0f s%n", alerts, codes.get(i), (System.nanoTime() - start) / 1e9));
        }
        print(PostgresServer.get().describe() + "\n");
        PostgresServer.Database home = federation.database(TestFederation.JIANGSHAN);
        JurisdictionProcess jiangshan = processes.get(0);
        // Jiangshan again, on the same database, with an agreement that shares no intelligence: local answers only
        Map<String, String> localOnly = new LinkedHashMap<>(settings);
        for (String partner : codes.subList(1, 3)) {
            localOnly.put("border.federation.partners." + partner + ".categories", "cases");
        }
        localOnly.put("border.federation.relay.enabled", "false");
        JurisdictionProcess jiangshanLocal = federation
                .replica(TestFederation.JIANGSHAN, "330881-local", app, localOnly)
                .start()
                .awaitReady(Duration.ofSeconds(180));

        String token = federation
                .issuer(TestFederation.JIANGSHAN)
                .token(TestFederation.JIANGSHAN)
                .roles("analyst")
                .unit("情报中心")
                .expiresIn(Duration.ofHours(3))
                .sign();
        BenchHttp http = new BenchHttp(1);

        print(String.format(
                "%n=== Search over %,d alerts at Jiangshan (%,d rows in its database), "
                        + "REST, page of 20, %d samples each ===%n",
                alerts, home.count("SELECT count(*) FROM alert"), samples));
        SplittableRandom random = new SplittableRandom(7);
        // the four query shapes, each without and with facet counts (分面统计, as every console search asks)
        List<String[]> queries = List.of(
                new String[] {"common word + severity", "q=%s&severity=%s"},
                new String[] {"common word + category + status", "q=%s&category=%s&status=ACTIVE"},
                new String[] {"two words + origin", "q=%s+%s&origin=%s"},
                new String[] {"rare name (0.05%) + severity", "q=%s&severity=%s"});
        int facetSamples = Integer.getInteger("bench.facet-samples", samples);
        try (BuildSlots slots = phases.contains("search") ? BuildSlots.hold() : null) {
            for (String[] query : phases.contains("search") ? queries : List.<String[]>of()) {
                for (boolean facets : new boolean[] {false, true}) {
                    IntFunction<String> url = n -> jiangshan.baseUrl() + "/api/v1/alerts?limit=20&"
                            + switch (query[0]) {
                                case "common word + severity" ->
                                    query[1].formatted(enc(pick(random, GOODS)), pick(random, SEVERITIES));
                                case "common word + category + status" ->
                                    query[1].formatted(enc(pick(random, EVENTS)), pick(random, CATEGORIES));
                                case "two words + origin" ->
                                    query[1].formatted(
                                            enc(pick(random, PLACES)),
                                            enc(pick(random, VEHICLES)),
                                            codes.get(random.nextInt(3)));
                                default -> query[1].formatted(enc(pick(random, NAMES)), pick(random, SEVERITIES));
                            }
                            + (facets ? "&facets=true" : "");
                    int count = facets ? facetSamples : samples;
                    // the measured requests are drawn first, so that the slowest can be named afterwards
                    String[] measured = IntStream.range(0, count).mapToObj(url).toArray(String[]::new);
                    print(measure(
                            query[0] + (facets ? " + facets" : "") + (count == samples ? "" : " (" + count + ")"),
                            count,
                            i -> get(http, i < 0 ? url.apply(i) : measured[i], token),
                            i -> URLDecoder.decode(
                                    measured[i].substring(measured[i].indexOf('?') + 1), StandardCharsets.UTF_8)));
                }
            }
            if (slots != null) {
                print(String.format("  load average at the end: %s%n", BuildSlots.loadAverage()));
            }
        }
        if (phases.contains("search")) {
            print(String.format("  how often the words occur: %s%n", frequencies(home, alerts)));
        }

        if (phases.contains("hold")) {
            // for EXPLAIN and experiments by hand: the loaded databases and services stay up until killed
            print(String.format(
                    "%nholding; Jiangshan %s (local answers only: %s), analyst token:%n%s%n",
                    jiangshan.baseUrl(), jiangshanLocal.baseUrl(), token));
            for (String code : codes) {
                PostgresServer.Database db = federation.database(code);
                print(String.format("  %s %s user %s password %s%n", code, db.jdbcUrl(), db.user(), db.password()));
            }
            Thread.sleep(Long.MAX_VALUE);
        }
        if (!phases.contains("hits")) {
            jiangshanLocal.stop();
            processes.forEach(JurisdictionProcess::stop);
            System.exit(0);
        }
        print(String.format(
                "%n=== Hit/no-hit, 5 identifiers per check (2 held somewhere), %,d identifiers "
                        + "per jurisdiction, REST ===%n",
                alerts));
        // what any request costs the same process, to set the checks' figures against
        print(floor(
                "health probe (no token, no database; management interface)",
                jiangshanLocal,
                n -> get(http, jiangshanLocal.managementUrl() + "/q/health/live", null),
                samples));
        print(floor(
                "signed-in read of a missing alert (404)",
                jiangshanLocal,
                n -> get(http, jiangshanLocal.baseUrl() + "/api/v1/alerts/" + UUID.randomUUID(), token) == 404
                        ? 200
                        : -1,
                samples));
        print(floor(
                "signed-in check of a bad identifier (400)",
                jiangshanLocal,
                n -> post(
                                        http,
                                        jiangshanLocal.baseUrl() + "/api/v1/alerts/hit-checks",
                                        "{\"identifiers\":[{\"kind\":\"PERSON\",\"value\":\"330881199001011230\"}]}",
                                        token)
                                == 400
                        ? 200
                        : -1,
                samples));
        IntFunction<String> check = n -> hitCheckBody(random, alerts);
        // a check takes milliseconds: 400 of them are over in a second, and one pause decides their p95
        int hitSamples = Integer.getInteger("bench.hit-samples", 4000);
        PostgresServer.get().takeTopStatements(0);
        for (JurisdictionProcess at : List.of(jiangshanLocal, jiangshan)) {
            String name = at == jiangshanLocal ? "local only" : "local + 2 partners (gRPC)";
            String checks = at.baseUrl() + "/api/v1/alerts/hit-checks";
            double[][] before = new double[1][];
            long[] cpuBefore = new long[5];
            List<JurisdictionProcess> services = List.of(at, processes.get(1), processes.get(2));
            long[] jitBefore = new long[3];
            // longer than the searches' warm-up: on two cores the JIT compiler is still busy after
            // 20 s of checks, and its work would be counted as the checks' CPU and latency
            print(measure(
                    name,
                    hitSamples,
                    n -> postCheck(http, checks, check.apply(n), token),
                    null,
                    () -> {
                        before[0] = serverTime(http, at, "/api/v1/alerts/hit-checks");
                        cpuBefore[0] = at.cpuTime().toMillis();
                        cpuBefore[1] = processes.get(1).cpuTime().toMillis();
                        cpuBefore[2] = processes.get(2).cpuTime().toMillis();
                        cpuBefore[3] = Cpu.postgresMillis();
                        cpuBefore[4] = Cpu.ownMillis();
                        for (int i = 0; i < 3; i++) {
                            jitBefore[i] = Cpu.jitMillis(services.get(i).pid());
                        }
                    },
                    Integer.getInteger("bench.hit-warmup-seconds", 300)));
            double[] after = serverTime(http, at, "/api/v1/alerts/hit-checks");
            print(String.format(
                    "    the same requests inside the service (its HTTP server metrics): mean %.2f ms%n",
                    (after[0] - before[0][0]) / (after[1] - before[0][1]) * 1000));
            // work, not waiting: CPU time per check of the asking service, the partners and PostgreSQL
            print(String.format(
                    "    CPU per check: asking service %.2f ms, partners %.2f + %.2f ms, PostgreSQL %.2f ms, "
                            + "load generator %.2f ms%n",
                    (at.cpuTime().toMillis() - cpuBefore[0]) / (double) hitSamples,
                    (processes.get(1).cpuTime().toMillis() - cpuBefore[1]) / (double) hitSamples,
                    (processes.get(2).cpuTime().toMillis() - cpuBefore[2]) / (double) hitSamples,
                    (Cpu.postgresMillis() - cpuBefore[3]) / (double) hitSamples,
                    (Cpu.ownMillis() - cpuBefore[4]) / (double) hitSamples));
            // a warm-up too short shows here: compiling is not the checks' work
            print(String.format(
                    "    of which JIT compiler threads: asking service %.2f ms, partners %.2f + %.2f ms%n",
                    (Cpu.jitMillis(at.pid()) - jitBefore[0]) / (double) hitSamples,
                    (Cpu.jitMillis(services.get(1).pid()) - jitBefore[1]) / (double) hitSamples,
                    (Cpu.jitMillis(services.get(2).pid()) - jitBefore[2]) / (double) hitSamples));
            printTopStatements();
            // one analyst's check on a machine that is otherwise idle: every hop between threads
            // and processes then waits for a sleeping core to wake, which back-to-back calls never do
            int rate = Integer.getInteger("bench.hit-paced-rate", 50);
            long pace = Duration.ofSeconds(1).toNanos() / rate;
            print(measure(
                    name + String.format(", %d/s", rate),
                    Math.max(samples, hitSamples / 4),
                    n -> postCheck(http, checks, check.apply(n), token),
                    null,
                    () -> {},
                    5,
                    pace));
        }
        jiangshanLocal.stop();
        processes.forEach(JurisdictionProcess::stop);
        System.exit(0);
    }

    /** Times a request to one process and prints its CPU and PostgreSQL's per request (60 s warm-up). */
    static String floor(String name, JurisdictionProcess at, IntFunction<Integer> call, int samples) {
        long[] cpuBefore = new long[2];
        String figures = measure(
                name,
                samples,
                call,
                null,
                () -> {
                    cpuBefore[0] = at.cpuTime().toMillis();
                    cpuBefore[1] = Cpu.postgresMillis();
                },
                60);
        return figures
                + String.format(
                        "    CPU per request: service %.2f ms, PostgreSQL %.2f ms%n",
                        (at.cpuTime().toMillis() - cpuBefore[0]) / (double) samples,
                        (Cpu.postgresMillis() - cpuBefore[1]) / (double) samples);
    }

    /** Figures as they come: a long run shows what it has so far. */
    static void print(String figures) {
        System.out.print(figures);
        System.out.flush();
    }

    /**
     * Warm up (the call gets -1), then time {@code samples} calls (0, 1, ...). With a
     * {@code describe}, a sample slower than ten times the median is named on a line of its own.
     */
    static String measure(String name, int samples, IntFunction<Integer> call, IntFunction<String> describe) {
        return measure(name, samples, call, describe, () -> {}, Integer.getInteger("bench.warmup-seconds", 20));
    }

    /** As above, warming up for this many seconds; {@code warm} runs before the first timed call. */
    static String measure(
            String name,
            int samples,
            IntFunction<Integer> call,
            IntFunction<String> describe,
            Runnable warm,
            int warmupSeconds) {
        return measure(name, samples, call, describe, warm, warmupSeconds, 0);
    }

    /**
     * As above; with an {@code intervalNanos}, call {@code i} is due that many nanoseconds after
     * call {@code i - 1} and timed from when it was due, so a late call also counts its wait.
     */
    static String measure(
            String name,
            int samples,
            IntFunction<Integer> call,
            IntFunction<String> describe,
            Runnable warm,
            int warmupSeconds,
            long intervalNanos) {
        long warmUntil = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
        for (int i = 0; i == 0 || System.nanoTime() < warmUntil; i++) {
            call.apply(-1);
        }
        warm.run();
        long[] micros = new long[samples];
        int failures = 0;
        long first = System.nanoTime() + intervalNanos;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            if (intervalNanos > 0) {
                start = first + i * intervalNanos;
                for (long wait = start - System.nanoTime(); wait > 0; wait = start - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            int status = call.apply(i);
            micros[i] = (System.nanoTime() - start) / 1000;
            if (status != 200) {
                failures++;
            }
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder(String.format(
                "  %-34s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms%s%n",
                name,
                sorted[samples / 2] / 1000.0,
                sorted[(int) (samples * 0.95)] / 1000.0,
                sorted[(int) (samples * 0.99)] / 1000.0,
                sorted[samples - 1] / 1000.0,
                failures > 0 ? "  (" + failures + " failed or without every partner's answer)" : ""));
        if (describe != null) {
            for (int i = 0; i < samples; i++) {
                if (micros[i] > 10 * sorted[samples / 2]) {
                    out.append(String.format("      slow: %6.1f ms  %s%n", micros[i] / 1000.0, describe.apply(i)));
                }
            }
            // -Dbench.slowest=n: the n slowest calls named, slowest first (what makes the tail)
            int slowest = Math.min(samples, Integer.getInteger("bench.slowest", 0));
            Integer[] order = IntStream.range(0, samples).boxed().toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> Long.compare(micros[b], micros[a]));
            for (int k = 0; k < slowest; k++) {
                out.append(String.format(
                        "      slowest %d: %6.1f ms  %s%n",
                        k + 1, micros[order[k]] / 1000.0, describe.apply(order[k])));
            }
        }
        return out.toString();
    }

    static int get(BenchHttp http, String url, String token) {
        return http.get(url, token);
    }

    static int post(BenchHttp http, String url, String body, String token) {
        return http.post(url, body, token).status();
    }

    /**
     * A hit/no-hit check; 200 only if every partner asked answered (a partner that refused or timed
     * out would make the check look faster than it is), else {@link #PARTIAL}.
     */
    static int postCheck(BenchHttp http, String url, String body, String token) {
        BenchHttp.Reply reply = http.post(url, body, token);
        return reply.status() == 200 && !reply.body().contains("\"partnersUnavailable\":{}") ? PARTIAL : reply.status();
    }

    /** Status of a check whose answer lacks some partner. */
    static final int PARTIAL = 299;

    /**
     * Seconds spent serving requests to this path and their number, from the service's own HTTP
     * server metrics: the difference to the time measured here is transport and client.
     */
    static double[] serverTime(BenchHttp http, JurisdictionProcess at, String uri) {
        double[] sumAndCount = new double[2];
        for (String line : http.fetch(at.managementUrl() + "/q/metrics").split("\n")) {
            if (line.contains("uri=\"" + uri + "\"") && line.startsWith("http_server_requests_seconds_")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                if (line.startsWith("http_server_requests_seconds_sum")) {
                    sumAndCount[0] += Double.parseDouble(value);
                } else if (line.startsWith("http_server_requests_seconds_count")) {
                    sumAndCount[1] += Double.parseDouble(value);
                }
            }
        }
        return sumAndCount;
    }

    /** With BENCH_PG_STATEMENTS=true: where PostgreSQL spent its time since the last call (warm-up included). */
    static void printTopStatements() {
        List<String> top = PostgresServer.get().takeTopStatements(8);
        if (!top.isEmpty()) {
            print("    PostgreSQL's heaviest statements, warm-up included:\n");
            top.forEach(line -> print("      " + line + "\n"));
        }
    }

    /** Five identifiers: two that some jurisdiction holds, three that nobody holds. */
    static String hitCheckBody(SplittableRandom random, int alerts) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int owner = random.nextInt(3);
            ids.add(subjectJson(owner, random.nextInt(alerts)));
        }
        for (int i = 0; i < 3; i++) {
            ids.add(subjectJson(3 + random.nextInt(3), random.nextInt(alerts)));
        }
        return "{\"identifiers\":[" + String.join(",", ids) + "]}";
    }

    static String subjectJson(int member, int n) {
        String[] subject = subject(member, n);
        return "{\"kind\":\"" + subject[0] + "\",\"value\":\"" + subject[1] + "\"}";
    }

    /**
     * The one identifier of alert n of a member: even n a mobile number, odd n a plate; members
     * 3-5 stand for nobody (identifiers no database holds).
     */
    static String[] subject(int member, int n) {
        if (n % 2 == 0) {
            return new String[] {"PHONE", "1" + (3 + member) + String.format("%09d", n)};
        }
        String provinces = "浙闽赣苏皖湘";
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        return new String[] {
            "VEHICLE",
            provinces.charAt(member) + "" + letters.charAt(n / 100000 % letters.length())
                    + String.format("%05d", n % 100000)
        };
    }

    /** Load alerts with COPY; indexes are dropped first and built again afterwards (much faster). */
    static void load(PostgresServer.Database db, String origin, int member, int alerts, BlindIndex blindIndex)
            throws SQLException, IOException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT schemaname, indexname, indexdef FROM pg_indexes
                    WHERE (schemaname = 'public' AND tablename = 'alert' AND indexname <> 'alert_pkey')
                    OR (schemaname = 'federation' AND tablename = 'subject_hash'
                        AND indexname <> 'subject_hash_pkey')""")) {
                while (rs.next()) {
                    indexes.add(rs.getString(3));
                    s.addBatch("DROP INDEX " + rs.getString(1) + "." + rs.getString(2));
                }
            }
            s.executeBatch();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String[] partners = {TestFederation.JIANGSHAN, TestFederation.PUCHENG, TestFederation.GUANGFENG};
            SplittableRandom random = new SplittableRandom(member);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, String> segmented = new java.util.HashMap<>();
            int chunk = 20_000;
            for (int from = 0; from < alerts; from += chunk) {
                StringBuilder alertRows = new StringBuilder(chunk * 600);
                StringBuilder hashRows = new StringBuilder(chunk * 110);
                for (int n = from; n < Math.min(alerts, from + chunk); n++) {
                    // a record id names its creator (RecordIds): a partner refuses a hit on any other as malformed
                    UUID id = RecordIds.create(origin);
                    String place = pick(random, PLACES);
                    String title =
                            place + pick(random, EVENTS) + "预警：" + pick(random, VEHICLES) + "运输" + pick(random, GOODS);
                    String first = "据" + pick(random, UNITS) + "报告，一辆" + pick(random, VEHICLES) + "疑似运输"
                            + pick(random, GOODS) + "，可能经" + pick(random, ROADS) + "进入" + pick(random, PLACES) + "。";
                    String second =
                            (random.nextInt(100) == 0 ? "车主" + pick(random, NAMES) + "，" : "") + pick(random, PEOPLE)
                                    + "在" + pick(random, PLACES) + "一带活动，涉及" + pick(random, EVENTS) + "，请注意核查。";
                    String body = first + second;
                    // what the service indexes: since compounds (烟花爆竹, ...) joined the index, a compound may
                    // span two sentences, so the body is segmented whole, not sentence by sentence
                    String searchBody = ChineseText.forIndex(body);
                    String[] subject = subject(member, n);
                    Instant published = now.minusSeconds((long) (alerts - n) * 30);
                    Instant until = random.nextInt(10) < 3 ? published.plus(30, ChronoUnit.DAYS) : null;
                    boolean hitOnly = random.nextInt(20) == 0;
                    String distribution = hitOnly
                            ? "{}"
                            : "{"
                                    + String.join(
                                            ",",
                                            Arrays.stream(partners)
                                                    .filter(p -> !p.equals(origin))
                                                    .toList()) + "}";
                    csv(
                            alertRows,
                            id,
                            origin,
                            pick(random, UNITS),
                            pick(random, CATEGORIES),
                            pick(random, SEVERITIES),
                            title,
                            body,
                            "[{\"kind\":\"" + subject[0] + "\",\"value\":\"" + subject[1] + "\",\"label\":null}]",
                            published,
                            until,
                            distribution,
                            hitOnly ? "HIT_ONLY" : random.nextInt(5) == 0 ? "RESTRICTED" : "GENERAL",
                            "ABCD".charAt(random.nextInt(4)),
                            1 + random.nextInt(4),
                            random.nextInt(20) == 0 ? published.plusSeconds(3600) : null,
                            1,
                            published,
                            published,
                            "bench",
                            segmented.computeIfAbsent(title, ChineseText::forIndex),
                            searchBody,
                            subject[1]);
                    csv(
                            hashRows,
                            "intel.alert",
                            id,
                            1,
                            HexFormat.of().formatHex(blindIndex.hash(subject[0], subject[1])));
                }
                copy.copyIn("""
                        COPY alert (id, origin, issuing_unit, category, severity, title, body, subjects, valid_from,
                          valid_until, distribution, handling, source_reliability, information_credibility, revoked_at,
                          version, published_at, updated_at, published_by, search_title, search_body, subject_values)
                        FROM STDIN (FORMAT csv)""", reader(alertRows));
                copy.copyIn(
                        "COPY federation.subject_hash (record_type, record_id, key_version, hash) FROM STDIN (FORMAT csv)",
                        reader(hashRows));
            }
            for (String index : indexes) {
                s.execute(index);
            }
            s.execute("VACUUM ANALYZE alert");
            s.execute("VACUUM ANALYZE federation.subject_hash");
        }
    }

    static void csv(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] != null) {
                out.append('"')
                        .append(values[i].toString().replace("\"", "\"\""))
                        .append('"');
            }
        }
        out.append('\n');
    }

    static Reader reader(StringBuilder text) {
        return new StringReader(text.toString());
    }

    /** Share of alerts whose text has each word, as the search sees it. */
    static String frequencies(PostgresServer.Database db, int alerts) {
        StringBuilder out = new StringBuilder();
        for (String word : List.of(GOODS[0], EVENTS[0], PLACES[3] + " " + VEHICLES[0], NAMES[0])) {
            String tsquery =
                    org.borderpolice.federation.search.ChineseText.tsquery(word).orElseThrow();
            long n = db.count("SELECT count(*) FROM alert WHERE search_vector @@ to_tsquery('simple', ?)", tsquery);
            out.append(String.format("%s %.2f%%  ", word, 100.0 * n / db.count("SELECT count(*) FROM alert")));
        }
        return out.toString();
    }

    static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private AlertQueryBenchmark() {}
}
