package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;

import io.restassured.http.ContentType;

/**
 * The demo federation of the seed article on one machine: intel-sharing for Jiangshan (330881),
 * Pucheng (350722) and Guangfeng (361103), each with its own embedded PostgreSQL database and its
 * own development identity provider (a signing key; tokens are minted here and by
 * scripts/dev-token.sh), preloaded with alerts drawn from the seeds. Runs until interrupted.
 */
public final class LocalFederation {

    static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    static {
        PORTS.put(TestFederation.JIANGSHAN, 8082);
        PORTS.put(TestFederation.PUCHENG, 9082);
        PORTS.put(TestFederation.GUANGFENG, 10082);
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(System.getProperty("local.dir", "target/local-federation"));
        Files.createDirectories(state.resolve("keys"));
        TestFederation federation = new TestFederation("intel-sharing", "intel", PORTS);
        Map<String, JurisdictionProcess> processes = new LinkedHashMap<>();
        // java -jar is a production start: on one machine, plain links (so no mutual TLS) and
        // locally signed peer tokens are allowed explicitly (each process logs the allowances at WARN)
        Map<String, String> oneMachine = Map.of(
                "border.federation.insecure.allow-plaintext-partners", "true",
                "border.federation.insecure.allow-partners-without-mutual-tls", "true",
                "border.federation.insecure.allow-signing-key-peer-tokens", "true");
        for (String code : PORTS.keySet()) {
            processes.put(
                    code,
                    federation
                            .process(code, JurisdictionProcess.packagedApplication(), oneMachine)
                            .start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(JurisdictionProcess::stop)));
        processes.values().forEach(p -> p.awaitReady(Duration.ofSeconds(120)));

        StringBuilder env = new StringBuilder();
        for (String code : PORTS.keySet()) {
            var issuer = federation.issuer(code);
            Files.writeString(state.resolve("keys").resolve(code + ".key"), issuer.privateKeyPem());
            String analyst = issuer.token(code)
                    .roles("analyst", "commander")
                    .unit(unitOf(code))
                    .subject("demo-analyst-" + code)
                    .expiresIn(Duration.ofHours(12))
                    .sign();
            env.append("export TOKEN_").append(code).append('=').append(analyst).append('\n');
            env.append("export URL_")
                    .append(code)
                    .append("=http://localhost:")
                    .append(PORTS.get(code))
                    .append('\n');
        }
        Files.writeString(state.resolve("tokens.env"), env.toString());
        preload(federation);

        System.out.println();
        System.out.println("=== 跨界四联 local federation: intel-sharing ===");
        for (String code : PORTS.keySet()) {
            System.out.printf(
                    "  %s %-12s http://localhost:%d   (Swagger UI: http://localhost:%d/q/swagger-ui)%n",
                    code,
                    federation.member(code).name(),
                    PORTS.get(code),
                    federation.member(code).managementPort());
            // as in a deployment: the service's role owns nothing, so the audit log is out of its reach
            var db = federation.database(code);
            System.out.printf(
                    "      database %s: the service connects as %s, migrations ran as its owner %s%n",
                    db.name(), db.application().user(), db.owner().user());
            // the service's whole console output, appended to by every start of the federation
            Path log = processes.get(code).logFile();
            System.out.printf("      log      %s%n", log);
        }
        System.out.println();
        System.out.println("Tokens (analyst+commander, 12 h) for each jurisdiction:");
        System.out.println("  source " + state.resolve("tokens.env"));
        System.out.println("Query Pucheng's view of the alerts Jiangshan shared, with Chinese search:");
        System.out.println(
                "  curl -H \"Authorization: Bearer $TOKEN_350722\" \"$URL_350722/api/v1/alerts?q=走私&facets=true\"");
        System.out.println("More tokens: KEY=" + state.resolve("keys/350722.key") + " JURISDICTION=350722 "
                + "ISSUER=https://idp.350722.test/realms/border scripts/dev-token.sh investigator");
        System.out.println("Ctrl-C stops the federation.");
        Thread.currentThread().join();
    }

    static String unitOf(String code) {
        return switch (code) {
            case TestFederation.JIANGSHAN -> "坛石派出所";
            case TestFederation.PUCHENG -> "浦城县公安局指挥中心";
            default -> "广丰区公安局指挥中心";
        };
    }

    /** Alerts drawn from the seed articles (the 三山 mechanism, 联防 of the three counties). */
    static void preload(TestFederation federation) {
        publish(
                federation,
                TestFederation.JIANGSHAN,
                "SMUGGLING",
                "ORANGE",
                "浙闽交界走私烟草车辆预警",
                "据线索，一辆浙H牌照厢式货车近期多次夜间经205国道往返江山与浦城，疑似运输走私烟草。请沿线卡口注意查控。",
                List.of(Map.of("kind", "VEHICLE", "value", "浙H12345")),
                List.of("ALL"),
                "GENERAL");
        publish(
                federation,
                TestFederation.JIANGSHAN,
                "WANTED_PERSON",
                "RED",
                "在逃人员张某协查",
                "在逃人员张某涉嫌盗窃，可能藏匿于三山边界社会治理中心周边山区，请各地派出所协助查找。",
                List.of(Map.of("kind", "PERSON", "value", "330881199001011238", "label", "张某")),
                List.of("350722", "361103"),
                "RESTRICTED");
        publish(
                federation,
                TestFederation.JIANGSHAN,
                "DISPUTE_RISK",
                "YELLOW",
                "边界山林权属纠纷风险提示",
                "坛石镇与相邻乡镇村民因山林权属发生争执，存在民转刑风险，请联调机制提前介入化解。",
                List.of(),
                List.of("ALL"),
                "GENERAL");
        publish(
                federation,
                TestFederation.PUCHENG,
                "FRAUD_PATTERN",
                "BLUE",
                "冒充公检法电信诈骗新手法",
                "近期出现冒充公检法人员以“涉嫌洗钱”为由要求转账的诈骗，请加强防范宣传。",
                List.of(Map.of("kind", "PHONE", "value", "17012345678")),
                List.of("ALL"),
                "GENERAL");
        publish(
                federation,
                TestFederation.GUANGFENG,
                "MISSING_PERSON",
                "ORANGE",
                "失踪老人协查",
                "广丰区一名七旬老人走失，可能前往江山方向，请协助留意。",
                List.of(Map.of("kind", "PERSON", "value", "361103200002290018", "label", "李某")),
                List.of("ALL"),
                "GENERAL");
        publish(
                federation,
                TestFederation.JIANGSHAN,
                "PUBLIC_ORDER_RISK",
                "ORANGE",
                "仅比对：涉枪线索",
                "线人称有人在边界地区兜售仿真枪，线索未核实，仅供比对。",
                List.of(Map.of("kind", "PHONE", "value", "13912345678")),
                List.of("ALL"),
                "HIT_ONLY");
    }

    static void publish(
            TestFederation federation,
            String code,
            String category,
            String severity,
            String title,
            String body,
            List<Map<String, String>> subjects,
            List<String> distribution,
            String handling) {
        String token = federation
                .issuer(code)
                .token(code)
                .roles("analyst")
                .unit(unitOf(code))
                .sign();
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("category", category);
        alert.put("severity", severity);
        alert.put("title", title);
        alert.put("body", body);
        alert.put("subjects", subjects);
        alert.put("distribution", distribution);
        alert.put("handling", handling);
        alert.put("sourceReliability", "B");
        alert.put("informationCredibility", 2);
        given().baseUri("http://localhost:" + PORTS.get(code))
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(alert)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201);
    }

    private LocalFederation() {}
}
