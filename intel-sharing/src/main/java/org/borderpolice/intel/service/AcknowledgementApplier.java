package org.borderpolice.intel.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Acknowledgement;
import org.borderpolice.intel.FieldRules;
import org.borderpolice.intel.mapping.AcknowledgementMessages;

/**
 * Receives partners' acknowledgements of our alerts. An acknowledgement (record id
 * "&lt;alert id&gt;:&lt;partner&gt;") belongs to the partner that made it: a change or tombstone
 * from anyone else is refused, as is one for an alert that is not ours or not shared with the
 * acknowledging partner, or a payload REST input could not have made.
 */
@ApplicationScoped
public class AcknowledgementApplier
        extends TypedApplier<org.borderpolice.federation.proto.intel.v1.AlertProto.Acknowledgement> {

    @Inject
    AlertContributions contributions;

    @Inject
    TrustList trustList;

    public AcknowledgementApplier() {
        super(org.borderpolice.federation.proto.intel.v1.AlertProto.Acknowledgement.class);
    }

    @Override
    public String recordType() {
        return AcknowledgementService.RECORD_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, org.borderpolice.federation.proto.intel.v1.AlertProto.Acknowledgement m)
            throws UnreadablePayloadException {
        String[] key = change.recordId().split(":", -1);
        if (key.length != 2) {
            throw new UnreadablePayloadException("record_id must be <alert id>:<partner>");
        }
        PayloadProblems.uuid("record_id's alert id", key[0]);
        if (!key[1].equals(change.origin())) {
            throw new UnreadablePayloadException(
                    "the acknowledgement belongs to the partner it names, not to the sender " + change.origin());
        }
        if (change.tombstone()) {
            // the partner withdraws its own acknowledgement of one of our alerts
            contributions.requireOwnAlert(key[0]);
            return;
        }
        new PayloadProblems("acknowledgement")
                .require(m.getAlertId().equals(key[0]), "alert_id", "differs from the record id")
                .require(m.getPartner().equals(change.origin()), "partner", "is not the sender")
                .require(m.getAlertOrigin().equals(trustList.selfCode()), "alert_origin", "is not this jurisdiction")
                .text("unit", m.getUnit(), FieldRules.UNIT, false, false)
                .text("acknowledged_by", m.getAcknowledgedBy(), FieldRules.OFFICER, true, false)
                .timestamp("acknowledged_at", m.hasAcknowledgedAt(), m.getAcknowledgedAt())
                .text("note", m.getNote(), FieldRules.NOTE, false, true)
                .throwIfAny();
        contributions.requireOwnAlertSharedWith(key[0], change.origin());
    }

    @Override
    protected void applyTyped(
            List<Typed<org.borderpolice.federation.proto.intel.v1.AlertProto.Acknowledgement>> changes) {
        for (var change : changes) {
            String[] key = change.change().recordId().split(":");
            // the key holds the sender (checked): the row found is the sender's own
            Acknowledgement existing =
                    Acknowledgement.findById(new Acknowledgement.Key(UUID.fromString(key[0]), key[1]));
            if (change.tombstone()) {
                if (existing != null) {
                    existing.delete();
                }
                continue;
            }
            Acknowledgement ack = existing != null ? existing : new Acknowledgement();
            AcknowledgementMessages.copyReplica(change.message(), ack);
            if (existing == null) {
                ack.persist();
            }
        }
    }
}
