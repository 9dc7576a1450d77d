package org.borderpolice.intel.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.proto.intel.v1.AlertCategory;
import org.borderpolice.federation.proto.intel.v1.HandlingCode;
import org.borderpolice.federation.proto.intel.v1.Severity;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.validation.SubjectKind;
import org.borderpolice.intel.Acknowledgement;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.DisclosureRequest;
import org.borderpolice.intel.Sighting;
import org.borderpolice.intel.Subject;
import org.borderpolice.intel.rest.AlertView;

import com.google.protobuf.Timestamp;

/** Between the entity, the REST view and the replication message (border.intel.v1.Alert). */
public final class AlertMapper {

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private AlertMapper() {
    }

    /**
     * The alert as {@code viewer} (a jurisdiction's user) may see it: the origin's users see the
     * whole distribution, anyone else only whether it names their own jurisdiction.
     */
    public static AlertView toView(Alert a, Instant now, String viewer) {
        List<String> distribution = List.of(a.distribution).stream()
                .filter(code -> a.origin.equals(viewer) || code.equals(viewer)).sorted().toList();
        return new AlertView(a.id, a.origin, a.issuingUnit, a.category, a.severity, a.title, a.body,
                List.copyOf(a.subjects), time(a.validFrom), time(a.validUntil), distribution,
                a.handling, a.sourceReliability, a.informationCredibility, a.status(now), a.version,
                time(a.publishedAt), time(a.updatedAt), time(a.revokedAt));
    }

    /** The alert as replicated to one partner: the distribution names that partner only. */
    public static org.borderpolice.federation.proto.intel.v1.Alert toMessage(Alert a, String partner) {
        var m = org.borderpolice.federation.proto.intel.v1.Alert.newBuilder()
                .setId(a.id.toString())
                .setOrigin(a.origin)
                .setIssuingUnit(a.issuingUnit)
                .setCategory(AlertCategory.valueOf(a.category.name()))
                .setSeverity(Severity.valueOf(a.severity.name()))
                .setTitle(a.title)
                .setBody(a.body)
                .setValidFrom(timestamp(a.validFrom))
                .addDistribution(partner)
                .setHandling(HandlingCode.valueOf(a.handling.name()))
                .setSourceReliability(a.sourceReliability)
                .setInformationCredibility(a.informationCredibility)
                .setVersion(a.version)
                .setPublishedAt(timestamp(a.publishedAt))
                .setUpdatedAt(timestamp(a.updatedAt));
        if (a.validUntil != null) {
            m.setValidUntil(timestamp(a.validUntil));
        }
        for (Subject s : a.subjects) {
            m.addSubjects(org.borderpolice.federation.proto.common.v1.Subject.newBuilder()
                    .setKind(s.kind().toProto()).setValue(s.value())
                    .setLabel(s.label() == null ? "" : s.label()));
        }
        return m.build();
    }

    /** A partner's alert as a replica row (replaces every field of an existing replica). */
    public static void copyReplica(org.borderpolice.federation.proto.intel.v1.Alert m, Alert into) {
        into.id = UUID.fromString(m.getId());
        into.origin = m.getOrigin();
        into.issuingUnit = m.getIssuingUnit();
        into.category = org.borderpolice.intel.AlertCategory.valueOf(m.getCategory().name());
        into.severity = org.borderpolice.intel.Severity.valueOf(m.getSeverity().name());
        into.title = m.getTitle();
        into.body = m.getBody();
        into.subjects = m.getSubjectsList().stream()
                .map(s -> {
                    var kind = SubjectKind.fromProto(s.getKind());
                    // stored in normal form, as if published here: hashes and searches match
                    return new Subject(kind, kind.normalise(s.getValue()), blankToNull(s.getLabel()));
                })
                .toList();
        into.validFrom = instant(m.getValidFrom());
        into.validUntil = m.hasValidUntil() ? instant(m.getValidUntil()) : null;
        into.distribution = m.getDistributionList().toArray(String[]::new);
        into.handling = org.borderpolice.intel.HandlingCode.valueOf(m.getHandling().name());
        into.sourceReliability = m.getSourceReliability();
        into.informationCredibility = (short) m.getInformationCredibility();
        into.version = m.getVersion();
        into.publishedAt = instant(m.getPublishedAt());
        into.updatedAt = instant(m.getUpdatedAt());
        into.revokedAt = null;
    }

    public static org.borderpolice.federation.proto.intel.v1.Acknowledgement toMessage(Acknowledgement a) {
        return org.borderpolice.federation.proto.intel.v1.Acknowledgement.newBuilder()
                .setAlertId(a.alertId.toString())
                .setAlertOrigin(a.alertOrigin)
                .setPartner(a.partner)
                .setUnit(a.unit == null ? "" : a.unit)
                .setAcknowledgedBy(a.acknowledgedBy)
                .setAcknowledgedAt(timestamp(a.acknowledgedAt))
                .setNote(a.note == null ? "" : a.note)
                .build();
    }

    public static void copyReplica(org.borderpolice.federation.proto.intel.v1.Acknowledgement m, Acknowledgement into) {
        into.alertId = UUID.fromString(m.getAlertId());
        into.alertOrigin = m.getAlertOrigin();
        into.partner = m.getPartner();
        into.unit = blankToNull(m.getUnit());
        into.acknowledgedBy = m.getAcknowledgedBy();
        into.acknowledgedAt = instant(m.getAcknowledgedAt());
        into.note = blankToNull(m.getNote());
    }

    public static org.borderpolice.federation.proto.intel.v1.Sighting toMessage(Sighting s) {
        return org.borderpolice.federation.proto.intel.v1.Sighting.newBuilder()
                .setId(s.id.toString())
                .setAlertId(s.alertId.toString())
                .setAlertOrigin(s.alertOrigin)
                .setPartner(s.partner)
                .setKind(org.borderpolice.federation.proto.intel.v1.ReportKind.valueOf(s.kind.name()))
                .setObservedAt(timestamp(s.observedAt))
                .setPlace(s.place == null ? "" : s.place)
                .setDescription(s.description)
                .setUnit(s.unit == null ? "" : s.unit)
                .setReportedBy(s.reportedBy)
                .setReportedAt(timestamp(s.reportedAt))
                .build();
    }

    public static void copyReplica(org.borderpolice.federation.proto.intel.v1.Sighting m, Sighting into) {
        into.id = UUID.fromString(m.getId());
        into.alertId = UUID.fromString(m.getAlertId());
        into.alertOrigin = m.getAlertOrigin();
        into.partner = m.getPartner();
        into.kind = Sighting.Kind.valueOf(m.getKind().name());
        into.observedAt = instant(m.getObservedAt());
        into.place = blankToNull(m.getPlace());
        into.description = m.getDescription();
        into.unit = blankToNull(m.getUnit());
        into.reportedBy = m.getReportedBy();
        into.reportedAt = instant(m.getReportedAt());
    }

    public static org.borderpolice.federation.proto.intel.v1.DisclosureRequest toRequestMessage(DisclosureRequest r) {
        return org.borderpolice.federation.proto.intel.v1.DisclosureRequest.newBuilder()
                .setId(r.id.toString()).setRequester(r.requester).setOwner(r.owner).setAlertId(r.alertId.toString())
                .setReason(r.reason).setRequestedBy(r.requestedBy).setUnit(r.unit == null ? "" : r.unit)
                .setRequestedAt(timestamp(r.requestedAt)).setDeadline(timestamp(r.deadline)).build();
    }

    public static org.borderpolice.federation.proto.intel.v1.DisclosureAnswer toAnswerMessage(DisclosureRequest r) {
        return org.borderpolice.federation.proto.intel.v1.DisclosureAnswer.newBuilder()
                .setRequestId(r.id.toString()).setOwner(r.owner).setRequester(r.requester)
                .setDecision(r.status == DisclosureRequest.Status.APPROVED
                        ? org.borderpolice.federation.proto.intel.v1.DisclosureDecision.APPROVED
                        : org.borderpolice.federation.proto.intel.v1.DisclosureDecision.DENIED)
                .setReason(r.answerReason == null ? "" : r.answerReason)
                .setAnsweredBy(r.answeredBy).setAnsweredAt(timestamp(r.answeredAt)).build();
    }

    public static void copyReplica(org.borderpolice.federation.proto.intel.v1.DisclosureRequest m, DisclosureRequest into) {
        into.id = UUID.fromString(m.getId());
        into.requester = m.getRequester();
        into.owner = m.getOwner();
        into.alertId = UUID.fromString(m.getAlertId());
        into.reason = m.getReason();
        into.requestedBy = m.getRequestedBy();
        into.unit = blankToNull(m.getUnit());
        into.requestedAt = instant(m.getRequestedAt());
        into.deadline = instant(m.getDeadline());
        into.status = DisclosureRequest.Status.PENDING;
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }

    public static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(CHINA);
    }

    static Timestamp timestamp(Instant i) {
        return ProtoTime.timestamp(i);
    }

    static Instant instant(Timestamp t) {
        return ProtoTime.instant(t);
    }
}
