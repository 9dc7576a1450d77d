package org.borderpolice.intel;

import java.util.Map;

import org.borderpolice.federation.testing.SharedFixture;

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
final class SharedJurisdictions extends SharedFixture<ThreeJurisdictions> {

    static final Map<String, String> JIANGSHAN_SETTINGS =
            Map.of("intel.acknowledgement.red", "3s", "intel.hit-check.daily-quota", "5");

    SharedJurisdictions() {
        super(ThreeJurisdictions.class, () -> new ThreeJurisdictions(JIANGSHAN_SETTINGS));
    }
}
