package org.borderpolice.federation.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChineseTextTest {

    @Test
    void segmentsIntoWordsNotCharacters() {
        List<String> words = ChineseText.words("一辆货车疑似运输走私烟，可能经205国道进入浦城。");
        assertTrue(words.contains("走私"), words::toString);
        assertTrue(words.contains("货车"), words::toString);
        assertTrue(words.stream().noneMatch(w -> w.equals("，") || w.equals("。")), words::toString);
    }

    @Test
    void aQueryTermBecomesAPhraseAndTermsAreAllRequired() {
        assertEquals(Optional.of("(('走私') | ('走' <-> '私'))"), ChineseText.tsquery("走私"));
        String query = ChineseText.tsquery("走私烟 浦城").orElseThrow();
        assertTrue(query.contains(" & "), query);
        assertTrue(query.startsWith("(('走私' <-> "), query);
        assertEquals(Optional.of("('205')"), ChineseText.tsquery("205"), "no character phrase for other scripts");
    }

    @Test
    void indexedTextCarriesWordsThenCharacters() {
        assertEquals("车 主张 三 丰 车 主 张 三 丰", ChineseText.forIndex("车主张三丰。"));
        assertEquals("205 国道 国 道", ChineseText.forIndex("205国道"));
    }

    @Test
    void aTermOfSingleCharacterWordsNeedsNoSecondPhrase() {
        assertEquals(Optional.of("('张' <-> '三' <-> '丰')"), ChineseText.tsquery("张三丰"));
    }

    @Test
    void piecesThatSpellADictionaryWordAreJoined() {
        // smartcn alone: 可能 经 县 道 进入 枫 岭 关 / 一 辆 皮 卡 疑 似 运输 冻 品
        assertEquals(List.of("可能", "经", "县道", "进入", "枫岭关"), ChineseText.words("可能经县道进入枫岭关。"));
        assertEquals(List.of("一", "辆", "皮卡", "疑似", "运输", "冻品"), ChineseText.words("一辆皮卡疑似运输冻品"));
        assertEquals(List.of("廿八都", "镇"), ChineseText.words("廿八都镇"), "the longest dictionary word, then the rest");
        assertEquals("进入 浦城 进 入 浦 城", ChineseText.forIndex("进入浦城。"));
    }

    @Test
    void aWordTheAnalyserFoundIsNeverCutForTheDictionary() {
        // 大石 is a township in the dictionary; smartcn reads 巨大 石头
        assertEquals(List.of("巨大", "石头"), ChineseText.words("巨大石头"));
        // pieces apart in the text (punctuation between) are not joined
        assertEquals(List.of("浦", "城"), ChineseText.words("浦，城"));
    }

    @Test
    void aDictionaryWordIsOneLexemeOrItsCharacters() {
        // one lexeme: PostgreSQL knows how often it occurs; the characters still find text
        // indexed before the word was in the dictionary
        assertEquals(Optional.of("(('枫岭关') | ('枫' <-> '岭' <-> '关'))"), ChineseText.tsquery("枫岭关"));
        assertEquals(Optional.of("(('皮卡') | ('皮' <-> '卡'))"), ChineseText.tsquery("皮卡"));
    }

    @Test
    void aCompoundOfKnownWordsIsIndexedAfterTheCharactersAndAskedFirst() {
        assertEquals("查获 烟花 爆竹 查 获 烟 花 爆 竹 烟花爆竹", ChineseText.forIndex("查获烟花爆竹"));
        assertEquals(
                Optional.of("(('烟花爆竹') | ('烟花' <-> '爆竹') | ('烟' <-> '花' <-> '爆' <-> '竹'))"),
                ChineseText.tsquery("烟花爆竹"));
        // its words stay words: 监控 alone is asked as before and finds 监控录像
        assertEquals(Optional.of("(('监控') | ('监' <-> '控'))"), ChineseText.tsquery("监控"));
        assertTrue(ChineseText.forIndex("调取监控录像").startsWith("调取 监控 录像 "));
        // a compound inside a longer one: both, each where its words start
        assertEquals(List.of("虚假投资理财", "投资理财"), ChineseText.compounds(ChineseText.words("虚假投资理财")));
        // the words apart, or not in the list: no compound
        assertEquals(List.of(), ChineseText.compounds(ChineseText.words("烟花和爆竹")));
        assertEquals(List.of(), ChineseText.compounds(ChineseText.words("监控设备")));
        assertFalse(ChineseText.tsquery("监控设备").orElseThrow().contains("'监控设备'"));
    }

    @Test
    void nothingSearchableGivesNoQuery() {
        assertEquals(Optional.empty(), ChineseText.tsquery("，。！ "));
        assertEquals(Optional.empty(), ChineseText.tsquery(null));
        assertEquals("", ChineseText.forIndex(" "));
    }

    /**
     * Police terms of the seeds (/work/shared/seeds: 警情, 研判, 警企, 签注, 民转刑, ...), of the
     * domain vocabulary and of the search benches (fraud schemes, evidence), each with the words
     * ChineseText makes of it. smartcn alone splits the first group into single characters
     * (杀猪盘 as 杀 猪 盘: a phrase PostgreSQL estimates by multiplying its characters, bench/README.md);
     * the dictionary joins them. Compounds of known words stay phrases of those words (冒充客服 is
     * 冒充 客服): joined they would no longer be found as their first word.
     */
    static final List<String> POLICE_TERMS = List.of(
            // split into characters by smartcn, one word through the dictionary
            "杀猪盘=杀猪盘",
            "刷单=刷单",
            "返利=返利",
            "刷单返利=刷单返利",
            "客服=客服",
            "征信=征信",
            "网贷=网贷",
            "裸聊=裸聊",
            "网赌=网赌",
            "网恋=网恋",
            "博彩=博彩",
            "帮信=帮信",
            "两卡=两卡",
            "反诈=反诈",
            "挽损=挽损",
            "止付=止付",
            "警情=警情",
            "接警=接警",
            "出警=出警",
            "处警=处警",
            "研判=研判",
            "经侦=经侦",
            "辅警=辅警",
            "村警=村警",
            "驻村=驻村",
            "巡防=巡防",
            "防控=防控",
            "管控=管控",
            "安防=安防",
            "门禁=门禁",
            "专班=专班",
            "签注=签注",
            "警企=警企",
            "串案=串案",
            "盗抢=盗抢",
            "醉驾=醉驾",
            "酒驾=酒驾",
            "民转刑=民转刑",
            "抛物=抛物",
            // in the dictionary before
            "电诈=电诈",
            "跑分=跑分",
            "冻品=冻品",
            "协查=协查",
            "布控=布控",
            "联调=联调",
            "联打=联打",
            "联勤=联勤",
            "涉毒=涉毒",
            "网格员=网格员",
            // words of smartcn's own
            "诈骗=诈骗",
            "走私=走私",
            "盗窃=盗窃",
            "嫌疑人=嫌疑人",
            "在逃=在逃",
            "逃犯=逃犯",
            "报警=报警",
            "报案=报案",
            "立案=立案",
            "破案=破案",
            "追赃=追赃",
            "涉案=涉案",
            "赃款=赃款",
            "调解=调解",
            "纠纷=纠纷",
            "巡逻=巡逻",
            "派出所=派出所",
            "刑侦=刑侦",
            "治安=治安",
            "警务=警务",
            "接处警=接处警",
            // phrases of known words: not joined
            "冒充客服=冒充 客服",
            "虚假征信=虚假 征信",
            "反诈中心=反诈 中心",
            "协查函=协查 函",
            "高空抛物=高空 抛物",
            "电信诈骗=电信 诈骗",
            "冒充公检法=冒充 公检法",
            "矛盾纠纷=矛盾 纠纷",
            "监控录像=监控 录像",
            "银行流水=银行 流水",
            "人民调解=人民 调解",
            "司法确认=司法 确认",
            "联防联控=联防 联控");

    @Test
    void policeTermsAreWordsAndNoneFallsApartIntoCharacters() {
        for (String entry : POLICE_TERMS) {
            String term = entry.substring(0, entry.indexOf('='));
            List<String> words = ChineseText.words(term);
            assertEquals(Arrays.asList(entry.substring(entry.indexOf('=') + 1).split(" ")), words, term);
            assertFalse(words.size() > 1 && words.stream().allMatch(w -> w.length() == 1), term + ": " + words);
        }
        // a police word is one lexeme, its characters the fallback for text indexed before it was one
        assertEquals(Optional.of("(('杀猪盘') | ('杀' <-> '猪' <-> '盘'))"), ChineseText.tsquery("杀猪盘"));
        assertEquals("系 典型 杀猪盘 系 典 型 杀 猪 盘", ChineseText.forIndex("系典型杀猪盘。"));
    }

    @Test
    void lexemesAreQuoted() {
        assertEquals("'o''brien'", ChineseText.lexeme("o'brien"));
        assertEquals("'a\\\\b'", ChineseText.lexeme("a\\b"));
    }
}
