package org.borderpolice.federation.http;

/**
 * What text the suite accepts from outside: no C0 control characters (tab, line feed and
 * carriage return only where text may have lines), no DEL, no C1 controls, no unpaired
 * surrogates. PostgreSQL refuses NUL outright, and the others only ever arrive to corrupt
 * displays, logs and exports.
 */
public final class Text {

    private Text() {}

    /** Index of the first character this text may not hold, or -1. */
    public static int firstForbidden(CharSequence text, boolean lines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (lines && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return i;
            }
            if (c >= 0x7F && c <= 0x9F) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the text holds nothing {@link #firstForbidden} refuses. */
    public static boolean isClean(CharSequence text, boolean lines) {
        return firstForbidden(text, lines) < 0;
    }

    /** Why the character at this index is refused, e.g. "control character U+0000 at position 3". */
    public static String describe(CharSequence text, int index) {
        char c = text.charAt(index);
        String kind = Character.isSurrogate(c) ? "unpaired surrogate" : "control character";
        return String.format("%s U+%04X at position %d", kind, (int) c, index);
    }
}
