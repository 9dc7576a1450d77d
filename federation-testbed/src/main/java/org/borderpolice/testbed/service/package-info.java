/**
 * Publishing probes (their versions and tombstones through the outbox, marking probes a partner
 * refused), handing them to another jurisdiction ({@code ProbeTransfers}), and the applier of the
 * testbed's one record type ({@code testbed.probe}): how a partner's probe is checked and stored.
 */
package org.borderpolice.testbed.service;
