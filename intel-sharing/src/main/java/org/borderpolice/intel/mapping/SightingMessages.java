package org.borderpolice.intel.mapping;

import java.util.UUID;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.intel.Sighting;

/** A sighting or feedback and its replication message (border.intel.v1.Sighting). */
public final class SightingMessages {

    private SightingMessages() {}

    public static AlertProto.Sighting toMessage(Sighting s) {
        return AlertProto.Sighting.newBuilder()
                .setId(s.id.toString())
                .setAlertId(s.alertId.toString())
                .setAlertOrigin(s.alertOrigin)
                .setPartner(s.partner)
                .setKind(AlertProto.ReportKind.valueOf(s.kind.name()))
                .setObservedAt(Times.timestamp(s.observedAt))
                .setPlace(s.place == null ? "" : s.place)
                .setDescription(s.description)
                .setUnit(s.unit == null ? "" : s.unit)
                .setReportedBy(s.reportedBy)
                .setReportedAt(Times.timestamp(s.reportedAt))
                .build();
    }

    public static void copyReplica(AlertProto.Sighting m, Sighting into) {
        into.id = UUID.fromString(m.getId());
        into.alertId = UUID.fromString(m.getAlertId());
        into.alertOrigin = m.getAlertOrigin();
        into.partner = m.getPartner();
        into.kind = Sighting.Kind.valueOf(m.getKind().name());
        into.observedAt = Times.instant(m.getObservedAt());
        into.place = Times.blankToNull(m.getPlace());
        into.description = m.getDescription();
        into.unit = Times.blankToNull(m.getUnit());
        into.reportedBy = m.getReportedBy();
        into.reportedAt = Times.instant(m.getReportedAt());
    }
}
