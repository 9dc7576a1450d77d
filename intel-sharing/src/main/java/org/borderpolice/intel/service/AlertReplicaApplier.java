package org.borderpolice.intel.service;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.notifications.Notifications;
import org.borderpolice.federation.notifications.Recipient;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.proto.intel.v1.AlertProto.AlertCategory;
import org.borderpolice.federation.proto.intel.v1.AlertProto.HandlingCode;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Severity;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.SubjectKind;
import org.borderpolice.intel.AcknowledgementRule;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertStatus;
import org.borderpolice.intel.FieldRules;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.mapping.AlertMessages;
import org.borderpolice.intel.repository.AlertRepository;

/**
 * Keeps partners' alerts: the newest state replaces the replica, a tombstone removes it. An alert
 * belongs to its origin: an id held here with another origin (ours, or a third partner's) is
 * refused, tombstones included, and an alert new to us must carry an id its origin created
 * ({@code RecordIds}), so that nobody can take over an id another jurisdiction will send us. A
 * payload is held to the rules of REST input (lengths, enums, identifiers normalised and
 * validated again, no control characters, timestamps in range) and must agree with its envelope
 * (id, origin, version, distribution: the payload names the partners, the event adds the origin).
 * A HIT_ONLY alert comes only to a partner whose disclosure request its origin approved.
 */
@ApplicationScoped
public class AlertReplicaApplier extends TypedApplier<org.borderpolice.federation.proto.intel.v1.AlertProto.Alert> {

    private static final Set<HandlingCode> HANDLING_CODES =
            Set.of(HandlingCode.GENERAL, HandlingCode.RESTRICTED, HandlingCode.CONFIDENTIAL, HandlingCode.HIT_ONLY);

    @Inject
    AlertRepository alerts;

    @Inject
    SubjectIndexer subjectIndexer;

    @Inject
    Notifications notifications;

    @Inject
    TrustList trustList;

    @Inject
    IntelConfig config;

    public AlertReplicaApplier() {
        super(org.borderpolice.federation.proto.intel.v1.AlertProto.Alert.class);
    }

    @Override
    public String recordType() {
        return AlertService.RECORD_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, org.borderpolice.federation.proto.intel.v1.AlertProto.Alert m)
            throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        Alert existing = alerts.findById(id);
        if (existing != null && !existing.origin.equals(change.origin())) {
            throw new UnreadablePayloadException(
                    "alert " + id + " is held here with origin " + existing.origin + ", not " + change.origin());
        }
        if (change.tombstone()) {
            return;
        }
        if (existing == null) {
            requireCreatedBy(id, change.origin());
        }
        problems(change, m).throwIfAny();
    }

    static PayloadProblems problems(
            ReplicaChange change, org.borderpolice.federation.proto.intel.v1.AlertProto.Alert m) {
        PayloadProblems p = new PayloadProblems("alert")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getOrigin().equals(change.origin()), "origin", "differs from the sender")
                .require(m.getVersion() == change.version(), "version", "differs from the event's version")
                .text("issuing_unit", m.getIssuingUnit(), FieldRules.UNIT, true, false)
                .require(
                        m.getCategory() != AlertCategory.ALERT_CATEGORY_UNSPECIFIED
                                && m.getCategory() != AlertCategory.UNRECOGNIZED,
                        "category",
                        "is not a category")
                .require(
                        m.getSeverity() != Severity.SEVERITY_UNSPECIFIED && m.getSeverity() != Severity.UNRECOGNIZED,
                        "severity",
                        "is not a severity")
                .text("title", m.getTitle(), FieldRules.TITLE, true, false)
                .text("body", m.getBody(), FieldRules.BODY, true, true)
                .require(
                        HANDLING_CODES.contains(m.getHandling()),
                        "handling",
                        "must be GENERAL, RESTRICTED, CONFIDENTIAL or HIT_ONLY")
                .require(m.getSourceReliability().matches("[A-D]"), "source_reliability", "must be A, B, C or D")
                .require(
                        m.getInformationCredibility() >= 1 && m.getInformationCredibility() <= 4,
                        "information_credibility",
                        "must be 1 to 4")
                .timestamp("valid_from", m.hasValidFrom(), m.getValidFrom())
                .timestamp("published_at", m.hasPublishedAt(), m.getPublishedAt())
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt());
        if (m.hasValidUntil()) {
            String until = ProtoTime.problem(true, m.getValidUntil());
            p.add("valid_until", until);
            if (until == null && ProtoTime.problem(m.hasValidFrom(), m.getValidFrom()) == null) {
                p.require(
                        ProtoTime.instant(m.getValidUntil()).isAfter(ProtoTime.instant(m.getValidFrom())),
                        "valid_until",
                        "must be after valid_from");
            }
        }
        p.require(m.getSubjectsCount() <= FieldRules.SUBJECTS, "subjects", "at most " + FieldRules.SUBJECTS);
        for (int i = 0; i < Math.min(m.getSubjectsCount(), FieldRules.SUBJECTS); i++) {
            Subject s = m.getSubjects(i);
            String field = "subjects[" + i + "]";
            SubjectKind kind = SubjectKind.fromProto(s.getKind());
            if (kind == null) {
                p.add(field + ".kind", "is not a subject kind");
                continue;
            }
            String valueProblem = PayloadProblems.textProblem(s.getValue(), FieldRules.IDENTIFIER, true, false);
            p.add(field + ".value", valueProblem != null ? valueProblem : kind.problem(kind.normalise(s.getValue())));
            p.text(field + ".label", s.getLabel(), FieldRules.LABEL, false, false);
        }
        // the payload names the partners; the envelope adds the origin
        Set<String> named = new HashSet<>(m.getDistributionList());
        p.require(
                m.getDistributionCount() <= FieldRules.DISTRIBUTION
                        && m.getDistributionList().stream().allMatch(DivisionCodes::isValid),
                "distribution",
                "must be at most " + FieldRules.DISTRIBUTION + " GB/T 2260 codes");
        named.add(change.origin());
        p.require(
                named.equals(new HashSet<>(change.distribution())),
                "distribution",
                "differs from the event's distribution");
        return p;
    }

    @Override
    protected void applyTyped(List<Typed<org.borderpolice.federation.proto.intel.v1.AlertProto.Alert>> changes) {
        Map<UUID, Alert> kept = new LinkedHashMap<>();
        Set<UUID> created = new HashSet<>();
        for (var typed : changes) {
            ReplicaChange change = typed.change();
            UUID id = UUID.fromString(change.recordId());
            Alert existing = alerts.findById(id);
            if (existing != null && !existing.origin.equals(change.origin())) {
                // checked above; never overwrite a record of another origin
                throw new IllegalStateException("alert " + id + " exists with origin " + existing.origin);
            }
            if (change.tombstone()) {
                if (existing != null) {
                    alerts.delete(existing);
                    // the hashes have no foreign key to the alert: a replica that comes back later
                    // is created again and must find none
                    subjectIndexer.remove(id);
                    // its title must not stay readable in the notification list
                    notifications.withdrawOnce(acknowledgementDueKey(id));
                }
                kept.remove(id);
                continue;
            }
            Alert replica = existing != null ? existing : new Alert();
            AlertMessages.copyReplica(typed.message(), replica);
            replica.index();
            if (existing == null) {
                alerts.persist(replica);
                created.add(id);
            }
            kept.put(id, replica);
        }
        subjectIndexer.index(kept.values(), created);
        kept.values().forEach(this::notifyAcknowledgementDue);
    }

    /** The once-key of an alert's 待签收 notification (withdrawn with the alert). */
    static String acknowledgementDueKey(UUID alertId) {
        return AlertService.RECORD_TYPE + ":" + alertId + ":acknowledgement-due";
    }

    /**
     * 待签收: a partner's warning we must acknowledge (RED, ORANGE) tells our analysts and
     * commanders (the roles that see every handling code), once per alert, in the transaction
     * that applies it.
     */
    private void notifyAcknowledgementDue(Alert alert) {
        AcknowledgementRule rule = new AcknowledgementRule(
                config.acknowledgement().red(), config.acknowledgement().orange());
        if (rule.deadline(alert).isEmpty() || alert.status(java.time.Instant.now()) != AlertStatus.ACTIVE) {
            return;
        }
        String self = trustList.selfCode();
        String partner = trustList.partner(alert.origin).map(p -> p.name()).orElse(alert.origin);
        notifications.notifyOnce(
                acknowledgementDueKey(alert.id),
                "alert.acknowledgement-due",
                AlertService.RECORD_TYPE,
                alert.id.toString(),
                Recipient.withAnyRole(self, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER),
                partner + " " + (alert.severity == org.borderpolice.intel.Severity.RED ? "红色" : "橙色") + "预警待签收："
                        + alert.title);
    }
}
