package org.borderpolice.federation.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a stream of bytes, fed in pieces, is text: strict UTF-8 throughout (a character may
 * span two pieces) with no control characters but tab, line feed, form feed and carriage return.
 */
final class Utf8Text {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private byte[] carry = new byte[0];
    private boolean text = true;

    /** Feed the next bytes. */
    void feed(byte[] bytes, int length) {
        if (!text) {
            return;
        }
        ByteBuffer in;
        if (carry.length == 0) {
            in = ByteBuffer.wrap(bytes, 0, length);
        } else {
            in = ByteBuffer.allocate(carry.length + length);
            in.put(carry).put(bytes, 0, length).flip();
        }
        decode(in, false);
        if (text) {
            carry = new byte[in.remaining()];
            in.get(carry);
        }
    }

    /** After the last bytes: whether all of them were text. */
    boolean isText() {
        if (text) {
            decode(ByteBuffer.wrap(carry), true);
            carry = new byte[0];
        }
        return text;
    }

    private void decode(ByteBuffer in, boolean last) {
        while (true) {
            chars.clear();
            CoderResult result = decoder.decode(in, chars, last);
            if (result.isError()) {
                text = false;
                return;
            }
            chars.flip();
            while (chars.hasRemaining()) {
                char ch = chars.get();
                if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\f' && ch != '\r') || ch == 0x7f) {
                    text = false;
                    return;
                }
            }
            if (result.isUnderflow()) {
                return;
            }
        }
    }
}
