package org.borderpolice.intel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.borderpolice.federation.replication.SharedRecord;
import org.borderpolice.federation.search.ChineseText;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An alert / early warning (预警). Rows whose origin is this jurisdiction are ours; the others
 * are replicas of partners' alerts, written only by replication.
 */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase implements SharedRecord {

    /** The record type of alerts between jurisdictions. */
    public static final String RECORD_TYPE = "intel.alert";

    @Id
    public UUID id;

    @Column(nullable = false, length = 6)
    public String origin;

    @Column(name = "issuing_unit", nullable = false)
    public String issuingUnit;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AlertCategory category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String body;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Subject> subjects = new ArrayList<>();

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_until")
    public Instant validUntil;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "varchar(6)[]")
    public String[] distribution;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HandlingCode handling;

    @Column(name = "source_reliability", nullable = false)
    public String sourceReliability;

    @Column(name = "information_credibility", nullable = false)
    public short informationCredibility;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(nullable = false)
    public long version;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "published_by")
    public String publishedBy;

    /** Title and body as words (see ChineseText), and subject identifiers: for search. */
    @Column(name = "search_title", nullable = false)
    public String searchTitle = "";

    @Column(name = "search_body", nullable = false)
    public String searchBody = "";

    @Column(name = "subject_values", nullable = false)
    public String subjectValues = "";

    /** Computed by PostgreSQL from searchTitle and searchBody; only used in queries. */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "search_vector", insertable = false, updatable = false)
    public String searchVector;

    /** Recompute the search columns from the content (both at the origin and at receivers). */
    public void index() {
        searchTitle = ChineseText.forIndex(title);
        searchBody = ChineseText.forIndex(body);
        subjectValues = String.join(" ", subjects.stream().map(Subject::value).toList());
    }

    /**
     * The partners the alert is really shared with: its distribution (for a HIT_ONLY alert, the
     * partners an approved disclosure request named; none otherwise). Only they hold it,
     * acknowledge it, report on it, or are overdue.
     */
    @Override
    public List<String> sharedWith() {
        return List.of(distribution);
    }

    @Override
    public String origin() {
        return origin;
    }

    public AlertStatus status(Instant now) {
        return AlertStatus.of(revokedAt, validUntil, now);
    }
}
