package org.borderpolice.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Deadlines, reminders and overdue of assistance requests (协查期限、催办、超期), without a container. */
class AssistanceRulesTest {

    static final Instant SENT = Instant.parse("2026-03-05T08:00:00Z");

    static final AssistanceRules DEFAULTS = new AssistanceRules(
            Map.of(
                    AssistancePriority.IMMEDIATE, Duration.ofHours(2),
                    AssistancePriority.URGENT, Duration.ofHours(8),
                    AssistancePriority.ROUTINE, Duration.ofDays(7)),
            ReminderWindow.parse("25%"));

    @Test
    void openRequestsBetweenTwoJurisdictionsAreCappedPerCaseAndInAll() {
        assertNull(DEFAULTS.openRequestsProblem(0, 0));
        assertNull(DEFAULTS.openRequestsProblem(49, 999));
        assertTrue(DEFAULTS.openRequestsProblem(50, 50).contains("in this case"));
        assertNull(DEFAULTS.openRequestsProblem(10, 999));
        String all = DEFAULTS.openRequestsProblem(10, 1000);
        assertNotNull(all);
        assertFalse(all.contains("in this case"), all);
        AssistanceRules more = new AssistanceRules(
                Map.of(
                        AssistancePriority.IMMEDIATE, Duration.ofHours(2),
                        AssistancePriority.URGENT, Duration.ofHours(8),
                        AssistancePriority.ROUTINE, Duration.ofDays(7)),
                ReminderWindow.parse("25%"),
                200,
                5000);
        assertNull(more.openRequestsProblem(199, 4999));
        assertNotNull(more.openRequestsProblem(200, 200));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AssistanceRules(
                        Map.of(
                                AssistancePriority.IMMEDIATE, Duration.ofHours(2),
                                AssistancePriority.URGENT, Duration.ofHours(8),
                                AssistancePriority.ROUTINE, Duration.ofDays(7)),
                        ReminderWindow.parse("25%"),
                        0,
                        10));
    }

    @Test
    void eachPriorityHasItsDefaultDeadline() {
        assertEquals(Instant.parse("2026-03-05T10:00:00Z"), DEFAULTS.dueAt(AssistancePriority.IMMEDIATE, SENT));
        assertEquals(Instant.parse("2026-03-05T16:00:00Z"), DEFAULTS.dueAt(AssistancePriority.URGENT, SENT));
        assertEquals(Instant.parse("2026-03-12T08:00:00Z"), DEFAULTS.dueAt(AssistancePriority.ROUTINE, SENT));
    }

    @Test
    void deadlinesAreConfigurable() {
        AssistanceRules rules = new AssistanceRules(
                Map.of(
                        AssistancePriority.IMMEDIATE, Duration.ofSeconds(3),
                        AssistancePriority.URGENT, Duration.ofHours(4),
                        AssistancePriority.ROUTINE, Duration.ofDays(3)),
                ReminderWindow.parse("1h"));
        assertEquals(SENT.plusSeconds(3), rules.dueAt(AssistancePriority.IMMEDIATE, SENT));
        assertEquals(Duration.ofDays(3), rules.deadline(AssistancePriority.ROUTINE));
    }

    @Test
    void aMissingZeroOrTooLongDeadlineIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new AssistanceRules(
                        Map.of(AssistancePriority.IMMEDIATE, Duration.ofHours(2)), ReminderWindow.parse("25%")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AssistanceRules(
                        Map.of(
                                AssistancePriority.IMMEDIATE, Duration.ZERO,
                                AssistancePriority.URGENT, Duration.ofHours(8),
                                AssistancePriority.ROUTINE, Duration.ofDays(7)),
                        ReminderWindow.parse("25%")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AssistanceRules(
                        Map.of(
                                AssistancePriority.IMMEDIATE, Duration.ofHours(2),
                                AssistancePriority.URGENT, Duration.ofHours(8),
                                AssistancePriority.ROUTINE, Duration.ofDays(91)),
                        ReminderWindow.parse("25%")));
    }

    @Test
    void aChosenDeadlineLiesAheadAndWithin90Days() {
        assertNull(AssistanceRules.deadlineProblem(SENT, SENT.plusSeconds(1)));
        assertNull(AssistanceRules.deadlineProblem(SENT, SENT.plus(Duration.ofDays(90))));
        assertNotNull(AssistanceRules.deadlineProblem(SENT, SENT));
        assertNotNull(AssistanceRules.deadlineProblem(SENT, SENT.minusSeconds(1)));
        assertNotNull(AssistanceRules.deadlineProblem(
                SENT, SENT.plus(Duration.ofDays(90)).plusSeconds(1)));
    }

    @Test
    void onlyOpenRequestsPastTheirDeadlineAreOverdue() {
        Instant due = SENT.plus(Duration.ofHours(2));
        Instant after = due.plusSeconds(1);
        assertTrue(AssistanceRules.overdue(AssistanceState.SENT, due, after));
        assertTrue(AssistanceRules.overdue(AssistanceState.ACCEPTED, due, after));
        assertFalse(AssistanceRules.overdue(AssistanceState.SENT, due, due), "at the deadline itself: not yet");
        assertFalse(AssistanceRules.overdue(AssistanceState.ACCEPTED, due, due.minusSeconds(1)));
        assertFalse(AssistanceRules.overdue(AssistanceState.ANSWERED, due, after));
        assertFalse(AssistanceRules.overdue(AssistanceState.DECLINED, due, after));
        assertFalse(AssistanceRules.overdue(AssistanceState.WITHDRAWN, due, after));
    }

    @Test
    void theReminderIsTheLastQuarterOfTheSpanByDefault() {
        Instant due = DEFAULTS.dueAt(AssistancePriority.IMMEDIATE, SENT);
        // 2 h: the last 30 minutes
        assertEquals(due.minus(Duration.ofMinutes(30)), DEFAULTS.remindFrom(SENT, due));
        assertFalse(DEFAULTS.reminding(AssistanceState.SENT, SENT, due, due.minus(Duration.ofMinutes(31))));
        assertTrue(DEFAULTS.reminding(AssistanceState.SENT, SENT, due, due.minus(Duration.ofMinutes(30))));
        assertTrue(DEFAULTS.reminding(AssistanceState.ACCEPTED, SENT, due, due));
        assertFalse(DEFAULTS.reminding(AssistanceState.SENT, SENT, due, due.plusSeconds(1)), "overdue, no reminder");
        assertFalse(DEFAULTS.reminding(AssistanceState.ANSWERED, SENT, due, due.minusSeconds(60)));
        // 7 days: the last 42 hours
        Instant routine = DEFAULTS.dueAt(AssistancePriority.ROUTINE, SENT);
        assertEquals(routine.minus(Duration.ofHours(42)), DEFAULTS.remindFrom(SENT, routine));
    }

    @Test
    void aFixedReminderLongerThanTheSpanStartsAtTheSending() {
        AssistanceRules rules = new AssistanceRules(
                Map.of(
                        AssistancePriority.IMMEDIATE, Duration.ofHours(2),
                        AssistancePriority.URGENT, Duration.ofHours(8),
                        AssistancePriority.ROUTINE, Duration.ofDays(7)),
                ReminderWindow.parse("4h"));
        assertEquals(SENT, rules.remindFrom(SENT, rules.dueAt(AssistancePriority.IMMEDIATE, SENT)));
        Instant urgent = rules.dueAt(AssistancePriority.URGENT, SENT);
        assertEquals(urgent.minus(Duration.ofHours(4)), rules.remindFrom(SENT, urgent));
    }

    @Test
    void reminderWindowsParseAShareOrATime() {
        assertEquals(new ReminderWindow(25, null), ReminderWindow.parse("25%"));
        assertEquals(new ReminderWindow(10, null), ReminderWindow.parse(" 10 % "));
        assertEquals(new ReminderWindow(0, Duration.ofMinutes(30)), ReminderWindow.parse("30m"));
        assertEquals(new ReminderWindow(0, Duration.ofHours(2)), ReminderWindow.parse("2h"));
        assertEquals(new ReminderWindow(0, Duration.ofDays(1)), ReminderWindow.parse("1d"));
        assertEquals(new ReminderWindow(0, Duration.ofSeconds(45)), ReminderWindow.parse("45s"));
        assertEquals(new ReminderWindow(0, Duration.ofMinutes(90)), ReminderWindow.parse("PT90M"));
        for (String bad : new String[] {"", "abc", "101%", "-5%", "5x", "PT-5M", "25%%"}) {
            assertThrows(IllegalArgumentException.class, () -> ReminderWindow.parse(bad), bad);
        }
    }
}
