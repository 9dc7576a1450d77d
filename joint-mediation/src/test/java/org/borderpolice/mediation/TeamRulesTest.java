package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.mediation.TeamRules.Assessment;
import org.borderpolice.mediation.TeamRules.Member;
import org.borderpolice.mediation.TeamRules.PartyNeed;
import org.junit.jupiter.api.Test;

/** A joint team against its dispute's parties: one mediator per party's jurisdiction, their languages. */
class TeamRulesTest {

    static final String JIANGSHAN = "330881";
    static final String PUCHENG = "350722";
    static final String YUSHAN = "361123";

    static final UUID JS_POLICE = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID PC_JUDICIAL = UUID.fromString("00000000-0000-0000-0000-000000000002");
    static final UUID YS_FOREIGN_RU = UUID.fromString("00000000-0000-0000-0000-000000000003");
    static final UUID PC_RETIRED = UUID.fromString("00000000-0000-0000-0000-000000000004");
    static final UUID JS_LAWYER_EN = UUID.fromString("00000000-0000-0000-0000-000000000005");

    static final Member jsPolice = new Member(JS_POLICE, JIANGSHAN, Set.of("zh"), true);
    static final Member pcJudicial = new Member(PC_JUDICIAL, PUCHENG, Set.of("zh"), true);
    static final Member ysForeignRu = new Member(YS_FOREIGN_RU, YUSHAN, Set.of("ru", "az", "zh"), true);
    static final Member pcRetired = new Member(PC_RETIRED, PUCHENG, Set.of("zh", "ru"), false);
    static final Member jsLawyerEn = new Member(JS_LAWYER_EN, JIANGSHAN, Set.of("zh", "en"), true);

    static final List<Member> directory = List.of(jsPolice, pcJudicial, ysForeignRu, pcRetired, jsLawyerEn);

    static final List<PartyNeed> landBoundary = List.of(new PartyNeed(JIANGSHAN, "zh"), new PartyNeed(PUCHENG, null));

    @Test
    void partiesOfTwoJurisdictionsNeedAMediatorFromEach() {
        Assessment onlyJiangshan = TeamRules.assess(landBoundary, List.of(jsPolice, jsLawyerEn), directory);
        assertEquals(Set.of(PUCHENG), onlyJiangshan.jurisdictionsWithoutMediator());
        assertFalse(onlyJiangshan.acceptable());
        ConflictProblem refused = assertThrows(ConflictProblem.class, onlyJiangshan::requireAcceptable);
        assertTrue(refused.getMessage().contains(PUCHENG), refused.getMessage());

        Assessment both = TeamRules.assess(landBoundary, List.of(jsPolice, pcJudicial), directory);
        assertTrue(both.jurisdictionsWithoutMediator().isEmpty());
        assertTrue(both.complete());
        both.requireAcceptable();
    }

    @Test
    void aMediatorOfAThirdJurisdictionDoesNotStandInForAPartysOwn() {
        Assessment a = TeamRules.assess(landBoundary, List.of(jsPolice, ysForeignRu), directory);
        assertEquals(Set.of(PUCHENG), a.jurisdictionsWithoutMediator());
    }

    @Test
    void anInactiveMediatorCountsForNothingAndIsRefused() {
        Assessment a = TeamRules.assess(landBoundary, List.of(jsPolice, pcRetired), directory);
        assertEquals(Set.of(PUCHENG), a.jurisdictionsWithoutMediator());
        assertEquals(List.of(PC_RETIRED), a.inactive());
        assertThrows(ConflictProblem.class, a::requireAcceptable);
    }

    @Test
    void aPartyPreferringAnotherLanguageGetsAMediatorWhoSpeaksIt() {
        List<PartyNeed> trade = List.of(new PartyNeed(JIANGSHAN, "zh"), new PartyNeed(JIANGSHAN, "ru"));
        // the directory has a speaker (Yushan's 洋娘舅; Pucheng's is inactive): a team without one is refused, naming them
        Assessment without = TeamRules.assess(trade, List.of(jsPolice), directory);
        assertEquals(1, without.languages().size());
        assertEquals("ru", without.languages().get(0).language());
        assertEquals(List.of(YS_FOREIGN_RU), without.languages().get(0).available());
        assertFalse(without.languages().get(0).noneAvailable());
        ConflictProblem refused = assertThrows(ConflictProblem.class, without::requireAcceptable);
        assertTrue(refused.getMessage().contains(YS_FOREIGN_RU.toString()), refused.getMessage());

        Assessment with = TeamRules.assess(trade, List.of(jsPolice, ysForeignRu), directory);
        assertTrue(with.complete());
        assertEquals(List.of(YS_FOREIGN_RU), with.languages().get(0).speakersOnTeam());
    }

    @Test
    void noSpeakerAnywhereIsAcceptedAndSaidSo() {
        List<PartyNeed> trade = List.of(new PartyNeed(JIANGSHAN, "zh"), new PartyNeed(JIANGSHAN, "ar"));
        Assessment a = TeamRules.assess(trade, List.of(jsPolice), directory);
        assertTrue(a.languages().get(0).noneAvailable());
        assertTrue(a.acceptable());
        assertFalse(a.complete());
        a.requireAcceptable();
    }

    @Test
    void chinesePartiesNeedNoInterpreter() {
        Assessment a = TeamRules.assess(landBoundary, List.of(jsPolice, pcJudicial), directory);
        assertTrue(a.languages().isEmpty());
    }
}
