package org.borderpolice.cases;

import org.borderpolice.federation.testing.SharedFixture;

/**
 * One {@link AssistanceJurisdictions} for the ITs of assistance requests ({@link
 * AssistanceRequestsIT}) and of evidence files ({@link CaseFilesIT}), which take it as a parameter
 * of their {@code @BeforeAll}: started by the first class that asks for it, kept in the store of the
 * root context and stopped when that context closes at the end of the test run (JUnit closes the
 * {@link AutoCloseable} values of its stores), so that the second class costs no three start-ups
 * and fresh databases. They share its data as the tests of one class would: each test opens its
 * own cases and requests and asserts nothing about the others' (its counts are taken before and
 * after, on its own records, or on what no test of either class writes).
 */
final class SharedAssistanceJurisdictions extends SharedFixture<AssistanceJurisdictions> {

    SharedAssistanceJurisdictions() {
        super(AssistanceJurisdictions.class, AssistanceJurisdictions::new);
    }
}
