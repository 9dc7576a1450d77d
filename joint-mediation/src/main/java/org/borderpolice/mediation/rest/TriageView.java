package org.borderpolice.mediation.rest;

import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.TriageDecision;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "三调对接分流 The tier the rule table chooses and the rule that decided")
public record TriageView(
        @Schema(description = "调解层级 Tier") MediationTier tier,

        @Schema(description = "决定规则 Id of the deciding rule")
        String rule,

        @Schema(description = "规则说明 What the rule says") String description) {

    static TriageView of(TriageDecision d) {
        return d == null ? null : new TriageView(d.tier(), d.rule(), d.description());
    }
}
