package org.borderpolice.cases.fast;

import static org.borderpolice.cases.fast.Callers.as;
import static org.borderpolice.cases.fast.Callers.home;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseQuery;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.repository.CaseSearchRepository;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * 案件检索 on the embedded PostgreSQL with the case-exchange migrations: words in a case's title
 * or summary or in its timeline find the case only for jurisdictions that see it, and the facets
 * count only those cases. Rows are written as the service and replication leave them, each with
 * one word no other test uses (so only these rows match): Jiangshan's own cases (one shared with
 * Pucheng, one inviting Guangfeng only, a draft inviting Pucheng, one found by its timeline) and
 * Guangfeng's cases that Jiangshan declined or was removed from (seen by nobody here).
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "case-exchange"),
            @ResourceArg(name = "categories", value = "cases")
        })
class CaseSearchTest extends CaseRows {

    static final String J = JIANGSHAN;
    static final String P = PUCHENG;
    static final String G = GUANGFENG;
    /** A word no other test writes. */
    static final String WORD = "樟村镇冻品";

    static boolean inserted;
    static UUID sharedWithP;
    static UUID invitingG;
    static UUID draftInvitingP;
    static UUID byTimeline;
    static UUID declinedByJ;
    static UUID removedJByTimeline;

    @Inject
    CaseSearchRepository searches;

    @Inject
    EntityManager em;

    @BeforeEach
    void rows() {
        if (inserted) {
            return;
        }
        inserted = true;
        sharedWithP = kase(J, "OPEN", "SMUGGLING", WORD + "走私案", P, "ACCEPTED");
        invitingG = kase(J, "INVESTIGATING", "DRUGS", WORD + "贩毒案", G, "INVITED");
        draftInvitingP = kase(J, "DRAFT", "THEFT", WORD + "盗窃案（草稿）", P, "INVITED");
        byTimeline = kase(J, "OPEN", "FRAUD", "电信诈骗案");
        timeline(byTimeline, J, "经查，嫌疑人曾在" + WORD + "仓库出入。");
        declinedByJ = kase(G, "OPEN", "SMUGGLING", WORD + "走私案（广丰）", J, "DECLINED", P, "DECLINED");
        removedJByTimeline = kase(G, "OPEN", "FRAUD", "诈骗案（广丰）", J, "REMOVED", P, "REMOVED");
        timeline(removedJByTimeline, G, "嫌疑人藏匿于" + WORD + "。");
    }

    static JsonPath search(RequestSpecification caller) {
        return search(caller, WORD);
    }

    static JsonPath search(RequestSpecification caller, String word) {
        return caller.queryParam("q", word)
                .queryParam("facets", true)
                .when()
                .get("/api/v1/cases/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static Set<String> ids(JsonPath page) {
        return new TreeSet<>(page.getList("items.id", String.class));
    }

    static Set<String> ids(UUID... ids) {
        Set<String> out = new TreeSet<>();
        for (UUID id : ids) {
            out.add(id.toString());
        }
        return out;
    }

    /** Cases a user of {@code code} is counted at Jiangshan in 2026 (by the case statistics). */
    static long filedSeenBy(RequestSpecification caller) {
        return caller.queryParam("from", "2026-01-01")
                .queryParam("to", "2027-01-01")
                .queryParam("bucket", "year")
                .when()
                .get("/api/v1/case-statistics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("cases.filed");
    }

    /**
     * A partner's user reads here only our own cases and its own jurisdiction's: not our replica
     * of Pucheng's case that Guangfeng takes part in (Guangfeng reads it at Pucheng, which decides
     * and audits); not by id, timeline, search, facets or statistics.
     */
    @Test
    void aPartnersUserReadsOnlyOurCasesAndItsOwnHere() {
        String word = "坞口村冷链";
        long gBefore = filedSeenBy(as(G, "analyst"));
        long pBefore = filedSeenBy(as(P, "analyst"));
        UUID puchengs = kase(P, "OPEN", "SMUGGLING", word + "走私案（浦城）", J, "ACCEPTED", G, "ACCEPTED");
        timeline(puchengs, P, "浦城发现" + word + "仓库。");
        UUID ours = kase(J, "OPEN", "SMUGGLING", word + "走私案（江山）", G, "ACCEPTED", P, "ACCEPTED");
        assertEquals(ids(puchengs, ours), ids(search(home("analyst"), word)));

        as(G, "analyst").when().get("/api/v1/cases/" + puchengs).then().statusCode(404);
        as(G, "analyst")
                .when()
                .get("/api/v1/cases/" + puchengs + "/timeline")
                .then()
                .statusCode(404);
        as(G, "analyst").when().get("/api/v1/cases/" + ours).then().statusCode(200);
        JsonPath g = search(as(G, "analyst"), word);
        assertEquals(ids(ours), ids(g));
        assertEquals(Map.of(J, 1), g.getMap("facets.origin", String.class, Integer.class));
        assertEquals(gBefore + 1, filedSeenBy(as(G, "analyst")));

        // Pucheng's own case as we hold it is Pucheng's to read
        as(P, "analyst").when().get("/api/v1/cases/" + puchengs).then().statusCode(200);
        JsonPath p = search(as(P, "analyst"), word);
        assertEquals(ids(puchengs, ours), ids(p));
        assertEquals(Map.of(J, 1, P, 1), p.getMap("facets.origin", String.class, Integer.class));
        assertEquals(pBefore + 2, filedSeenBy(as(P, "analyst")));
    }

    @Test
    void ourUsersFindOurCasesByWordsAndTimelineAndNothingOfCasesWeDoNotSee() {
        JsonPath page = search(home("investigator"));
        assertEquals(ids(sharedWithP, invitingG, draftInvitingP, byTimeline), ids(page));
        assertEquals(
                Map.of("OPEN", 2, "INVESTIGATING", 1, "DRAFT", 1),
                page.getMap("facets.status", String.class, Integer.class));
        assertEquals(
                Map.of("SMUGGLING", 1, "DRUGS", 1, "THEFT", 1, "FRAUD", 1),
                page.getMap("facets.category", String.class, Integer.class));
        assertEquals(Map.of(J, 4), page.getMap("facets.origin", String.class, Integer.class));
    }

    /**
     * The timeline's words are kept in the case's own vector (V80): also those of entries that
     * reached a participant before the case, and no longer those of entries withdrawn.
     */
    @Test
    void timelineWordsFindTheCaseWhicheverArrivedFirstAndNotOnceTheEntryIsWithdrawn() {
        String early = "鹅湖镇茶园";
        String withdrawn = "洋口镇渡口";
        UUID id = UUID.randomUUID();
        // a replica: Guangfeng's entries first, then its case naming Jiangshan as accepted
        timeline(id, G, "嫌疑人曾在" + early + "落脚。");
        exec(
                "INSERT INTO case_timeline_entry (id, case_id, case_origin, kind, author_jurisdiction, author, text,"
                        + " occurred_at, search_text) VALUES (?, ?, ?, 'NOTE', ?, '民警', ?, ?, ?)",
                new UUID(0, id.getLeastSignificantBits()),
                id,
                G,
                G,
                "赃物经" + withdrawn + "运出。",
                Instant.now(),
                ChineseText.forIndex("赃物经" + withdrawn + "运出。"));
        UUID kase = kase(id, G, "OPEN", "SMUGGLING", "走私案（广丰，先到时间线）", J, "ACCEPTED");
        assertEquals(ids(kase), ids(search(home("investigator"), early)));
        assertEquals(ids(kase), ids(search(home("investigator"), withdrawn)));

        exec("DELETE FROM case_timeline_entry WHERE id = ?", new UUID(0, id.getLeastSignificantBits()));
        assertEquals(Set.of(), ids(search(home("investigator"), withdrawn)));
        assertEquals(ids(kase), ids(search(home("investigator"), early)));
        // and one more entry after the case adds its words to the others
        timeline(id, G, "同伙藏身于" + withdrawn + "附近。");
        assertEquals(ids(kase), ids(search(home("investigator"), withdrawn)));
        assertEquals(ids(kase), ids(search(home("investigator"), early)));
    }

    /**
     * Only the case's origin writes its timeline (V124): entries another partner stored for the
     * case's id before the case arrived, or after, give the case none of their words.
     */
    @Test
    void anotherOriginsEntriesGiveTheCaseNoWords() {
        String planted = "石陂镇笋干";
        String own = "水北街镇码头";
        UUID id = UUID.randomUUID();
        timeline(id, P, "嫌疑人曾在" + planted + "落脚。");
        timeline(id, G, "嫌疑人曾在" + own + "落脚。");
        UUID kase = kase(id, G, "OPEN", "SMUGGLING", "走私案（广丰，他方时间线）", J, "ACCEPTED");
        assertEquals(ids(kase), ids(search(home("investigator"), own)));
        assertEquals(Set.of(), ids(search(home("investigator"), planted)));
        // an entry of another origin after the case, and a withdrawal that recomputes the words
        timeline(id, P, "同伙藏身于" + planted + "附近。");
        assertEquals(Set.of(), ids(search(home("investigator"), planted)));
        exec("DELETE FROM case_timeline_entry WHERE case_id = ? AND case_origin = ? AND text LIKE '同伙%'", id, P);
        assertEquals(Set.of(), ids(search(home("investigator"), planted)));
        assertEquals(ids(kase), ids(search(home("investigator"), own)));
    }

    /**
     * A partner's search tests the case's participating codes (V122), kept by a trigger from the
     * participant rows: every change of a row, whoever writes it (here SQL, as replication's
     * appliers and a transfer write them), shows at once in the page and the facets.
     */
    @Test
    void aPartnersSearchFollowsEveryChangeOfTheParticipantRows() {
        String word = "凤林镇香菇";
        UUID id = kase(J, "OPEN", "SMUGGLING", word + "走私案", P, "INVITED");
        assertVisible(word, id, true, false, "{" + P + "}");
        exec("UPDATE case_participant SET state = 'ACCEPTED' WHERE case_id = ? AND jurisdiction = ?", id, P);
        assertVisible(word, id, true, false, "{" + P + "}");
        exec("UPDATE case_participant SET state = 'DECLINED' WHERE case_id = ? AND jurisdiction = ?", id, P);
        assertVisible(word, id, false, false, "{}");
        exec("UPDATE case_participant SET state = 'INVITED' WHERE case_id = ? AND jurisdiction = ?", id, P);
        assertVisible(word, id, true, false, "{" + P + "}");
        exec(
                "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, 'INVITED', ?)",
                id,
                G,
                Instant.now());
        assertVisible(word, id, true, true, "{" + P + "," + G + "}");
        // several rows in one statement
        exec("UPDATE case_participant SET state = 'REMOVED' WHERE case_id = ?", id);
        assertVisible(word, id, false, false, "{}");
        exec("UPDATE case_participant SET state = 'ACCEPTED' WHERE case_id = ?", id);
        assertVisible(word, id, true, true, "{" + P + "," + G + "}");
        // a draft is nobody's but the origin's, whatever its participant rows say
        exec("UPDATE joint_case SET status = 'DRAFT' WHERE id = ?", id);
        assertVisible(word, id, false, false, "{" + P + "," + G + "}");
        exec("UPDATE joint_case SET status = 'OPEN' WHERE id = ?", id);
        exec("DELETE FROM case_participant WHERE case_id = ? AND jurisdiction = ?", id, P);
        assertVisible(word, id, false, true, "{" + G + "}");
        // Jiangshan's own case, whatever the rows: its origin sees it
        assertEquals(ids(id), ids(search(home("investigator"), word)));
    }

    /** Whether Pucheng's and Guangfeng's users find the case (page and facets), and its codes. */
    void assertVisible(String word, UUID id, boolean byP, boolean byG, String codes) {
        for (var seen : Map.of(P, byP, G, byG).entrySet()) {
            JsonPath page = search(as(seen.getKey(), "investigator"), word);
            assertEquals(seen.getValue() ? ids(id) : Set.of(), ids(page), "the page of " + seen.getKey());
            assertEquals(seen.getValue() ? 1 : 0, page.getInt("facets.matches"), "the facets of " + seen.getKey());
        }
        assertEquals(
                1,
                Callers.count(
                        db, "SELECT count(*) FROM joint_case WHERE id = ? AND participating = ?::text[]", id, codes));
    }

    @Test
    void aPartnersUsersFindOnlyTheCasesSharedWithThem() {
        JsonPath page = search(as(P, "investigator"));
        // not Guangfeng's only, not a draft it was named in, not one whose timeline matches but is not shared
        assertEquals(ids(sharedWithP), ids(page));
        assertEquals(Map.of("OPEN", 1), page.getMap("facets.status", String.class, Integer.class));
        assertEquals(Map.of("SMUGGLING", 1), page.getMap("facets.category", String.class, Integer.class));
        assertEquals(Map.of(J, 1), page.getMap("facets.origin", String.class, Integer.class));
    }

    @Test
    void aThirdPartnersUsersFindItsInvitationAndItsOwnCasesOnly() {
        JsonPath page = search(as(G, "investigator"));
        // Guangfeng's own cases held here are its own: it sees them, and the invitation of Jiangshan's
        assertEquals(ids(invitingG, declinedByJ, removedJByTimeline), ids(page));
        assertEquals(Map.of("INVESTIGATING", 1, "OPEN", 2), page.getMap("facets.status", String.class, Integer.class));
        assertEquals(Map.of(J, 1, G, 2), page.getMap("facets.origin", String.class, Integer.class));
    }

    /**
     * A search with a status or a category pages the same rows whichever way PostgreSQL finds them
     * (V120: walking that status's or category's cases newest first; the text index, V121's of that
     * status when there is one, and a sort; or
     * walking every case newest first), and each case of a page comes with its own participants
     * (loaded for the whole page in one query), as reading the case alone gives them.
     */
    @Test
    void aFilteredSearchPagesTheSameRowsWhateverThePlanEachCaseWithItsOwnParticipants() {
        Map<CaseQuery, List<String>> expected = new LinkedHashMap<>();
        expected.put(query(CaseStatus.OPEN, null), newestFirst(sharedWithP, byTimeline));
        expected.put(query(null, CaseCategory.SMUGGLING), newestFirst(sharedWithP));
        expected.put(query(CaseStatus.INVESTIGATING, CaseCategory.DRUGS), newestFirst(invitingG));
        expected.put(query(CaseStatus.CLOSED, null), List.of());
        List<String> plans = List.of(
                "enable_seqscan = on", // PostgreSQL's choice
                "enable_bitmapscan = off", // a walk of an index in order
                "enable_indexscan = off", // the text index's bitmap, then a sort
                "enable_indexscan = off; SET LOCAL enable_bitmapscan = off"); // every case read and sorted
        expected.forEach((query, ids) -> {
            for (String plan : plans) {
                for (int limit = 1; limit <= 3; limit++) {
                    List<JointCase> found = searchAll(query, limit, plan);
                    assertEquals(ids, found.stream().map(c -> c.id.toString()).toList(), plan + ", pages of " + limit);
                    for (JointCase c : found) {
                        assertEquals(
                                home("investigator")
                                        .when()
                                        .get("/api/v1/cases/" + c.id)
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath()
                                        .getList("participants.jurisdiction", String.class),
                                c.participants.stream().map(p -> p.jurisdiction).toList(),
                                "participants of " + c.id);
                    }
                }
            }
        });
    }

    static CaseQuery query(CaseStatus status, CaseCategory category) {
        return new CaseQuery(WORD, status, category, null, null, null, null, null, null);
    }

    /** These cases' ids, newest filed first (ties: the larger id first), as every page orders them. */
    List<String> newestFirst(UUID... ids) {
        return QuarkusTransaction.requiringNew()
                .call(() -> em
                        .createNativeQuery(
                                "SELECT CAST(id AS text) FROM joint_case WHERE id = ANY(CAST(?1 AS uuid[]))"
                                        + " ORDER BY created_at DESC, id DESC",
                                String.class)
                        .setParameter(
                                1,
                                java.util.Arrays.stream(ids).map(UUID::toString).toArray(String[]::new))
                        .getResultList()
                        .stream()
                        .map(String.class::cast)
                        .toList());
    }

    /** Every page of a search by Jiangshan's user, in order, each in a transaction planned under {@code plan}. */
    List<JointCase> searchAll(CaseQuery query, int limit, String plan) {
        List<JointCase> all = new ArrayList<>();
        KeysetCursor after = null;
        while (true) {
            KeysetCursor from = after;
            List<JointCase> page = QuarkusTransaction.requiringNew().call(() -> {
                em.createNativeQuery("SET LOCAL " + plan).executeUpdate();
                return searches.search(J, query, from, limit);
            });
            all.addAll(page);
            if (page.size() < limit) {
                return all;
            }
            after = new KeysetCursor(page.getLast().createdAt, page.getLast().id);
        }
    }

    /**
     * Review M5: a case's timeline words are one tsvector, which PostgreSQL limits to 1 MB. A
     * participant's notes of distinct words past it (V81 leaves out what does not fit) must not
     * wedge the case: the owner still notes, changes its status and edits it with a long summary,
     * and the case is found by its title.
     */
    @Test
    void aCaseWhoseTimelineWordsPassTheTsvectorLimitIsStillWrittenAndFoundByItsTitle() throws SQLException {
        String title = "篁岭村超长时间线案";
        String id = home("investigator")
                .contentType(io.restassured.http.ContentType.JSON)
                .queryParam("open", true)
                .body(Callers.caseBody(title, P))
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // Pucheng's notes as its appliers store them, one at a time: 50 of 3,000 distinct words each, about twice
        // the limit (fewer, longer notes than a partner would write: each note rewrites the case's whole vector)
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO case_timeline_entry (id, case_id, case_origin, kind, author_jurisdiction, author,"
                                + " text, occurred_at, search_text) VALUES (?, ?::uuid, ?, 'NOTE', ?, '民警', '', ?, ?)")) {
            for (int n = 0; n < 50; n++) {
                StringBuilder words = new StringBuilder();
                for (int w = 0; w < 3_000; w++) {
                    words.append(" n").append(n).append('w').append(w);
                }
                s.setObject(1, UUID.randomUUID());
                s.setString(2, id);
                s.setString(3, J);
                s.setString(4, P);
                s.setObject(5, OffsetDateTime.now(ZoneOffset.UTC).plusNanos(n * 1000L));
                s.setString(6, words.toString());
                s.executeUpdate();
            }
        }
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM joint_case WHERE id = ?::uuid AND search_timeline @@ 'n0w1'::tsquery"
                                + " AND NOT search_timeline @@ 'n49w1'::tsquery",
                        id),
                "the first notes' words kept, the last left out");
        assertEquals(
                50,
                Callers.count(
                        db, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid AND kind = 'NOTE'", id));

        // the owner's writes go on: a note, a status change, an edit with a long summary (its own words)
        home("investigator")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("text", "篁岭村线索已移交刑侦大队。"))
                .when()
                .post("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(201);
        home("investigator")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("to", "INVESTIGATING"))
                .when()
                .post("/api/v1/cases/" + id + "/transitions")
                .then()
                .statusCode(200);
        StringBuilder summary = new StringBuilder();
        for (int i = 0; summary.length() < 9_900; i++) {
            summary.appendCodePoint(0x4E00 + (i * 37) % 20_000);
        }
        Map<String, Object> edited = Callers.caseBody(title, P);
        edited.put("summary", summary.toString());
        home("investigator")
                .contentType(io.restassured.http.ContentType.JSON)
                .body(edited)
                .when()
                .put("/api/v1/cases/" + id)
                .then()
                .statusCode(200);
        assertEquals(Set.of(id), ids(search(home("investigator"), "篁岭村")));
    }

    /**
     * Every status has its text index (V121) with the viewers beside the words (V123): a status
     * added without one would fall back to ANDing the words with the status's whole bitmap, and a
     * partner's search to testing every match's row, silently slower, never wrong.
     */
    @Test
    void everyStatusHasItsTextIndex() throws SQLException {
        Set<String> missing = new TreeSet<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM pg_indexes WHERE tablename = 'joint_case'"
                                + " AND indexname = ? AND indexdef LIKE '%gin (search_vector, viewers)%' AND indexdef LIKE ?")) {
            for (CaseStatus status : CaseStatus.values()) {
                s.setString(1, "joint_case_search_" + status.name().toLowerCase(java.util.Locale.ROOT));
                s.setString(2, "%'" + status.name() + "'%");
                try (var rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        missing.add(status.name());
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "statuses without their text index");
        // and the whole table's, for words without a status
        assertEquals(
                1,
                Callers.count(
                        db,
                        "SELECT count(*) FROM pg_indexes WHERE tablename = 'joint_case' AND indexname = 'joint_case_search'"
                                + " AND indexdef LIKE '%gin (search_vector, viewers)%' AND indexdef NOT LIKE '%WHERE%'"));
    }
}
