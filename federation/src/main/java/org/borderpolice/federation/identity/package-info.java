/**
 * Who calls: one OIDC tenant per trusted issuer, the principal (jurisdiction, unit, roles) taken
 * from a verified token, and the peer tokens our relay presents to partners. Not here: what a role
 * may do (each service's services decide).
 */
package org.borderpolice.federation.identity;
