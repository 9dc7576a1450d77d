/**
 * What every service tests with, and nothing a service runs: a real PostgreSQL
 * ({@link org.borderpolice.federation.testing.PostgresServer}), jurisdictions' identity providers
 * ({@link org.borderpolice.federation.testing.TestIssuer}), several jurisdictions as real
 * processes ({@link org.borderpolice.federation.testing.TestFederation},
 * {@link org.borderpolice.federation.testing.JurisdictionProcess}) or one in the test's JVM
 * ({@link org.borderpolice.federation.testing.JurisdictionTestResource}), a partner's relay
 * ({@link org.borderpolice.federation.testing.ReplicationClient}), and the architecture rules of a
 * service ({@link org.borderpolice.federation.testing.ServiceArchitecture}).
 */
package org.borderpolice.federation.testing;
