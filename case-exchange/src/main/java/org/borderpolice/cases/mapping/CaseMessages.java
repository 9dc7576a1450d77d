package org.borderpolice.cases.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.SubjectRole;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.SubjectKind;

import com.google.protobuf.Timestamp;

/** A joint case and its border.cases.v1.JointCase message. */
public final class CaseMessages {

    private CaseMessages() {}

    public static CaseProto.JointCase toMessage(JointCase c) {
        CaseProto.JointCase.Builder m = CaseProto.JointCase.newBuilder()
                .setId(c.id.toString())
                .setOrigin(c.origin)
                .setNumber(c.number)
                .setCategory(CaseProto.CaseCategory.valueOf(c.category.name()))
                .setStatus(status(c.status))
                .setTitle(c.title)
                .setSummary(c.summary)
                .setLeadUnit(c.leadUnit)
                .setLossAmount(Amounts.text(c.lossAmount))
                .setRecoveredAmount(Amounts.text(c.recoveredAmount))
                .setCreatedAt(ProtoTime.timestamp(c.createdAt))
                .setUpdatedAt(ProtoTime.timestamp(c.updatedAt))
                .setStatusChangedAt(ProtoTime.timestamp(c.statusChangedAt));
        if (c.occurredAt != null) {
            m.setOccurredAt(ProtoTime.timestamp(c.occurredAt));
        }
        if (c.township != null) {
            m.setTownship(c.township);
        }
        if (c.countyCode != null) {
            m.setCountyCode(c.countyCode);
        }
        if (c.linkedDispute != null) {
            m.setLinkedDispute(c.linkedDispute.toString());
        }
        if (c.solvedAt != null) {
            m.setSolvedAt(ProtoTime.timestamp(c.solvedAt));
        }
        if (c.closedAt != null) {
            m.setClosedAt(ProtoTime.timestamp(c.closedAt));
        }
        for (CaseSubject s : c.subjects) {
            Subject.Builder subject =
                    Subject.newBuilder().setKind(s.kind.toProto()).setValue(s.value);
            if (s.label != null) {
                subject.setLabel(s.label);
            }
            m.addSubjects(CaseProto.CaseSubject.newBuilder()
                    .setSubject(subject)
                    .setRole(CaseProto.SubjectRole.valueOf(s.role.name())));
        }
        for (CaseParticipant p : c.participants) {
            CaseProto.Participant.Builder participant = CaseProto.Participant.newBuilder()
                    .setJurisdiction(p.jurisdiction)
                    .setState(CaseProto.ParticipantState.valueOf(p.state.name()))
                    .setInvitedAt(ProtoTime.timestamp(p.invitedAt))
                    .setAnswerVersion(p.answerVersion);
            if (p.answeredAt != null) {
                participant.setAnsweredAt(ProtoTime.timestamp(p.answeredAt));
            }
            if (p.answeredBy != null) {
                participant.setAnsweredBy(p.answeredBy);
            }
            if (p.answerUnit != null) {
                participant.setAnswerUnit(p.answerUnit);
            }
            if (p.reason != null) {
                participant.setReason(p.reason);
            }
            m.addParticipants(participant);
        }
        return m.build();
    }

    public static CaseProto.CaseStatus status(CaseStatus s) {
        return CaseProto.CaseStatus.valueOf(s.name());
    }

    /** The status a partner sent, or null if none we know. */
    public static CaseStatus status(CaseProto.CaseStatus s) {
        return switch (s) {
            case DRAFT -> CaseStatus.DRAFT;
            case OPEN -> CaseStatus.OPEN;
            case INVESTIGATING -> CaseStatus.INVESTIGATING;
            case SOLVED -> CaseStatus.SOLVED;
            case CLOSED -> CaseStatus.CLOSED;
            case REOPENED -> CaseStatus.REOPENED;
            default -> null;
        };
    }

    /** The category a partner sent, or null if none we know. */
    public static CaseCategory category(CaseProto.CaseCategory c) {
        return c == CaseProto.CaseCategory.CASE_CATEGORY_UNSPECIFIED || c == CaseProto.CaseCategory.UNRECOGNIZED
                ? null
                : CaseCategory.valueOf(c.name());
    }

    public static ParticipantState state(CaseProto.ParticipantState s) {
        return s == CaseProto.ParticipantState.PARTICIPANT_STATE_UNSPECIFIED
                        || s == CaseProto.ParticipantState.UNRECOGNIZED
                ? null
                : ParticipantState.valueOf(s.name());
    }

    public static SubjectRole role(CaseProto.SubjectRole r) {
        return r == CaseProto.SubjectRole.SUBJECT_ROLE_UNSPECIFIED || r == CaseProto.SubjectRole.UNRECOGNIZED
                ? null
                : SubjectRole.valueOf(r.name());
    }

    /** A partner's (checked) case onto our replica; participants are returned, not set. */
    public static List<CaseParticipant> copyReplica(CaseProto.JointCase m, JointCase c) {
        c.id = UUID.fromString(m.getId());
        c.origin = m.getOrigin();
        c.number = m.getNumber();
        c.category = category(m.getCategory());
        c.status = status(m.getStatus());
        c.title = m.getTitle();
        c.summary = m.getSummary();
        c.occurredAt = m.hasOccurredAt() ? ProtoTime.instant(m.getOccurredAt()) : null;
        c.township = m.getTownship().isEmpty() ? null : m.getTownship();
        c.countyCode = m.getCountyCode().isEmpty() ? null : m.getCountyCode();
        c.leadUnit = m.getLeadUnit();
        c.linkedDispute = m.getLinkedDispute().isEmpty() ? null : UUID.fromString(m.getLinkedDispute());
        c.lossAmount = Amounts.parse(m.getLossAmount());
        c.recoveredAmount = Amounts.parse(m.getRecoveredAmount());
        c.createdAt = ProtoTime.instant(m.getCreatedAt());
        c.updatedAt = ProtoTime.instant(m.getUpdatedAt());
        c.statusChangedAt = ProtoTime.instant(m.getStatusChangedAt());
        c.solvedAt = time(m.hasSolvedAt(), m.getSolvedAt());
        c.closedAt = time(m.hasClosedAt(), m.getClosedAt());
        c.subjects.clear();
        for (CaseProto.CaseSubject s : m.getSubjectsList()) {
            SubjectKind kind = SubjectKind.fromProto(s.getSubject().getKind());
            c.subjects.add(new CaseSubject(
                    kind,
                    s.getSubject().getValue(),
                    s.getSubject().getLabel().isEmpty() ? null : s.getSubject().getLabel(),
                    role(s.getRole())));
        }
        c.index();
        List<CaseParticipant> participants = new ArrayList<>();
        for (CaseProto.Participant p : m.getParticipantsList()) {
            CaseParticipant row = new CaseParticipant();
            row.caseId = c.id;
            row.jurisdiction = p.getJurisdiction();
            copyParticipant(p, row);
            participants.add(row);
        }
        return participants;
    }

    /** A participant's state as the origin sent it. */
    public static void copyParticipant(CaseProto.Participant p, CaseParticipant row) {
        row.state = state(p.getState());
        row.invitedAt = ProtoTime.instant(p.getInvitedAt());
        row.answeredAt = time(p.hasAnsweredAt(), p.getAnsweredAt());
        row.answeredBy = p.getAnsweredBy().isEmpty() ? null : p.getAnsweredBy();
        row.answerUnit = p.getAnswerUnit().isEmpty() ? null : p.getAnswerUnit();
        row.reason = p.getReason().isEmpty() ? null : p.getReason();
        row.answerVersion = p.getAnswerVersion();
    }

    private static Instant time(boolean present, Timestamp t) {
        return present ? ProtoTime.instant(t) : null;
    }
}
