/**
 * Reading probes through Hibernate, the way services read their records, so that failures of
 * that path are tested across a real process; the probe entity.
 */
package org.borderpolice.testbed.read;
