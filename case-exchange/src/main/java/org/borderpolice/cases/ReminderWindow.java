package org.borderpolice.cases;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 催办提醒: how long before its deadline an open assistance request is flagged as due soon
 * ({@code border.cases.assistance.remind-before}): either a share of the request's span (from
 * sending to the deadline), "25%", or a fixed time, "30m", "2h", "1d" or ISO-8601 "PT30M". A share
 * fits every priority (the last 30 minutes of an IMMEDIATE request, the last 42 hours of a ROUTINE
 * one); a fixed time longer than the span flags the request from its sending on.
 */
public record ReminderWindow(int percent, Duration fixed) {

    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3})\\s*%");
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})\\s*(s|m|h|d)");

    public ReminderWindow {
        if (fixed == null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("a share of the span is 0% to 100%");
        }
        if (fixed != null && fixed.isNegative()) {
            throw new IllegalArgumentException("a reminder time is not negative");
        }
    }

    /**
     * "25%", "30m", "2h", "1d", "PT30M".
     *
     * @throws IllegalArgumentException naming the forms it takes
     */
    public static ReminderWindow parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        Matcher m = PERCENT.matcher(t);
        if (m.matches()) {
            return new ReminderWindow(Integer.parseInt(m.group(1)), null);
        }
        m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new ReminderWindow(0, d);
        }
        try {
            return new ReminderWindow(0, Duration.parse(t.toUpperCase(java.util.Locale.ROOT)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("remind-before: \"" + text
                    + "\" is neither a share of the span (\"25%\") nor a time (\"30m\", \"2h\", \"1d\", \"PT30M\")");
        }
    }

    /** When the reminder starts for a request sent at {@code sentAt} and due at {@code dueAt}. */
    public Instant from(Instant sentAt, Instant dueAt) {
        Duration before = fixed != null
                ? fixed
                : Duration.ofMillis(Duration.between(sentAt, dueAt).toMillis() * percent / 100);
        Instant from = dueAt.minus(before);
        return from.isBefore(sentAt) ? sentAt : from;
    }

    @Override
    public String toString() {
        return fixed != null ? fixed.toString() : percent + "%";
    }
}
