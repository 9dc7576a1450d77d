package org.borderpolice.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.validation.RecordIds;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * 纠纷检索 over a large holding: Jiangshan's joint-mediation (a packaged process on the embedded
 * PostgreSQL) holds {@code bench.disputes} disputes with Chinese titles and descriptions of the
 * seeds' kinds (land and forest boundaries, wages on building sites, trade with foreign merchants,
 * traffic accidents, neighbours, families), its own and partners' replicas that involve it, then
 * {@code GET /api/v1/disputes/search} is timed one request at a time: one word, two words + a
 * status, a word + a kind, a rare name, and Pucheng's mediator at Jiangshan's service (the
 * visibility rule decides). Prints p50/p95/p99/max per kind. Asserts nothing.
 *
 * <p>The disputes go in with COPY into the tables of the service's own Flyway migrations (indexes
 * dropped for the load and created again from their own definitions); the segmented text columns
 * are federation's {@code ChineseText.forIndex}, which the entity calls. That this is what the
 * service stores is checked first on three disputes taken in over REST.
 */
public final class DisputeSearchBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final String G = TestFederation.GUANGFENG;

    static final String[] VILLAGES = {
        "廿八都", "枫溪", "浔里", "花桥", "兴墩", "龙井", "仙霞", "峡口", "保安", "岭头", "嵩峰", "大石", "管村", "盘亭", "忠信", "永丰"
    };
    static final String[] TOWNSHIPS = {"廿八都镇", "峡口镇", "保安乡", "石门镇", "仙阳镇", "忠信镇", "永丰街道", "管村乡", "盘亭乡", "大石乡"};
    static final String[] FOREST = {"毛竹林", "杉木林", "油茶山", "茶园", "松木林", "板栗林"};
    static final String[] SITES = {"安置房工地", "高速公路工地", "厂房工地", "水库工地", "茶厂", "竹木加工厂"};
    static final String[] GOODS = {"茶叶", "毛竹", "香菇", "木材", "柑橘", "竹笋"};
    static final String[] COUNTRIES = {"越南", "缅甸", "老挝", "巴基斯坦", "印度尼西亚", "尼日利亚"};
    static final String[] VEHICLES = {"电动车", "摩托车", "小型轿车", "货车", "三轮车"};
    static final String[] ROADS = {"205国道", "黄衢南高速", "浦城至廿八都公路", "山间便道", "村道"};
    static final String[] NEIGHBOUR = {"宅基地", "排水沟", "围墙", "通行道路", "灌溉水渠"};
    static final String[] FAMILY = {"赡养", "继承", "婚约彩礼", "房屋分割"};
    static final String[] UNITS = {"三山边界社会治理中心", "廿八都派出所", "坛石派出所", "司法所", "人民调解委员会"};
    /** Rare: one dispute in a hundred names one of these people in its description. */
    static final String[] NAMES = {
        "张三丰", "李秀英", "王建国", "刘德明", "陈小龙", "杨光明", "黄志强", "赵丽华", "周海涛", "吴春燕", "徐国庆", "孙卫东", "马红梅", "朱文斌", "胡振华", "郭永强",
        "何雪梅", "林志远", "罗晓军", "梁玉兰"
    };
    /** The words a mediator looks for, one of each kind. */
    static final String[] WORDS = {"山林", "边界", "界桩", "工资", "拖欠", "货款", "外商", "交通事故", "赔偿", "宅基地", "赡养", "毛竹", "茶叶"};

    static final String[] KINDS = {
        "LAND_BOUNDARY", "LABOUR_WAGES", "COMMERCIAL_TRADE", "TRAFFIC_ACCIDENT", "NEIGHBOUR", "FAMILY", "OTHER"
    };
    /** How often each kind is taken in, per thousand (the seed's 12 border disputes: land and wages lead). */
    static final int[] KIND_WEIGHTS = {280, 220, 140, 160, 110, 60, 30};

    static final String[] STATUSES = {"RECEIVED", "MEDIATING", "AGREED", "FAILED", "RESOLVED", "CLOSED", "WITHDRAWN"};
    static final String[] CHANNELS = {
        "CALL_110", "HOTLINE_12345", "MINSHENG_HOTLINE", "WALK_IN", "PATROL", "PARTNER_REFERRAL"
    };

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.disputes", 100_000);
        int samples = Integer.getInteger("bench.samples", 400);
        TestFederation federation = new TestFederation("joint-mediation", "mediation", J, P, G);
        Path app = JurisdictionProcess.packagedApplication();
        JurisdictionProcess jiangshan = federation
                .process(J, app, Map.of("quarkus.log.level", "WARN", "border.federation.relay.enabled", "false"))
                .start()
                .awaitReady(Duration.ofSeconds(180));
        PostgresServer.Database db = federation.database(J);
        BenchHttp http = new BenchHttp(1);
        String mediator = token(federation, J, "mediator");
        String commander = token(federation, J, "commander");
        String puchengMediator = token(federation, P, "mediator");

        checkTheServiceStoresWhatTheLoaderWrites(http, jiangshan, db, mediator);
        long start = System.nanoTime();
        long[] loaded = load(db, count);
        AlertQueryBenchmark.print(String.format(
                "loaded %,d disputes (%,d parties, %,d jurisdictions involved) into Jiangshan's database in %.0f s; %s%n",
                count,
                loaded[0],
                loaded[1],
                (System.nanoTime() - start) / 1e9,
                PostgresServer.get().describe()));
        AlertQueryBenchmark.print(String.format(
                "  visible to Jiangshan %,d disputes, to Pucheng (at Jiangshan's service) %,d%n",
                db.count("SELECT count(*) FROM dispute d WHERE d.origin = '" + J
                        + "' OR EXISTS (SELECT 1 FROM dispute_jurisdiction j WHERE j.dispute_id = d.id AND j.jurisdiction = '"
                        + J + "')"),
                db.count("SELECT count(*) FROM dispute d WHERE d.origin = '" + J
                        + "' AND EXISTS (SELECT 1 FROM dispute_jurisdiction j WHERE j.dispute_id = d.id AND j.jurisdiction = '"
                        + P + "')")));
        AlertQueryBenchmark.print(
                String.format("  how the words are searched and how often they occur: %s%n", frequencies(db)));

        List<String> phases =
                List.of(System.getProperty("bench.phases", "search").split(","));
        if (phases.contains("search")) {
            search(http, jiangshan, samples, mediator, commander, puchengMediator);
        }
        if (phases.contains("hold")) {
            AlertQueryBenchmark.print(String.format(
                    "%nholding; Jiangshan %s, database %s user %s password %s%nmediator token:%n%s%n"
                            + "Pucheng mediator token:%n%s%n",
                    jiangshan.baseUrl(), db.jdbcUrl(), db.user(), db.password(), mediator, puchengMediator));
            Thread.sleep(Long.MAX_VALUE);
        }
        jiangshan.stop();
        System.exit(0);
    }

    static void search(
            BenchHttp http,
            JurisdictionProcess jiangshan,
            int samples,
            String mediator,
            String commander,
            String puchengMediator) {
        AlertQueryBenchmark.print(String.format(
                "%n=== Dispute search at Jiangshan, REST, page of 20, one request at a time, %d samples each ===%n",
                samples));
        SplittableRandom random = new SplittableRandom(7);
        record Kind(String name, String token, IntFunction<String> query) {}
        List<Kind> kinds = List.of(
                new Kind("one word", mediator, n -> "q=" + enc(pick(random, WORDS))),
                new Kind(
                        "two words + status",
                        mediator,
                        n -> "q=" + enc(pick(random, VILLAGES)) + "+" + enc(pick(random, WORDS)) + "&status="
                                + pick(random, new String[] {"RECEIVED", "MEDIATING", "RESOLVED"})),
                new Kind(
                        "word + kind",
                        commander,
                        n -> "q=" + enc(pick(random, WORDS)) + "&kind=" + pick(random, KINDS)),
                new Kind("rare name", mediator, n -> "q=" + enc(pick(random, NAMES))),
                new Kind(
                        "a dispute number",
                        mediator,
                        n -> "q=" + J + "-" + (2024 + random.nextInt(3)) + "-"
                                + String.format("%06d", 1001 + random.nextInt(20_000))),
                new Kind("no words (newest)", mediator, n -> "status=" + pick(random, STATUSES)),
                new Kind("Pucheng's mediator: one word", puchengMediator, n -> "q=" + enc(pick(random, WORDS))));
        PostgresServer.get().takeTopStatements(0);
        try (BuildSlots slots = BuildSlots.hold()) {
            for (Kind kind : kinds) {
                IntFunction<String> url =
                        n -> jiangshan.baseUrl() + "/api/v1/disputes/search?limit=20&" + kind.query.apply(n);
                String[] measured = IntStream.range(0, samples).mapToObj(url).toArray(String[]::new);
                AlertQueryBenchmark.print(AlertQueryBenchmark.measure(
                        kind.name,
                        samples,
                        i -> http.get(i < 0 ? url.apply(i) : measured[i], kind.token),
                        i -> URLDecoder.decode(
                                measured[i].substring(measured[i].indexOf('?') + 1), StandardCharsets.UTF_8)));
                AlertQueryBenchmark.printTopStatements();
            }
            AlertQueryBenchmark.print(String.format("  load average at the end: %s%n", BuildSlots.loadAverage()));
        }
    }

    static String token(TestFederation federation, String code, String role) {
        return federation
                .issuer(code)
                .token(J)
                .roles(role)
                .unit("三山边界社会治理中心")
                .expiresIn(Duration.ofHours(3))
                .sign();
    }

    /** Takes in three disputes over REST and compares their stored search columns with the loader's. */
    static void checkTheServiceStoresWhatTheLoaderWrites(
            BenchHttp http, JurisdictionProcess at, PostgresServer.Database db, String mediator) throws SQLException {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 3; i++) {
            Content content = content(random, KINDS[i]);
            BenchHttp.Reply taken = http.post(
                    at.baseUrl() + "/api/v1/disputes",
                    "{\"channel\":\"PATROL\",\"kind\":\"" + KINDS[i] + "\",\"title\":\"" + content.title
                            + "\",\"description\":\"" + content.description + "\",\"consent\":true,"
                            + "\"parties\":[{\"kind\":\"PERSON\",\"role\":\"APPLICANT\",\"name\":\"毛某\","
                            + "\"jurisdiction\":\"" + J + "\"}]}",
                    mediator);
            if (taken.status() != 201) {
                throw new IllegalStateException("taking in a dispute: " + taken.status() + " " + taken.body());
            }
        }
        int compared = 0;
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT title, description, search_title, search_description FROM dispute")) {
            while (rs.next()) {
                CaseSearchBenchmark.same(ChineseText.forIndex(rs.getString(1)), rs.getString(3), rs.getString(1));
                CaseSearchBenchmark.same(ChineseText.forIndex(rs.getString(2)), rs.getString(4), rs.getString(2));
                compared += 2;
            }
        }
        if (compared < 6) {
            throw new IllegalStateException("only " + compared + " search texts stored by the service");
        }
        AlertQueryBenchmark.print(String.format(
                "the service's own search columns of %d texts taken in over REST are what the loader writes%n",
                compared));
    }

    record Content(String title, String description, String place) {}

    /** Title and description of a dispute of this kind, as a mediator would write them. */
    static Content content(SplittableRandom random, String kind) {
        String village = pick(random, VILLAGES);
        String other = pick(random, VILLAGES);
        int amount = 1 + random.nextInt(300);
        String title;
        String description;
        switch (kind) {
            case "LAND_BOUNDARY" -> {
                String forest = pick(random, FOREST);
                title = village + "村与" + other + "村" + forest + "山林边界纠纷";
                description = village + "村与" + other + "村村民因" + forest + "界桩位置发生争执，双方各执一份林权证，" + "争议山场约" + amount
                        + "亩，曾多次现场对峙，砍伐" + pick(random, GOODS) + "引发冲突。";
            }
            case "LABOUR_WAGES" -> {
                String site = pick(random, SITES);
                title = village + site + "拖欠农民工工资纠纷";
                description = "在" + village + site + "务工的" + (3 + random.nextInt(40)) + "名两省农民工反映包工头拖欠工资" + amount
                        + "万元，工程款已由发包方结清，包工头去向不明，工人聚集讨薪。";
            }
            case "COMMERCIAL_TRADE" -> {
                String goods = pick(random, GOODS);
                title = pick(random, COUNTRIES) + "外商" + goods + "货款纠纷";
                description =
                        "外商从" + village + "收购" + goods + "，双方约定货到付款，外商以质量不符为由拒付货款" + amount + "万元，语言不通，双方经洋娘舅沟通后同意调解。";
            }
            case "TRAFFIC_ACCIDENT" -> {
                String vehicle = pick(random, VEHICLES);
                title = pick(random, ROADS) + vehicle + "交通事故赔偿纠纷";
                description = village + "一辆" + vehicle + "在" + pick(random, ROADS) + "与外省车辆相撞，一人受伤住院，"
                        + "双方对医疗费和误工费赔偿金额" + amount + "千元争议较大。";
            }
            case "NEIGHBOUR" -> {
                String thing = pick(random, NEIGHBOUR);
                title = village + "两户村民" + thing + "相邻纠纷";
                description = village + "两户分属两省的村民因" + thing + "问题多年不和，近日发生口角并推搡，" + "村调解员调解未果。";
            }
            case "FAMILY" -> {
                String thing = pick(random, FAMILY);
                title = village + "村民" + thing + "家庭纠纷";
                description = "嫁往" + other + "的女儿与" + village + "的兄弟因" + thing + "问题产生矛盾，老人无人照料。";
            }
            default -> {
                title = village + "山场放牧损毁" + pick(random, GOODS) + "纠纷";
                description = other + "村民放牧的耕牛进入" + village + "村山场，损毁" + pick(random, GOODS) + "，双方对赔偿有争议。";
            }
        }
        if (random.nextInt(100) == 0) {
            description += "当事人" + pick(random, NAMES) + "情绪激动。";
        }
        return new Content(title, description, random.nextBoolean() ? "三山边界社会治理中心" : village + "村委会");
    }

    /**
     * COPY {@code count} disputes: 70 % Jiangshan's own (parties in Jiangshan only, or in Pucheng or
     * Guangfeng too), 30 % Pucheng's or Guangfeng's that involve Jiangshan; kinds, statuses, tiers
     * and report times over three years varied; 1-3 parties. Returns parties and jurisdiction rows.
     */
    static long[] load(PostgresServer.Database db, int count) throws SQLException, IOException {
        List<String> tables = List.of("dispute", "dispute_party", "dispute_jurisdiction", "dispute_risk_reason");
        long parties = 0;
        long involvedRows = 0;
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    WHERE t.relname IN ('dispute', 'dispute_party', 'dispute_jurisdiction', 'dispute_risk_reason')
                    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)""")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                    s.addBatch("DROP INDEX " + rs.getString(1));
                }
            }
            s.executeBatch();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            SplittableRandom random = new SplittableRandom(23);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long span = Duration.ofDays(3 * 365).toSeconds();
            Map<String, Integer> numbers = new HashMap<>();
            boolean numbered = numbered(db);
            int chunk = 5_000;
            for (int from = 0; from < count; from += chunk) {
                StringBuilder disputeRows = new StringBuilder();
                StringBuilder partyRows = new StringBuilder();
                StringBuilder involvedRowsText = new StringBuilder();
                StringBuilder reasonRows = new StringBuilder();
                for (int n = from; n < Math.min(count, from + chunk); n++) {
                    int roll = random.nextInt(100);
                    String origin = roll < 70 ? J : roll < 85 ? P : G;
                    String kind = weighted(random);
                    Content content = content(random, kind);
                    Instant created = now.minusSeconds(span * (count - n) / count + random.nextInt(600));
                    UUID id = RecordIds.create(origin);
                    String year = String.valueOf(
                            created.atZone(ZoneId.of("Asia/Shanghai")).getYear());
                    // from 1001: the disputes taken in over REST before the load took the first numbers of this year
                    String number = origin + "-" + year + "-"
                            + String.format("%06d", 1000 + numbers.merge(origin + year, 1, Integer::sum));
                    // parties: the origin's, and at Jiangshan (a replica) always one of Jiangshan
                    List<String> partyCodes = new ArrayList<>(List.of(origin));
                    if (!origin.equals(J)) {
                        partyCodes.add(J);
                    } else if (random.nextInt(100) < 60) {
                        partyCodes.add(random.nextInt(3) == 0 ? G : P);
                    }
                    if (random.nextInt(10) == 0) {
                        partyCodes.add(pick(random, new String[] {J, P, G}));
                    }
                    TreeSet<String> involved = new TreeSet<>(partyCodes);
                    String status = pick(random, STATUSES);
                    String risk = random.nextInt(10) == 0 ? "HIGH" : random.nextInt(3) == 0 ? "MEDIUM" : "LOW";
                    int tierRoll = random.nextInt(100);
                    String tier = tierRoll < 50
                            ? "VILLAGE"
                            : tierRoll < 70
                                    ? "TOWNSHIP"
                                    : tierRoll < 85 ? "CITY_CENTRE" : tierRoll < 93 ? "ADMINISTRATIVE" : "COURT";
                    String rule = switch (tier) {
                        case "VILLAGE" -> "VILLAGE_FIRST";
                        case "TOWNSHIP" -> "TOWNSHIP_AFTER_VILLAGE";
                        case "CITY_CENTRE" -> "CITY_CENTRE_COMPLEX";
                        case "ADMINISTRATIVE" -> "ADMINISTRATIVE_DEPARTMENT";
                        default -> "COURT_LARGE_AMOUNT";
                    };
                    Instant changed = created.plusSeconds(random.nextInt(30 * 86400));
                    if (numbered) {
                        disputeRows.append('"').append(number).append("\",");
                    }
                    AlertQueryBenchmark.csv(
                            disputeRows,
                            id,
                            origin,
                            pick(random, CHANNELS),
                            kind,
                            status,
                            content.title,
                            content.description,
                            created.minusSeconds(random.nextInt(86400)),
                            content.place,
                            origin,
                            pick(random, TOWNSHIPS),
                            BigDecimal.valueOf(random.nextInt(50_000_000), 2),
                            risk,
                            random.nextInt(10) != 0,
                            false,
                            false,
                            tier.equals("CITY_CENTRE"),
                            tier.equals("ADMINISTRATIVE") ? "林业局" : null,
                            tier.equals("TOWNSHIP") ? "VILLAGE" : null,
                            tier,
                            rule,
                            1 + random.nextInt(5),
                            created,
                            "bench-" + random.nextInt(200),
                            pick(random, UNITS),
                            changed,
                            changed,
                            ChineseText.forIndex(content.title),
                            ChineseText.forIndex(content.description));
                    if (!risk.equals("LOW")) {
                        AlertQueryBenchmark.csv(reasonRows, id, 0, "双方多次发生肢体冲突");
                    }
                    for (int k = 0; k < partyCodes.size(); k++) {
                        boolean person = random.nextInt(4) != 0;
                        AlertQueryBenchmark.csv(
                                partyRows,
                                id,
                                k,
                                person ? "PERSON" : "ORGANISATION",
                                k == 0 ? "APPLICANT" : "RESPONDENT",
                                person
                                        ? pick(random, new String[] {"毛某", "徐某", "祝某", "吴某", "周某"})
                                        : pick(random, VILLAGES) + "村民委员会",
                                partyCodes.get(k),
                                person ? "13" + String.format("%09d", random.nextInt(1_000_000_000)) : null,
                                "zh");
                        parties++;
                    }
                    for (String code : involved) {
                        AlertQueryBenchmark.csv(involvedRowsText, id, code);
                        involvedRows++;
                    }
                }
                copy.copyIn("""
                        COPY dispute (%sid, origin, channel, kind, status, title, description, reported_at, place, county_code,
                          township, amount_at_stake, risk_level, consent, law_unclear, new_type, complex, department,
                          failed_tier, tier, tier_rule, version, created_at, created_by, created_unit, updated_at,
                          status_changed_at, search_title, search_description)
                        FROM STDIN (FORMAT csv)""".formatted(numbered ? "number, " : ""), AlertQueryBenchmark.reader(disputeRows));
                copy.copyIn("""
                        COPY dispute_party (dispute_id, position, kind, role, name, jurisdiction, contact, preferred_language)
                        FROM STDIN (FORMAT csv)""", AlertQueryBenchmark.reader(partyRows));
                copy.copyIn(
                        "COPY dispute_jurisdiction (dispute_id, jurisdiction) FROM STDIN (FORMAT csv)",
                        AlertQueryBenchmark.reader(involvedRowsText));
                copy.copyIn(
                        "COPY dispute_risk_reason (dispute_id, position, reason) FROM STDIN (FORMAT csv)",
                        AlertQueryBenchmark.reader(reasonRows));
            }
            for (String index : indexes) {
                s.execute(index);
            }
            for (String table : tables) {
                s.execute("VACUUM ANALYZE " + table);
            }
        }
        return new long[] {parties, involvedRows};
    }

    /** Whether the service numbers its disputes (纠纷编号, since V62). */
    static boolean numbered(PostgresServer.Database db) {
        return db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'dispute'"
                        + " AND column_name = 'number'")
                > 0;
    }

    static String weighted(SplittableRandom random) {
        int roll = random.nextInt(1000);
        for (int i = 0; i < KINDS.length; i++) {
            roll -= KIND_WEIGHTS[i];
            if (roll < 0) {
                return KINDS[i];
            }
        }
        return KINDS[KINDS.length - 1];
    }

    /** For each word: the tsquery the search sends, and the share of disputes it finds. */
    static String frequencies(PostgresServer.Database db) {
        StringBuilder out = new StringBuilder();
        long all = db.count("SELECT count(*) FROM dispute");
        List<String> words = new ArrayList<>(List.of(WORDS));
        words.add(NAMES[0]);
        for (String word : words) {
            String tsquery = ChineseText.tsquery(word).orElseThrow();
            long n = db.count("SELECT count(*) FROM dispute WHERE search_vector @@ to_tsquery('simple', ?)", tsquery);
            out.append(String.format("%n    %s [%s] %.2f%%", word, tsquery, 100.0 * n / all));
        }
        return out.toString();
    }

    static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    static String enc(String s) {
        return AlertQueryBenchmark.enc(s);
    }

    private DisputeSearchBenchmark() {}
}
