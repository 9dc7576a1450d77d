/**
 * The trust list: this jurisdiction, its partners, their issuers, keys, endpoints, certificates,
 * and which record categories the agreement lets each receive; the checks a production start
 * requires.
 */
package org.borderpolice.federation.trust;
