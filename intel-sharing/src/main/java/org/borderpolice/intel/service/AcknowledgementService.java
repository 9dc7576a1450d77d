package org.borderpolice.intel.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Acknowledgement;
import org.borderpolice.intel.AcknowledgementRule;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.mapping.AcknowledgementMessages;
import org.borderpolice.intel.repository.AlertRepository;

/**
 * Acknowledgements (签收): a receiving partner acknowledges an alert; the acknowledgement is its
 * own record and flows back to the alert's origin, where the publisher sees who acknowledged and
 * who is overdue.
 */
@ApplicationScoped
public class AcknowledgementService {

    public static final String RECORD_TYPE = "intel.acknowledgement";

    @Inject
    AlertRepository alerts;

    @Inject
    TrustList trustList;

    @Inject
    IntelConfig config;

    @Inject
    AlertContributions contributions;

    @Inject
    AuditLog auditLog;

    public AcknowledgementRule rule() {
        return new AcknowledgementRule(
                config.acknowledgement().red(), config.acknowledgement().orange());
    }

    /** A user of this jurisdiction acknowledges a partner's alert it may see. Idempotent. */
    @Transactional
    public Acknowledgement acknowledge(BorderPrincipal caller, UUID alertId, String note) {
        // two officers acknowledging at once: the second waits here, then finds the first's (the
        // row loaded locked, so a replica deleted meanwhile is simply not found)
        alerts.findById(alertId, LockModeType.PESSIMISTIC_WRITE);
        Alert alert = contributions.contributableAlert(caller, alertId, "acknowledge");
        Acknowledgement existing = Acknowledgement.findById(new Acknowledgement.Key(alertId, trustList.selfCode()));
        if (existing != null) {
            return existing;
        }
        Acknowledgement ack = new Acknowledgement();
        ack.alertId = alertId;
        ack.alertOrigin = alert.origin;
        ack.partner = trustList.selfCode();
        ack.unit = caller.unit();
        ack.acknowledgedBy = caller.subject();
        ack.acknowledgedAt = Instant.now();
        ack.note = note == null || note.isBlank() ? null : note.strip();
        ack.persist();
        contributions.send(RECORD_TYPE, ack.recordId(), alert, AcknowledgementMessages.toMessage(ack));
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.acknowledged",
                AlertService.RECORD_TYPE,
                alertId.toString(),
                "acknowledgement of " + alert.origin + "'s alert"));
        return ack;
    }

    /** This jurisdiction's receipt of a partner's alert: by when it must acknowledge it, when it did. */
    public record OwnReceipt(Instant deadline, Instant acknowledgedAt) {}

    /**
     * For the partners' alerts among these that this jurisdiction must acknowledge (its own rule:
     * RED and ORANGE warnings), the deadline and our acknowledgement, for a user of ours (a
     * partner's user reading here gets none: it is not their receipt). One query.
     */
    public Map<UUID, OwnReceipt> ownReceipts(BorderPrincipal caller, List<Alert> shown) {
        String self = trustList.selfCode();
        if (!self.equals(caller.jurisdiction())) {
            return Map.of();
        }
        AcknowledgementRule rule = rule();
        Map<UUID, Instant> due = new HashMap<>();
        for (Alert alert : shown) {
            if (!alert.origin.equals(self)) {
                rule.deadline(alert).ifPresent(deadline -> due.put(alert.id, deadline));
            }
        }
        if (due.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Instant> acknowledged =
                Acknowledgement.<Acknowledgement>list("partner = ?1 and alertId in ?2", self, due.keySet()).stream()
                        .collect(Collectors.toMap(a -> a.alertId, a -> a.acknowledgedAt));
        Map<UUID, OwnReceipt> out = new HashMap<>();
        due.forEach((id, deadline) -> out.put(id, new OwnReceipt(deadline, acknowledged.get(id))));
        return out;
    }

    /**
     * Per partner one of our alerts is shared with: required or not, deadline, acknowledged,
     * overdue. Audited, also when there is no such alert of ours the caller may see.
     */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public List<PartnerReceipt> receipts(BorderPrincipal caller, UUID alertId) {
        requireOwnJurisdiction(caller);
        Alert alert = alerts.findVisible(alertId, alerts.viewer(caller.jurisdiction(), caller.roles()))
                .filter(a -> a.origin.equals(trustList.selfCode()))
                .orElse(null);
        if (alert == null) {
            auditLog.append(new AuditEntry(
                    caller.subject(),
                    caller.jurisdiction(),
                    "alert.receipts",
                    AlertService.RECORD_TYPE,
                    alertId.toString(),
                    AlertService.NOT_FOUND + " among our alerts"));
            throw new NotFoundProblem("no visible alert " + alertId + " of ours");
        }
        Instant now = Instant.now();
        Map<String, Acknowledgement> acks = Acknowledgement.<Acknowledgement>list("alertId", alertId).stream()
                .collect(Collectors.toMap(a -> a.partner, Function.identity()));
        AcknowledgementRule rule = rule();
        Instant deadline = rule.deadline(alert).orElse(null);
        List<PartnerReceipt> out = new ArrayList<>();
        for (String partner : alert.sharedWith().stream().sorted().toList()) {
            Acknowledgement ack = acks.get(partner);
            Instant at = ack == null ? null : ack.acknowledgedAt;
            out.add(new PartnerReceipt(
                    partner,
                    trustList.partner(partner).map(p -> p.name()).orElse(partner),
                    deadline != null,
                    deadline,
                    at,
                    ack == null ? null : ack.acknowledgedBy,
                    ack == null ? null : ack.unit,
                    ack == null ? null : ack.note,
                    rule.overdue(alert, at, now)));
        }
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.receipts",
                AlertService.RECORD_TYPE,
                alertId.toString(),
                out.size() + " partners"));
        return out;
    }

    /**
     * Our active RED/ORANGE alerts, as far as the caller may see them, with the partners they
     * are shared with that are past the deadline: to escalate. One query; audited.
     */
    @Transactional
    public List<Overdue> overdue(BorderPrincipal caller) {
        requireOwnJurisdiction(caller);
        Instant now = Instant.now();
        AcknowledgementRule rule = rule();
        List<Overdue> out = alerts
                .overdue(
                        trustList.selfCode(),
                        alerts.viewer(caller.jurisdiction(), caller.roles()).handlings(),
                        now,
                        now.minus(rule.red()),
                        now.minus(rule.orange()))
                .stream()
                .map(a -> new Overdue(
                        a.id(),
                        a.title(),
                        a.severity(),
                        rule.deadline(a.severity(), a.publishedAt()).orElseThrow(),
                        a.missing()))
                .toList();
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "alert.overdue",
                AlertService.RECORD_TYPE,
                null,
                out.size() + " alerts: "
                        + String.join(
                                " ",
                                out.stream().map(o -> o.alertId().toString()).toList())));
        return out;
    }

    private void requireOwnJurisdiction(BorderPrincipal caller) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " follow its alerts' receipts");
        }
    }

    /** One partner's receipt of one of our alerts. */
    public record PartnerReceipt(
            String partner,
            String name,
            boolean required,
            Instant deadline,
            Instant acknowledgedAt,
            String acknowledgedBy,
            String unit,
            String note,
            boolean overdue) {}

    /** An alert that partners have not acknowledged in time. */
    public record Overdue(
            UUID alertId, String title, Severity severity, Instant deadline, List<String> partnersOverdue) {}
}
