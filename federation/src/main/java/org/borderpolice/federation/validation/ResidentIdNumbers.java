package org.borderpolice.federation.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Resident identity card numbers (公民身份号码), GB 11643-1999: six-digit GB/T 2260 code of the
 * place of registration, eight-digit birth date, three-digit sequence, and an ISO 7064 MOD 11-2
 * check character (0-9 or X).
 */
public final class ResidentIdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ResidentIdNumbers() {}

    /** Upper-case X, no spaces: the form stored and hashed. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }

    public static boolean isValid(String raw) {
        return problem(raw) == null;
    }

    /** The check character the first 17 digits call for. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Why the number is not a valid resident ID number, or null if it is one. */
    public static String problem(String raw) {
        String id = normalise(raw);
        if (id == null || id.length() != 18) {
            return "must have 18 characters";
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return "characters 1-17 must be digits";
            }
        }
        char last = id.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return "the check character must be a digit or X";
        }
        String region = DivisionCodes.problem(id.substring(0, 6));
        if (region != null) {
            return "characters 1-6 " + region;
        }
        try {
            LocalDate birth = LocalDate.of(
                    Integer.parseInt(id.substring(6, 10)),
                    Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            if (birth.getYear() < 1900 || birth.isAfter(LocalDate.now())) {
                return "characters 7-14 must be a birth date between 1900 and today";
            }
        } catch (DateTimeException e) {
            return "characters 7-14 must be a valid birth date (yyyyMMdd)";
        }
        char expected = checkCharacter(id);
        if (last != expected) {
            return "wrong check character (GB 11643 MOD 11-2 gives " + expected + ")";
        }
        return null;
    }
}
