package org.borderpolice.cases.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRules;
import org.junit.jupiter.api.Test;

/** The settings become the rules, and a bad one stops the start. */
class AssistanceSettingsTest {

    static AssistanceConfig config(Duration immediate, Duration urgent, Duration routine, String remind) {
        return config(immediate, urgent, routine, remind, AssistanceRules.OPEN_PER_CASE, AssistanceRules.OPEN_IN_ALL);
    }

    static AssistanceConfig config(
            Duration immediate, Duration urgent, Duration routine, String remind, int openPerCase, int open) {
        return new AssistanceConfig() {
            @Override
            public int maxOpenPerCase() {
                return openPerCase;
            }

            @Override
            public int maxOpen() {
                return open;
            }

            @Override
            public Deadlines deadlines() {
                return new Deadlines() {
                    @Override
                    public Duration immediate() {
                        return immediate;
                    }

                    @Override
                    public Duration urgent() {
                        return urgent;
                    }

                    @Override
                    public Duration routine() {
                        return routine;
                    }
                };
            }

            @Override
            public String remindBefore() {
                return remind;
            }
        };
    }

    @Test
    void theSettingsBecomeTheRules() {
        AssistanceRules rules = new AssistanceSettings()
                .rules(config(Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(3), "30m"));
        Instant t = Instant.parse("2026-03-05T08:00:00Z");
        assertEquals(t.plusSeconds(3600), rules.dueAt(AssistancePriority.IMMEDIATE, t));
        assertEquals(t.plusSeconds(4 * 3600), rules.dueAt(AssistancePriority.URGENT, t));
        assertEquals(Duration.ofDays(3), rules.deadline(AssistancePriority.ROUTINE));
        assertEquals(t.plusSeconds(1800), rules.remindFrom(t, t.plusSeconds(3600)));
        AssistanceRules capped = new AssistanceSettings()
                .rules(config(Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(3), "30m", 3, 7));
        assertEquals(null, capped.openRequestsProblem(2, 6));
        assertTrue(capped.openRequestsProblem(3, 3).contains("at most 3"));
        assertTrue(capped.openRequestsProblem(1, 7).contains("at most 7"));
    }

    @Test
    void aBadSettingStopsTheStartNamingIt() {
        var bad = assertThrows(
                IllegalStateException.class,
                () -> new AssistanceSettings()
                        .rules(config(Duration.ofHours(2), Duration.ofHours(8), Duration.ofDays(7), "soon")));
        assertTrue(bad.getMessage().startsWith("border.cases.assistance:"), bad.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> new AssistanceSettings()
                        .rules(config(Duration.ZERO, Duration.ofHours(8), Duration.ofDays(7), "25%")));
        // a cap in all cases below the one per case
        var caps = assertThrows(
                IllegalStateException.class,
                () -> new AssistanceSettings()
                        .rules(config(Duration.ofHours(2), Duration.ofHours(8), Duration.ofDays(7), "25%", 50, 10)));
        assertTrue(caps.getMessage().contains("max-open"), caps.getMessage());
    }
}
