package org.borderpolice.federation.audit;

/**
 * One thing that happened to a shared record: who (actor, jurisdiction), what (action, e.g.
 * "alert.read", "replication.applied"), to which record, and any detail.
 */
public record AuditEntry(
        String actor, String jurisdiction, String action, String recordType, String recordId, String detail) {}
