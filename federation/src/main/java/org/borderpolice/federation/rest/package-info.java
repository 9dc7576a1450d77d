/**
 * The REST resources of the federation core that every service serves: the audit chain's
 * verification and partner re-baselining, the trust list and the outbox backlog. They call the
 * core's components, never a service's repository.
 */
package org.borderpolice.federation.rest;
