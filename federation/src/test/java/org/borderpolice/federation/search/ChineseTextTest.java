package org.borderpolice.federation.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void nothingSearchableGivesNoQuery() {
        assertEquals(Optional.empty(), ChineseText.tsquery("，。！ "));
        assertEquals(Optional.empty(), ChineseText.tsquery(null));
        assertEquals("", ChineseText.forIndex(" "));
    }

    @Test
    void lexemesAreQuoted() {
        assertEquals("'o''brien'", ChineseText.lexeme("o'brien"));
        assertEquals("'a\\\\b'", ChineseText.lexeme("a\\b"));
    }
}
