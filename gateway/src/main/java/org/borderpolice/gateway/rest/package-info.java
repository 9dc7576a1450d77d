/**
 * The gateway's own HTTP endpoints (who the gateway takes the caller for). No database, no
 * replication: identity only (federation-identity).
 */
package org.borderpolice.gateway.rest;
