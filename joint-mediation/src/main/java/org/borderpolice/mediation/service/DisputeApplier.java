package org.borderpolice.mediation.service;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.proto.mediation.v1.DisputeProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.MobileNumbers;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.federation.validation.ResidentIdNumbers;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.Languages;
import org.borderpolice.mediation.mapping.DisputeMessages;
import org.borderpolice.mediation.repository.DisputeRepository;

/**
 * Keeps our replicas of partners' disputes. A dispute belongs to its origin: a change or tombstone
 * of a dispute held under another origin's name is refused, as is a dispute new to us whose id its
 * origin did not create, one that does not involve us, or a payload our own users' input could not
 * have made. A tombstone (we are no longer involved) drops the dispute with its parties.
 */
@ApplicationScoped
public class DisputeApplier extends TypedApplier<DisputeProto.Dispute> {

    @Inject
    DisputeRepository disputes;

    @Inject
    TrustList trustList;

    public DisputeApplier() {
        super(DisputeProto.Dispute.class);
    }

    @Override
    public String recordType() {
        return DisputeSharing.DISPUTE_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, DisputeProto.Dispute m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        Dispute held = disputes.findById(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.origin, change.origin(), "dispute", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        PayloadProblems problems = new PayloadProblems("dispute")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getOrigin().equals(change.origin()), "origin", "is not the sender")
                .require(DisputeMessages.channel(m.getChannel()) != null, "channel", "is not a known channel")
                .require(DisputeMessages.kind(m.getKind()) != null, "kind", "is not a known kind")
                .require(DisputeMessages.status(m.getStatus()) != null, "status", "is not a known status")
                .require(DisputeMessages.risk(m.getRiskLevel()) != null, "risk_level", "is not a known level")
                .require(DisputeMessages.tier(m.getTier()) != null, "tier", "is not a known tier")
                .require(
                        m.getFailedTier() == DisputeProto.MediationTier.MEDIATION_TIER_UNSPECIFIED
                                || DisputeMessages.tier(m.getFailedTier()) != null,
                        "failed_tier",
                        "is not a known tier")
                .require(
                        m.getTierRule().isEmpty() != m.getTierOverrideReason().isEmpty(),
                        "tier_rule",
                        "a tier is a rule's or an override's with a reason, one of them")
                .text("title", m.getTitle(), DisputeFields.TITLE, true, false)
                .text("description", m.getDescription(), DisputeFields.DESCRIPTION, true, true)
                .text("place", m.getPlace(), DisputeFields.PLACE, false, false)
                .text("township", m.getTownship(), DisputeFields.TOWNSHIP, false, false)
                .text("department", m.getDepartment(), DisputeFields.DEPARTMENT, false, false)
                .text("tier_rule", m.getTierRule(), 40, false, false)
                .text("tier_override_reason", m.getTierOverrideReason(), DisputeFields.REASON, false, true)
                .text("tier_override_by", m.getTierOverrideBy(), DisputeFields.OFFICER, false, false)
                .text("created_unit", m.getCreatedUnit(), DisputeFields.UNIT, false, false)
                .require(
                        m.getCountyCode().isEmpty() || DivisionCodes.isValid(m.getCountyCode()),
                        "county_code",
                        "is not a GB/T 2260 code")
                .require(Amounts.parse(m.getAmountAtStake()) != null, "amount_at_stake", "is not an amount of yuan")
                .timestamp("reported_at", m.hasReportedAt(), m.getReportedAt())
                .timestamp("created_at", m.hasCreatedAt(), m.getCreatedAt())
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt())
                .timestamp("status_changed_at", m.hasStatusChangedAt(), m.getStatusChangedAt())
                .require(m.getRiskReasonsCount() <= DisputeFields.RISK_REASONS, "risk_reasons", "too many")
                .require(m.getPartiesCount() >= 1, "parties", "a dispute has at least one")
                .require(m.getPartiesCount() <= DisputeFields.PARTIES_HELD, "parties", "too many")
                .require(m.getInvolvedCount() <= DisputeFields.INVOLVED, "involved", "too many");
        if (!m.getEscalatedCase().isEmpty() || !m.getEscalatedCaseNumber().isEmpty() || m.hasEscalatedAt()) {
            // the case the origin's escalation opened: at the origin's own case-exchange
            problems.require(
                            RecordIds.creator(PayloadProblems.uuid("escalated_case", m.getEscalatedCase()))
                                    .equals(Optional.of(change.origin())),
                            "escalated_case",
                            "is not a case id of the origin")
                    .require(
                            m.getEscalatedCaseNumber().matches(Pattern.quote(change.origin()) + "-[0-9]{4}-[0-9]{6}"),
                            "escalated_case_number",
                            "is not a case number of the origin")
                    .timestamp("escalated_at", m.hasEscalatedAt(), m.getEscalatedAt());
        }
        if (!m.getNumber().isEmpty()) {
            // 纠纷编号: the origin's, never changed, never another dispute's held here
            String problem = RecordNumber.problem(m.getNumber(), change.origin());
            problems.require(problem == null, "number", problem);
            if (problem == null) {
                problems.require(
                        held == null || held.number == null || held.number.equals(m.getNumber()),
                        "number",
                        "differs from the number held (" + (held == null ? "" : held.number) + "): it never changes");
                problems.require(
                        disputes.byNumber(m.getNumber())
                                .map(other -> other.id.equals(id))
                                .orElse(true),
                        "number",
                        "is another dispute's");
            }
        }
        for (String reason : m.getRiskReasonsList()) {
            problems.text("risk_reasons", reason, DisputeFields.RISK_REASON, true, false);
        }
        for (DisputeProto.Party p : m.getPartiesList()) {
            problems.require(DisputeMessages.partyKind(p.getKind()) != null, "parties.kind", "is not a known kind")
                    .require(DisputeMessages.partyRole(p.getRole()) != null, "parties.role", "is not a known role")
                    .text("parties.name", p.getName(), DisputeFields.NAME, true, false)
                    .require(
                            DivisionCodes.isValid(p.getJurisdiction()),
                            "parties.jurisdiction",
                            "is not a GB/T 2260 code")
                    .require(
                            p.getContact().isEmpty()
                                    || (MobileNumbers.isValid(p.getContact())
                                            && p.getContact().equals(MobileNumbers.normalise(p.getContact()))),
                            "parties.contact",
                            "is not a normalised mobile number")
                    .require(
                            p.getPreferredLanguage().equals(Languages.normalise(p.getPreferredLanguage())),
                            "parties.preferred_language",
                            "is not a normalised BCP 47 tag")
                    .require(
                            p.getIdNumber().isEmpty()
                                    || (ResidentIdNumbers.isValid(p.getIdNumber())
                                            && p.getIdNumber().equals(ResidentIdNumbers.normalise(p.getIdNumber()))),
                            "parties.id_number",
                            "is not a normalised resident ID number");
        }
        Set<String> seen = new HashSet<>();
        for (String code : m.getInvolvedList()) {
            problems.require(DivisionCodes.isValid(code), "involved", "is not a GB/T 2260 code")
                    .require(seen.add(code), "involved", "is repeated");
        }
        problems.require(seen.contains(change.origin()), "involved", "does not name the origin")
                .require(seen.contains(trustList.selfCode()), "involved", "does not involve " + trustList.selfCode());
        problems.throwIfAny();
    }

    @Override
    protected void applyTyped(List<Typed<DisputeProto.Dispute>> changes) {
        for (var change : changes) {
            UUID id = UUID.fromString(change.change().recordId());
            Dispute held = disputes.lockHeld(id);
            if (held != null && !held.origin.equals(change.change().origin())) {
                throw new IllegalStateException("dispute " + id + " belongs to " + held.origin);
            }
            if (change.tombstone()) {
                if (held != null) {
                    disputes.dropReplica(held, trustList.selfCode());
                }
                continue;
            }
            Dispute d = held != null ? held : new Dispute();
            Set<String> involved = new java.util.TreeSet<>(change.message().getInvolvedList());
            List<DisputeParty> parties = DisputeMessages.copyReplica(change.message(), d);
            d.version = change.change().version();
            if (held == null) {
                d.persist();
                disputes.getEntityManager().flush();
            }
            disputes.replaceParties(d, parties);
            disputes.replaceInvolved(d, involved);
        }
    }
}
