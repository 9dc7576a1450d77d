package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.intel.v1.AlertProto.ReportKind;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.FieldRules;
import org.borderpolice.intel.Sighting;
import org.borderpolice.intel.mapping.SightingMessages;

/**
 * Receives partners' sightings and feedback on our alerts. A sighting belongs to the partner that
 * reported it: a change or tombstone of a sighting held under another partner's name is refused
 * (a new sighting's id must be one its reporter created, and the partner recorded on the held row
 * decides who may change it), as is a report on an
 * alert that is not ours or not shared with the reporter, or a payload REST input could not
 * have made.
 */
@ApplicationScoped
public class SightingApplier extends TypedApplier<org.borderpolice.federation.proto.intel.v1.AlertProto.Sighting> {

    @Inject
    AlertContributions contributions;

    @Inject
    TrustList trustList;

    public SightingApplier() {
        super(org.borderpolice.federation.proto.intel.v1.AlertProto.Sighting.class);
    }

    @Override
    public String recordType() {
        return SightingService.RECORD_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, org.borderpolice.federation.proto.intel.v1.AlertProto.Sighting m)
            throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        Sighting existing = Sighting.findById(id);
        PartnerContributions.requireMadeBy(existing == null ? null : existing.partner, change.origin(), "sighting", id);
        if (change.tombstone()) {
            return; // the reporter withdraws its own report (or one we do not hold: nothing to do)
        }
        if (existing == null) {
            requireCreatedBy(id, change.origin());
        }
        new PayloadProblems("sighting")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getPartner().equals(change.origin()), "partner", "is not the sender")
                .require(m.getAlertOrigin().equals(trustList.selfCode()), "alert_origin", "is not this jurisdiction")
                .require(
                        m.getKind() == ReportKind.SIGHTING || m.getKind() == ReportKind.FEEDBACK,
                        "kind",
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
    protected void applyTyped(List<Typed<org.borderpolice.federation.proto.intel.v1.AlertProto.Sighting>> changes) {
        for (var change : changes) {
            Sighting existing =
                    Sighting.findById(UUID.fromString(change.change().recordId()));
            if (existing != null && !existing.partner.equals(change.change().origin())) {
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
            SightingMessages.copyReplica(change.message(), s);
            if (existing == null) {
                s.persist();
            }
        }
    }
}
