package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.RecordApplier;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.intel.v1.AlertProto.ReportKind;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.FieldRules;
import org.borderpolice.intel.Sighting;
import org.borderpolice.intel.mapping.SightingMessages;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Receives partners' sightings and feedback on our alerts. A sighting belongs to the partner that
 * reported it: a change or tombstone of a sighting held under another partner's name is refused
 * (a new sighting's id must be one its reporter created, and the partner recorded on the held row
 * decides who may change it), as is a report on an
 * alert that is not ours or not shared with the reporter, or a payload REST input could not
 * have made.
 */
@ApplicationScoped
public class SightingApplier implements RecordApplier {

    @Inject
    FederationConfig federation;

    @Inject
    PartnerContributions contributions;

    @Inject
    TrustList trustList;

    @Override
    public String recordType() {
        return SightingService.RECORD_TYPE;
    }

    @Override
    public void check(ReplicaChange change) throws UnreadablePayloadException {
        UUID id = ReplicaProblems.uuid("record_id", change.recordId());
        Sighting existing = Sighting.findById(id);
        if (existing != null && !existing.partner.equals(change.origin())) {
            throw new UnreadablePayloadException("sighting " + id + " belongs to " + existing.partner
                    + ", not to the sender " + change.origin());
        }
        if (change.tombstone()) {
            return; // the reporter withdraws its own report (or one we do not hold: nothing to do)
        }
        if (existing == null) {
            ReplicaProblems.requireCreatedBy(id, change.origin(), federation);
        }
        AlertProto.Sighting m = unpack(change);
        new ReplicaProblems("sighting")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getPartner().equals(change.origin()), "partner", "is not the sender")
                .require(m.getAlertOrigin().equals(trustList.selfCode()), "alert_origin", "is not this jurisdiction")
                .require(m.getKind() == ReportKind.SIGHTING || m.getKind() == ReportKind.FEEDBACK, "kind",
                        "must be SIGHTING or FEEDBACK")
                .timestamp("observed_at", m.hasObservedAt(), m.getObservedAt())
                .text("place", m.getPlace(), FieldRules.PLACE, false, false)
                .text("description", m.getDescription(), FieldRules.DESCRIPTION, true, true)
                .text("unit", m.getUnit(), FieldRules.UNIT, false, false)
                .text("reported_by", m.getReportedBy(), FieldRules.OFFICER, true, false)
                .timestamp("reported_at", m.hasReportedAt(), m.getReportedAt())
                .throwIfAny();
        contributions.requireOwnAlertSharedWith(m.getAlertId(), change.origin());
    }

    @Override
    public void apply(List<ReplicaChange> changes) {
        for (ReplicaChange change : changes) {
            Sighting existing = Sighting.findById(UUID.fromString(change.recordId()));
            if (existing != null && !existing.partner.equals(change.origin())) {
                // checked above; a report of another partner is never touched
                throw new IllegalStateException("sighting " + existing.id + " belongs to " + existing.partner);
            }
            if (change.tombstone()) {
                if (existing != null) {
                    existing.delete();
                }
                continue;
            }
            Sighting s = existing != null ? existing : new Sighting();
            try {
                SightingMessages.copyReplica(unpack(change), s);
            } catch (UnreadablePayloadException e) {
                throw new IllegalStateException(e);
            }
            if (existing == null) {
                s.persist();
            }
        }
    }

    private static AlertProto.Sighting unpack(ReplicaChange change)
            throws UnreadablePayloadException {
        try {
            return change.payload().unpack(AlertProto.Sighting.class);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadablePayloadException("not a border.intel.v1.Sighting");
        }
    }
}
