package org.borderpolice.cases;

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
 * A joint case (联合案件). Rows whose origin is this jurisdiction are ours; the others are
 * replicas of partners' cases, written only by replication. Its participants are rows of their
 * own ({@link CaseParticipant}), loaded with the case by the repository.
 */
@Entity
@Table(name = "joint_case")
public class JointCase extends PanacheEntityBase implements SharedRecord {

    /** The record type a case travels under between jurisdictions. */
    public static final String RECORD_TYPE = "cases.case";

    @Id
    public UUID id;

    @Column(nullable = false, length = 6)
    public String origin;

    @Column(name = "case_number", nullable = false)
    public String number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CaseCategory category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CaseStatus status;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String summary;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String township;

    @Column(name = "county_code")
    public String countyCode;

    @Column(name = "lead_unit", nullable = false)
    public String leadUnit;

    /** The joint-mediation dispute whose escalation (民转刑) opened this case; set when filed, never changed. */
    @Column(name = "linked_dispute")
    public UUID linkedDispute;

    @Column(name = "loss_amount", nullable = false, precision = 16, scale = 2)
    public BigDecimal lossAmount = BigDecimal.ZERO.setScale(2);

    @Column(name = "recovered_amount", nullable = false, precision = 16, scale = 2)
    public BigDecimal recoveredAmount = BigDecimal.ZERO.setScale(2);

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "case_subject", joinColumns = @JoinColumn(name = "case_id"))
    @OrderColumn(name = "position")
    public List<CaseSubject> subjects = new ArrayList<>();

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "status_changed_at", nullable = false)
    public Instant statusChangedAt;

    @Column(name = "solved_at")
    public Instant solvedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** Title and summary as words (see ChineseText): for search. */
    @Column(name = "search_title", nullable = false)
    public String searchTitle = "";

    @Column(name = "search_summary", nullable = false)
    public String searchSummary = "";

    /** Computed by PostgreSQL from the search columns; only used in queries. */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "search_vector", insertable = false, updatable = false)
    public String searchVector;

    /**
     * The partners that see the case as participant (invited or accepted), kept by PostgreSQL from
     * the participant rows (V122's trigger); only used in queries (the visibility rule).
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "participating", insertable = false, updatable = false)
    public String[] participating;

    /**
     * The jurisdictions that see the case: its origin, and while it is no draft its participating
     * codes. PostgreSQL computes it (V123); only used in queries (a search's visibility rule,
     * through the text indexes).
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "viewers", insertable = false, updatable = false)
    public String[] viewers;

    /** Every partner ever invited, in code order (set by the repository). */
    @Transient
    public List<CaseParticipant> participants = new ArrayList<>();

    /** Recompute the search columns from the content (at the origin and at participants). */
    public void index() {
        searchTitle = ChineseText.forIndex(title);
        searchSummary = ChineseText.forIndex(summary);
    }

    @Override
    public String origin() {
        return origin;
    }

    /**
     * The partners that hold the case: those invited or accepted, once it is no draft. Only they
     * see it, answer and add notes.
     */
    @Override
    public Set<String> sharedWith() {
        Set<String> codes = new TreeSet<>();
        if (status.shared()) {
            participants.stream().filter(p -> p.state.active()).forEach(p -> codes.add(p.jurisdiction));
        }
        return codes;
    }

    public CaseParticipant participant(String code) {
        return participants.stream()
                .filter(p -> p.jurisdiction.equals(code))
                .findFirst()
                .orElse(null);
    }

    /**
     * The status change onto this case, by the rules of {@link CaseStatus}; the timestamps of
     * solving and closing follow (a reopened case is neither solved nor closed any more).
     *
     * @throws IllegalStateException if the status machine does not allow it
     */
    public void changeStatus(CaseStatus to, Instant now) {
        if (!status.mayBecome(to)) {
            throw new IllegalStateException(status + " cannot become " + to);
        }
        status = to;
        statusChangedAt = now;
        switch (to) {
            case SOLVED -> solvedAt = now;
            case CLOSED -> closedAt = now;
            case REOPENED -> {
                solvedAt = null;
                closedAt = null;
            }
            default -> {}
        }
    }

    /** The id as text, as the replication envelope carries it. */
    public String recordId() {
        return id.toString();
    }

    public static UUID newId(String origin) {
        return org.borderpolice.federation.validation.RecordIds.create(origin);
    }
}
