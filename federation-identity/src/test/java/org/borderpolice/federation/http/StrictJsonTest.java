package org.borderpolice.federation.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The REST API's ObjectMapper reads what it is given, or refuses it; it never guesses. */
class StrictJsonTest {

    enum Colour {
        RED,
        ORANGE
    }

    record Body(
            String title,
            Integer credibility,
            Boolean flag,
            OffsetDateTime at,
            Colour colour,
            Set<String> codes,
            List<String> lines,
            Map<String, String> labels) {}

    static final ObjectMapper MAPPER = mapper();

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(mapper);
        return mapper;
    }

    static Body read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json.replace('\'', '"'), Body.class);
    }

    static String pathOf(String json) {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> read(json), json);
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
    }

    @Test
    void readsWhatIsWellFormed() throws Exception {
        Body body = read("{'title':'走私\\n预警\\t表','credibility':2,'flag':true,'at':'2026-12-01T08:00:00+08:00',"
                + "'colour':'RED','codes':['350722'],'lines':['a'],'labels':{'k':'v'}}");
        assertEquals("走私\n预警\t表", body.title());
        assertEquals(2, body.credibility());
        assertEquals(
                OffsetDateTime.parse("2026-12-01T08:00:00+08:00").toInstant(),
                body.at().toInstant());
        assertEquals(Colour.RED, body.colour());
        assertEquals("v", body.labels().get("k"));
        assertEquals("😀", read("{'title':'\\ud83d\\ude00'}").title());
    }

    @Test
    void refusesControlCharactersInEveryString() {
        assertEquals("title", pathOf("{'title':'a\\u0000b'}"));
        assertEquals("title", pathOf("{'title':'\\u001b[2J'}"));
        assertEquals("title", pathOf("{'title':'\\u0085'}"));
        assertEquals("title", pathOf("{'title':'\\ud800'}"));
        assertEquals("codes[0]", pathOf("{'codes':['\\u0007']}"));
        assertEquals("lines[0]", pathOf("{'lines':['\\u0000']}"));
        assertThrows(JsonProcessingException.class, () -> read("{'labels':{'\\u0000':'v'}}"));
        assertEquals("labels.k", pathOf("{'labels':{'k':'\\u0000'}}"));
    }

    @Test
    void convertsNoTypeIntoAnother() {
        assertEquals("title", pathOf("{'title':123}"));
        assertEquals("title", pathOf("{'title':1.5}"));
        assertEquals("title", pathOf("{'title':true}"));
        assertEquals("title", pathOf("{'title':{'a':'b'}}"));
        assertEquals("credibility", pathOf("{'credibility':1.5}"));
        assertEquals("credibility", pathOf("{'credibility':'2'}"));
        assertEquals("credibility", pathOf("{'credibility':''}"));
        assertEquals("flag", pathOf("{'flag':1}"));
        assertEquals("flag", pathOf("{'flag':'true'}"));
        assertEquals("at", pathOf("{'at':123}"));
        assertEquals("at", pathOf("{'at':1.8e9}"));
        assertEquals("colour", pathOf("{'colour':0}"));
        assertEquals("codes", pathOf("{'codes':'350722'}"));
    }

    @Test
    void readsOneDocumentWithEachFieldOnceAndNoStrangers() {
        assertThrows(JsonProcessingException.class, () -> read("{'title':'a'}}}}garbage"));
        assertThrows(JsonProcessingException.class, () -> read("{'title':'a'} {'title':'b'}"));
        assertThrows(JsonProcessingException.class, () -> read("{'title':'a','title':'b'}"));
        assertEquals("bogus", pathOf("{'title':'a','bogus':1}"));
    }

    @Test
    void textRules() {
        assertEquals(-1, Text.firstForbidden("走私\n\t\r", true));
        assertEquals(2, Text.firstForbidden("走私\n", false));
        assertEquals(1, Text.firstForbidden("a\u007f", true));
        assertEquals(0, Text.firstForbidden("\udc00", true));
        assertTrue(Text.isClean("😀 emoji", false));
    }

    @Test
    void queryAndPathDecodingIsStrict() {
        assertEquals(null, HttpProblemPages.refusedInQuery("q=%E8%B5%B0%E7%A7%81&limit=5&facets"));
        assertEquals(null, HttpProblemPages.refusedInQuery("q=a+b"));
        assertTrue(HttpProblemPages.refusedInQuery("q=a%00b").contains("U+0000"));
        assertTrue(HttpProblemPages.refusedInQuery("%00=x").contains("name"));
        assertTrue(HttpProblemPages.refusedInQuery("q=%zz").contains("percent"));
        assertTrue(HttpProblemPages.refusedInQuery("q=%E8%B5").contains("UTF-8"));
        assertTrue(HttpProblemPages.refusedInQuery("q=%ED%A0%80").contains("UTF-8"));
        assertTrue(HttpProblemPages.refusedInQuery("q=%").contains("percent"));
        assertEquals(null, HttpProblemPages.refusedInPath("/api/v1/alerts/%E8%B5%B0"));
        assertTrue(HttpProblemPages.refusedInPath("/api/v1/a%0Ab").contains("U+000A"));
        // the codec hands raw bytes over as ISO-8859-1 characters: raw UTF-8 is decoded as UTF-8
        assertEquals(
                null,
                HttpProblemPages.refusedInPath("/api/"
                        + new String(
                                "走私".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    void jsonBodiesAreUtf8WithoutByteOrderMark() {
        assertTrue(JsonBodies.isUtf8WithoutBom("{\"a\"".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(JsonBodies.isUtf8WithoutBom(new byte[] {'['}));
        assertTrue(!JsonBodies.isUtf8WithoutBom("{\"".getBytes(java.nio.charset.StandardCharsets.UTF_16LE)));
        assertTrue(!JsonBodies.isUtf8WithoutBom("{\"".getBytes(java.nio.charset.StandardCharsets.UTF_16)));
        assertTrue(!JsonBodies.isUtf8WithoutBom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{'}));
        assertTrue(JsonBodies.isAcceptableCharset("application/json"));
        assertTrue(JsonBodies.isAcceptableCharset("application/json; charset=\"utf-8\""));
        assertTrue(JsonBodies.isAcceptableCharset("text/plain; charset=latin1"));
        assertTrue(!JsonBodies.isAcceptableCharset("application/json;charset=UTF-16"));
        assertTrue(!JsonBodies.isAcceptableCharset("application/merge-patch+json; charset=klingon"));
    }
}
