package org.borderpolice.mediation;

/** A party as intake gives it (validated at the REST boundary). */
public record PartyDraft(
        PartyKind kind,
        PartyRole role,
        String name,
        String jurisdiction,
        String contact,
        String preferredLanguage,
        String idNumber) {}
