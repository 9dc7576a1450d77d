package org.borderpolice.federation.validation;

import java.util.Set;

/**
 * GB/T 2260 administrative division codes (行政区划代码): six digits, province (2), prefecture (2),
 * county (2). A county-level jurisdiction code names a province that exists and does not end
 * the province part with a zero prefecture and non-zero county.
 */
public final class DivisionCodes {

    /** Province-level codes of GB/T 2260 (including 71 Taiwan, 81 Hong Kong, 82 Macao). */
    static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82");

    private DivisionCodes() {}

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /** Why the code is not a GB/T 2260 code, or null if it is one. */
    public static String problem(String code) {
        if (code == null || code.length() != 6 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "must be a six-digit GB/T 2260 administrative division code";
        }
        if (!PROVINCES.contains(code.substring(0, 2))) {
            return "names no province of GB/T 2260 (first two digits " + code.substring(0, 2) + ")";
        }
        if (code.startsWith("00", 2) && !code.endsWith("00")) {
            return "has a county part without a prefecture part";
        }
        return null;
    }
}
