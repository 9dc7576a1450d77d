package org.borderpolice.cases.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRules;
import org.borderpolice.cases.ReminderWindow;

import io.quarkus.runtime.StartupEvent;

/** The time rules and caps of assistance requests from the settings, checked at start-up (a bad setting stops the start). */
@ApplicationScoped
public class AssistanceSettings {

    @Produces
    @Singleton
    AssistanceRules rules(AssistanceConfig config) {
        try {
            return new AssistanceRules(
                    Map.of(
                            AssistancePriority.IMMEDIATE, config.deadlines().immediate(),
                            AssistancePriority.URGENT, config.deadlines().urgent(),
                            AssistancePriority.ROUTINE, config.deadlines().routine()),
                    ReminderWindow.parse(config.remindBefore()),
                    config.maxOpenPerCase(),
                    config.maxOpen());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("border.cases.assistance: " + e.getMessage(), e);
        }
    }

    void check(@Observes StartupEvent start, AssistanceRules rules) {
        // resolving the bean is the check
    }
}
