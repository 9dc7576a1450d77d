package org.borderpolice.mediation.service;

import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.proto.mediation.v1.DisputeProto;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.mapping.DisputeMessages;
import org.borderpolice.mediation.repository.DisputeRepository;

/**
 * Writes a change of one of our disputes to the jurisdictions involved, in the caller's
 * transaction: the jurisdictions involved are recomputed (the origin, the parties', and what every
 * {@link DisputeInvolvement} names), stored, and the dispute's full state goes to each of them
 * that the agreement lets hold disputes; one no longer involved gets a tombstone.
 */
@ApplicationScoped
public class DisputeSharing {

    public static final String DISPUTE_TYPE = "mediation.dispute";

    @Inject
    RecordPublisher publisher;

    @Inject
    Distributions distributions;

    @Inject
    DisputeRepository disputes;

    @Inject
    Instance<DisputeInvolvement> involvements;

    /** The partners that hold the dispute now (before a change: pass them to {@link #share}). */
    public Set<String> holders(Dispute d) {
        Set<String> codes = new TreeSet<>();
        for (String code : d.sharedWith()) {
            if (distributions.mayHold(code, DISPUTE_TYPE)) {
                codes.add(code);
            }
        }
        return codes;
    }

    /**
     * Recompute who is involved and send the dispute's current version ({@code d.version}, raised
     * by the caller) to them; {@code heldBefore}: {@link #holders} before the change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void share(Dispute d, Set<String> heldBefore) {
        Set<String> involved = new TreeSet<>();
        involved.add(d.origin);
        involved.addAll(d.partyJurisdictions());
        for (DisputeInvolvement part : involvements) {
            involved.addAll(part.jurisdictions(d));
        }
        if (!involved.equals(d.involved)) {
            disputes.replaceInvolved(d, involved);
        }
        DisputeProto.Dispute message = DisputeMessages.toMessage(d);
        publisher.publish(DISPUTE_TYPE, d.recordId(), d.version, holders(d), heldBefore, partner -> message);
    }

    /**
     * Send one of our disputes again under a new version after another part changed who is
     * involved (a team member added or removed); locks nothing itself: the caller holds the
     * dispute's lock ({@link DisputeRepository#lockOwn}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reshare(Dispute d) {
        Set<String> before = holders(d);
        d.version++;
        d.updatedAt = java.time.Instant.now();
        share(d, before);
    }
}
