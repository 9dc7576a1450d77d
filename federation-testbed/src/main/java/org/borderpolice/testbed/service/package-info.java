/**
 * Publishing probes: their versions and tombstones through the outbox, and marking probes a
 * partner refused.
 */
package org.borderpolice.testbed.service;
