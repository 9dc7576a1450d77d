package org.borderpolice.federation.outbox;

/**
 * A change of one of our records will never reach this partner: the partner refused it for good
 * (REJECTED, with its reason), or it can never fit in a message the partner takes. Fired (CDI,
 * synchronously, on the relay's thread) once the refusal is committed in the outbox, where it
 * stays visible ({@code /api/v1/federation/outbox}). A service observes it to mark its own record
 * as refused; an observer that writes opens its own transaction, and what it throws is logged
 * and changes nothing for the relay.
 *
 * @param partner GB/T 2260 code of the partner
 * @param recordType e.g. "intel.alert"
 * @param recordId the record's id here
 * @param version the refused version
 * @param reason the partner's reason (or ours, for a change too large to send)
 */
public record DeliveryRefused(String partner, String recordType, String recordId, long version, String reason) {}
