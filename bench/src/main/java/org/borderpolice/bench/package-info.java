/**
 * Benchmarks: load generators that print figures and assert nothing (run by the scripts in
 * bench/, never by verify).
 */
package org.borderpolice.bench;
