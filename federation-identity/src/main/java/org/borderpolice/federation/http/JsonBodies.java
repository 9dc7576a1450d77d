package org.borderpolice.federation.http;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.Locale;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * JSON request bodies are UTF-8 (RFC 8259 §8.1), and nothing else: a charset parameter other
 * than UTF-8 is refused, and so is a body in UTF-16 or UTF-32 or with a byte order mark, which
 * Jackson would otherwise detect and read.
 */
@Provider
public class JsonBodies implements ReaderInterceptor {

    static final String CHARSET_RULE = "no charset parameter, or charset=UTF-8; no byte order mark";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type != null && isJson(type.getType() + "/" + type.getSubtype())) {
            String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            if (charset != null && !isUtf8(charset)) {
                throw unsupported();
            }
            PushbackInputStream in = new PushbackInputStream(context.getInputStream(), 4);
            byte[] head = in.readNBytes(4);
            if (!isUtf8WithoutBom(head)) {
                throw unsupported();
            }
            in.unread(head);
            context.setInputStream(in);
        }
        return context.proceed();
    }

    private static NotSupportedException unsupported() {
        return new NotSupportedException("JSON bodies are UTF-8: " + CHARSET_RULE);
    }

    /** application/json and every +json type. */
    static boolean isJson(String mediaType) {
        String t = mediaType.toLowerCase(Locale.ROOT).trim();
        return t.equals("application/json") || t.endsWith("+json");
    }

    /** Whether a Content-Type header is acceptable as far as the charset goes: only JSON is judged. */
    static boolean isAcceptableCharset(String contentType) {
        String[] parts = contentType.split(";");
        if (!isJson(parts[0])) {
            return true;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0
                    && param.substring(0, eq).trim().equalsIgnoreCase("charset")
                    && !isUtf8(param.substring(eq + 1).trim().replace("\"", ""))) {
                return false;
            }
        }
        return true;
    }

    static boolean isUtf8(String charset) {
        return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8");
    }

    /**
     * A JSON text starts with an ASCII character. In UTF-16 and UTF-32 one of its first four
     * bytes is zero; a byte order mark starts with EF, FE or FF. None of these is UTF-8 JSON.
     */
    static boolean isUtf8WithoutBom(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
        }
        if (head.length >= 2
                && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                        || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            return false;
        }
        return !(head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF);
    }
}
