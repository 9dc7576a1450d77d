package org.borderpolice.intel.mapping;

import java.util.UUID;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.federation.validation.SubjectKind;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.Subject;

/** An alert and its replication message (border.intel.v1.Alert). */
public final class AlertMessages {

    private AlertMessages() {}

    /** The alert as replicated to one partner: the distribution names that partner only. */
    public static AlertProto.Alert toMessage(Alert a, String partner) {
        var m = AlertProto.Alert.newBuilder()
                .setId(a.id.toString())
                .setOrigin(a.origin)
                .setIssuingUnit(a.issuingUnit)
                .setCategory(AlertProto.AlertCategory.valueOf(a.category.name()))
                .setSeverity(AlertProto.Severity.valueOf(a.severity.name()))
                .setTitle(a.title)
                .setBody(a.body)
                .setValidFrom(Times.timestamp(a.validFrom))
                .addDistribution(partner)
                .setHandling(AlertProto.HandlingCode.valueOf(a.handling.name()))
                .setSourceReliability(a.sourceReliability)
                .setInformationCredibility(a.informationCredibility)
                .setVersion(a.version)
                .setPublishedAt(Times.timestamp(a.publishedAt))
                .setUpdatedAt(Times.timestamp(a.updatedAt));
        if (a.validUntil != null) {
            m.setValidUntil(Times.timestamp(a.validUntil));
        }
        for (Subject s : a.subjects) {
            m.addSubjects(org.borderpolice.federation.proto.common.v1.Subject.newBuilder()
                    .setKind(s.kind().toProto())
                    .setValue(s.value())
                    .setLabel(s.label() == null ? "" : s.label()));
        }
        return m.build();
    }

    /** A partner's alert as a replica row (replaces every field of an existing replica). */
    public static void copyReplica(AlertProto.Alert m, Alert into) {
        into.id = UUID.fromString(m.getId());
        into.origin = m.getOrigin();
        into.issuingUnit = m.getIssuingUnit();
        into.category = AlertCategory.valueOf(m.getCategory().name());
        into.severity = Severity.valueOf(m.getSeverity().name());
        into.title = m.getTitle();
        into.body = m.getBody();
        into.subjects = m.getSubjectsList().stream()
                .map(s -> {
                    var kind = SubjectKind.fromProto(s.getKind());
                    // stored in normal form, as if published here: hashes and searches match
                    return new Subject(kind, kind.normalise(s.getValue()), Times.blankToNull(s.getLabel()));
                })
                .toList();
        into.validFrom = Times.instant(m.getValidFrom());
        into.validUntil = m.hasValidUntil() ? Times.instant(m.getValidUntil()) : null;
        into.distribution = m.getDistributionList().toArray(String[]::new);
        into.handling = HandlingCode.valueOf(m.getHandling().name());
        into.sourceReliability = m.getSourceReliability();
        into.informationCredibility = (short) m.getInformationCredibility();
        into.version = m.getVersion();
        into.publishedAt = Times.instant(m.getPublishedAt());
        into.updatedAt = Times.instant(m.getUpdatedAt());
        into.revokedAt = null;
    }
}
