package org.borderpolice.cases.mapping;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.borderpolice.cases.AssistanceKind;
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.RequesterState;
import org.borderpolice.cases.ResponderState;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.validation.SubjectKind;

import com.google.protobuf.Timestamp;

/**
 * Assistance requests to and from {@code border.cases.v1} messages: the requester's part as an
 * {@code AssistanceRequest}, the addressee's as an {@code AssistanceResponse}.
 */
public final class AssistanceMessages {

    private AssistanceMessages() {}

    /** The requester's part. */
    public static AssistanceProto.AssistanceRequest toMessage(AssistanceRequest r) {
        AssistanceProto.AssistanceRequest.Builder m = AssistanceProto.AssistanceRequest.newBuilder()
                .setId(r.recordId())
                .setCaseId(r.caseId.toString())
                .setCaseOrigin(r.caseOrigin)
                .setRequester(r.requester)
                .setAddressee(r.addressee)
                .setKind(AssistanceProto.AssistanceKind.valueOf("KIND_" + r.kind.name()))
                .setPriority(AssistanceProto.AssistancePriority.valueOf("PRIORITY_" + r.priority.name()))
                .setDetails(r.details)
                .setRequestedBy(r.requestedBy)
                .setSentAt(ProtoTime.timestamp(r.sentAt))
                .setDueAt(ProtoTime.timestamp(r.dueAt))
                .setState(
                        r.requesterState == RequesterState.WITHDRAWN
                                ? AssistanceProto.RequesterState.REQUEST_WITHDRAWN
                                : AssistanceProto.RequesterState.REQUEST_SENT);
        if (r.requesterUnit != null) {
            m.setUnit(r.requesterUnit);
        }
        if (r.withdrawnAt != null) {
            m.setWithdrawnAt(ProtoTime.timestamp(r.withdrawnAt));
        }
        if (r.withdrawnBy != null) {
            m.setWithdrawnBy(r.withdrawnBy);
        }
        if (r.withdrawalReason != null) {
            m.setWithdrawalReason(r.withdrawalReason);
        }
        for (CaseSubject s : r.subjects) {
            Subject.Builder subject =
                    Subject.newBuilder().setKind(s.kind.toProto()).setValue(s.value);
            if (s.label != null) {
                subject.setLabel(s.label);
            }
            m.addSubjects(CaseProto.CaseSubject.newBuilder()
                    .setSubject(subject)
                    .setRole(CaseProto.SubjectRole.valueOf(s.role.name())));
        }
        return m.build();
    }

    /** The addressee's part (once it acted: not PENDING). */
    public static AssistanceProto.AssistanceResponse toResponse(AssistanceRequest r) {
        AssistanceProto.AssistanceResponse.Builder m = AssistanceProto.AssistanceResponse.newBuilder()
                .setRequestId(r.recordId())
                .setRequester(r.requester)
                .setAddressee(r.addressee)
                .setState(responderState(r.responderState));
        set(r.officerName, m::setOfficerName);
        set(r.officerId, m::setOfficerId);
        set(r.responderUnit, m::setUnit);
        set(r.acceptedBy, m::setAcceptedBy);
        set(r.declinedBy, m::setDeclinedBy);
        set(r.declineReason, m::setDeclineReason);
        set(r.answeredBy, m::setAnsweredBy);
        set(r.findings, m::setFindings);
        if (r.acceptedAt != null) {
            m.setAcceptedAt(ProtoTime.timestamp(r.acceptedAt));
        }
        if (r.declinedAt != null) {
            m.setDeclinedAt(ProtoTime.timestamp(r.declinedAt));
        }
        if (r.answeredAt != null) {
            m.setAnsweredAt(ProtoTime.timestamp(r.answeredAt));
        }
        return m.build();
    }

    /**
     * A (checked) request of a partner, new to us: the requester's part onto a new row, received
     * at {@code received}. Our deadlines and lists run on our clock: the request counts as sent
     * when we received it (or at the requester's claim, if that is later: the applier allows a
     * few minutes of skew), with the span to the deadline the requester gave; its claims are kept
     * beside them. A request sent backdated (or delayed by an outage) thus never arrives overdue.
     */
    public static AssistanceRequest newReplica(AssistanceProto.AssistanceRequest m, Instant received) {
        AssistanceRequest r = new AssistanceRequest();
        r.id = UUID.fromString(m.getId());
        r.caseId = UUID.fromString(m.getCaseId());
        r.caseOrigin = m.getCaseOrigin();
        r.requester = m.getRequester();
        r.addressee = m.getAddressee();
        r.kind = kind(m.getKind());
        r.priority = priority(m.getPriority());
        r.details = m.getDetails();
        r.requestedBy = m.getRequestedBy();
        r.requesterUnit = m.getUnit().isEmpty() ? null : m.getUnit();
        r.claimedSentAt = micros(ProtoTime.instant(m.getSentAt()));
        r.claimedDueAt = micros(ProtoTime.instant(m.getDueAt()));
        r.sentAt = r.claimedSentAt.isAfter(received) ? r.claimedSentAt : received;
        r.dueAt = r.sentAt.plus(Duration.between(r.claimedSentAt, r.claimedDueAt));
        for (CaseProto.CaseSubject s : m.getSubjectsList()) {
            r.subjects.add(new CaseSubject(
                    SubjectKind.fromProto(s.getSubject().getKind()),
                    s.getSubject().getValue(),
                    s.getSubject().getLabel().isEmpty() ? null : s.getSubject().getLabel(),
                    CaseMessages.role(s.getRole())));
        }
        return r;
    }

    /** The requester's changeable part (withdrawal) onto the row we hold. */
    public static void copyRequesterPart(AssistanceProto.AssistanceRequest m, AssistanceRequest r) {
        r.requesterState = requesterState(m.getState());
        r.withdrawnAt = time(m.hasWithdrawnAt(), m.getWithdrawnAt());
        r.withdrawnBy = m.getWithdrawnBy().isEmpty() ? null : m.getWithdrawnBy();
        r.withdrawalReason = m.getWithdrawalReason().isEmpty() ? null : m.getWithdrawalReason();
    }

    /**
     * The addressee's (checked) part onto our request, received at {@code received}. The times
     * are ours, never the addressee's clock (it is the party response times and overdue measure):
     * each step is stamped when we first receive a response that reached it. A final answer
     * (DECLINED, ANSWERED) is not changed again; the applier lets only a re-delivery of it (more
     * files, nothing else) through.
     */
    public static void copyResponderPart(AssistanceProto.AssistanceResponse m, AssistanceRequest r, Instant received) {
        ResponderState state = responderState(m.getState());
        if (r.responderState.isFinal()) {
            return;
        }
        r.responderState = state;
        r.officerName = blankToNull(m.getOfficerName());
        r.officerId = blankToNull(m.getOfficerId());
        r.responderUnit = blankToNull(m.getUnit());
        r.acceptedBy = blankToNull(m.getAcceptedBy());
        r.declinedBy = blankToNull(m.getDeclinedBy());
        r.declineReason = blankToNull(m.getDeclineReason());
        r.answeredBy = blankToNull(m.getAnsweredBy());
        r.findings = blankToNull(m.getFindings());
        boolean accepted = state == ResponderState.ACCEPTED || state == ResponderState.ANSWERED || m.hasAcceptedAt();
        if (accepted && r.acceptedAt == null) {
            r.acceptedAt = received;
        }
        if (state == ResponderState.DECLINED && r.declinedAt == null) {
            r.declinedAt = received;
        }
        if (state == ResponderState.ANSWERED && r.answeredAt == null) {
            r.answeredAt = received;
        }
    }

    /**
     * Why a response may not follow the final answer held, or null: once DECLINED or ANSWERED
     * the addressee may only send the same answer again (with more files); its findings, reason,
     * officer and state stay as first received.
     */
    public static String finalAnswerProblem(AssistanceProto.AssistanceResponse m, AssistanceRequest r) {
        if (!r.responderState.isFinal()) {
            return null;
        }
        ResponderState state = responderState(m.getState());
        if (state != r.responderState) {
            return "is " + r.responderState + " here: it cannot become " + state;
        }
        List<String> changed = new ArrayList<>();
        differs(changed, "officer_name", r.officerName, m.getOfficerName());
        differs(changed, "officer_id", r.officerId, m.getOfficerId());
        differs(changed, "unit", r.responderUnit, m.getUnit());
        differs(changed, "accepted_by", r.acceptedBy, m.getAcceptedBy());
        differs(changed, "declined_by", r.declinedBy, m.getDeclinedBy());
        differs(changed, "decline_reason", r.declineReason, m.getDeclineReason());
        differs(changed, "answered_by", r.answeredBy, m.getAnsweredBy());
        differs(changed, "findings", r.findings, m.getFindings());
        return changed.isEmpty()
                ? null
                : "is " + r.responderState + " here, a final answer: only files may be added to it, "
                        + String.join(", ", changed) + " may not change";
    }

    private static void differs(List<String> changed, String field, String held, String sent) {
        if (!Objects.equals(held, blankToNull(sent))) {
            changed.add(field);
        }
    }

    public static AssistanceKind kind(AssistanceProto.AssistanceKind k) {
        return switch (k) {
            case KIND_IDENTITY_CHECK -> AssistanceKind.IDENTITY_CHECK;
            case KIND_LOCATE_PERSON -> AssistanceKind.LOCATE_PERSON;
            case KIND_LOCATE_VEHICLE -> AssistanceKind.LOCATE_VEHICLE;
            case KIND_COLLECT_EVIDENCE -> AssistanceKind.COLLECT_EVIDENCE;
            case KIND_ASSIST_ARREST -> AssistanceKind.ASSIST_ARREST;
            case KIND_FREEZE_ASSETS -> AssistanceKind.FREEZE_ASSETS;
            case KIND_OTHER -> AssistanceKind.OTHER;
            default -> null;
        };
    }

    public static AssistancePriority priority(AssistanceProto.AssistancePriority p) {
        return switch (p) {
            case PRIORITY_IMMEDIATE -> AssistancePriority.IMMEDIATE;
            case PRIORITY_URGENT -> AssistancePriority.URGENT;
            case PRIORITY_ROUTINE -> AssistancePriority.ROUTINE;
            default -> null;
        };
    }

    public static RequesterState requesterState(AssistanceProto.RequesterState s) {
        return switch (s) {
            case REQUEST_SENT -> RequesterState.SENT;
            case REQUEST_WITHDRAWN -> RequesterState.WITHDRAWN;
            default -> null;
        };
    }

    /** The addressee's state a partner sent, or null (PENDING is never sent). */
    public static ResponderState responderState(AssistanceProto.ResponderState s) {
        return switch (s) {
            case RESPONSE_ACCEPTED -> ResponderState.ACCEPTED;
            case RESPONSE_DECLINED -> ResponderState.DECLINED;
            case RESPONSE_ANSWERED -> ResponderState.ANSWERED;
            default -> null;
        };
    }

    static AssistanceProto.ResponderState responderState(ResponderState s) {
        return switch (s) {
            case ACCEPTED -> AssistanceProto.ResponderState.RESPONSE_ACCEPTED;
            case DECLINED -> AssistanceProto.ResponderState.RESPONSE_DECLINED;
            case ANSWERED -> AssistanceProto.ResponderState.RESPONSE_ANSWERED;
            case PENDING -> throw new IllegalArgumentException("nothing to send before the addressee acts");
        };
    }

    /** A partner's time as the database keeps it (microseconds, as {@code CaseTimes}). */
    public static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant time(boolean present, Timestamp t) {
        return present ? ProtoTime.instant(t) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void set(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
