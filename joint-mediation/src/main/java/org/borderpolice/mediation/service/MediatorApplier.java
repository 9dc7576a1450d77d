package org.borderpolice.mediation.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.MediatorProfile;
import org.borderpolice.mediation.mapping.MediatorMessages;
import org.borderpolice.mediation.repository.MediatorRepository;

/**
 * Keeps our replicas of partners' mediators. A mediator belongs to its origin: a change of one
 * held under another origin is refused, as is one new to us whose id the sender did not create,
 * or a profile our own users' input could not have made.
 */
@ApplicationScoped
public class MediatorApplier extends TypedApplier<TeamProto.Mediator> {

    @Inject
    MediatorRepository mediators;

    public MediatorApplier() {
        super(TeamProto.Mediator.class);
    }

    @Override
    public String recordType() {
        return MediatorDirectory.MEDIATOR_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, TeamProto.Mediator m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        Mediator held = mediators.find(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.origin, change.origin(), "mediator", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        new PayloadProblems("mediator")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getOrigin().equals(change.origin()), "origin", "is not the sender")
                .require(MediatorMessages.kind(m.getKind()) != null, "kind", "is not a known kind")
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt())
                .throwIfAny();
        try {
            MediatorMessages.profile(m);
        } catch (InvalidProblem e) {
            throw new UnreadablePayloadException("mediator: " + e.getMessage());
        }
    }

    @Override
    protected void applyTyped(List<Typed<TeamProto.Mediator>> changes) {
        for (var typed : changes) {
            UUID id = UUID.fromString(typed.change().recordId());
            Mediator held = mediators.lock(id);
            if (typed.tombstone()) {
                if (held != null) {
                    held.delete();
                }
                continue;
            }
            TeamProto.Mediator m = typed.message();
            MediatorProfile profile = MediatorMessages.profile(m);
            Mediator r = held != null ? held : new Mediator();
            r.id = id;
            r.origin = typed.change().origin();
            r.apply(profile);
            r.version = typed.change().version();
            r.updatedAt = ProtoTime.instant(m.getUpdatedAt());
            if (held == null) {
                r.createdAt = r.updatedAt;
                r.persist();
            }
        }
    }
}
