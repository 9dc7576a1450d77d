package org.borderpolice.mediation.service;

import java.util.Set;

import org.borderpolice.mediation.Dispute;

/**
 * Jurisdictions a part of joint-mediation involves in one of our disputes beyond its parties'
 * (e.g. the joint team's members): each CDI bean of this type is asked whenever the dispute is
 * shared, and every code it names holds the dispute from then on. After a change that alters the
 * answer, call {@link DisputeSharing#reshare}.
 */
public interface DisputeInvolvement {

    /** The jurisdictions (GB/T 2260 codes) this part involves in the dispute. */
    Set<String> jurisdictions(Dispute dispute);
}
