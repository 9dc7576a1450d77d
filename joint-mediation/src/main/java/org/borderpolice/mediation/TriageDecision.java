package org.borderpolice.mediation;

/** The tier triage chose and the rule that decided (its id and what it says). */
public record TriageDecision(MediationTier tier, String rule, String description) {}
