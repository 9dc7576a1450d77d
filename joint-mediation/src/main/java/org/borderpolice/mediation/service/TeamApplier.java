package org.borderpolice.mediation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeTeam;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.TeamMember;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.MediatorRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * Keeps our replicas of partners' dispute teams. A team belongs to its dispute's origin: from
 * anyone else, or about a dispute we hold under another origin, it is refused. A tombstone (we
 * are no longer involved) drops the team with the dispute's sessions and notes. Each member is
 * listed under the jurisdiction that made the mediator's id and, if we hold the mediator (ours or
 * a directory replica), under its origin here: the origin may not list our mediator as its own
 * (to write notes in their name) nor make up a member of a third jurisdiction (which would then
 * receive our notes).
 */
@ApplicationScoped
public class TeamApplier extends TypedApplier<TeamProto.Team> {

    @Inject
    TeamRepository teams;

    @Inject
    DisputeRepository disputes;

    @Inject
    MediatorRepository mediators;

    @Inject
    TrustList trustList;

    @Inject
    FederationConfig federationConfig;

    public TeamApplier() {
        super(TeamProto.Team.class);
    }

    @Override
    public String recordType() {
        return TeamService.TEAM_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, TeamProto.Team m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        DisputeTeam held = teams.team(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.disputeOrigin, change.origin(), "team", id);
        Dispute dispute = disputes.held(id);
        PartnerContributions.requireMadeBy(dispute == null ? null : dispute.origin, change.origin(), "dispute", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        PayloadProblems problems = new PayloadProblems("team")
                .require(m.getDisputeId().equals(change.recordId()), "dispute_id", "differs from the record id")
                .require(m.getDisputeOrigin().equals(change.origin()), "dispute_origin", "is not the sender")
                .require(m.getMembersCount() <= TeamService.MAX_MEMBERS, "members", "too many")
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt());
        Set<String> seen = new HashSet<>();
        Map<UUID, String> members = new HashMap<>();
        for (TeamProto.TeamMember t : m.getMembersList()) {
            members.put(PayloadProblems.uuid("members.mediator_id", t.getMediatorId()), t.getMediatorOrigin());
            problems.require(seen.add(t.getMediatorId()), "members.mediator_id", "is repeated")
                    .require(
                            DivisionCodes.isValid(t.getMediatorOrigin()),
                            "members.mediator_origin",
                            "is not a GB/T 2260 code")
                    .timestamp("members.added_at", t.hasAddedAt(), t.getAddedAt());
        }
        Map<UUID, Mediator> known = new HashMap<>();
        mediators.findAll(members.keySet()).forEach(r -> known.put(r.id, r));
        Optional<Instant> legacyUntil = federationConfig.recordIds().legacyAcceptedUntil();
        members.forEach((mediatorId, origin) -> problems.add(
                "members.mediator_origin", memberProblem(mediatorId, origin, known.get(mediatorId), legacyUntil)));
        problems.throwIfAny();
    }

    /**
     * Why a team member may not name this mediator under {@code origin}, or null: a mediator held
     * here must be {@code origin}'s; one not held must have an id {@code origin} created (a legacy
     * id only until legacy-accepted-until), as a new record's id must.
     */
    static String memberProblem(UUID mediatorId, String origin, Mediator held, Optional<Instant> legacyUntil) {
        if (held != null) {
            return held.origin.equals(origin) ? null : "is not the origin of mediator " + mediatorId + " held here";
        }
        String refusal = RecordIds.refusal(mediatorId, origin, legacyUntil, Instant.now());
        return refusal == null ? null : "is not " + origin + " for mediator " + mediatorId + ": " + refusal;
    }

    @Override
    protected void applyTyped(List<Typed<TeamProto.Team>> changes) {
        for (var typed : changes) {
            UUID id = UUID.fromString(typed.change().recordId());
            DisputeTeam held = teams.lockTeam(id);
            if (typed.tombstone()) {
                // what we held of the dispute's sessions goes with it (our own notes stay ours)
                teams.dropTeamReplica(id, typed.change().origin(), trustList.selfCode());
                if (held != null) {
                    held.delete();
                }
                continue;
            }
            TeamProto.Team m = typed.message();
            DisputeTeam t = held != null ? held : new DisputeTeam();
            t.disputeId = id;
            t.disputeOrigin = typed.change().origin();
            t.version = typed.change().version();
            t.updatedAt = ProtoTime.instant(m.getUpdatedAt());
            t.updatedBy = null;
            if (held == null) {
                t.persist();
            }
            List<TeamMember> members = new ArrayList<>();
            for (TeamProto.TeamMember p : m.getMembersList()) {
                TeamMember tm = new TeamMember();
                tm.disputeId = id;
                tm.mediatorId = UUID.fromString(p.getMediatorId());
                tm.mediatorOrigin = p.getMediatorOrigin();
                tm.addedAt = ProtoTime.instant(p.getAddedAt());
                members.add(tm);
            }
            teams.replaceMembers(id, members, t.updatedAt);
        }
    }
}
