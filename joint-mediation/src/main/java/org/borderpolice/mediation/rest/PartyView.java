package org.borderpolice.mediation.rest;

import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.PartyKind;
import org.borderpolice.mediation.PartyRole;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "当事人 A party (personal data: shown only to the jurisdictions involved)")
public record PartyView(
        PartyKind kind,
        PartyRole role,
        String name,
        String jurisdiction,
        String contact,
        String preferredLanguage,
        String idNumber) {

    static PartyView of(DisputeParty p) {
        return new PartyView(p.kind, p.role, p.name, p.jurisdiction, p.contact, p.preferredLanguage, p.idNumber);
    }
}
