package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestFederation;

import io.restassured.http.ContentType;

/** Alerts drawn from the seed articles (the 三山 mechanism, 联防 of the three counties), published through the gateways. */
final class SeedAlerts {

    private SeedAlerts() {}

    static void publish(Suite suite) {
        publish(
                suite,
                "seed-alert-1",
                TestFederation.JIANGSHAN,
                "SMUGGLING",
                "ORANGE",
                "浙闽交界走私烟草车辆预警",
                "据线索，一辆浙H牌照厢式货车近期多次夜间经205国道往返江山与浦城，疑似运输走私烟草。请沿线卡口注意查控。",
                List.of(Map.of("kind", "VEHICLE", "value", "浙H12345")),
                List.of("ALL"),
                "GENERAL");
        publish(
                suite,
                "seed-alert-2",
                TestFederation.JIANGSHAN,
                "WANTED_PERSON",
                "RED",
                "在逃人员张某协查",
                "在逃人员张某涉嫌盗窃，可能藏匿于三山边界社会治理中心周边山区，请各地派出所协助查找。",
                List.of(Map.of("kind", "PERSON", "value", "330881199001011238", "label", "张某")),
                List.of(TestFederation.PUCHENG, TestFederation.GUANGFENG),
                "RESTRICTED");
        publish(
                suite,
                "seed-alert-3",
                TestFederation.JIANGSHAN,
                "DISPUTE_RISK",
                "YELLOW",
                "边界山林权属纠纷风险提示",
                "坛石镇与相邻乡镇村民因山林权属发生争执，存在民转刑风险，请联调机制提前介入化解。",
                List.of(),
                List.of("ALL"),
                "GENERAL");
        publish(
                suite,
                "seed-alert-4",
                TestFederation.PUCHENG,
                "FRAUD_PATTERN",
                "BLUE",
                "冒充公检法电信诈骗新手法",
                "近期出现冒充公检法人员以“涉嫌洗钱”为由要求转账的诈骗，请加强防范宣传。",
                List.of(Map.of("kind", "PHONE", "value", "17012345678")),
                List.of("ALL"),
                "GENERAL");
        publish(
                suite,
                "seed-alert-5",
                TestFederation.GUANGFENG,
                "MISSING_PERSON",
                "ORANGE",
                "失踪老人协查",
                "广丰区一名七旬老人走失，可能前往江山方向，请协助留意。",
                List.of(Map.of("kind", "PERSON", "value", "361103200002290018", "label", "李某")),
                List.of("ALL"),
                "GENERAL");
        publish(
                suite,
                "seed-alert-6",
                TestFederation.JIANGSHAN,
                "PUBLIC_ORDER_RISK",
                "ORANGE",
                "仅比对：涉枪线索",
                "线人称有人在边界地区兜售仿真枪，线索未核实，仅供比对。",
                List.of(Map.of("kind", "PHONE", "value", "13912345678")),
                List.of("ALL"),
                "HIT_ONLY");
    }

    /**
     * The telecom-fraud alert of the agreement: Jiangshan warns both neighbours (RED, to be
     * acknowledged within the deadline), each acknowledges it at its own gateway once its copy
     * has arrived, and the receipts travel back to Jiangshan. Returns the alert's id.
     */
    static String fraudAlertAcknowledged(Suite suite, Duration patience) {
        String id = publish(
                suite,
                "fraud-alert",
                TestFederation.JIANGSHAN,
                "FRAUD_PATTERN",
                "RED",
                "跨省电信网络诈骗团伙预警",
                "江山、浦城、广丰三地接报多起冒充电商客服以“退款”为由诱导转账的诈骗，涉案号码已确认，请各地立即开展预警劝阻。",
                List.of(Map.of("kind", "PHONE", "value", "16512345678")),
                List.of("ALL"),
                "GENERAL");
        for (String partner : List.of(TestFederation.PUCHENG, TestFederation.GUANGFENG)) {
            DemoUsers.User commander = DemoUsers.withRole(suite.repo(), partner, "commander");
            String base = suite.gateway(partner).baseUrl();
            Await.until(
                    patience,
                    () -> given().baseUri(base)
                                    .auth()
                                    .oauth2(suite.userToken(commander, partner))
                                    .get("/api/v1/alerts/" + id)
                                    .statusCode()
                            == 200,
                    () -> "the fraud alert at " + partner);
            // a second acknowledgement (a repeated load) writes nothing and answers the first
            DemoData.expect(
                    "acknowledgement of the fraud alert at " + partner,
                    "POST /api/v1/alerts/" + id + "/acknowledgement",
                    given().baseUri(base)
                            .auth()
                            .oauth2(suite.userToken(commander, partner))
                            .contentType(ContentType.JSON)
                            .body(Map.of("note", "已签收，已通知辖区派出所开展劝阻"))
                            .when()
                            .post("/api/v1/alerts/" + id + "/acknowledgement"),
                    200);
        }
        return id;
    }

    /** Published without an Idempotency-Key: a new alert at each call. */
    static String publish(
            Suite suite,
            String code,
            String category,
            String severity,
            String title,
            String body,
            List<Map<String, String>> subjects,
            List<String> distribution,
            String handling) {
        return publish(suite, null, code, category, severity, title, body, subjects, distribution, handling);
    }

    /** Published with the Idempotency-Key demo-&lt;key&gt; (null: none): a repeat answers the alert published first. */
    static String publish(
            Suite suite,
            String key,
            String code,
            String category,
            String severity,
            String title,
            String body,
            List<Map<String, String>> subjects,
            List<String> distribution,
            String handling) {
        String token = suite.userToken(DemoUsers.withRole(suite.repo(), code, "analyst"), code);
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
        var request = given().baseUri(suite.gateway(code).baseUrl())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(alert);
        if (key != null) {
            request.header("Idempotency-Key", "demo-" + key);
        }
        return DemoData.expect(
                        "alert " + title, "POST /api/v1/alerts", request.when().post("/api/v1/alerts"), 201, 200)
                .getString("id");
    }
}
