/**
 * What statistics endpoints share: the period of a request given as calendar dates of a time
 * zone (a bad or missing date is a 400 problem). No queries here: each service counts in its own
 * SQL, with its own visibility rule.
 */
package org.borderpolice.federation.statistics;
