package org.borderpolice.mediation.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The joint case an escalated dispute opens at case-exchange: what the dispute says, in the
 * case's terms. Made from the dispute alone, so that a repeat of the escalation sends the same
 * request under the same idempotency key.
 */
public record CaseOpening(
        String category,
        String title,
        String summary,
        Instant occurredAt,
        String township,
        String countyCode,
        List<Person> persons,
        UUID linkedDispute,
        String idempotencyKey) {

    /** A party with a resident ID number: a related subject (关联对象) of the case. */
    public record Person(String idNumber, String name) {}
}
