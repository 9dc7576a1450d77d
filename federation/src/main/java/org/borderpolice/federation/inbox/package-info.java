/**
 * Receiving replicas: the envelope checks, at-most-once per sender, version order, tombstones,
 * refusals and their log, and {@link org.borderpolice.federation.inbox.RecordApplier}, which a
 * service implements for each record type it keeps. Not here: a record type's own rules (its
 * applier, in the service).
 */
package org.borderpolice.federation.inbox;
