package org.borderpolice.intel.mapping;

import java.util.UUID;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.intel.Acknowledgement;

/** An acknowledgement and its replication message (border.intel.v1.Acknowledgement). */
public final class AcknowledgementMessages {

    private AcknowledgementMessages() {}

    public static AlertProto.Acknowledgement toMessage(Acknowledgement a) {
        return AlertProto.Acknowledgement.newBuilder()
                .setAlertId(a.alertId.toString())
                .setAlertOrigin(a.alertOrigin)
                .setPartner(a.partner)
                .setUnit(a.unit == null ? "" : a.unit)
                .setAcknowledgedBy(a.acknowledgedBy)
                .setAcknowledgedAt(Times.timestamp(a.acknowledgedAt))
                .setNote(a.note == null ? "" : a.note)
                .build();
    }

    public static void copyReplica(AlertProto.Acknowledgement m, Acknowledgement into) {
        into.alertId = UUID.fromString(m.getAlertId());
        into.alertOrigin = m.getAlertOrigin();
        into.partner = m.getPartner();
        into.unit = Times.blankToNull(m.getUnit());
        into.acknowledgedBy = m.getAcknowledgedBy();
        into.acknowledgedAt = Times.instant(m.getAcknowledgedAt());
        into.note = Times.blankToNull(m.getNote());
    }
}
