package org.borderpolice.federation.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * Each rule of {@link ServiceArchitecture} finds its break in a service that has it
 * (org.borderpolice.shapefixture, one break per rule) and passes a service that keeps the shape
 * (org.borderpolice.shapeclean), and none fails on a service without classes.
 */
class ServiceArchitectureTest {

    static final JavaClasses BROKEN = new ClassFileImporter().importPackages("org.borderpolice.shapefixture");
    static final JavaClasses CLEAN = new ClassFileImporter().importPackages("org.borderpolice.shapeclean");
    static final JavaClasses EMPTY = new ClassFileImporter().importPackages("org.borderpolice.nosuchservice");

    static List<ArchRule> rules() throws IllegalAccessException {
        List<ArchRule> rules = new ArrayList<>();
        for (Field f : ServiceArchitecture.class.getFields()) {
            if (f.isAnnotationPresent(ArchTest.class) && Modifier.isStatic(f.getModifiers())) {
                rules.add((ArchRule) f.get(null));
            }
        }
        return rules;
    }

    @Test
    void everyRuleFindsItsBreak() throws IllegalAccessException {
        List<ArchRule> rules = rules();
        assertTrue(rules.size() >= 8, "the rules: " + rules.size());
        for (ArchRule rule : rules) {
            EvaluationResult result = rule.evaluate(BROKEN);
            assertTrue(result.hasViolation(), () -> "not found: " + rule.getDescription());
        }
    }

    @Test
    void aServiceInShapePasses() throws IllegalAccessException {
        for (ArchRule rule : rules()) {
            EvaluationResult result = rule.evaluate(CLEAN);
            assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
        }
    }

    @Test
    void aServiceWithoutClassesPasses() throws IllegalAccessException {
        assertTrue(EMPTY.isEmpty());
        for (ArchRule rule : rules()) {
            assertFalse(rule.evaluate(EMPTY).hasViolation(), rule::getDescription);
        }
    }
}
