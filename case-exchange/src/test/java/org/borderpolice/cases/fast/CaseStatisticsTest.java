package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * 统计 over rows written straight into the embedded PostgreSQL (cases of Jiangshan and replicas of
 * partners' cases, assistance requests, transfers, all in the first half of 2021 so that no other
 * test's rows fall in the period), every figure checked against a computation by hand, for
 * Jiangshan and for partners' users (each sees only its cases: rows of cases one does not see
 * never count).
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseStatisticsTest {

    static final String J = JIANGSHAN;
    static final String P = PUCHENG;
    static final String G = GUANGFENG;
    static final String YUSHAN = "361123";
    static final String CHANGSHAN = "330822";
    static final String PATH = "/api/v1/case-statistics";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // as written: 50.00 stays 50.00 (the 2 decimal places are part of what is checked)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    static boolean inserted;
    static int sequence = 900_000;

    @Inject
    AgroalDataSource db;

    static Instant cst(String localTime) {
        return OffsetDateTime.parse(localTime + "+08:00").toInstant();
    }

    static Instant utc(String time) {
        return Instant.parse(time);
    }

    void exec(String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object v = params[i];
                s.setObject(i + 1, v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    UUID kase(
            String origin,
            String category,
            String status,
            Instant created,
            Instant solved,
            String loss,
            String recovered,
            String... participants) {
        UUID id = UUID.randomUUID();
        String number = origin + "-" + created.atOffset(ZoneOffset.ofHours(8)).getYear() + "-" + (sequence++);
        exec(
                "INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit,"
                        + " loss_amount, recovered_amount, version, created_at, updated_at, status_changed_at,"
                        + " solved_at) VALUES (?, ?, ?, ?, ?, '统计测试', '统计测试案件', '刑侦大队', ?, ?, 1, ?, ?, ?, ?)",
                id,
                origin,
                number,
                category,
                status,
                new BigDecimal(loss),
                new BigDecimal(recovered),
                created,
                created,
                created,
                solved);
        for (int i = 0; i < participants.length; i += 2) {
            exec(
                    "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, ?, ?)",
                    id,
                    participants[i],
                    participants[i + 1],
                    created);
        }
        return id;
    }

    /** A request; {@code accepted}, {@code declined}, {@code answered}, {@code withdrawn} seconds after sending, or null. */
    void request(
            UUID caseId,
            String origin,
            String requester,
            String addressee,
            String priority,
            Instant sent,
            Duration due,
            Long accepted,
            Long declined,
            Long answered,
            Long withdrawn) {
        String responder = answered != null
                ? "ANSWERED"
                : declined != null ? "DECLINED" : accepted != null ? "ACCEPTED" : "PENDING";
        exec(
                "INSERT INTO assistance_request (id, case_id, case_origin, requester, addressee, kind, priority,"
                        + " details, requested_by, sent_at, due_at, requester_state, withdrawn_at, request_version,"
                        + " responder_state, officer_name, accepted_at, declined_at, answered_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'LOCATE_PERSON', ?, '协查', 'officer', ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                caseId,
                origin,
                requester,
                addressee,
                priority,
                sent,
                sent.plus(due),
                withdrawn == null ? "SENT" : "WITHDRAWN",
                after(sent, withdrawn),
                responder,
                accepted == null && answered == null ? null : "李警官",
                after(sent, accepted),
                after(sent, declined),
                after(sent, answered));
    }

    static Instant after(Instant t, Long seconds) {
        return seconds == null ? null : t.plusSeconds(seconds);
    }

    void transfer(String from, String to, Instant offered, long acceptedAfter, boolean report) {
        exec(
                "INSERT INTO case_transfer (offer_origin, offer_id, case_id, addressee, successor_id, offered_at,"
                        + " accepted_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                from,
                UUID.randomUUID(),
                UUID.randomUUID(),
                to,
                UUID.randomUUID().toString(),
                offered,
                offered.plusSeconds(acceptedAfter),
                report ? offered.minusSeconds(600) : null);
    }

    @BeforeEach
    synchronized void rows() {
        if (inserted) {
            return;
        }
        inserted = true;
        // Jiangshan's cases, filed in the period unless said otherwise
        UUID j1 = kase(
                J,
                "FRAUD",
                "SOLVED",
                cst("2021-01-10T09:00:00"),
                cst("2021-02-01T09:00:00"),
                "1000.00",
                "500.00",
                P,
                "ACCEPTED");
        // filed on 1 February China time (31 January UTC): the February bucket
        UUID j2 = kase(
                J,
                "FRAUD",
                "CLOSED",
                cst("2021-02-01T00:30:00"),
                cst("2021-03-01T09:00:00"),
                "2000.00",
                "0.50",
                G,
                "ACCEPTED",
                YUSHAN,
                "DECLINED");
        UUID j3 = kase(J, "SMUGGLING", "INVESTIGATING", cst("2021-03-15T09:00:00"), null, "0.01", "0", P, "INVITED");
        kase(J, "THEFT", "CLOSED", cst("2021-03-20T09:00:00"), null, "0", "0");
        // a draft: not filed yet, never counted
        kase(J, "FRAUD", "DRAFT", cst("2021-02-10T09:00:00"), null, "99999.00", "0", P, "INVITED");
        // filed in the period, solved after it
        kase(J, "DRUGS", "SOLVED", cst("2021-06-30T23:59:00"), cst("2021-07-15T09:00:00"), "0", "0", P, "ACCEPTED");
        // filed before the period, solved in it
        kase(
                J,
                "OTHER",
                "SOLVED",
                cst("2020-12-31T23:59:59"),
                cst("2021-01-05T09:00:00"),
                "5.00",
                "5.00",
                CHANGSHAN,
                "ACCEPTED");
        // partners' cases held here: Jiangshan takes part in p1 only
        UUID p1 = kase(
                P,
                "FRAUD",
                "SOLVED",
                cst("2021-04-01T09:00:00"),
                cst("2021-05-01T09:00:00"),
                "300.00",
                "300.00",
                J,
                "ACCEPTED",
                G,
                "ACCEPTED");
        kase(P, "FRAUD", "OPEN", cst("2021-04-02T09:00:00"), null, "7777.00", "0", J, "DECLINED");
        kase(P, "FRAUD", "DRAFT", cst("2021-04-03T09:00:00"), null, "8888.00", "0", J, "INVITED");
        UUID g1 = kase(
                G,
                "FRAUD",
                "SOLVED",
                cst("2021-05-05T09:00:00"),
                cst("2021-05-06T09:00:00"),
                "50.00",
                "25.00",
                J,
                "REMOVED",
                P,
                "ACCEPTED");

        Duration urgent = Duration.ofHours(8);
        Duration routine = Duration.ofDays(7);
        Duration immediate = Duration.ofHours(2);
        // to Pucheng, urgent: answered late (overdue in the period) but before j2 was solved (Pucheng
        // helped solve j2), answered in time, declined
        request(j2, J, J, P, "URGENT", utc("2021-02-10T00:00:00Z"), urgent, 1800L, null, 864_000L, null);
        request(j1, J, J, P, "URGENT", utc("2021-01-20T00:00:00Z"), urgent, 3600L, null, 7200L, null);
        request(j3, J, J, P, "URGENT", utc("2021-03-16T00:00:00Z"), urgent, null, 7200L, null, null);
        // sent before the period and open still: overdue now, not in the period
        request(j2, J, J, P, "URGENT", utc("2020-12-01T00:00:00Z"), urgent, 60L, null, null, null);
        // to Pucheng, routine, never answered: overdue now and in the period
        request(j3, J, J, P, "ROUTINE", utc("2021-03-17T00:00:00Z"), routine, null, null, null, null);
        // to Guangfeng: answered late and after j1 was solved (no 协助破获), withdrawn before its deadline
        request(j1, J, J, G, "IMMEDIATE", utc("2021-01-25T00:00:00Z"), immediate, 600L, null, 950_400L, null);
        request(j2, J, J, G, "IMMEDIATE", utc("2021-02-11T00:00:00Z"), immediate, null, null, null, 3600L);
        // Pucheng asks Jiangshan on p1, answered before p1 was solved
        request(p1, P, P, J, "ROUTINE", utc("2021-04-05T00:00:00Z"), routine, 86_400L, null, 432_000L, null);
        // between partners, on a case Jiangshan left: never Jiangshan's
        request(g1, G, P, G, "URGENT", utc("2021-05-05T00:00:00Z"), urgent, null, null, null, null);

        transfer(J, P, utc("2021-03-20T00:00:00Z"), 3600, true);
        transfer(J, P, utc("2021-04-01T00:00:00Z"), 7200, false);
        transfer(G, J, utc("2021-05-01T00:00:00Z"), 86_400, true);
        transfer(P, G, utc("2021-05-02T00:00:00Z"), 10, false);
        transfer(J, G, utc("2020-12-31T00:00:00Z"), 60, false);
    }

    JsonNode statistics(RequestSpecification caller, String bucket) throws Exception {
        String body = caller.queryParam("from", "2021-01-01")
                .queryParam("to", "2021-07-01")
                .queryParam("bucket", bucket)
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        return JSON.readTree(body);
    }

    static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> m = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    static BigDecimal decimal(JsonNode n) {
        return n.decimalValue();
    }

    static String durations(JsonNode d) {
        return d.get("count").asLong() + "/" + d.get("meanSeconds").asText() + "/"
                + d.get("p50Seconds").asText() + "/" + d.get("p90Seconds").asText();
    }

    @Test
    void jiangshansFiguresAreThoseComputedByHand() throws Exception {
        long audited = Callers.count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'");
        JsonNode s = statistics(home("analyst"), "month");
        assertEquals("2020-12-31T16:00:00Z", s.get("from").asText());
        assertEquals("2021-06-30T16:00:00Z", s.get("to").asText());
        assertEquals("Asia/Shanghai", s.get("timeZone").asText());

        JsonNode cases = s.get("cases");
        // j1, j2, j3, the theft, the drugs case and p1; not the draft, not the case filed in 2020,
        // not p2 (Jiangshan declined), p3 (a draft), g1 (Jiangshan was removed)
        assertEquals(6, cases.get("filed").asLong());
        assertEquals(Map.of("CLOSED", 2L, "INVESTIGATING", 1L, "SOLVED", 3L), counts(cases.get("byStatus")));
        assertEquals(Map.of("DRUGS", 1L, "FRAUD", 3L, "SMUGGLING", 1L, "THEFT", 1L), counts(cases.get("byCategory")));
        // j1, j2, p1: the drugs case was solved after the period
        assertEquals(3, cases.get("solved").asLong());
        assertEquals(new BigDecimal("50.00"), decimal(cases.get("solveRate")));
        assertEquals(new BigDecimal("3300.01"), decimal(cases.get("lossAmount")));
        assertEquals(new BigDecimal("800.50"), decimal(cases.get("recoveredAmount")));
        // 800.50 / 3300.01 = 24.2575…
        assertEquals(new BigDecimal("24.26"), decimal(cases.get("recoveryRate")));

        List<String> months = new ArrayList<>();
        s.get("periods")
                .forEach(b -> months.add(b.get("label").asText() + ":"
                        + b.get("filed").asLong() + "/" + b.get("solved").asLong()));
        assertEquals(
                List.of("2021-01:1/1", "2021-02:1/1", "2021-03:2/0", "2021-04:1/1", "2021-05:0/0", "2021-06:1/0"),
                months);
        assertEquals(
                "2021-01-31T16:00:00Z", s.get("periods").get(1).get("start").asText());

        // 协助破获: Pucheng j1 (took part) and j2 (answered before it was solved); Guangfeng j2 and
        // p1 (took part; its late answer on j1 does not count); Changshan the case filed in 2020;
        // Jiangshan p1. Not g1, which Jiangshan no longer sees.
        List<String> assisted = new ArrayList<>();
        s.get("assistedSolved")
                .forEach(a -> assisted.add(
                        a.get("jurisdiction").asText() + ":" + a.get("cases").asLong()));
        assertEquals(List.of(P + ":2", G + ":2", CHANGSHAN + ":1", J + ":1"), assisted);

        JsonNode assistance = s.get("assistance");
        assertEquals(7, assistance.get("sent").asLong());
        assertEquals(2, assistance.get("overdueNow").asLong());
        assertEquals(3, assistance.get("overdueInPeriod").asLong());
        // answered with findings by the deadline (the bulletin's 按时办结): Pucheng's urgent answer
        // after 2 h of 8, Jiangshan's routine answer after 5 days of 7; not the late ones, the
        // declined, the unanswered, the withdrawn
        assertEquals(2, assistance.get("answeredOnTime").asLong());
        List<Long> onTime = new ArrayList<>();
        assistance
                .get("byAddressee")
                .forEach(r -> onTime.add(r.get("answeredOnTime").asLong()));
        assertEquals(List.of(1L, 1L, 0L, 0L), onTime);
        List<String> rows = new ArrayList<>();
        assistance
                .get("byAddressee")
                .forEach(r -> rows.add(r.get("addressee").asText() + " "
                        + r.get("priority").asText() + " sent=" + r.get("sent").asLong()
                        + " response=" + durations(r.get("response")) + " answer=" + durations(r.get("answer"))
                        + " overdue=" + r.get("overdueNow").asLong() + "/"
                        + r.get("overdueInPeriod").asLong()));
        assertEquals(
                List.of(
                        J + " ROUTINE sent=1 response=1/86400/86400/86400 answer=1/432000/432000/432000 overdue=0/0",
                        // responses 1800, 3600, 7200: mean 4200, p50 3600, p90 3600 + 0.8 × 3600;
                        // answers 7200 and 864000: p50 their middle, p90 7200 + 0.9 × 856800
                        P + " URGENT sent=3 response=3/4200/3600/6480 answer=2/435600/435600/778320 overdue=1/1",
                        P + " ROUTINE sent=1 response=0/null/null/null answer=0/null/null/null overdue=1/1",
                        G + " IMMEDIATE sent=2 response=1/600/600/600 answer=1/950400/950400/950400 overdue=0/1"),
                rows);

        JsonNode transfers = s.get("transfers");
        assertEquals(2, transfers.get("outgoing").asLong());
        assertEquals(1, transfers.get("incoming").asLong());
        assertEquals(2, transfers.get("reports").asLong());
        // 3600, 7200, 86400: p90 7200 + 0.8 × 79200
        assertEquals("3/32400/7200/70560", durations(transfers.get("acceptance")));
        List<String> partners = new ArrayList<>();
        transfers
                .get("byPartner")
                .forEach(t -> partners.add(t.get("partner").asText() + " "
                        + t.get("direction").asText() + " " + t.get("transfers").asLong() + " "
                        + t.get("reports").asLong()
                        + " " + durations(t.get("acceptance"))));
        assertEquals(List.of(P + " OUT 2 1 2/5400/5400/6840", G + " IN 1 1 1/86400/86400/86400"), partners);

        assertEquals(
                audited + 1,
                Callers.count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'"));
    }

    @Test
    void quartersAddUpTheMonths() throws Exception {
        JsonNode s = statistics(home("commander"), "quarter");
        List<String> quarters = new ArrayList<>();
        s.get("periods")
                .forEach(b -> quarters.add(b.get("label").asText() + ":"
                        + b.get("filed").asLong() + "/" + b.get("solved").asLong()));
        assertEquals(List.of("2021-Q1:4/2", "2021-Q2:2/1"), quarters);
        assertEquals("QUARTER", s.get("bucket").asText());
    }

    @Test
    void aPartnersUserCountsOnlyTheCasesItsJurisdictionSees() throws Exception {
        // Pucheng: j1, j3, the drugs case, p1, p2 (its p3 is a draft); not g1, Guangfeng's case,
        // which Pucheng reads at Guangfeng
        JsonNode p = statistics(as(P, "analyst"), "year");
        assertEquals(5, p.get("cases").get("filed").asLong());
        assertEquals(new BigDecimal("9077.01"), decimal(p.get("cases").get("lossAmount")));
        assertEquals(new BigDecimal("800.00"), decimal(p.get("cases").get("recoveredAmount")));
        assertEquals(new BigDecimal("8.81"), decimal(p.get("cases").get("recoveryRate")));
        List<String> assisted = new ArrayList<>();
        p.get("assistedSolved")
                .forEach(a -> assisted.add(
                        a.get("jurisdiction").asText() + ":" + a.get("cases").asLong()));
        // j1 by Pucheng itself, p1 by Jiangshan and Guangfeng; not j2, which Pucheng does not see
        assertEquals(List.of(J + ":1", P + ":1", G + ":1"), assisted);
        // the requests Pucheng sent or received; not Jiangshan's to Guangfeng
        assertEquals(6, p.get("assistance").get("sent").asLong());
        List<String> rows = new ArrayList<>();
        p.get("assistance")
                .get("byAddressee")
                .forEach(r -> rows.add(r.get("addressee").asText() + " "
                        + r.get("priority").asText() + " " + r.get("overdueNow").asLong()));
        // its request to Guangfeng on g1 is open and overdue; Jiangshan's to Guangfeng are not Pucheng's
        assertEquals(List.of(J + " ROUTINE 0", P + " URGENT 1", P + " ROUTINE 1", G + " URGENT 1"), rows);
        List<String> transfers = new ArrayList<>();
        p.get("transfers")
                .get("byPartner")
                .forEach(t -> transfers.add(t.get("partner").asText() + ":"
                        + t.get("direction").asText() + ":" + t.get("transfers").asLong()));
        assertEquals(List.of(J + ":IN:2", G + ":OUT:1"), transfers);

        // Guangfeng: j2 and g1 only (not p1, Pucheng's case, which Guangfeng reads at Pucheng)
        JsonNode g = statistics(as(G, "commander"), "month");
        assertEquals(2, g.get("cases").get("filed").asLong());
        assertEquals(Map.of("CLOSED", 1L, "SOLVED", 1L), counts(g.get("cases").get("byStatus")));
        assertEquals(new BigDecimal("2050.00"), decimal(g.get("cases").get("lossAmount")));
        assertEquals(new BigDecimal("1.24"), decimal(g.get("cases").get("recoveryRate")));
    }

    @Test
    void noCasesGiveNullRatesAndEveryBucket() throws Exception {
        String body = home("analyst")
                .queryParam("from", "1990-01-01")
                .queryParam("to", "1991-01-01")
                .queryParam("bucket", "quarter")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode s = JSON.readTree(body);
        assertEquals(0, s.get("cases").get("filed").asLong());
        assertTrue(s.get("cases").get("solveRate").isNull());
        assertTrue(s.get("cases").get("recoveryRate").isNull());
        assertEquals(new BigDecimal("0.00"), decimal(s.get("cases").get("lossAmount")));
        assertEquals(4, s.get("periods").size());
        assertTrue(s.get("transfers").get("acceptance").get("p50Seconds").isNull());
    }

    @Test
    void aBadPeriodIsAProblemAndAuditsNothing() {
        long audited = Callers.count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'");
        List<Map<String, String>> bad = List.of(
                Map.of("to", "2021-07-01"),
                Map.of("from", "2021-01-01"),
                Map.of("from", "2021-07-01", "to", "2021-01-01"),
                Map.of("from", "2021-01-01", "to", "2021-01-01"),
                Map.of("from", "2021-13-01", "to", "2022-01-01"),
                Map.of("from", "yesterday", "to", "2022-01-01"),
                Map.of("from", "2021-01-01T00:00:00", "to", "2022-01-01"),
                Map.of("from", "2021-01-01", "to", "2022-01-01", "bucket", "week"),
                Map.of("from", "1800-01-01", "to", "2022-01-01", "bucket", "year"),
                // 241 months, over the default bound of 240
                Map.of("from", "2001-01-01", "to", "2021-02-01", "bucket", "month"));
        for (Map<String, String> params : bad) {
            home("analyst")
                    .queryParams(params)
                    .when()
                    .get(PATH)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        // 240 months is allowed
        home("analyst")
                .queryParams(Map.of("from", "2001-01-01", "to", "2021-01-01", "bucket", "month"))
                .when()
                .get(PATH)
                .then()
                .statusCode(200);
        assertEquals(
                audited + 1,
                Callers.count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'"));
    }

    @Test
    void refusals() {
        long audited = Callers.count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'");
        Map<String, String> period = Map.of("from", "2021-01-01", "to", "2021-07-01");
        for (RequestSpecification r : List.of(
                // no token, an issuer outside the trust list, a token for another jurisdiction's service
                RestAssured.given(),
                RestAssured.given()
                        .auth()
                        .oauth2(new TestIssuer(CHANGSHAN)
                                .token(J)
                                .roles("analyst")
                                .sign()),
                RestAssured.given()
                        .auth()
                        .oauth2(JurisdictionTestResource.issuer(J)
                                .token(P)
                                .roles("analyst")
                                .sign()))) {
            r.queryParams(period).when().get(PATH).then().statusCode(401).contentType("application/problem+json");
        }
        // investigators work cases, figures are for analysts and commanders
        for (String[] roles : List.of(
                new String[] {"investigator"}, new String[] {"mediator", "integrator"}, new String[] {"peer"})) {
            home(roles)
                    .queryParams(period)
                    .when()
                    .get(PATH)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            as(P, roles).queryParams(period).when().get(PATH).then().statusCode(403);
        }
        assertEquals(
                audited,
                Callers.count(db, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'"));
    }
}
