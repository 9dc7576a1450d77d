package org.borderpolice.federation.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Motor vehicle plates (机动车号牌), GA 36: province abbreviation, issuing-authority letter, then
 * five characters (ordinary plates, e.g. 浙H12345) or six (new-energy plates, e.g. 闽HD12345).
 * Letters I and O are never used.
 */
public final class VehiclePlates {

    private static final String PROVINCE = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]";
    private static final String LETTER = "[A-HJ-NP-Z]";
    private static final String ALNUM = "[A-HJ-NP-Z0-9]";
    private static final Pattern ORDINARY = Pattern.compile(PROVINCE + LETTER + ALNUM + "{4}" + "[A-HJ-NP-Z0-9挂学警港澳]");
    /** Small new-energy: D/F then a letter or digit then four digits; large: five digits then D/F. */
    private static final Pattern NEW_ENERGY =
            Pattern.compile(PROVINCE + LETTER + "(?:[DF]" + ALNUM + "[0-9]{4}|[0-9]{5}[DF])");

    private VehiclePlates() {}

    /** Upper case, without spaces, dots or dashes: the form stored and hashed. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.replaceAll("[\\s·.\\-]", "").toUpperCase(Locale.ROOT);
    }

    public static boolean isValid(String raw) {
        return problem(raw) == null;
    }

    public static String problem(String raw) {
        String plate = normalise(raw);
        if (plate == null || plate.isEmpty()) {
            return "must not be empty";
        }
        if (ORDINARY.matcher(plate).matches() || NEW_ENERGY.matcher(plate).matches()) {
            return null;
        }
        return "must be a province abbreviation, a letter and 5 characters (6 for new-energy plates), e.g. 浙H12345";
    }
}
