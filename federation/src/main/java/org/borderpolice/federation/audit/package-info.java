/**
 * The audit log every service keeps: hash-chained entries of reads, exports, checks, refusals and
 * replication ({@link org.borderpolice.federation.audit.AuditLog}), their linker and verifier, the
 * signed anchors partners hold of each other's chains, and the check that the database role cannot
 * rewrite history. Not here: what a service audits (its services call {@code AuditLog}).
 */
package org.borderpolice.federation.audit;
