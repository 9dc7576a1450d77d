package org.borderpolice.federation.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Raw bytes in a request target, as the HTTP server reads them (one character per byte). */
class RawUrisTest {

    /** What the server makes of a target sent as these UTF-8 bytes. */
    private static String asReceived(String sent) {
        return new String(sent.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRawUtf8QueryIsPercentEncodedAsItsBytes() {
        assertEquals(
                "/api/v1/alerts?q=%E8%B5%B0%E7%A7%81&page=1",
                RawUris.encoded(asReceived("/api/v1/alerts?q=走私&page=1")));
    }

    @Test
    void anEncodedOrAsciiTargetIsLeftAsItIs() {
        assertEquals("/api/v1/alerts?q=%E8%B5%B0", RawUris.encoded("/api/v1/alerts?q=%E8%B5%B0"));
        assertEquals("/api/v1/alerts", RawUris.encoded("/api/v1/alerts"));
    }

    @Test
    void bytesThatAreNotUtf8OrControlCharactersAreRefused() {
        // 走 in GBK (0xD7 0xDF): not UTF-8
        assertNull(RawUris.encoded("/api/v1/alerts?q=" + (char) 0xD7 + (char) 0xDF));
        assertNull(RawUris.encoded("/api/v1/alerts?q=a" + (char) 0x01));
        assertNull(RawUris.encoded("/api/v1/alerts?q=走")); // a character beyond one byte: not as a server reads
    }
}
