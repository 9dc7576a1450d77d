/**
 * Queries of cases, participants and timelines. The visibility rule is part of every query that
 * reads cases for a caller, never applied after fetching.
 */
package org.borderpolice.cases.repository;
