package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.borderpolice.federation.replication.SharedRecord;
import org.borderpolice.federation.search.ChineseText;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A dispute (矛盾纠纷) taken in by a jurisdiction. Rows whose origin is this jurisdiction are ours;
 * the others are replicas of partners' disputes, written only by replication. Its parties are
 * rows of their own ({@link DisputeParty}), and so are the jurisdictions involved
 * ({@code dispute_jurisdiction}: those of its parties and of its team), both loaded with the
 * dispute by the repository.
 */
@Entity
@Table(name = "dispute")
public class Dispute extends PanacheEntityBase implements SharedRecord {

    @Id
    public UUID id;

    @Column(nullable = false, length = 6)
    public String origin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DisputeChannel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DisputeKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DisputeStatus status;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String description;

    /** When the dispute was reported (排查/受理), as the intake says; not when it was stored. */
    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;

    /** 地点, e.g. "三山边界社会治理中心" or a village's fields. */
    public String place;

    @Column(name = "county_code")
    public String countyCode;

    public String township;

    /** 争议金额: yuan, exact. */
    @Column(name = "amount_at_stake", nullable = false, precision = 16, scale = 2)
    public BigDecimal amountAtStake = BigDecimal.ZERO.setScale(2);

    /** 民转刑风险. */
    @Enumerated(EnumType.STRING)
    @Column(name = "risk_level", nullable = false)
    public RiskLevel riskLevel = RiskLevel.LOW;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "dispute_risk_reason", joinColumns = @JoinColumn(name = "dispute_id"))
    @OrderColumn(name = "position")
    @Column(name = "reason", nullable = false)
    public List<String> riskReasons = new ArrayList<>();

    /** 当事人同意调解. */
    @Column(nullable = false)
    public boolean consent;

    // 三调对接: the facts triage decides on (besides kind, amount and parties), and its outcome

    @Column(name = "law_unclear", nullable = false)
    public boolean lawUnclear;

    @Column(name = "new_type", nullable = false)
    public boolean newType;

    @Column(nullable = false)
    public boolean complex;

    /** The competent department when the matter is an administrative one (行政机关主管), or null. */
    public String department;

    /** The highest tier where mediation of this dispute failed, or null. */
    @Enumerated(EnumType.STRING)
    @Column(name = "failed_tier")
    public MediationTier failedTier;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MediationTier tier;

    /** The id of the triage rule that chose the tier; null once a mediator overrode it. */
    @Column(name = "tier_rule")
    public String tierRule;

    @Column(name = "tier_override_reason")
    public String tierOverrideReason;

    @Column(name = "tier_override_by")
    public String tierOverrideBy;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_unit")
    public String createdUnit;

    /** 纠纷编号 {@code <origin>-<year>-<6 digits>} (federation RecordNumber); null on a replica whose origin sent none. */
    @Column(name = "number")
    public String number;

    /** The joint case our case-exchange opened when the dispute was escalated (民转刑); null until then. */
    @Column(name = "escalated_case")
    public UUID escalatedCase;

    @Column(name = "escalated_case_number")
    public String escalatedCaseNumber;

    @Column(name = "escalated_at")
    public Instant escalatedAt;

    /** Who escalated it (the origin's user; not replicated to partners). */
    @Column(name = "escalated_by")
    public String escalatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "status_changed_at", nullable = false)
    public Instant statusChangedAt;

    /** Title and description as words (see ChineseText): for search. */
    @Column(name = "search_title", nullable = false)
    public String searchTitle = "";

    @Column(name = "search_description", nullable = false)
    public String searchDescription = "";

    /** Computed by PostgreSQL from the search columns; only used in queries. */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "search_vector", insertable = false, updatable = false)
    public String searchVector;

    /** The parties, in position order (set by the repository). */
    @Transient
    public List<DisputeParty> parties = new ArrayList<>();

    /**
     * Every jurisdiction involved (the origin, the parties', the team's), in code order (set by
     * the repository).
     */
    @Transient
    public Set<String> involved = new TreeSet<>();

    /** Recompute the search columns from the content. */
    public void index() {
        searchTitle = ChineseText.forIndex(title);
        searchDescription = ChineseText.forIndex(description);
    }

    @Override
    public String origin() {
        return origin;
    }

    /** The partners that hold the dispute: every jurisdiction involved but its origin. */
    @Override
    public Set<String> sharedWith() {
        Set<String> codes = new TreeSet<>(involved);
        codes.remove(origin);
        return codes;
    }

    /** The jurisdictions of the parties, in code order. */
    public Set<String> partyJurisdictions() {
        Set<String> codes = new TreeSet<>();
        parties.forEach(p -> codes.add(p.jurisdiction));
        return codes;
    }

    /** Whether the parties live in more than one jurisdiction (a joint team is needed). */
    public boolean crossBorder() {
        return partyJurisdictions().size() > 1;
    }

    /**
     * The status change onto this dispute, by the rules of {@link DisputeStatus}; mediation
     * needs the parties' consent.
     *
     * @throws IllegalStateException if the status machine does not allow it
     */
    public void changeStatus(DisputeStatus to, Instant now) {
        String problem = statusProblem(to);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        status = to;
        statusChangedAt = now;
    }

    /** Why this dispute may not become {@code to} now, or null. */
    public String statusProblem(DisputeStatus to) {
        if (!status.mayBecome(to)) {
            return "a " + status + " dispute may become "
                    + (status.isFinal() ? "nothing else" : status.next().toString()) + ", not " + to;
        }
        if (to == DisputeStatus.MEDIATING && !consent) {
            return "the parties have not consented to mediation (当事人未同意调解)";
        }
        return null;
    }

    /**
     * Why this dispute may not be escalated (民转刑: a linked joint case opened at case-exchange), or
     * null: only at HIGH risk, and not once withdrawn. One already escalated is not escalated
     * again (its case is the answer), so this is asked only before the first time.
     */
    public String escalationProblem() {
        if (riskLevel != RiskLevel.HIGH) {
            return "only a dispute at HIGH risk of 民转刑 is escalated; this one is at " + riskLevel;
        }
        if (status == DisputeStatus.WITHDRAWN) {
            return "a WITHDRAWN dispute is not escalated";
        }
        return null;
    }

    /**
     * The category of the joint case an escalation opens (case-exchange's names): a commercial
     * dispute that turns criminal is mostly fraud (合同诈骗), wages and other matters stay OTHER
     * (e.g. 拒不支付劳动报酬), and the rest (boundaries, neighbours, families, accidents) turn to
     * violence (故意伤害).
     */
    public String escalationCategory() {
        return switch (kind) {
            case COMMERCIAL_TRADE -> "FRAUD";
            case LABOUR_WAGES, OTHER -> "OTHER";
            case LAND_BOUNDARY, NEIGHBOUR, FAMILY, TRAFFIC_ACCIDENT -> "VIOLENCE";
        };
    }

    /**
     * A higher risk of 民转刑, with its reason (e.g. an overdue instalment); a lower level leaves the
     * level as it is but keeps the reason.
     *
     * @return whether anything changed
     */
    public boolean raiseRisk(RiskLevel level, String reason) {
        boolean changed = false;
        if (level != null && level.ordinal() > riskLevel.ordinal()) {
            riskLevel = level;
            changed = true;
        }
        if (reason != null && !reason.isBlank() && !riskReasons.contains(reason.strip())) {
            riskReasons.add(reason.strip());
            // the newest reasons within the limit every receiver enforces: an older one dropped
            // rather than a dispute that no partner takes any more
            while (riskReasons.size() > DisputeFields.RISK_REASONS) {
                riskReasons.remove(0);
            }
            changed = true;
        }
        return changed;
    }

    /** The id as text, as the replication envelope carries it. */
    public String recordId() {
        return id.toString();
    }

    public static UUID newId(String origin) {
        return org.borderpolice.federation.validation.RecordIds.create(origin);
    }
}
