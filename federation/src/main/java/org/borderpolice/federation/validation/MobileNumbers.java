package org.borderpolice.federation.validation;

import java.util.regex.Pattern;

/** Mainland mobile numbers (手机号码): 11 digits, 1 then 3-9; a +86/0086 prefix is dropped. */
public final class MobileNumbers {

    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private MobileNumbers() {}

    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String digits = raw.replaceAll("[\\s\\-()]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        }
        return digits;
    }

    public static boolean isValid(String raw) {
        return problem(raw) == null;
    }

    public static String problem(String raw) {
        String number = normalise(raw);
        if (number != null && MOBILE.matcher(number).matches()) {
            return null;
        }
        return "must be an 11-digit mobile number starting with 13-19";
    }
}
