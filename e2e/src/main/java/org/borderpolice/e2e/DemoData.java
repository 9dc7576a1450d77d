package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestFederation;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The demo data of the seeds, loaded through the gateways with the demo users' tokens (flag
 * --demo-data of the local federation; DemoDataIT): the 江山–浦城–广丰 agreement's liaison
 * directory (units, a liaison officer and a duty contact per jurisdiction, a joint meeting with
 * its minutes, a joint patrol done), alerts drawn from the seeds and the telecom-fraud alert
 * acknowledged by Pucheng and Guangfeng, a cross-province cigarette-smuggling joint case (卷烟走私)
 * with assistance requests answered by both partners, a matter taken by Jiangshan in Pucheng's
 * area and handed over (先受理后移交: offered and accepted), and a land-boundary dispute mediated at
 * the 三山 centre (a joint team of Jiangshan and Guangfeng, a session held, an agreement signed).
 *
 * <p>Loading again is harmless: every create carries an Idempotency-Key (a repeat answers what the
 * first created), every step that changes a state looks first whether it was taken. A step that
 * fails stops the load with an exception naming the step, the request and the answer's
 * problem+json (title and detail).
 */
public final class DemoData {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final String G = TestFederation.GUANGFENG;
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final String CENTRE = "三山边界社会治理中心";
    static final String DIRECTORY = "/api/v1/directory";

    /** What was loaded: the ids a reader looks up (at home or through a partner's gateway). */
    /** The demo dispute's title (枫溪村 and 十五都村, mediated at the 三山 centre). */
    public static final String DISPUTE_TITLE = "枫溪村与十五都村山林边界纠纷";

    /** When the demo dispute's session starts (a fixed date: the calendar's week holding it shows it). */
    public static final String SESSION_STARTS = "2026-11-26T09:30:00+08:00";

    public record Loaded(
            Map<String, String> units,
            Map<String, String> officers,
            Map<String, String> dutyShifts,
            String meeting,
            String patrol,
            String fraudAlert,
            String smugglingCase,
            Map<String, String> assistanceRequests,
            String report,
            String reportSuccessor,
            String dispute,
            String session) {}

    /** A step that did not get the answer it needs. */
    public static final class StepFailed extends IllegalStateException {
        StepFailed(String message) {
            super(message);
        }
    }

    private final Suite suite;
    private final Duration patience;

    public DemoData(Suite suite) {
        this(suite, Duration.ofMinutes(2));
    }

    /** @param patience how long to wait for a record to reach a partner */
    public DemoData(Suite suite, Duration patience) {
        this.suite = suite;
        this.patience = patience;
    }

    /** Load everything (again: nothing twice); fails with {@link StepFailed} on an answer that is not the expected one. */
    public Loaded load() {
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, String> officers = new LinkedHashMap<>();
        Map<String, String> duty = new LinkedHashMap<>();
        directory(units, officers, duty);
        String meeting = jointMeeting();
        String patrol = jointPatrol();
        SeedAlerts.publish(suite);
        String fraudAlert = SeedAlerts.fraudAlertAcknowledged(suite, patience);
        String smuggling = smugglingCase();
        Map<String, String> requests = assistance(smuggling);
        String[] report = handedOverReport();
        String[] dispute = mediatedDispute();
        return new Loaded(
                units,
                officers,
                duty,
                meeting,
                patrol,
                fraudAlert,
                smuggling,
                requests,
                report[0],
                report[1],
                dispute[0],
                dispute[1]);
    }

    // --- calls

    /** A demo user of {@code code} with this role, at the gateway of {@code at} (a token for {@code at}). */
    RequestSpecification as(String code, String role, String at) {
        DemoUsers.User user = DemoUsers.withRole(suite.repo(), code, role);
        return given().baseUri(suite.gateway(at).baseUrl())
                .auth()
                .oauth2(suite.userToken(user, at))
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    /** At home. */
    RequestSpecification home(String code, String role) {
        return as(code, role, code);
    }

    /** The answer's body if its status is one of these; otherwise the step fails with the problem's title and detail. */
    static JsonPath expect(String step, String request, Response response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                String body = response.asString();
                return new JsonPath(body == null || body.isEmpty() ? "{}" : body);
            }
        }
        throw new StepFailed(step + ": " + request + " answered " + response.statusCode() + " " + problem(response));
    }

    /** title and detail of a problem+json, or the body as it is. */
    static String problem(Response response) {
        String body = response.asString();
        String type = response.contentType();
        if (type != null && type.startsWith("application/problem+json")) {
            try {
                JsonPath p = new JsonPath(body);
                return "(problem+json) " + p.getString("title") + ": " + p.getString("detail");
            } catch (RuntimeException e) {
                // not JSON after all: the body as it is
            }
        }
        return body == null || body.length() < 500 ? String.valueOf(body) : body.substring(0, 500) + "…";
    }

    /** POST a create with an Idempotency-Key: the record created now, or the one the key created before. */
    JsonPath create(String step, RequestSpecification as, String path, String key, Object body) {
        Response response =
                as.header("Idempotency-Key", "demo-" + key).body(body).post(path);
        return expect(step, "POST " + path, response, 201, 200);
    }

    void await(String what, BooleanSupplier condition) {
        Await.until(patience, condition::getAsBoolean, () -> "demo data: " + what);
    }

    /** The record at this path answers 200 to the user (waiting for it to arrive). */
    void awaitVisible(String what, RequestSpecificationSupplier as, String path) {
        await(what, () -> as.get().get(path).statusCode() == 200);
    }

    /** A fresh request each time (a token is short-lived, a request specification used once). */
    @FunctionalInterface
    interface RequestSpecificationSupplier {
        RequestSpecification get();
    }

    // --- 联谊: the liaison directory of the agreement

    /** One station per jurisdiction on the border, its liaison officer, and today's 24-hour duty contact. */
    void directory(Map<String, String> units, Map<String, String> officers, Map<String, String> duty) {
        record Station(
                String code,
                String unitCode,
                String unit,
                String address,
                String phone,
                String officer,
                String title,
                String mobile,
                String onDuty) {}
        List<Station> stations = List.of(
                new Station(J, "TS", "坛石派出所", "江山市坛石镇", "0570-4012110", "周建国", "副所长", "13905701234", "姜涛"),
                new Station(P, "XY", "仙阳派出所", "浦城县仙阳镇", "0599-2812110", "吴斌", "社区民警", "13905991234", "黄伟"),
                new Station(G, "SF", "嵩峰派出所", "上饶市广丰区嵩峰乡", "0793-2612110", "王磊", "教导员", "13907931234", "杨勇"));
        LocalDate today = LocalDate.now(CHINA);
        ZonedDateTime from = today.atStartOfDay(CHINA);
        for (Station s : stations) {
            String step = "directory of " + s.code();
            Map<String, Object> unit = new LinkedHashMap<>();
            unit.put("code", s.unitCode());
            unit.put("name", s.unit());
            unit.put("kind", "POLICE_STATION");
            unit.put("county", s.code());
            unit.put("address", s.address());
            unit.put("phone", s.phone());
            String unitId = create(step, home(s.code(), "commander"), DIRECTORY + "/units", "unit-" + s.code(), unit)
                    .getString("id");
            units.put(s.code(), unitId);
            officers.put(
                    s.code(),
                    create(
                                    step,
                                    home(s.code(), "commander"),
                                    DIRECTORY + "/officers",
                                    "officer-" + s.code(),
                                    Map.of(
                                            "unitId", unitId,
                                            "name", s.officer(),
                                            "title", s.title(),
                                            "phone", s.mobile(),
                                            "role", "LIAISON"))
                            .getString("id"));
            // the day's 24-hour contact (快速反应机制): one shift per day, so the key names the day
            duty.put(
                    s.code(),
                    create(
                                    step,
                                    home(s.code(), "commander"),
                                    DIRECTORY + "/duty",
                                    "duty-" + s.code() + "-" + today,
                                    Map.of(
                                            "unitId", unitId,
                                            "startsAt", from.toInstant().toString(),
                                            "endsAt",
                                                    from.plusDays(1).toInstant().toString(),
                                            "name", s.onDuty(),
                                            "phone", s.phone()))
                            .getString("id"));
        }
    }

    /** 联席会议 at the 三山 centre, chaired by Jiangshan, with its minutes. */
    String jointMeeting() {
        String step = "joint meeting";
        Map<String, Object> meeting = new LinkedHashMap<>();
        meeting.put("heldAt", "2026-11-20T01:30:00Z");
        meeting.put("place", CENTRE);
        meeting.put("chair", J);
        meeting.put("agenda", "通报浙闽赣三地边界治安形势；研究卷烟走私联合打击和边界山林纠纷联合调处；商定联合巡逻安排。");
        meeting.put("parties", List.of(P, G));
        meeting.put(
                "delegations",
                List.of(
                        Map.of("jurisdiction", J, "attendees", List.of("姜涛", "周建国")),
                        Map.of("jurisdiction", P, "attendees", List.of("黄伟", "吴斌")),
                        Map.of("jurisdiction", G, "attendees", List.of("杨勇", "王磊"))));
        String id = create(step, home(J, "commander"), DIRECTORY + "/meetings", "meeting-2026-11", meeting)
                .getString("id");
        String minutes = DIRECTORY + "/meetings/" + id + "/minutes";
        expect(
                step,
                "PUT " + minutes,
                home(J, "commander")
                        .body(Map.of(
                                "text",
                                "会议纪要：一、三地按照“常态、共享、联动、共赢”原则落实协议；二、卷烟走私案由江山牵头，浦城、广丰协查；"
                                        + "三、边界山林纠纷由三山边界社会治理中心联合调处；四、每月开展一次联合巡逻。"))
                        .put(minutes),
                200);
        return id;
    }

    /** 联合巡逻 of Jiangshan and Pucheng on the 205 national road, done, with its report. */
    String jointPatrol() {
        String step = "joint patrol";
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("startsAt", "2026-11-28T12:00:00Z");
        plan.put("endsAt", "2026-11-28T16:00:00Z");
        plan.put("area", "205国道浙闽交界段");
        plan.put("parties", List.of(P));
        plan.put(
                "sides",
                List.of(
                        Map.of("jurisdiction", J, "units", List.of("坛石派出所")),
                        Map.of("jurisdiction", P, "units", List.of("仙阳派出所"))));
        JsonPath created = create(step, home(J, "commander"), DIRECTORY + "/patrols", "patrol-2026-11-28", plan);
        String id = created.getString("id");
        String status = home(J, "commander")
                .get(DIRECTORY + "/patrols/" + id)
                .jsonPath()
                .getString("record.status");
        if ("PLANNED".equals(status)) {
            expect(
                    step,
                    "POST outcome",
                    home(J, "commander")
                            .body(Map.of("status", "DONE", "report", "联合巡逻4小时，盘查过往车辆23辆，查获无证运输卷烟车辆1辆，移交江山市公安局处理。"))
                            .post(DIRECTORY + "/patrols/" + id + "/outcome"),
                    200);
        }
        return id;
    }

    // --- 联打: the cigarette-smuggling joint case

    static final String SUSPECT_ID = "330881199001011238";

    /** Filed OPEN by Jiangshan's 坛石 investigator, Pucheng and Guangfeng invited; both accept at home. */
    String smugglingCase() {
        String step = "smuggling case";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", "SMUGGLING");
        body.put("title", "浙闽赣交界跨省卷烟走私案");
        body.put(
                "summary",
                "2026年11月，江山市公安局坛石派出所在205国道查获一辆无合法手续运输卷烟的厢式货车，" + "查明一团伙自福建浦城购入走私卷烟，经江山转运至江西广丰销售，涉案卷烟1200余条。");
        body.put("occurredAt", "2026-11-10T22:30:00+08:00");
        body.put("township", "坛石镇");
        body.put("countyCode", J);
        body.put("leadUnit", "坛石派出所");
        body.put("lossAmount", new BigDecimal("360000.00"));
        body.put("recoveredAmount", new BigDecimal("0.00"));
        body.put(
                "subjects",
                List.of(
                        Map.of("kind", "PERSON", "value", SUSPECT_ID, "label", "张某", "role", "SUSPECT"),
                        Map.of("kind", "VEHICLE", "value", "浙H12345", "label", "厢式货车", "role", "RELATED"),
                        Map.of("kind", "PHONE", "value", "17012345678", "label", "联络电话", "role", "RELATED")));
        body.put("participants", List.of(P, G));
        String id = create(
                        step, home(J, "investigator").queryParam("open", true), "/api/v1/cases", "case-smuggling", body)
                .getString("id");
        for (String partner : List.of(P, G)) {
            String path = "/api/v1/cases/" + id;
            awaitVisible("the smuggling case at " + partner, () -> home(partner, "investigator"), path);
            String state = participantState(home(partner, "investigator").get(path), partner);
            if ("INVITED".equals(state)) {
                expect(
                        step,
                        "POST participation at " + partner,
                        home(partner, "investigator")
                                .body(Map.of("decision", "ACCEPT"))
                                .post(path + "/participation"),
                        200);
            }
            await(
                    partner + "'s acceptance at Jiangshan",
                    () -> "ACCEPTED"
                            .equals(participantState(home(J, "investigator").get(path), partner)));
        }
        return id;
    }

    static String participantState(Response caseRead, String partner) {
        if (caseRead.statusCode() != 200) {
            return null;
        }
        return caseRead.jsonPath().getString("participants.find { it.jurisdiction == '" + partner + "' }.state");
    }

    /** 协查: Jiangshan asks Pucheng to find the van and Guangfeng to check the buyer; each accepts and answers. */
    Map<String, String> assistance(String caseId) {
        record Ask(String addressee, String kind, String priority, String details, String officer, String findings) {}
        List<Ask> asks = List.of(
                new Ask(
                        P,
                        "LOCATE_VEHICLE",
                        "URGENT",
                        "请协查浙H12345厢式货车近一个月在浦城县境内的行驶轨迹及装货地点。",
                        "吴斌",
                        "经查，该车11月5日至10日四次出现在仙阳镇某仓库，仓库承租人为李某，已固定视频证据。"),
                new Ask(
                        G,
                        "IDENTITY_CHECK",
                        "ROUTINE",
                        "请核查收货人手机号17012345678的机主身份及在广丰区的销售网点。",
                        "王磊",
                        "经核查，机主为广丰区某烟酒店经营者赵某，其店内查获无标识卷烟86条，已依法扣押。"));
        Map<String, String> ids = new LinkedHashMap<>();
        for (Ask ask : asks) {
            String step = "assistance request to " + ask.addressee();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("caseId", caseId);
            body.put("addressee", ask.addressee());
            body.put("kind", ask.kind());
            body.put("priority", ask.priority());
            body.put("details", ask.details());
            body.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", "浙H12345", "label", "厢式货车")));
            String id = create(
                            step,
                            home(J, "investigator"),
                            "/api/v1/assistance-requests",
                            "assistance-" + ask.addressee(),
                            body)
                    .getString("id");
            ids.put(ask.addressee(), id);
            String path = "/api/v1/assistance-requests/" + id;
            awaitVisible("the request at " + ask.addressee(), () -> home(ask.addressee(), "investigator"), path);
            String state =
                    home(ask.addressee(), "investigator").get(path).jsonPath().getString("state");
            if ("SENT".equals(state)) {
                expect(
                        step,
                        "POST acceptance at " + ask.addressee(),
                        home(ask.addressee(), "investigator")
                                .body(Map.of("officerName", ask.officer()))
                                .post(path + "/acceptance"),
                        200);
                state = "ACCEPTED";
            }
            if ("ACCEPTED".equals(state)) {
                expect(
                        step,
                        "POST answer at " + ask.addressee(),
                        home(ask.addressee(), "investigator")
                                .body(Map.of("findings", ask.findings()))
                                .post(path + "/answer"),
                        200);
            }
            await(
                    ask.addressee() + "'s answer at Jiangshan",
                    () -> "ANSWERED"
                            .equals(home(J, "investigator").get(path).jsonPath().getString("state")));
        }
        return ids;
    }

    /**
     * 先受理后移交: a matter reported at Jiangshan that happened in Pucheng's area is filed there and
     * offered to Pucheng, whose commander accepts it (through the gateway's route to
     * case-exchange's own transfer endpoints). Returns the report's case and Pucheng's successor.
     */
    String[] handedOverReport() {
        String step = "report handed over";
        Map<String, Object> matter = new LinkedHashMap<>();
        matter.put("category", "SMUGGLING");
        matter.put("title", "仙阳镇仓库囤积走私卷烟线索");
        matter.put("summary", "江山籍货车司机到坛石派出所报称，其在浦城县仙阳镇某仓库装货时发现大量无标识卷烟，仓库位于浦城县境内。");
        matter.put("occurredAt", "2026-11-12T15:00:00+08:00");
        matter.put("township", "仙阳镇");
        matter.put("countyCode", P);
        matter.put(
                "subjects",
                List.of(Map.of("kind", "PHONE", "value", "13912345678", "label", "报案人王某", "role", "WITNESS")));
        matter.put("participants", List.of());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("matter", matter);
        report.put("reportedAt", "2026-11-12T18:00:00+08:00");
        report.put("competent", P);
        report.put("reason", "案发地仙阳镇属浦城县管辖，先受理后移交");
        JsonPath taken = create(step, home(J, "investigator"), "/api/v1/case-reports", "report-xianyang", report);
        String caseId = taken.getString("filed.id");
        String offer = taken.getString("offer.offerId");
        String accept = "/api/v1/services/case-exchange/federation/transfers/" + J + "/" + offer + "/accept";
        if (taken.getString("offer.decision") == null) {
            // the offer reaches Pucheng with the case's version: 409 "try again shortly" until then
            await("Pucheng's acceptance of the report", () -> {
                Response r = home(P, "commander")
                        .body(Map.of("reason", "同意接收，由浦城县公安局继续侦办"))
                        .post(accept);
                if (r.statusCode() == 200) {
                    return true;
                }
                if (r.statusCode() != 409 && r.statusCode() != 404) {
                    throw new StepFailed(step + ": POST " + accept + " answered " + r.statusCode() + " " + problem(r));
                }
                return offerDecided(caseId);
            });
        }
        String[] successor = new String[1];
        await("the successor of the report known at Jiangshan", () -> {
            Response r = home(J, "investigator").get("/api/v1/case-reports/" + caseId);
            successor[0] = r.statusCode() == 200 ? r.jsonPath().getString("offer.successorId") : null;
            return successor[0] != null;
        });
        return new String[] {caseId, successor[0]};
    }

    boolean offerDecided(String caseId) {
        Response r = home(J, "investigator").get("/api/v1/case-reports/" + caseId);
        return r.statusCode() == 200 && "ACCEPTED".equals(r.jsonPath().getString("offer.decision"));
    }

    // --- 联调: the land-boundary dispute at the 三山 centre

    /** Returns the dispute's id and its session's. */
    String[] mediatedDispute() {
        String step = "dispute at the 三山 centre";
        String jiangshanMediator = mediator(J, "POLICE", "毛卫东", CENTRE, "sanshan-mediator");
        String guangfengMediator = mediator(G, "JUDICIAL_OFFICE", "李华", "广丰区嵩峰司法所", "guangfeng-mediator");
        awaitVisible(
                "Guangfeng's mediator in Jiangshan's directory",
                () -> home(J, "mediator"),
                "/api/v1/mediators/" + guangfengMediator);

        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("kind", "ORGANISATION");
        applicant.put("role", "APPLICANT");
        applicant.put("name", "江山市廿八都镇枫溪村村民委员会");
        applicant.put("jurisdiction", J);
        Map<String, Object> respondent = new LinkedHashMap<>();
        respondent.put("kind", "ORGANISATION");
        respondent.put("role", "RESPONDENT");
        respondent.put("name", "上饶市广丰区嵩峰乡十五都村村民委员会");
        respondent.put("jurisdiction", G);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", DISPUTE_TITLE);
        body.put("description", "浙赣两村因交界处山林界桩位置及毛竹砍伐发生争执，双方村民多次现场对峙，经联合巡逻发现后移交三山边界社会治理中心联合调处。");
        body.put("reportedAt", "2026-11-15T10:00:00+08:00");
        body.put("place", CENTRE);
        body.put("countyCode", J);
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new BigDecimal("12000"));
        body.put("riskLevel", "MEDIUM");
        body.put("riskReasons", List.of("双方村民多次现场对峙"));
        body.put("consent", true);
        body.put("parties", List.of(applicant, respondent));
        String id = create(step, home(J, "mediator"), "/api/v1/disputes", "dispute-fengxi", body)
                .getString("id");
        String base = "/api/v1/disputes/" + id;
        if ("RECEIVED".equals(home(J, "mediator").get(base).jsonPath().getString("status"))) {
            expect(
                    step,
                    "POST transitions MEDIATING",
                    home(J, "mediator").body(Map.of("to", "MEDIATING")).post(base + "/transitions"),
                    200);
        }
        expect(
                step,
                "PUT team",
                home(J, "mediator")
                        .body(Map.of("mediators", List.of(jiangshanMediator, guangfengMediator)))
                        .put(base + "/team"),
                200);
        String session = create(
                        step,
                        home(J, "mediator"),
                        base + "/sessions",
                        "session-fengxi-1",
                        Map.of(
                                "startsAt",
                                SESSION_STARTS,
                                "endsAt",
                                "2026-11-26T11:30:00+08:00",
                                "mode",
                                "OFFLINE",
                                "place",
                                CENTRE,
                                "mediators",
                                List.of(jiangshanMediator, guangfengMediator)))
                .getString("id");
        String sessionStatus = home(J, "mediator")
                .get(base + "/sessions")
                .jsonPath()
                .getString("find { it.id == '" + session + "' }.status");
        if ("SCHEDULED".equals(sessionStatus)) {
            expect(
                    step,
                    "POST session HELD",
                    home(J, "mediator")
                            .body(Map.of("to", "HELD", "outcome", "AGREEMENT"))
                            .post(base + "/sessions/" + session + "/transitions"),
                    200);
        }
        agreement(step, base);
        return new String[] {id, session};
    }

    /** Our mediator in the directory, registered by our commander. */
    String mediator(String code, String kind, String name, String unit, String account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("name", name);
        body.put("unit", unit);
        body.put("languages", List.of("zh"));
        body.put("account", account);
        return create("mediator of " + code, home(code, "commander"), "/api/v1/mediators", "mediator-" + code, body)
                .getString("id");
    }

    /** The agreement drafted and signed by both parties (the dispute becomes AGREED), unless signed already. */
    void agreement(String step, String base) {
        Response held = home(J, "mediator").get(base + "/agreement");
        String status = held.statusCode() == 200 ? held.jsonPath().getString("status") : null;
        if ("SIGNED".equals(status) || "FULFILLED".equals(status)) {
            return;
        }
        String sha;
        List<Integer> signed = new ArrayList<>();
        if (held.statusCode() == 404) {
            Map<String, Object> agreement = new LinkedHashMap<>();
            agreement.put(
                    "terms",
                    "一、以1987年勘界界桩为界，界桩以东山林归枫溪村，以西归十五都村；\n"
                            + "二、十五都村赔偿枫溪村已砍伐毛竹损失人民币一万二千元，分两期支付；\n"
                            + "三、双方村委会共同维护界桩，今后发生争议先报三山边界社会治理中心调处。");
            agreement.put("totalAmount", new BigDecimal("12000"));
            agreement.put(
                    "instalments",
                    List.of(
                            Map.of("dueOn", "2027-01-31", "amount", new BigDecimal("6000")),
                            Map.of("dueOn", "2027-03-31", "amount", new BigDecimal("6000"))));
            agreement.put("mediators", List.of("毛卫东（三山边界社会治理中心）", "李华（广丰区嵩峰司法所）"));
            sha = expect(
                            step,
                            "PUT agreement",
                            home(J, "mediator").body(agreement).put(base + "/agreement"),
                            200)
                    .getString("documentSha256");
        } else {
            JsonPath draft = expect(step, "GET agreement", held, 200);
            sha = draft.getString("documentSha256");
            List<Integer> positions = draft.getList("signatures.partyPosition");
            if (positions != null) {
                signed.addAll(positions);
            }
        }
        Objects.requireNonNull(sha, "documentSha256");
        for (int party = 0; party < 2; party++) {
            if (signed.contains(party)) {
                continue;
            }
            expect(
                    step,
                    "POST signature of party " + party,
                    home(J, "mediator")
                            .body(Map.of("partyPosition", party, "method", "SEAL", "documentSha256", sha))
                            .post(base + "/agreement/signatures"),
                    200);
        }
    }
}
