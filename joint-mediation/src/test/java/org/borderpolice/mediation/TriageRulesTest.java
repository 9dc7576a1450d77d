package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 三调对接 rule table against the examples of seed 002 (沁阳 "三调对接" 多元解纷) and the issue:
 * each row is a dispute's facts, the tier and the rule that must decide.
 */
class TriageRulesTest {

    static final TriageRules RULES = TriageRules.standard(new BigDecimal("500000"), 5);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # example                                          | kind             | amount     | resp | unclear | new   | complex | department | failed       | tier           | rule
            邻里纠纷, nothing tried yet                        | NEIGHBOUR        | 0          | 1    | false   | false | false   |            |              | VILLAGE        | VILLAGE_FIRST
            北金村12组41家农户的土地流转金, 村里调解过          | LAND_BOUNDARY    | 246000.00  | 1    | false   | false | false   |            | VILLAGE      | TOWNSHIP       | TOWNSHIP_AFTER_VILLAGE
            基层正在调处的疑难复杂案件                         | LABOUR_WAGES     | 80000      | 2    | false   | false | true    |            |              | CITY_CENTRE    | CITY_CENTRE_COMPLEX
            乡级调解不成, 交市综治中心                         | NEIGHBOUR        | 5000       | 1    | false   | false | false   |            | TOWNSHIP     | CITY_CENTRE    | CITY_CENTRE_AFTER_TOWNSHIP
            法律界限不清                                       | LAND_BOUNDARY    | 1000       | 1    | true    | false | false   |            |              | COURT          | COURT_LAW_UNCLEAR
            数额巨大: one fen above the threshold              | COMMERCIAL_TRADE | 500000.01  | 1    | false   | false | false   |            |              | COURT          | COURT_LARGE_AMOUNT
            the threshold itself is not 数额巨大               | COMMERCIAL_TRADE | 500000.00  | 1    | false   | false | false   |            |              | VILLAGE        | VILLAGE_FIRST
            被告人多: five respondents                         | LABOUR_WAGES     | 30000      | 5    | false   | false | false   |            |              | COURT          | COURT_MANY_RESPONDENTS
            four respondents are not many                      | LABOUR_WAGES     | 30000      | 4    | false   | false | false   |            |              | VILLAGE        | VILLAGE_FIRST
            新类型案件                                         | OTHER            | 0          | 1    | false   | true  | false   |            |              | COURT          | COURT_NEW_TYPE
            市综治中心调解不成                                 | FAMILY           | 0          | 1    | false   | false | false   |            | CITY_CENTRE  | COURT          | COURT_AFTER_CITY_CENTRE
            交通事故, 主管部门交警大队                          | TRAFFIC_ACCIDENT | 12000      | 1    | false   | false | false   | 交警大队   |              | ADMINISTRATIVE | ADMINISTRATIVE_DEPARTMENT
            行政调解不成                                       | TRAFFIC_ACCIDENT | 12000      | 1    | false   | false | false   | 交警大队   | ADMINISTRATIVE | COURT        | COURT_AFTER_ADMINISTRATIVE
            复杂而数额巨大: the court rule comes first          | LAND_BOUNDARY    | 900000     | 1    | false   | false | true    |            | VILLAGE      | COURT          | COURT_LARGE_AMOUNT
            """)
    void theSeedsExamples(
            String example,
            DisputeKind kind,
            BigDecimal amount,
            int respondents,
            boolean unclear,
            boolean newType,
            boolean complex,
            String department,
            MediationTier failed,
            MediationTier tier,
            String rule) {
        TriageDecision d =
                RULES.decide(new TriageFacts(kind, amount, respondents, unclear, newType, complex, department, failed));
        assertEquals(tier, d.tier(), example);
        assertEquals(rule, d.rule(), example);
    }

    @Test
    void aTableWithoutAFinalAlwaysRuleIsRefused() throws Exception {
        var rows = TriageRules.parse(
                new ByteArrayInputStream("A\tCOMPLEX\tCITY_CENTRE\t复杂\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> new TriageRules(rows, BigDecimal.TEN, 3));
    }

    @Test
    void anUnknownTestIsRefused() throws Exception {
        var rows = TriageRules.parse(new ByteArrayInputStream(
                "A\tSUNNY\tCOURT\t?\nB\tALWAYS\tVILLAGE\t村\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> new TriageRules(rows, BigDecimal.TEN, 3));
    }

    @Test
    void aNegatedConjunctionHolds() throws Exception {
        var rows = TriageRules.parse(new ByteArrayInputStream(
                "A\tDEPARTMENT & !FAILED_AT:ADMINISTRATIVE\tADMINISTRATIVE\t行政\nB\tALWAYS\tVILLAGE\t村\n"
                        .getBytes(StandardCharsets.UTF_8)));
        TriageRules rules = new TriageRules(rows, BigDecimal.TEN, 3);
        assertEquals(
                "A",
                rules.decide(new TriageFacts(DisputeKind.OTHER, BigDecimal.ONE, 1, false, false, false, "林业局", null))
                        .rule());
        assertEquals(
                "B",
                rules.decide(new TriageFacts(
                                DisputeKind.OTHER,
                                BigDecimal.ONE,
                                1,
                                false,
                                false,
                                false,
                                "林业局",
                                MediationTier.ADMINISTRATIVE))
                        .rule());
    }
}
