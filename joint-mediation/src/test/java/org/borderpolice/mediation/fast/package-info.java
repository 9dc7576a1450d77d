/** The fast tier: the service in one JVM on the embedded PostgreSQL. */
package org.borderpolice.mediation.fast;
