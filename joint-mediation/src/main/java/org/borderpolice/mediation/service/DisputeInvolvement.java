package org.borderpolice.mediation.service;

import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.InvolvedJurisdiction;

/**
 * The jurisdictions involved in a dispute as its team changes: the origin, the parties', and the
 * team members' (those the agreement lets hold mediation records). The dispute goes to a
 * jurisdiction newly involved and is withdrawn from one no longer involved.
 */
@ApplicationScoped
public class DisputeInvolvement {

    @Inject
    Distributions distributions;

    /** After the team of one of our disputes changed (in the same transaction). */
    public void teamChanged(Dispute d, Set<String> memberJurisdictions) {
        Set<String> involved = new TreeSet<>();
        involved.add(d.origin);
        involved.addAll(d.partyJurisdictions());
        memberJurisdictions.stream()
                .filter(code -> distributions.mayHold(code, TeamService.TEAM_TYPE))
                .forEach(involved::add);
        if (involved.equals(d.involved)) {
            return;
        }
        // row by row: the rows loaded with the dispute are in the persistence context
        for (String code : d.involved) {
            if (!involved.contains(code)) {
                InvolvedJurisdiction row = InvolvedJurisdiction.findById(new InvolvedJurisdiction.Key(d.id, code));
                if (row != null) {
                    row.delete();
                }
            }
        }
        for (String code : involved) {
            if (!d.involved.contains(code)) {
                new InvolvedJurisdiction(d.id, code).persist();
            }
        }
        d.involved = involved;
        // TODO after merging i24-core's dispute sharing: send the dispute's new version (tombstones to those dropped)
    }
}
