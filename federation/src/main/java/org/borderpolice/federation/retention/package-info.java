/**
 * Purging old rows in chunks that several replicas of a service can share ({@code SKIP LOCKED}),
 * for the inbox and refused outbox events.
 */
package org.borderpolice.federation.retention;
