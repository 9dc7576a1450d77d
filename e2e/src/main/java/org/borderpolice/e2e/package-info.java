/**
 * The local federation launcher: three jurisdictions as real processes on this machine, for a
 * developer or a demonstration; never deployed.
 */
package org.borderpolice.e2e;
