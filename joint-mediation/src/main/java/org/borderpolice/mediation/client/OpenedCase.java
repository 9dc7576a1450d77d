package org.borderpolice.mediation.client;

import java.util.UUID;

/** The joint case case-exchange opened (or had opened under the same idempotency key). */
public record OpenedCase(UUID id, String number, UUID linkedDispute) {}
