package org.borderpolice.mediation.service;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.repository.TeamRepository;

/** The joint team involves its members' jurisdictions: each holds the dispute while a mediator of it is on the team. */
@ApplicationScoped
public class TeamInvolvement implements DisputeInvolvement {

    @Inject
    TeamRepository teams;

    @Override
    public Set<String> jurisdictions(Dispute dispute) {
        return teams.memberJurisdictions(dispute.id);
    }
}
