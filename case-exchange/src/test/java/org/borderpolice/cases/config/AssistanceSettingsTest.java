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
        return new AssistanceConfig() {
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
    }
}
