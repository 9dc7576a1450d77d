package org.borderpolice.federation.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request target sent with raw bytes beyond ASCII (curl {@code ?q=走私} unencoded, which RFC 3986
 * does not allow but clients send): the HTTP server reads each byte as one character (ISO-8859-1),
 * so the service got {@code è µ°...} and searched for that (an empty result). The gateway sends
 * such a target on percent-encoded as the UTF-8 bytes it was, what a client should have sent; bytes
 * that are not UTF-8 cannot be meant as text and are refused (400).
 */
public final class RawUris {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RawUris() {}

    /** Whether the target holds a character beyond ASCII (a raw byte as the server read it). */
    public static boolean hasRawBytes(String target) {
        if (target == null) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) > 0x7E || target.charAt(i) < 0x21) {
                return true;
            }
        }
        return false;
    }

    /**
     * The target with each raw byte percent-encoded, or null when those bytes are not UTF-8 (or a
     * character is beyond one byte: not how the server reads a request line) or hold a control or
     * space character.
     */
    public static String encoded(String target) {
        if (!hasRawBytes(target)) {
            return target;
        }
        byte[] bytes = new byte[target.length()];
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > 0xFF || c < 0x21 || c == 0x7F) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return null;
        }
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v >= 0x80) {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
            } else {
                out.append((char) v);
            }
        }
        return out.toString();
    }
}
