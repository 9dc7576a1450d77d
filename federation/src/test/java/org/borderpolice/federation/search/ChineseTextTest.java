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
    void nothingSearchableGivesNoQuery() {
        assertEquals(Optional.empty(), ChineseText.tsquery("，。！ "));
        assertEquals(Optional.empty(), ChineseText.tsquery(null));
    }

    @Test
    void lexemesAreQuoted() {
        assertEquals("'o''brien'", ChineseText.lexeme("o'brien"));
        assertEquals("'a\\\\b'", ChineseText.lexeme("a\\b"));
    }
}
