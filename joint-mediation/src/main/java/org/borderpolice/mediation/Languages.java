package org.borderpolice.mediation;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** Languages of parties and mediators: BCP 47 tags, compared by their primary language. */
public final class Languages {

    private Languages() {}

    /** The tag in its normal form ("zh-cn" → "zh-CN"), or null if it is not a well-formed tag. */
    public static String normalise(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return null;
        }
        try {
            Locale l = new Locale.Builder().setLanguageTag(tag.strip()).build();
            return l.getLanguage().isEmpty() ? null : l.toLanguageTag();
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    /** The primary language ("zh-CN" → "zh"). */
    public static String primary(String tag) {
        String n = normalise(tag);
        return n == null ? null : Locale.forLanguageTag(n).getLanguage();
    }

    /** Chinese in any of its forms (Mandarin, Cantonese, Wu: 'zh', 'yue', 'wuu', ...). */
    public static boolean isChinese(String tag) {
        String p = primary(tag);
        return p == null || p.equals("zh") || p.equals("yue") || p.equals("wuu") || p.equals("cmn") || p.equals("nan");
    }

    /** Whether a speaker of {@code spoken} can talk to someone who prefers {@code wanted}. */
    public static boolean speaks(String spoken, String wanted) {
        String a = primary(spoken);
        return a != null && a.equals(primary(wanted));
    }
}
