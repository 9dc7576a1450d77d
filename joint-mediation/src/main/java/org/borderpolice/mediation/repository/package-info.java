/** Queries of joint-mediation, with the visibility rule in their WHERE clauses. */
package org.borderpolice.mediation.repository;
