package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.borderpolice.federation.problem.InvalidProblem;
import org.junit.jupiter.api.Test;

/** What a jurisdiction may say about a mediator: a 洋娘舅 has a foreign nationality and languages. */
class MediatorProfileTest {

    @Test
    void aForeignNationalMediatorHasANationalityAndALanguageBesidesChinese() {
        MediatorProfile roman = MediatorProfile.of(
                MediatorKind.FOREIGN_NATIONAL, "罗漫", "丝路情调解室", "az", List.of("AZ", "ru", "zh", "ru"), null, true);
        assertEquals("AZ", roman.nationality());
        assertEquals(Set.of("az", "ru", "zh"), roman.languages());
        assertTrue(roman.speaks("ru"));

        InvalidProblem noNationality = assertThrows(
                InvalidProblem.class,
                () -> MediatorProfile.of(
                        MediatorKind.FOREIGN_NATIONAL, "罗漫", "丝路情调解室", null, List.of("ru"), null, true));
        assertTrue(noNationality.getMessage().contains("nationality"), noNationality.getMessage());
        assertThrows(
                InvalidProblem.class,
                () -> MediatorProfile.of(
                        MediatorKind.FOREIGN_NATIONAL, "罗漫", "丝路情调解室", "CN", List.of("ru"), null, true));
        assertThrows(
                InvalidProblem.class,
                () -> MediatorProfile.of(
                        MediatorKind.FOREIGN_NATIONAL, "罗漫", "丝路情调解室", "AZ", List.of("zh"), null, true));
    }

    @Test
    void aMediatorSpeaksChineseUnlessTold() {
        MediatorProfile laoNiangJiu =
                MediatorProfile.of(MediatorKind.COMMUNITY, " 毛阿姨 ", "廿八都镇人民调解委员会", null, List.of(), null, true);
        assertEquals(Set.of("zh"), laoNiangJiu.languages());
        assertEquals("毛阿姨", laoNiangJiu.name());
    }

    @Test
    void badCodesAndTextsAreRefusedTogether() {
        InvalidProblem e = assertThrows(
                InvalidProblem.class,
                () -> MediatorProfile.of(null, "", "x".repeat(101), "XX", List.of("not a tag!"), null, true));
        for (String field : List.of("kind", "name", "unit", "nationality", "languages")) {
            assertTrue(e.getMessage().contains(field + ":"), field + " in " + e.getMessage());
        }
        assertThrows(
                InvalidProblem.class,
                () -> MediatorProfile.of(MediatorKind.LAWYER, "张\t律师", "江山律师事务所", null, List.of("zh"), null, true));
    }
}
