package org.borderpolice.federation.validation;

import java.math.BigDecimal;

/**
 * Money of a record (损失金额, 追赃金额, 争议金额): yuan as exact decimals, never negative, at most two places
 * (fen) and 14 digits before the point (NUMERIC(16,2)). On the wire as plain decimal text.
 */
public final class Amounts {

    public static final int INTEGER_DIGITS = 14;
    public static final int FRACTION_DIGITS = 2;

    private Amounts() {}

    /** Why this amount may not be stored, or null. */
    public static String problem(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        if (amount.signum() < 0) {
            return "must not be negative";
        }
        BigDecimal plain = amount.stripTrailingZeros();
        if (plain.scale() > FRACTION_DIGITS) {
            return "must have at most " + FRACTION_DIGITS + " decimal places (fen)";
        }
        if (plain.precision() - plain.scale() > INTEGER_DIGITS) {
            return "must be less than 10^" + INTEGER_DIGITS + " yuan";
        }
        return null;
    }

    /** The amount as stored: two places; null is zero. */
    public static BigDecimal normalise(BigDecimal amount) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(FRACTION_DIGITS);
    }

    /** The wire form: plain decimal text with two places. */
    public static String text(BigDecimal amount) {
        return normalise(amount).toPlainString();
    }

    /** A partner's amount text, or null if it is not one ({@link #problem}, or not plain decimal text). */
    public static BigDecimal parse(String text) {
        if (text == null || !text.matches("[0-9]{1," + INTEGER_DIGITS + "}(\\.[0-9]{1," + FRACTION_DIGITS + "})?")) {
            return null;
        }
        return normalise(new BigDecimal(text));
    }
}
