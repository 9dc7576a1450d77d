package org.borderpolice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.borderpolice.gateway.rest.BulletinPage;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which figure of which service's statistics makes each section of the weekly bulletin (as the
 * services answer: case-exchange's CaseStatistics, joint-mediation's MediationStatistics,
 * intel-sharing's AlertStatistics, the directory's Statistics), and the printable page.
 */
class BulletinTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Bulletin.Source ok(String service) {
        return Bulletin.Source.of(service);
    }

    @Test
    void theSectionsReadTheServicesOwnFigures() {
        Bulletin.Alerts alerts = BulletinFigures.alerts(
                ok("intel-sharing"),
                json("{\"published\":5,\"bySeverity\":{\"BLUE\":2,\"RED\":1,\"ORANGE\":2,\"YELLOW\":0},"
                        + "\"byOrigin\":{\"330881\":3,\"350722\":2}}"));
        assertEquals(5, alerts.published());
        assertEquals(Map.of("RED", 1L, "ORANGE", 2L, "YELLOW", 0L, "BLUE", 2L), alerts.bySeverity());
        assertEquals(
                java.util.List.of("RED", "ORANGE", "YELLOW", "BLUE"),
                java.util.List.copyOf(alerts.bySeverity().keySet()),
                "in the order of the four-level warning");

        Bulletin.Cases cases = BulletinFigures.cases(
                ok("case-exchange"),
                json(
                        "{\"cases\":{\"filed\":4,\"solved\":1,\"solveRate\":25.00},"
                                + "\"assistance\":{\"sent\":6,\"answeredOnTime\":3,\"overdueNow\":3,\"overdueInPeriod\":2,\"byAddressee\":["
                                + "{\"addressee\":\"350722\",\"priority\":\"URGENT\",\"sent\":4,\"answer\":{\"count\":3}},"
                                + "{\"addressee\":\"361103\",\"priority\":\"ROUTINE\",\"sent\":2,\"answer\":{\"count\":1}}]}}"));
        assertEquals(4, cases.opened());
        assertEquals(1, cases.solved());
        assertEquals(6, cases.assistanceRequests());
        assertEquals(4, cases.assistanceAnswered());
        assertEquals(3, cases.assistanceAnsweredOnTime(), "case-exchange's own count, not derived here");
        assertEquals(2, cases.assistanceOverdue());
        // a case-exchange that does not count it: unknown, not none
        assertNull(BulletinFigures.cases(
                        ok("case-exchange"), json("{\"cases\":{\"filed\":1},\"assistance\":{\"sent\":1}}"))
                .assistanceAnsweredOnTime());

        Bulletin.Disputes disputes = BulletinFigures.disputes(
                ok("joint-mediation"), json("{\"reported\":12,\"resolved\":11,\"resolutionRate\":91.67}"));
        assertEquals(12, disputes.reported());
        assertEquals(11, disputes.resolved());

        Bulletin.Patrols patrols = BulletinFigures.patrols(
                ok("intel-sharing"),
                json("{\"meetings\":1,\"meetingsHeld\":1,\"patrols\":3,\"patrolsHeld\":2,\"patrolsCancelled\":1}"));
        assertEquals(3, patrols.patrols());
        assertEquals(2, patrols.held());
        assertEquals(1, patrols.cancelled());
        assertEquals(1, patrols.meetingsHeld());
    }

    @Test
    void aServiceThatGaveNoFiguresLeavesItsSectionEmptyAndSaysWhy() {
        Bulletin.Source down = Bulletin.Source.missing("case-exchange", "the service could not be reached");
        Bulletin.Cases cases = BulletinFigures.cases(down, null);
        assertFalse(cases.source().available());
        assertNull(cases.opened());
        assertNull(cases.assistanceAnswered());
        assertNull(cases.assistanceAnsweredOnTime());
        assertNull(BulletinFigures.alerts(down, null).bySeverity());
    }

    static Bulletin bulletin(String name, Bulletin.Source cases) {
        return new Bulletin(
                "2026-W48",
                "330881",
                name,
                LocalDate.parse("2026-11-23"),
                LocalDate.parse("2026-11-29"),
                "Asia/Shanghai",
                true,
                Instant.parse("2026-11-30T01:00:00Z"),
                BulletinFigures.alerts(
                        ok("intel-sharing"),
                        json("{\"published\":3,\"bySeverity\":{\"RED\":1,\"ORANGE\":2,\"YELLOW\":0,\"BLUE\":0}}")),
                BulletinFigures.cases(cases, null),
                BulletinFigures.disputes(ok("joint-mediation"), json("{\"reported\":2,\"resolved\":1}")),
                BulletinFigures.patrols(
                        ok("intel-sharing"),
                        json("{\"patrols\":2,\"patrolsHeld\":1,\"patrolsCancelled\":1,\"meetingsHeld\":0}")));
    }

    @Test
    void thePageHasChineseHeadingsTheJurisdictionAndTheWeeksDates() {
        String page = new BulletinPage()
                .render(bulletin(
                        "江山市公安局", Bulletin.Source.missing("case-exchange", "the service could not be reached")));
        for (String text : new String[] {
            "<html lang=\"zh-CN\">",
            "边界警务合作周报",
            "江山市公安局（330881）",
            "2026年第48周（2026-11-23 至 2026-11-29）",
            "一、预警信息",
            "<tr><th>红色预警</th><td class=\"n\">1</td></tr>",
            "<tr><th>橙色预警</th><td class=\"n\">2</td></tr>",
            "暂无数据（case-exchange）：the service could not be reached",
            "<tr><th>本周受理纠纷</th><td class=\"n\">2</td></tr>",
            "<tr><th>已巡逻</th><td class=\"n\">1</td></tr>",
            "2026-11-30 09:00（Asia/Shanghai）"
        }) {
            assertTrue(page.contains(text), () -> text + " missing in\n" + page);
        }
        assertFalse(page.contains("本周截至目前"), "a past week is whole");
    }

    @Test
    void whatTheServicesSayIsEscapedOnThePage() {
        String page = new BulletinPage()
                .render(bulletin(
                        "<script>alert(1)</script>",
                        Bulletin.Source.missing("case-exchange", "the service answered 403: <b>no</b> & \"x\"")));
        assertFalse(page.contains("<script>alert(1)</script>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertTrue(page.contains("&lt;b&gt;no&lt;/b&gt; &amp; &quot;x&quot;"), page);
    }
}
