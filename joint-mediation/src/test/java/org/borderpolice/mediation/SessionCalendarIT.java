package org.borderpolice.mediation;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * 调解日程 The sessions calendar across disputes (GET /api/v1/disputes/sessions), in the module's
 * federation: a week of sessions of a Jiangshan–Pucheng dispute (shared with Pucheng) and of a
 * Jiangshan-only dispute. Each side sees the sessions of the disputes it may see by the dispute
 * list's rule, with their disputes, earliest first, paged; a partner's user of another
 * jurisdiction and roles that do not read disputes see nothing; a withdrawn dispute's sessions are
 * shown as the dispute list shows the dispute; bad periods are 400 problem+json; each read is
 * audited with exactly what the caller received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionCalendarIT {

    static final String CENTRE = "三山边界社会治理中心";
    static final String CALENDAR = "/api/v1/disputes/sessions";
    /** A week of its own (Monday to Monday, China's calendar): no other IT schedules sessions then. */
    static final String MONDAY = "2031-05-05";

    static final String NEXT_MONDAY = "2031-05-12";

    MediationFederation j;
    String shared;
    String own;
    List<String> sharedSessions = new ArrayList<>();
    List<String> ownSessions = new ArrayList<>();

    @BeforeAll
    void aWeekOfSessions() {
        j = MediationFederation.shared();
        String js = register(JIANGSHAN, "js-calendar-1");
        String js2 = register(JIANGSHAN, "js-calendar-2");
        String pc = register(PUCHENG, "pc-calendar");
        j.await(
                "Pucheng's mediator in Jiangshan's directory",
                () -> j.home(JIANGSHAN, "mediator")
                                .when()
                                .get("/api/v1/mediators/" + pc)
                                .statusCode()
                        == 200);
        shared = dispute("江山浦城两村山林界址纠纷（调解日程）", PUCHENG);
        own = dispute("江山两户宅基地纠纷（调解日程）", JIANGSHAN);
        team(shared, js, pc);
        team(own, js2);
        // the shared dispute: Monday 09:00, Wednesday 14:00, Sunday 20:00; the week's bounds are
        // exclusive at the end: a session at the next Monday 00:00 and one on Sunday before are not in it
        sharedSessions.add(session(shared, "2031-05-07T14:00:00+08:00", List.of(js, pc)));
        sharedSessions.add(session(shared, "2031-05-05T09:00:00+08:00", List.of(js, pc)));
        sharedSessions.add(session(shared, "2031-05-11T20:00:00+08:00", List.of(js, pc)));
        session(shared, "2031-05-12T00:00:00+08:00", List.of(js, pc));
        session(shared, "2031-05-04T22:00:00+08:00", List.of(js, pc));
        // Jiangshan's own dispute: Monday 09:00 too (the same time: ordered by id) and Tuesday
        ownSessions.add(session(own, "2031-05-05T09:00:00+08:00", List.of(js2)));
        ownSessions.add(session(own, "2031-05-06T10:00:00+08:00", List.of(js2)));
        j.await(
                "the shared dispute's sessions at Pucheng",
                () -> j.read(PUCHENG, "/api/v1/disputes/" + shared + "/sessions")
                                .getList("id")
                                .size()
                        == 5);
    }

    RequestSpecification user(String code, String at, String... roles) {
        return j.as(code, at, roles);
    }

    JsonPath week(RequestSpecification caller, String query) {
        return caller.when()
                .get(CALENDAR + "?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static String thisWeek() {
        return "from=" + MONDAY + "&to=" + NEXT_MONDAY + "&limit=200";
    }

    @Test
    void aMediatorOfTheTeamSeesTheWeeksSessionsOfTheSharedDisputeWithTheDispute() {
        JsonPath atPucheng = week(user(PUCHENG, PUCHENG, "mediator"), thisWeek());
        List<String> ids = atPucheng.getList("items.session.id");
        assertEquals(sharedSessions.stream().sorted(this::byStart).toList(), ids, "the week's three, earliest first");
        assertEquals(List.of(shared, shared, shared), atPucheng.getList("items.dispute.id"));
        assertEquals("江山浦城两村山林界址纠纷（调解日程）", atPucheng.getString("items[0].dispute.title"));
        assertTrue(
                atPucheng.getString("items[0].dispute.number").startsWith(JIANGSHAN + "-"),
                atPucheng.getString("items[0].dispute.number"));
        assertEquals("VILLAGE", atPucheng.getString("items[0].dispute.tier"));
        assertEquals(JIANGSHAN, atPucheng.getString("items[0].dispute.origin"));
        assertEquals("2031-05-05T01:00:00Z", atPucheng.getString("items[0].session.startsAt"));
        assertEquals(CENTRE, atPucheng.getString("items[0].session.place"));
        assertNull(atPucheng.getString("next"));

        // a day is China's day; an instant says its own offset: the same week
        assertEquals(
                ids,
                user(PUCHENG, PUCHENG, "mediator")
                        .queryParam("from", "2031-05-04T16:00:00Z")
                        .queryParam("to", "2031-05-12T00:00:00+08:00")
                        .when()
                        .get(CALENDAR)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.session.id"));
    }

    @Test
    void theOriginSeesBothDisputesInOrderAndAPartnersUserAtTheOriginOnlyTheShared() {
        List<String> atJiangshan =
                week(user(JIANGSHAN, JIANGSHAN, "analyst"), thisWeek()).getList("items.session.id");
        List<String> expected = new ArrayList<>(sharedSessions);
        expected.addAll(ownSessions);
        assertEquals(sorted(expected), atJiangshan);

        // Pucheng's user calling Jiangshan's service: Jiangshan's disputes that involve Pucheng only
        assertEquals(
                sorted(sharedSessions),
                week(user(PUCHENG, JIANGSHAN, "mediator"), thisWeek()).getList("items.session.id"));
        // and Jiangshan's audit of that read names the shared dispute's sessions, never its own dispute
        String audited = lastCalendarAudit(JIANGSHAN, PUCHENG);
        for (String session : sharedSessions) {
            assertTrue(audited.contains(shared + "/" + session), audited);
        }
        assertFalse(audited.contains(own), audited);
        assertTrue(audited.contains("returned=" + sharedSessions.size() + ":"), audited);
    }

    @Test
    void anUninvolvedJurisdictionsUserAtTheOriginSeesNothing() {
        assertEquals(
                List.of(),
                week(user(GUANGFENG, JIANGSHAN, "commander"), thisWeek()).getList("items"));
        // Guangfeng's own service holds no replica of these disputes, whatever the rule: not a test of
        // the rule, only that its calendar answers
        assertEquals(
                List.of(),
                week(user(GUANGFENG, GUANGFENG, "mediator"), thisWeek()).getList("items"));
    }

    @Test
    void anOffsetsPlusLeftUnencodedIsReadAsPlus() throws Exception {
        // what a client that does not encode the query sends: the + arrives as a space
        String token =
                j.federation.issuer(PUCHENG).token(PUCHENG).roles("mediator").sign();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(j.url(PUCHENG) + CALENDAR
                                        + "?from=2031-05-05T00:00:00+08:00&to=2031-05-12T00:00:00+08:00&limit=200"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(
                week(user(PUCHENG, PUCHENG, "mediator"), thisWeek()).getList("items.session.id"),
                new JsonPath(response.body()).getList("items.session.id"));
    }

    @Test
    void aWithdrawnDisputesSessionsAreShownAsTheDisputeListShowsTheDispute() {
        // a week of its own, outside the month the other tests read
        String js = register(JIANGSHAN, "js-calendar-3");
        String withdrawn = dispute("江山两户排水沟纠纷（调解日程，撤回）", JIANGSHAN);
        team(withdrawn, js);
        String session = session(withdrawn, "2031-06-18T09:00:00+08:00", List.of(js));
        j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "WITHDRAWN", "reason", "双方自行和解，申请撤回"))
                .when()
                .post("/api/v1/disputes/" + withdrawn + "/transitions")
                .then()
                .statusCode(200);
        // the dispute list shows withdrawn disputes (a filter on status leaves them out on request) ...
        assertTrue(j.read(JIANGSHAN, "/api/v1/disputes?status=WITHDRAWN&limit=200")
                .getList("items.id")
                .contains(withdrawn));
        // ... so the calendar shows their sessions, with the dispute's status to tell them apart
        JsonPath calendar = week(user(JIANGSHAN, JIANGSHAN, "mediator"), "from=2031-06-16&to=2031-06-23");
        assertEquals(List.of(session), calendar.getList("items.session.id"));
        assertEquals("WITHDRAWN", calendar.getString("items[0].dispute.status"));
    }

    @Test
    void refusals() {
        // a role that does not read disputes
        user(JIANGSHAN, JIANGSHAN, "integrator")
                .when()
                .get(CALENDAR + "?" + thisWeek())
                .then()
                .statusCode(403);
        // no token; a partner's token made for its own services; an issuer not on the trust list
        for (String token : java.util.Arrays.asList(
                null,
                j.federation.issuer(PUCHENG).token(PUCHENG).roles("mediator").sign(),
                new org.borderpolice.federation.testing.TestIssuer("330822")
                        .token(JIANGSHAN)
                        .roles("mediator")
                        .sign())) {
            RequestSpecification call = given().baseUri(j.url(JIANGSHAN));
            (token == null ? call : call.auth().oauth2(token))
                    .when()
                    .get(CALENDAR + "?" + thisWeek())
                    .then()
                    .statusCode(401);
        }
    }

    @Test
    void badPeriodsAre400AndReadNothing() {
        String audited = "SELECT count(*) FROM federation.audit_log WHERE action = 'session.calendar'";
        long reads = j.rows(JIANGSHAN, audited);
        for (String query : List.of(
                "to=" + NEXT_MONDAY,
                "from=" + MONDAY,
                "from=next-monday&to=" + NEXT_MONDAY,
                "from=2031-05-05T09:00&to=" + NEXT_MONDAY,
                "from=2031-05-05%2009:00:00%2008:00&to=" + NEXT_MONDAY,
                "from=2031-02-30&to=2031-03-02",
                "from=" + NEXT_MONDAY + "&to=" + MONDAY,
                "from=" + MONDAY + "&to=" + MONDAY,
                "from=2031-05-01&to=2031-06-02",
                "from=1800-01-01&to=1800-01-02",
                "from=" + MONDAY + "&to=" + NEXT_MONDAY + "&limit=0",
                "from=" + MONDAY + "&to=" + NEXT_MONDAY + "&limit=201",
                "from=" + MONDAY + "&to=" + NEXT_MONDAY + "&cursor=not-a-cursor")) {
            user(JIANGSHAN, JIANGSHAN, "mediator")
                    .when()
                    .get(CALENDAR + "?" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(reads, j.rows(JIANGSHAN, audited), "a refused period reads nothing");

        // 31 days is the longest period (the month holds the shared dispute's two sessions outside the
        // week too); a read is audited with what it returned
        assertEquals(
                sharedSessions.size() + ownSessions.size() + 2,
                week(user(JIANGSHAN, JIANGSHAN, "mediator"), "from=2031-05-01&to=2031-06-01")
                        .getList("items")
                        .size());
        assertEquals(reads + 1, j.rows(JIANGSHAN, audited));
        assertEquals(
                1,
                j.rows(
                        JIANGSHAN,
                        audited + " AND detail LIKE ?",
                        "%returned=" + (sharedSessions.size() + ownSessions.size() + 2) + ":%" + sharedSessions.get(0)
                                + "%"));
    }

    @Test
    void theAuditNamesThePageReturnedNotTheRowFetchedToKnowThereIsMore() {
        // Pucheng holds the shared dispute's three sessions of the week: a page of two
        JsonPath page = week(user(PUCHENG, PUCHENG, "mediator"), "from=" + MONDAY + "&to=" + NEXT_MONDAY + "&limit=2");
        List<String> sorted = sorted(sharedSessions);
        assertEquals(sorted.subList(0, 2), page.getList("items.session.id"));
        String audited = lastCalendarAudit(PUCHENG, PUCHENG);
        assertTrue(audited.contains("limit=2 returned=2: "), audited);
        assertTrue(audited.contains(shared + "/" + sorted.get(0)), audited);
        assertTrue(audited.contains(shared + "/" + sorted.get(1)), audited);
        assertFalse(audited.contains(sorted.get(2)), "the third session was not returned: " + audited);
    }

    @Test
    void pagesFollowOneAnotherInOrder() {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = week(
                    user(JIANGSHAN, JIANGSHAN, "mediator"),
                    "from=" + MONDAY + "&to=" + NEXT_MONDAY + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            List<String> ids = page.getList("items.session.id");
            assertTrue(ids.size() <= 2, "a page holds at most the limit: " + ids);
            all.addAll(ids);
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 10);
        List<String> expected = new ArrayList<>(sharedSessions);
        expected.addAll(ownSessions);
        assertEquals(sorted(expected), all, "every session once, earliest first, across the pages");
        assertEquals(3, pages);
    }

    // --- fixtures

    /** The detail of the newest calendar read audited at {@code at} by a user of {@code by}. */
    String lastCalendarAudit(String at, String by) {
        try (var c = j.db(at).connect();
                var ps = c.prepareStatement("SELECT detail FROM federation.audit_log WHERE action = 'session.calendar'"
                        + " AND jurisdiction = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, by);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a calendar read audited at " + at + " by " + by);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> sorted(List<String> sessionIds) {
        return sessionIds.stream().sorted(this::byStart).toList();
    }

    final Map<String, Instant> starts = new HashMap<>();

    /** Earliest first, then by id (as the calendar orders sessions at the same time). */
    int byStart(String a, String b) {
        int c = starts.get(a).compareTo(starts.get(b));
        return c != 0 ? c : a.compareTo(b);
    }

    String register(String code, String account) {
        return j.mediator(code, "COMMUNITY", "日程调解员" + account, account);
    }

    String dispute(String title, String respondentJurisdiction) {
        return j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(TeamIT.landBoundary(title, respondentJurisdiction))
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    void team(String dispute, String... mediators) {
        j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("mediators", List.of(mediators)))
                .when()
                .put("/api/v1/disputes/" + dispute + "/team")
                .then()
                .statusCode(200);
    }

    String session(String dispute, String startsAt, List<String> mediators) {
        Instant start = java.time.OffsetDateTime.parse(startsAt).toInstant();
        String id = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "startsAt", startsAt,
                        "endsAt", start.plusSeconds(3600).toString(),
                        "mode", "OFFLINE",
                        "place", CENTRE,
                        "mediators", mediators))
                .when()
                .post("/api/v1/disputes/" + dispute + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        starts.put(id, start);
        return id;
    }
}
