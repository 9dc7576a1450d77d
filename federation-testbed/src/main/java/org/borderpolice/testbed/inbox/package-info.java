/**
 * The applier of the testbed's one record type ({@code testbed.probe}): how a partner's probe is
 * checked and stored.
 */
package org.borderpolice.testbed.inbox;
