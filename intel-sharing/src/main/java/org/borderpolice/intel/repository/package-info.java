/**
 * Queries of intel-sharing's database: visibility by distribution and handling code, search,
 * subject hashes, hit-check records. Called by services only, never by {@code rest}.
 */
package org.borderpolice.intel.repository;
