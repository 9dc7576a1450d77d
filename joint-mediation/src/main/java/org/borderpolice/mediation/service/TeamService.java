package org.borderpolice.mediation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.DisputeTeam;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.TeamMember;
import org.borderpolice.mediation.TeamRules;
import org.borderpolice.mediation.mapping.TeamMessages;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.MediatorRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * 联合调解团队: the dispute's origin composes the team from the whole directory (ours and
 * partners' mediators) by {@link TeamRules}; the team goes to every jurisdiction involved, and a
 * jurisdiction whose mediator joins becomes involved (it then holds the dispute). Whoever sees
 * the dispute sees its team.
 */
@ApplicationScoped
public class TeamService {

    public static final String TEAM_TYPE = "mediation.team";
    public static final int MAX_MEMBERS = 30;

    public static final String[] READERS = MediatorDirectory.READERS;

    /** Who composes a team and schedules its sessions: mediators and commanders of the dispute's origin. */
    public static final String[] COMPOSERS = {BorderPrincipal.MEDIATOR, BorderPrincipal.COMMANDER};

    @Inject
    DisputeRepository disputes;

    @Inject
    MediatorRepository mediators;

    @Inject
    TeamRepository teams;

    @Inject
    DisputeSharing disputeSharing;

    @Inject
    PartnerContributions contributions;

    @Inject
    RecordPublisher publisher;

    @Inject
    TrustList trustList;

    @Inject
    Distributions distributions;

    @Inject
    AuditLog auditLog;

    /** A member with the directory's record of the mediator (null if not held here). */
    public record MemberOf(TeamMember member, Mediator mediator) {}

    /** A team as shown: its members, and the rules' assessment against the dispute's parties. */
    public record Team(
            UUID disputeId,
            String disputeOrigin,
            List<MemberOf> members,
            TeamRules.Assessment assessment,
            long version,
            Instant updatedAt) {}

    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public Team get(BorderPrincipal caller, UUID disputeId) {
        requireRole(caller, "read teams", READERS);
        Dispute d = disputes.findVisible(disputeId, caller.jurisdiction()).orElse(null);
        if (d == null) {
            audit(caller, "team.read", disputeId, "not found");
            throw new NotFoundProblem("no visible dispute " + disputeId);
        }
        Team t = team(d);
        audit(caller, "team.read", disputeId, t.members().size() + " members");
        return t;
    }

    /** Replace the whole team of one of our disputes; 409 unless the rules are met. */
    @Transactional
    public Team replace(BorderPrincipal caller, UUID disputeId, List<UUID> mediatorIds) {
        contributions.requireContributor(caller, "compose teams", COMPOSERS);
        Dispute d = disputes.lockOwn(disputeId, trustList.selfCode());
        if (d == null) {
            if (disputes.findVisible(disputeId, caller.jurisdiction()).isPresent()) {
                throw new ForbiddenProblem("dispute " + disputeId + " is composed by its origin only");
            }
            throw new NotFoundProblem("no visible dispute " + disputeId);
        }
        if (d.status.isFinal()) {
            throw new ConflictProblem("dispute " + disputeId + " is " + d.status + ": its team does not change");
        }
        Set<UUID> ids = new LinkedHashSet<>(mediatorIds);
        if (ids.size() > MAX_MEMBERS) {
            throw new InvalidProblem("mediators: at most " + MAX_MEMBERS);
        }
        List<Mediator> chosen = mediators.findAll(ids);
        if (chosen.size() != ids.size()) {
            Set<UUID> unknown = new TreeSet<>(ids);
            chosen.forEach(m -> unknown.remove(m.id));
            throw new InvalidProblem("mediators: not in the directory here: " + unknown);
        }
        TeamRules.Assessment assessment = assess(d, chosen);
        assessment.requireAcceptable();

        Instant now = MediatorDirectory.now();
        DisputeTeam t = teams.lockTeam(disputeId);
        Map<UUID, Instant> addedBefore = new HashMap<>();
        Set<String> membersBefore = teams.memberJurisdictions(disputeId);
        if (t == null) {
            t = new DisputeTeam();
            t.disputeId = disputeId;
            t.disputeOrigin = d.origin;
            t.version = 0;
        } else {
            teams.members(disputeId).forEach(m -> addedBefore.put(m.mediatorId, m.addedAt));
        }
        // the team and its sessions go where the dispute goes: the jurisdictions involved that the
        // agreement lets hold mediation records (DisputeSharing.holders), no other
        Set<String> heldBefore = disputeSharing.holders(d);
        t.version++;
        t.updatedAt = now;
        t.updatedBy = caller.subject();
        if (t.version == 1) {
            t.persist();
        }
        List<TeamMember> members = new ArrayList<>();
        for (Mediator m : chosen) {
            TeamMember tm = new TeamMember();
            tm.disputeId = disputeId;
            tm.mediatorId = m.id;
            tm.mediatorOrigin = m.origin;
            tm.addedAt = addedBefore.getOrDefault(m.id, now);
            members.add(tm);
        }
        teams.replaceMembers(disputeId, members, now);

        if (!teams.memberJurisdictions(disputeId).equals(membersBefore)) {
            // the dispute goes to a member's jurisdiction too (TeamInvolvement), and is withdrawn from one no longer
            // involved
            disputeSharing.reshare(d);
        }
        Set<String> holders = disputeSharing.holders(d);
        share(t, members, holders, heldBefore);
        if (!heldBefore.equals(holders)) {
            // a jurisdiction newly involved takes the sessions so far, one no longer involved drops them
            for (MediationSession s : teams.sessions(disputeId)) {
                s.version++;
                var message = TeamMessages.toMessage(s);
                publisher.publish(
                        SessionService.SESSION_TYPE, s.id.toString(), s.version, holders, heldBefore, p -> message);
            }
        }
        audit(caller, "team.changed", disputeId, "version " + t.version + ": " + ids);
        return team(d);
    }

    /** Send the team to the dispute's partners (those dropped get a tombstone). */
    public void share(
            DisputeTeam t, List<TeamMember> members, Collection<String> sharedWith, Collection<String> heldBefore) {
        var message = TeamMessages.toMessage(t, members);
        publisher.publish(TEAM_TYPE, t.disputeId.toString(), t.version, sharedWith, heldBefore, p -> message);
    }

    Team team(Dispute d) {
        DisputeTeam t = teams.team(d.id);
        List<TeamMember> members = t == null ? List.of() : teams.members(d.id);
        Map<UUID, Mediator> byId = new HashMap<>();
        mediators.findAll(members.stream().map(m -> m.mediatorId).toList()).forEach(m -> byId.put(m.id, m));
        List<MemberOf> shown = members.stream()
                .map(m -> new MemberOf(m, byId.get(m.mediatorId)))
                .toList();
        return new Team(
                d.id,
                d.origin,
                shown,
                assess(d, List.copyOf(byId.values())),
                t == null ? 0 : t.version,
                t == null ? null : t.updatedAt);
    }

    TeamRules.Assessment assess(Dispute d, List<Mediator> team) {
        List<TeamRules.PartyNeed> parties = new ArrayList<>();
        Set<String> languages = new TreeSet<>();
        for (DisputeParty p : d.parties) {
            // a party of a jurisdiction outside the federation has no mediators of its own in the directory
            boolean federated = p.jurisdiction.equals(trustList.selfCode())
                    || distributions.mayHold(p.jurisdiction, MediatorDirectory.MEDIATOR_TYPE);
            parties.add(new TeamRules.PartyNeed(federated ? p.jurisdiction : null, p.preferredLanguage));
            if (p.needsInterpreting()) {
                languages.add(p.preferredLanguage);
            }
        }
        List<TeamRules.Member> directory =
                mediators.speakers(languages).stream().map(Mediator::asMember).toList();
        return TeamRules.assess(parties, team.stream().map(Mediator::asMember).toList(), directory);
    }

    static void requireRole(BorderPrincipal caller, String what, String... roles) {
        if (!caller.hasAnyRole(roles)) {
            throw new ForbiddenProblem(what + " needs role " + String.join(" or ", roles));
        }
    }

    void audit(BorderPrincipal caller, String action, UUID disputeId, String detail) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, TEAM_TYPE, disputeId.toString(), detail));
    }
}
