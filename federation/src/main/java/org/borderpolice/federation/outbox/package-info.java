/**
 * Sending replicas: the transactional outbox a service publishes record changes to, the relay
 * that delivers them per partner in order, backoff, refused events and their retention, and the
 * channels to partners. Not here: what a record's message holds (the service's {@code mapping}).
 */
package org.borderpolice.federation.outbox;
