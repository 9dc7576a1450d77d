package org.borderpolice.mediation.service;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.TriageDecision;
import org.borderpolice.mediation.TriageFacts;
import org.borderpolice.mediation.TriageRules;
import org.borderpolice.mediation.config.MediationConfig;

/** 三调对接: the standard rule table under this jurisdiction's thresholds. */
@ApplicationScoped
public class Triage {

    @Inject
    MediationConfig config;

    TriageRules rules;

    @PostConstruct
    void load() {
        rules = TriageRules.standard(
                config.triage().largeAmount(), config.triage().manyRespondents());
    }

    /** The tier the rules choose for the dispute as it stands, with the deciding rule. */
    public TriageDecision decide(Dispute d) {
        return rules.decide(TriageFacts.of(d));
    }

    /** Put the rules' decision on the dispute (any override ends). */
    public TriageDecision apply(Dispute d) {
        TriageDecision decision = decide(d);
        d.tier = decision.tier();
        d.tierRule = decision.rule();
        d.tierOverrideReason = null;
        d.tierOverrideBy = null;
        return decision;
    }
}
