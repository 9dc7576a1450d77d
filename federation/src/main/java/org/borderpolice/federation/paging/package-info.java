/**
 * Keyset paging of newest-first lists: the opaque cursor a list returns and takes back (a cursor
 * the API did not return is a 400 problem). No queries here: a service's repository turns the
 * cursor into its own WHERE clause.
 */
package org.borderpolice.federation.paging;
