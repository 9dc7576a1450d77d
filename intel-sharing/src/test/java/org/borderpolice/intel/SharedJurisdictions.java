package org.borderpolice.intel;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One three-jurisdiction federation for every feature IT of alerts ({@link FeatureIT}, and
 * {@link AlertAccessIT}, which takes it as a parameter of its {@code @BeforeAll}): started
 * by the first test that asks for it, kept in the store of the root context, and stopped when
 * that context closes at the end of the test run (JUnit closes the {@link AutoCloseable} values
 * of its stores), so that splitting the features into classes does not multiply start-ups.
 * Jiangshan runs with a short RED deadline (3 s), so that "overdue" happens within a test, and a
 * small daily hit-check quota per partner (5 identifiers), so that running out of it happens too.
 * The features share its data as the tests of one class would: each makes its own records and
 * asserts nothing about the others'.
 */
final class SharedJurisdictions implements ParameterResolver {

    static final Map<String, String> JIANGSHAN_SETTINGS =
            Map.of("intel.acknowledgement.red", "3s", "intel.hit-check.daily-quota", "5");

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedJurisdictions.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ThreeJurisdictions.class;
    }

    @Override
    public ThreeJurisdictions resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(
                        ThreeJurisdictions.class,
                        key -> new ThreeJurisdictions(JIANGSHAN_SETTINGS),
                        ThreeJurisdictions.class);
    }
}
