package org.borderpolice.mediation.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.borderpolice.federation.proto.mediation.v1.DisputeProto;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeChannel;
import org.borderpolice.mediation.DisputeKind;
import org.borderpolice.mediation.DisputeParty;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.PartyKind;
import org.borderpolice.mediation.PartyRole;
import org.borderpolice.mediation.RiskLevel;

/**
 * A dispute as its message (full state, parties' personal data included: only jurisdictions
 * involved receive it) and back. Enum values on the wire carry their enum's name as prefix; an
 * unknown one maps to null, which the applier refuses.
 */
public final class DisputeMessages {

    private DisputeMessages() {}

    public static DisputeProto.Dispute toMessage(Dispute d) {
        DisputeProto.Dispute.Builder m = DisputeProto.Dispute.newBuilder()
                .setId(d.recordId())
                .setOrigin(d.origin)
                .setChannel(DisputeProto.DisputeChannel.valueOf("DISPUTE_CHANNEL_" + d.channel.name()))
                .setKind(DisputeProto.DisputeKind.valueOf("DISPUTE_KIND_" + d.kind.name()))
                .setStatus(DisputeProto.DisputeStatus.valueOf("DISPUTE_STATUS_" + d.status.name()))
                .setTitle(d.title)
                .setDescription(d.description)
                .setReportedAt(ProtoTime.timestamp(d.reportedAt))
                .setPlace(nullToEmpty(d.place))
                .setCountyCode(nullToEmpty(d.countyCode))
                .setTownship(nullToEmpty(d.township))
                .setAmountAtStake(Amounts.text(d.amountAtStake))
                .setRiskLevel(DisputeProto.RiskLevel.valueOf("RISK_LEVEL_" + d.riskLevel.name()))
                .addAllRiskReasons(d.riskReasons)
                .setConsent(d.consent)
                .setLawUnclear(d.lawUnclear)
                .setNewType(d.newType)
                .setComplex(d.complex)
                .setDepartment(nullToEmpty(d.department))
                .setTier(tier(d.tier))
                .setTierRule(nullToEmpty(d.tierRule))
                .setTierOverrideReason(nullToEmpty(d.tierOverrideReason))
                .setTierOverrideBy(nullToEmpty(d.tierOverrideBy))
                .addAllInvolved(d.involved)
                .setCreatedAt(ProtoTime.timestamp(d.createdAt))
                .setUpdatedAt(ProtoTime.timestamp(d.updatedAt))
                .setStatusChangedAt(ProtoTime.timestamp(d.statusChangedAt))
                .setCreatedUnit(nullToEmpty(d.createdUnit))
                .setNumber(nullToEmpty(d.number));
        if (d.failedTier != null) {
            m.setFailedTier(tier(d.failedTier));
        }
        if (d.escalatedCase != null) {
            m.setEscalatedCase(d.escalatedCase.toString())
                    .setEscalatedCaseNumber(d.escalatedCaseNumber)
                    .setEscalatedAt(ProtoTime.timestamp(d.escalatedAt));
        }
        for (DisputeParty p : d.parties) {
            m.addParties(DisputeProto.Party.newBuilder()
                    .setKind(DisputeProto.PartyKind.valueOf("PARTY_KIND_" + p.kind.name()))
                    .setRole(DisputeProto.PartyRole.valueOf("PARTY_ROLE_" + p.role.name()))
                    .setName(p.name)
                    .setJurisdiction(p.jurisdiction)
                    .setContact(nullToEmpty(p.contact))
                    .setPreferredLanguage(p.preferredLanguage)
                    .setIdNumber(nullToEmpty(p.idNumber)));
        }
        return m.build();
    }

    /**
     * The message's content onto a replica (checked before: every enum known); the parties as new
     * rows (positions in message order), for the caller to store.
     */
    public static List<DisputeParty> copyReplica(DisputeProto.Dispute m, Dispute d) {
        d.id = java.util.UUID.fromString(m.getId());
        d.origin = m.getOrigin();
        d.channel = channel(m.getChannel());
        d.kind = kind(m.getKind());
        d.status = status(m.getStatus());
        d.title = m.getTitle();
        d.description = m.getDescription();
        d.reportedAt = ProtoTime.instant(m.getReportedAt());
        d.place = emptyToNull(m.getPlace());
        d.countyCode = emptyToNull(m.getCountyCode());
        d.township = emptyToNull(m.getTownship());
        d.amountAtStake = Amounts.parse(m.getAmountAtStake());
        d.riskLevel = risk(m.getRiskLevel());
        d.riskReasons.clear();
        d.riskReasons.addAll(m.getRiskReasonsList());
        d.consent = m.getConsent();
        d.lawUnclear = m.getLawUnclear();
        d.newType = m.getNewType();
        d.complex = m.getComplex();
        d.department = emptyToNull(m.getDepartment());
        d.failedTier = tier(m.getFailedTier());
        d.tier = tier(m.getTier());
        d.tierRule = emptyToNull(m.getTierRule());
        d.tierOverrideReason = emptyToNull(m.getTierOverrideReason());
        d.tierOverrideBy = emptyToNull(m.getTierOverrideBy());
        d.involved = new TreeSet<>(m.getInvolvedList());
        d.createdAt = ProtoTime.instant(m.getCreatedAt());
        d.updatedAt = ProtoTime.instant(m.getUpdatedAt());
        d.statusChangedAt = ProtoTime.instant(m.getStatusChangedAt());
        d.createdUnit = emptyToNull(m.getCreatedUnit());
        d.createdBy = null; // a partner's officer is not ours to name
        if (!m.getNumber().isEmpty()) {
            d.number = m.getNumber(); // an origin that sent none leaves what we hold
        }
        d.escalatedCase = m.getEscalatedCase().isEmpty() ? null : java.util.UUID.fromString(m.getEscalatedCase());
        d.escalatedCaseNumber = emptyToNull(m.getEscalatedCaseNumber());
        d.escalatedAt = m.hasEscalatedAt() ? ProtoTime.instant(m.getEscalatedAt()) : null;
        d.escalatedBy = null;
        d.index();
        List<DisputeParty> parties = new ArrayList<>();
        int position = 0;
        for (DisputeProto.Party p : m.getPartiesList()) {
            DisputeParty row = new DisputeParty();
            row.disputeId = d.id;
            row.position = position++;
            row.kind = partyKind(p.getKind());
            row.role = partyRole(p.getRole());
            row.name = p.getName();
            row.jurisdiction = p.getJurisdiction();
            row.contact = emptyToNull(p.getContact());
            row.preferredLanguage = p.getPreferredLanguage();
            row.idNumber = emptyToNull(p.getIdNumber());
            parties.add(row);
        }
        return parties;
    }

    public static DisputeProto.MediationTier tier(MediationTier t) {
        return DisputeProto.MediationTier.valueOf("MEDIATION_TIER_" + t.name());
    }

    public static MediationTier tier(DisputeProto.MediationTier t) {
        return strip(t, "MEDIATION_TIER_", MediationTier.class);
    }

    public static DisputeChannel channel(DisputeProto.DisputeChannel c) {
        return strip(c, "DISPUTE_CHANNEL_", DisputeChannel.class);
    }

    public static DisputeKind kind(DisputeProto.DisputeKind k) {
        return strip(k, "DISPUTE_KIND_", DisputeKind.class);
    }

    public static DisputeStatus status(DisputeProto.DisputeStatus s) {
        return strip(s, "DISPUTE_STATUS_", DisputeStatus.class);
    }

    public static RiskLevel risk(DisputeProto.RiskLevel r) {
        return strip(r, "RISK_LEVEL_", RiskLevel.class);
    }

    public static PartyKind partyKind(DisputeProto.PartyKind k) {
        return strip(k, "PARTY_KIND_", PartyKind.class);
    }

    public static PartyRole partyRole(DisputeProto.PartyRole r) {
        return strip(r, "PARTY_ROLE_", PartyRole.class);
    }

    /** The Java enum of a wire value: its name without the prefix; null for UNSPECIFIED or unknown. */
    private static <E extends Enum<E>> E strip(Enum<?> wire, String prefix, Class<E> type) {
        String name = wire.name();
        if (!name.startsWith(prefix)) {
            return null; // UNRECOGNIZED
        }
        try {
            return Enum.valueOf(type, name.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return null; // ..._UNSPECIFIED
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
