package org.borderpolice.cases.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseQuery;
import org.borderpolice.cases.CaseStatus;
import org.junit.jupiter.api.Test;

/** The search's WHERE clause, built without a database: visibility always, each filter once, words as a tsquery. */
class CaseSearchQueryTest {

    static final Instant T1 = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-04-01T00:00:00Z");

    static CaseQuery text(String q) {
        return new CaseQuery(q, null, null, null, null, null, null, null, null);
    }

    @Test
    void withoutFiltersTheClauseIsTheVisibilityRuleAlone() {
        CaseSearchRepository.Where where = CaseSearchRepository.where(text(null));
        assertEquals(CaseRepository.VISIBLE, where.clause());
        assertTrue(where.params().isEmpty());
    }

    @Test
    void blankOrPunctuationOnlyWordsSearchNothingByText() {
        assertEquals(
                CaseRepository.VISIBLE, CaseSearchRepository.where(text("  ")).clause());
        assertEquals(
                CaseRepository.VISIBLE, CaseSearchRepository.where(text("，。！")).clause());
    }

    @Test
    void wordsMatchTheCaseAndItsTimelineUnderTheVisibilityRule() {
        CaseSearchRepository.Where where = CaseSearchRepository.where(text("电信诈骗 浦城"));
        assertTrue(where.clause().startsWith(CaseRepository.VISIBLE + " and "), where.clause());
        assertTrue(where.clause().contains("tsquery_matches(:tsquery, c.searchVector)"));
        assertTrue(where.clause()
                .contains("TimelineEntry t where t.caseId = c.id and tsquery_matches(:tsquery, t.searchVector)"));
        String tsquery = (String) where.params().get("tsquery");
        assertNotNull(tsquery);
        // two terms, both required
        assertTrue(tsquery.contains(" & "), tsquery);
        assertTrue(tsquery.contains("'浦'") || tsquery.contains("'浦城'"), tsquery);
    }

    @Test
    void quotesInWordsStayInsideTheirLexeme() {
        String tsquery =
                (String) CaseSearchRepository.where(text("o'brien")).params().get("tsquery");
        assertNotNull(tsquery);
        assertFalse(tsquery.contains("o'b"), tsquery);
    }

    @Test
    void everyFilterAddsItsConditionAndParameter() {
        CaseQuery q = new CaseQuery(null, CaseStatus.OPEN, CaseCategory.SMUGGLING, "330881", "350722", T1, T2, T1, T2);
        CaseSearchRepository.Where where = CaseSearchRepository.where(q);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("status", CaseStatus.OPEN);
        expected.put("category", CaseCategory.SMUGGLING);
        expected.put("origin", "330881");
        expected.put("participant", "350722");
        expected.put("filedFrom", T1);
        expected.put("filedTo", T2);
        expected.put("occurredFrom", T1);
        expected.put("occurredTo", T2);
        assertEquals(expected, where.params());
        for (String condition : List.of(
                "c.status = :status",
                "c.category = :category",
                "c.origin = :origin",
                "q.jurisdiction = :participant and q.state in (:invited, :accepted)",
                "c.createdAt >= :filedFrom",
                "c.createdAt < :filedTo",
                "c.occurredAt >= :occurredFrom",
                "c.occurredAt < :occurredTo")) {
            assertTrue(where.clause().contains(condition), condition + " in " + where.clause());
        }
        assertTrue(where.clause().startsWith(CaseRepository.VISIBLE + " and "));
    }

    @Test
    void emptyOrReversedRangesAreRefused() {
        assertNull(new CaseQuery(null, null, null, null, null, T1, T2, null, null).problem());
        assertNotNull(new CaseQuery(null, null, null, null, null, T2, T1, null, null).problem());
        assertNotNull(new CaseQuery(null, null, null, null, null, T1, T1, null, null).problem());
        assertNotNull(new CaseQuery(null, null, null, null, null, null, null, T2, T1).problem());
    }

    @Test
    void facetsPutTheLargestCountFirstAndTiesByName() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("THEFT", 2L);
        counts.put("DRUGS", 5L);
        counts.put("FRAUD", 2L);
        assertEquals(
                List.of("DRUGS", "FRAUD", "THEFT"),
                List.copyOf(CaseSearchRepository.mostFirst(counts).keySet()));
    }
}
