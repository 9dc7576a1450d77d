package org.borderpolice.cases;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A partner jurisdiction invited to a case (参与辖区). At the origin: the owner's record of the
 * invitation and of the partner's answer; at a participant: a replica, whose own row also holds
 * its latest answer (until the origin's next version of the case confirms it).
 */
@Entity
@Table(name = "case_participant")
@IdClass(CaseParticipant.Key.class)
public class CaseParticipant extends PanacheEntityBase {

    @Id
    @Column(name = "case_id")
    public UUID caseId;

    @Id
    public String jurisdiction;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ParticipantState state;

    @Column(name = "invited_at", nullable = false)
    public Instant invitedAt;

    @Column(name = "invited_by")
    public String invitedBy;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "answered_by")
    public String answeredBy;

    @Column(name = "answer_unit")
    public String answerUnit;

    public String reason;

    /** Version of the partner's own answer record held (0: none yet). */
    @Column(name = "answer_version", nullable = false)
    public long answerVersion;

    public static class Key implements Serializable {
        public UUID caseId;
        public String jurisdiction;

        public Key() {}

        public Key(UUID caseId, String jurisdiction) {
            this.caseId = caseId;
            this.jurisdiction = jurisdiction;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(caseId, k.caseId)
                    && Objects.equals(jurisdiction, k.jurisdiction);
        }

        @Override
        public int hashCode() {
            return Objects.hash(caseId, jurisdiction);
        }
    }

    /**
     * The partner's answer (an invited partner accepts or declines; an accepted one may only
     * leave, by declining).
     *
     * @return why it may not answer so, or null
     */
    public String answerProblem(boolean accept) {
        if (state == ParticipantState.INVITED) {
            return null;
        }
        if (state == ParticipantState.ACCEPTED) {
            return accept ? "has already accepted" : null;
        }
        return "is " + state + ", not invited";
    }

    /** The record id of this partner's answer: "&lt;case id&gt;:&lt;partner&gt;". */
    public static String answerRecordId(UUID caseId, String partner) {
        return caseId + ":" + partner;
    }
}
